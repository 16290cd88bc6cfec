#include "search/search_shards.h"

#include <algorithm>
#include <iterator>

#include "parallel.h"

namespace ww {

SearchShards::SearchShards(const SiteTree& tree, const SiteConfig& config, bool add_at_once)
    : enabled_(config.search), shard_pages_(kShardPages), shard_of_(tree.pages.size(), -1) {
  if (enabled_)
    for (const Page& p : tree.pages)
      if (!p.meta.GetBool("nosearch")) pages_.push_back(p.index);
  // URL order keeps a section's pages together in few shards. Output paths
  // are unique, so the order is the same on every build.
  std::sort(pages_.begin(), pages_.end(),
            [&](int a, int b) { return tree.pages[a].out_path < tree.pages[b].out_path; });
  if (const Value* v = config.raw.Find("search.shard_pages"); v && v->is_int() && v->as_int() > 0)
    shard_pages_ = static_cast<size_t>(v->as_int());
  size_t count = (pages_.size() + shard_pages_ - 1) / shard_pages_;
  for (size_t i = 0; i < pages_.size(); ++i) shard_of_[pages_[i]] = static_cast<int>(i / shard_pages_);
  index_.resize(count);
  mu_ = std::vector<std::mutex>(count);
  dirty_.assign(count, 1);
  if (add_at_once)
    for (auto& ix : index_) ix = std::make_unique<SearchIndex>();
}

SearchShards::~SearchShards() = default;

void SearchShards::Add(int page, PreparedSearchDoc&& doc) {
  int k = shard_of_[page];
  std::lock_guard<std::mutex> lock(mu_[k]);
  index_[k]->Add(std::move(doc));
}

void SearchShards::Fill(size_t k, const DocOf& doc_of) {
  index_[k] = std::make_unique<SearchIndex>();
  size_t from = k * shard_pages_, to = std::min(pages_.size(), from + shard_pages_);
  for (size_t i = from; i < to; ++i) index_[k]->Add(doc_of(pages_[i]));
}

void SearchShards::Plan(const SearchShardMemory* last, const std::vector<char>& rendered, const DocOf& doc_of,
                        int jobs) {
  size_t count = index_.size();
  // The split follows from site.toml and the set of pages, both part of the
  // skeleton, so a reusing build has the last one; the sizes are checked so a
  // memory of another split never leaves a shard unwritten.
  bool same = last && last->bytes.size() == count && last->words.size() == count;
  next_.bytes = same ? last->bytes : std::vector<size_t>(count, 0);
  ParallelFor(count, jobs, [&](int, size_t k) {
    if (same) {
      size_t from = k * shard_pages_, to = std::min(pages_.size(), from + shard_pages_);
      bool changed = false;
      for (size_t i = from; i < to && !changed; ++i) changed = rendered[pages_[i]];
      dirty_[k] = changed;
    }
    if (dirty_[k] && !index_[k]) Fill(k, doc_of);
  });
  // A compound is split into parts that are words anywhere on the site, so
  // the dictionary is the site's: kept as "in how many shards is this word",
  // and when a compound part comes or goes, every shard is written again (its
  // compounds may split anew). The counts are a copy: a failed build leaves
  // the memory as it was.
  next_.words = same ? last->words : std::vector<std::vector<std::string>>(count);
  next_.word_shards = same ? last->word_shards : std::unordered_map<std::string, int>{};
  dictionary_changed_ = !same;
  for (size_t k = 0; k < count; ++k) {
    if (!dirty_[k]) continue;
    std::vector<std::string> words = index_[k]->Words();
    std::sort(words.begin(), words.end());
    // Only the difference to the shard's last words counts (sorted lists).
    std::vector<std::string>& before = next_.words[k];
    std::vector<std::string> gone, come;
    std::set_difference(before.begin(), before.end(), words.begin(), words.end(), std::back_inserter(gone));
    std::set_difference(words.begin(), words.end(), before.begin(), before.end(), std::back_inserter(come));
    for (const std::string& w : gone)
      if (--next_.word_shards[w] == 0 && SearchIndex::IsCompoundPart(w)) dictionary_changed_ = true;
    for (const std::string& w : come)
      if (++next_.word_shards[w] == 1 && SearchIndex::IsCompoundPart(w)) dictionary_changed_ = true;
    before = std::move(words);
  }
  dictionary_.clear();
  for (auto it = next_.word_shards.begin(); it != next_.word_shards.end();) {
    if (it->second <= 0) {
      it = next_.word_shards.erase(it);
      continue;
    }
    if (SearchIndex::IsCompoundPart(it->first)) dictionary_.insert(it->first);
    ++it;
  }
}

size_t SearchShards::Write(const WriteFn& write, const DocOf& doc_of, int jobs) {
  ParallelFor(index_.size(), jobs, [&](int, size_t k) {
    if (!dirty_[k] && !dictionary_changed_) return;  // its file from the last build stays
    if (!index_[k]) Fill(k, doc_of);
    // The site's words, not the shard's: a compound splits the same way in
    // every shard, as it would in one index of the whole site.
    index_[k]->SetDictionary(&dictionary_);
    std::string script = index_[k]->ToShardScript(k);
    next_.bytes[k] = script.size();
    write("search-index-" + std::to_string(k) + ".js", script);
    index_[k].reset();  // a shard's index is large: free it once written
  });
  size_t total = 0;
  if (enabled_) {
    std::string manifest = SearchManifestScript(index_.size());
    write("search-index.js", manifest);
    total = manifest.size();
  }
  for (size_t b : next_.bytes) total += b;
  return total;
}

}  // namespace ww
