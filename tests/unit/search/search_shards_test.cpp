// search_shards: the split of the site's index into shards, and which shards
// a rebuild writes again (only those of rendered pages, unless the site's
// dictionary of compound parts changed).
#include "search/search_shards.h"

#include <doctest/doctest.h>

#include <map>
#include <mutex>
#include <random>
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
  s.Set("doc_pages", Value(shard_pages));
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
                              const std::vector<PreparedSearchDoc>& docs, SearchShardMemory* last,
                              const std::vector<char>& rendered, Written* out, size_t* bytes = nullptr,
                              size_t* terms_made = nullptr) {
  SearchShards shards(tree, config, /*add_at_once=*/false);
  auto doc_of = [&](int page) -> const PreparedSearchDoc& { return docs[page]; };
  shards.Plan(last, rendered, doc_of, 2);
  size_t total = shards.Write(out->Fn(), doc_of, 2);
  if (bytes) *bytes = total;
  if (terms_made) *terms_made = shards.terms_made();
  return shards.TakeMemory();
}

// A page of several sections: "kop|tekst" per section.
PreparedSearchDoc Sections(const std::string& url, const std::vector<std::pair<std::string, std::string>>& parts) {
  SearchDoc doc{url, "Titel", "", {}};
  for (const auto& [heading, text] : parts) doc.sections.push_back({heading, "", text});
  return SearchIndex::Prepare(std::move(doc));
}

}  // namespace

