// search_shards: the split of the site's index into shards, and which shards
// a rebuild writes again (only those of rendered pages, unless the site's
// dictionary of compound parts changed).
#include "search/search_shards.h"

#include <doctest/doctest.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

using namespace ww;

namespace {

// Pages with these output paths (by index); "-" at the end: nosearch.
SiteTree Tree(const std::vector<std::string>& out_paths) {
  SiteTree tree;
  for (size_t i = 0; i < out_paths.size(); ++i) {
    Page p;
    p.index = static_cast<int>(i);
    p.out_path = out_paths[i];
    if (p.out_path.back() == '-') {
      p.out_path.pop_back();
      p.meta.Set("nosearch", Value(true));
    }
    tree.pages.push_back(p);
  }
  return tree;
}

SiteConfig Config(int shard_pages, bool search = true) {
  SiteConfig c;
  c.search = search;
  Value s = Value::MakeObject();
  s.Set("shard_pages", Value(shard_pages));
  c.raw.Set("search", s);
  return c;
}

PreparedSearchDoc Doc(const std::string& url, const std::string& text) {
  return SearchIndex::Prepare(SearchDoc{url, "Titel", "", {{"", "", text}}});
}

// Files written, by name.
struct Written {
  std::mutex mu;
  std::map<std::string, std::string> files;
  SearchShards::WriteFn Fn() {
    return [this](const std::string& rel, const std::string& text) {
      std::lock_guard<std::mutex> lock(mu);
      files[rel] = text;
    };
  }
};

// One build of `tree` with page texts `docs` (kept, as serve does), given the
// last build's memory; returns the memory for the next.
SearchShardMemory BuildShards(const SiteTree& tree, const SiteConfig& config,
                              const std::vector<PreparedSearchDoc>& docs, const SearchShardMemory* last,
                              const std::vector<char>& rendered, Written* out, size_t* bytes = nullptr) {
  SearchShards shards(tree, config, /*add_at_once=*/false);
  auto doc_of = [&](int page) -> const PreparedSearchDoc& { return docs[page]; };
  shards.Plan(last, rendered, doc_of, 2);
  size_t total = shards.Write(out->Fn(), doc_of, 2);
  if (bytes) *bytes = total;
  return shards.TakeMemory();
}

}  // namespace

TEST_CASE("shards hold the searchable pages in URL order, [search] shard_pages at a time") {
  SiteTree tree = Tree({"c.html", "a.html", "b.html", "d.html-"});
  SearchShards shards(tree, Config(2), false);
  CHECK(shards.pages() == std::vector<int>{1, 2, 0});
  CHECK(shards.count() == 2);
  CHECK(shards.Holds(0));
  CHECK_FALSE(shards.Holds(3));  // nosearch

  SearchShards off(tree, Config(2, /*search=*/false), false);
  CHECK(off.count() == 0);
  CHECK_FALSE(off.Holds(1));
  Written w;
  off.Plan(nullptr, std::vector<char>(4, 1), nullptr, 1);
  CHECK(off.Write(w.Fn(), nullptr, 1) == 0);
  CHECK(w.files.empty());  // no manifest either
}

TEST_CASE("without a last build every shard and the manifest are written, the same whether pages are added or kept") {
  SiteTree tree = Tree({"a.html", "b.html", "c.html"});
  std::vector<PreparedSearchDoc> docs = {Doc("a.html", "appel peer"), Doc("b.html", "banaan kers"),
                                         Doc("c.html", "fietsenmaker appel")};
  std::vector<char> all(3, 1);
  Written kept;
  size_t kept_bytes = 0;
  BuildShards(tree, Config(2), docs, nullptr, all, &kept, &kept_bytes);

  Written added;
  SearchShards shards(tree, Config(2), /*add_at_once=*/true);
  for (int i = 0; i < 3; ++i) shards.Add(i, PreparedSearchDoc(docs[i]));
  shards.Plan(nullptr, all, nullptr, 1);
  size_t added_bytes = shards.Write(added.Fn(), nullptr, 1);

  CHECK(kept.files.size() == 3);
  CHECK(kept.files["search-index.js"] == SearchManifestScript(2));
  CHECK(kept.files.count("search-index-0.js") == 1);
  CHECK(kept.files.count("search-index-1.js") == 1);
  CHECK(added.files == kept.files);
  size_t sum = 0;
  for (const auto& [name, text] : kept.files) sum += text.size();
  CHECK(kept_bytes == sum);
  CHECK(added_bytes == sum);
}

TEST_CASE("a rebuild writes only the shards of rendered pages, unless a compound part comes or goes") {
  SiteTree tree = Tree({"a.html", "b.html", "c.html"});
  std::vector<PreparedSearchDoc> docs = {Doc("a.html", "appel peer"), Doc("b.html", "banaan kers"),
                                         Doc("c.html", "fietsenmaker appel")};
  Written first;
  SearchShardMemory memory = BuildShards(tree, Config(2), docs, nullptr, std::vector<char>(3, 1), &first);
  std::vector<char> only_c = {0, 0, 1};

  SUBCASE("the same words: its shard and the manifest") {
    docs[2] = Doc("c.html", "appel fietsenmaker");
    Written w;
    size_t bytes = 0;
    SearchShardMemory next = BuildShards(tree, Config(2), docs, &memory, only_c, &w, &bytes);
    CHECK(w.files.size() == 2);
    CHECK(w.files.count("search-index-1.js") == 1);
    CHECK(bytes == w.files["search-index.js"].size() + first.files["search-index-0.js"].size() +
                       w.files["search-index-1.js"].size());
    CHECK(next.bytes[0] == memory.bytes[0]);
  }
  SUBCASE("a new word too short to be a compound part: still its shard only") {
    docs[2] = Doc("c.html", "fietsenmaker appel ijs");
    Written w;
    BuildShards(tree, Config(2), docs, &memory, only_c, &w);
    CHECK(w.files.size() == 2);
    CHECK(w.files.count("search-index-1.js") == 1);
  }
  SUBCASE("a new compound part: every shard (their compounds may split anew)") {
    docs[2] = Doc("c.html", "fietsenmaker appel schoenmaker");
    Written w;
    SearchShardMemory next = BuildShards(tree, Config(2), docs, &memory, only_c, &w);
    CHECK(w.files.size() == 3);
    CHECK(next.word_shards.at("schoenmaker") == 1);
    CHECK(next.word_shards.at("appel") == 2);
  }
  SUBCASE("a compound part gone: every shard") {
    docs[2] = Doc("c.html", "appel");
    Written w;
    SearchShardMemory next = BuildShards(tree, Config(2), docs, &memory, only_c, &w);
    CHECK(w.files.size() == 3);
    CHECK(next.word_shards.count("fietsenmaker") == 0);
  }
  SUBCASE("a memory of another number of shards: every shard") {
    Written w;
    BuildShards(tree, Config(1), docs, &memory, only_c, &w);
    CHECK(w.files.size() == 4);
  }
}