TEST_CASE("doc chunks hold the searchable pages in URL order, [search] doc_pages at a time") {
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

size_t Bucket(Written& w) {
  size_t n = 0;
  for (const auto& [name, text] : w.files) n += name.starts_with("search-terms-");
  return n;
}

TEST_CASE("without a last build every file is written, the same whether pages are added or kept") {
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

  CHECK(kept.files.count("search-index.js") == 1);
  CHECK(kept.files.count("search-docs-0.js") == 1);
  CHECK(kept.files.count("search-docs-1.js") == 1);
  CHECK(Bucket(kept) == 4);  // SearchBucketCount(3)
  CHECK(kept.files.size() == 3 + Bucket(kept));
  CHECK(added.files == kept.files);
  size_t sum = 0;
  for (const auto& [name, text] : kept.files) sum += text.size();
  CHECK(kept_bytes == sum);
  CHECK(added_bytes == sum);
}

TEST_CASE("a rebuild writes the manifest and term buckets, and only the doc chunks of rendered pages") {
  SiteTree tree = Tree({"a.html", "b.html", "c.html"});
  std::vector<PreparedSearchDoc> docs = {Doc("a.html", "appel peer"), Doc("b.html", "banaan kers"),
                                         Doc("c.html", "fietsenmaker appel")};
  Written first;
  SearchShardMemory memory = BuildShards(tree, Config(2), docs, nullptr, std::vector<char>(3, 1), &first);
  std::vector<char> only_c = {0, 0, 1};

  SUBCASE("its chunk, the manifest and the buckets") {
    docs[2] = Doc("c.html", "appel fietsenmaker schoenmaker");
    Written w;
    size_t bytes = 0;
    SearchShardMemory next = BuildShards(tree, Config(2), docs, &memory, only_c, &w, &bytes);
    CHECK(w.files.count("search-docs-0.js") == 0);
    CHECK(w.files.count("search-docs-1.js") == 1);
    CHECK(w.files.size() == 2 + Bucket(w));
    // The size of the whole index: the files written over the last ones.
    std::map<std::string, std::string> folder = first.files;
    for (const auto& [name, text] : w.files) folder[name] = text;
    size_t sum = 0;
    for (const auto& [name, text] : folder) sum += text.size();
    CHECK(bytes == sum);
    CHECK(next.doc_bytes[0] == memory.doc_bytes[0]);
  }
  SUBCASE("a memory of another split: every chunk") {
    Written w;
    BuildShards(tree, Config(1), docs, &memory, only_c, &w);
    CHECK(w.files.count("search-docs-2.js") == 1);
    CHECK(w.files.count("search-docs-0.js") == 1);
  }
}

TEST_CASE("a rebuild replaces the pages it rendered in the last build's index and writes what a build anew writes") {
  SiteTree tree = Tree({"a.html", "b.html", "c.html", "d.html", "e.html"});
  std::vector<PreparedSearchDoc> docs = {Doc("a.html", "appel peer"), Doc("b.html", "banaan kers"),
                                         Doc("c.html", "fietsenmaker appel"), Doc("d.html", "schoenen maken"),
                                         Doc("e.html", "leerlingbespreking")};
  Written first;
  SearchShardMemory memory = BuildShards(tree, Config(2), docs, nullptr, std::vector<char>(5, 1), &first);
  REQUIRE(memory.index);  // kept for the next build (serve)
  std::map<std::string, std::string> folder = first.files;
  struct Edit {
    int page;
    std::string text;
    size_t buckets;  // term buckets it should make again
  };
  // New words, a word only one page had going away (it must leave the
  // buckets), a new compound part ("fiets") that splits another page's word,
  // and a page that loses all its words.
  // Only the term buckets of the words that came or went are made again
  // (the posting lists are updated in place; a word the page keeps touches
  // nothing), new words and dropped ones included, as long as the words of
  // the other pages keep their stems; an edit that changes the number of
  // sections makes them all again.
  const size_t all = 4;  // SearchBucketCount(5)
  std::vector<Edit> edits = {{2, "fietsenmaker appel zomerkamp", 1}, {2, "fietsenmaker", 2},
                             {3, "fiets schoenmaker", 2}, {4, "leerlingenbesprekingen en toetsen", 2},
                             {0, "", 2}, {0, "appel peer", 2},
                             // known words only
                             {1, "banaan kers appel", 1}, {1, "banaan kers", 1}, {1, "kers peer banaan", 1},
                             {4, "|toetsen", 1},
                             {4, "leerlingenbesprekingen|toetsen", 1},  // a word back
                             {4, "toetsen|leerlingenbesprekingen", 2},  // the same words, other places
                             {4, "toetsen", 2},
                             {4, "kop|toetsen|meer", all},  // a section more ("heading|text|...")
                             {4, "toetsen", all}};          // a section less
  for (const Edit& e : edits) {
    CAPTURE(e.text);
    if (e.text.find('|') != std::string::npos) {
      std::vector<std::pair<std::string, std::string>> parts;
      std::string rest = e.text;
      for (size_t bar; (bar = rest.find('|')) != std::string::npos; rest = rest.substr(bar + 1))
        parts.emplace_back(rest.substr(0, bar), "");
      parts.back().second = rest;
      docs[e.page] = Sections(tree.pages[e.page].out_path, parts);
    } else {
      docs[e.page] = Doc(tree.pages[e.page].out_path, e.text);
    }
    std::vector<char> rendered(5, 0);
    rendered[e.page] = 1;
    Written again;
    size_t terms_made = 0, bytes = 0;
    SearchShardMemory next = BuildShards(tree, Config(2), docs, &memory, rendered, &again, &bytes, &terms_made);
    CHECK(terms_made == e.buckets);
    CHECK_FALSE(memory.index);  // taken by the build
    REQUIRE(next.index);
    // What serve's output folder holds after the rebuild: the last files
    // with the written ones put over them.
    for (const auto& [name, text] : again.files) folder[name] = text;
    CHECK(again.files.count("search-index.js") == 1);
    Written anew;
    size_t anew_bytes = 0;
    BuildShards(tree, Config(2), docs, nullptr, std::vector<char>(5, 1), &anew, &anew_bytes);
    CHECK(folder == anew.files);
    CHECK(bytes == anew_bytes);
    memory = std::move(next);
  }
}

TEST_CASE("a new word that splits a word of a page not rendered again makes every term bucket again") {
  // "toetsgegevens" is split into "toets" and "gegevens" once the site has
  // both: its stems change, and with them the lists of page a, which the
  // rebuild does not render.
  SiteTree tree = Tree({"a.html", "b.html", "c.html", "d.html", "e.html"});
  std::vector<PreparedSearchDoc> docs = {Doc("a.html", "toetsgegevens"), Doc("b.html", "gegevens"),
                                         Doc("c.html", "appel"), Doc("d.html", "peer"), Doc("e.html", "kers")};
  Written first;
  SearchShardMemory memory = BuildShards(tree, Config(2), docs, nullptr, std::vector<char>(5, 1), &first);
  docs[2] = Doc("c.html", "toets appel");
  Written again, anew;
  size_t terms_made = 0;
  BuildShards(tree, Config(2), docs, &memory, {0, 0, 1, 0, 0}, &again, nullptr, &terms_made);
  CHECK(terms_made == 4);  // all
  BuildShards(tree, Config(2), docs, nullptr, std::vector<char>(5, 1), &anew);
  std::map<std::string, std::string> folder = first.files;
  for (const auto& [name, text] : again.files) folder[name] = text;
  CHECK(folder == anew.files);
  CHECK(anew.files.at("search-terms-" + std::to_string(SearchBucketOf("toetsgegevens", 4)) + ".js")
            .find("toetsgegeven") != std::string::npos);
}

TEST_CASE("after each of many random edits, serve's search files are those of a build made anew") {
  // Words that make compounds of each other, and words never seen before:
  // edits that add and drop words, parts that split other words, and
  // sections that come and go.
  const std::vector<std::string> base = {"toets", "gegevens", "leerling", "bespreking", "school", "plan",
                                         "groep",  "zorg",     "ouder",    "gesprek",    "fiets",  "maker"};
  std::mt19937 rng(21);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  auto word = [&]() -> std::string {
    switch (pick(4)) {
      case 0:
      case 1:
        return base[pick(base.size())];
      case 2:
        return base[pick(base.size())] + (pick(2) ? "s" : "en") + base[pick(base.size())];
      default: {
        std::string w;
        for (size_t i = 0, n = 2 + pick(3); i < n; ++i) w += std::string(1, "bdfgklmnprstvz"[pick(14)]) + "aeiou"[pick(5)];
        return w;
      }
    }
  };
  std::vector<size_t> sections;  // by page
  auto page_text = [&](size_t page, const std::string& url) {
    std::vector<std::pair<std::string, std::string>> parts;
    if (sections.size() <= page) sections.resize(page + 1, 0);
    if (sections[page] == 0 || pick(8) == 0) sections[page] = 1 + pick(3);  // mostly as many as before
    for (size_t s = 0, n = sections[page]; s < n; ++s) {
      std::string text;
      for (size_t k = 0, m = pick(6); k < m; ++k) text += word() + " ";
      parts.emplace_back(s == 0 ? "" : word(), text);
    }
    return Sections(url, parts);
  };
  const int kPages = 400;  // 10 term buckets
  std::vector<std::string> urls;
  for (int i = 0; i < kPages; ++i) urls.push_back("p" + std::to_string(1000 + i) + ".html");
  SiteTree tree = Tree(urls);
  std::vector<PreparedSearchDoc> docs;
  for (size_t p = 0; p < urls.size(); ++p) docs.push_back(page_text(p, urls[p]));
  Written first;
  SearchShardMemory memory = BuildShards(tree, Config(2), docs, nullptr, std::vector<char>(kPages, 1), &first);
  std::map<std::string, std::string> folder = first.files;
  const size_t all = SearchBucketCount(kPages);
  int fewer = 0, every = 0;
  for (int edit = 0; edit < 120; ++edit) {
    std::vector<char> rendered(kPages, 0);
    for (size_t k = 0, n = 1 + pick(2); k < n; ++k) {
      size_t p = pick(kPages);
      rendered[p] = 1;
      docs[p] = page_text(p, urls[p]);
    }
    Written again, anew;
    size_t terms_made = 0;
    SearchShardMemory next = BuildShards(tree, Config(2), docs, &memory, rendered, &again, nullptr, &terms_made);
    (terms_made < all ? fewer : every)++;
    for (const auto& [name, text] : again.files) folder[name] = text;
    BuildShards(tree, Config(2), docs, nullptr, std::vector<char>(kPages, 1), &anew);
    CAPTURE(edit);
    REQUIRE(folder == anew.files);
    memory = std::move(next);
  }
  // Both ways were taken (else this test would prove little).
  MESSAGE("edits that made fewer buckets: " << fewer << ", all: " << every);
  CHECK(fewer > 20);
  CHECK(every > 5);
}

TEST_CASE("the site's synonyms come from its data file, with a warning for what is left out") {
  Diagnostics diags;
  Value data = Value::MakeObject();
  Value groups = Value::MakeArray();
  auto group = [](std::vector<Value> words) {
    Value g = Value::MakeObject();
    Value list = Value::MakeArray();
    for (Value& w : words) list.as_array().push_back(w);
    g.Set("words", list);
    return g;
  };
  groups.as_array().push_back(group({Value(std::string("IB'er")), Value(std::string("intern begeleider"))}));
  groups.as_array().push_back(group({Value(std::string("alleen"))}));
  groups.as_array().push_back(group({Value(std::string("OPP")), Value(int64_t{3}), Value(std::string("plan"))}));
  data.Set("synonyms", groups);
  CHECK(SearchSynonyms(data, "content/zoekwoorden.toml", &diags) ==
        "[[\"IB'er\",\"intern begeleider\"],[\"OPP\",\"plan\"]]");
  CHECK(diags.WarningCount() == 2);
  CHECK(SearchSynonyms(Value::MakeObject(), "x.toml", &diags) == "[]");
  CHECK(diags.WarningCount() == 3);

  SiteTree tree = Tree({"a.html"});
  tree.data = Value::MakeObject();
  tree.data.Set("zoekwoorden", data);
  std::vector<PreparedSearchDoc> docs = {Doc("a.html", "intern begeleider")};
  Written w;
  SearchShards shards(tree, Config(2), false, nullptr);
  auto doc_of = [&](int page) -> const PreparedSearchDoc& { return docs[page]; };
  shards.Plan(nullptr, {1}, doc_of, 1);
  shards.Write(w.Fn(), doc_of, 1);
  CHECK(w.files["search-index.js"].find("\"syn\":[[\"IB'er\",\"intern begeleider\"],[\"OPP\",\"plan\"]]") !=
        std::string::npos);
}
