// search_shards: the site's search index in shards of at most `shard_pages`
// pages each, in URL order (search-index-0.js, search-index-1.js, ...; the
// manifest search-index.js says how many), which search.js searches as one.
// An incremental build (serve) writes again only the shards that hold a page
// it rendered, unless the site's dictionary of compound parts changed.
//
// The split depends only on the set of pages, which an incremental build
// does not change, so it is planned before any page is rendered. Uses only
// SearchIndex's public API (search_index.h).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "search/search_index.h"
#include "site/config.h"
#include "site/content_tree.h"

namespace ww {

// What a good build's shards were: the next build compares with it to find
// the shards it need not write again. Kept by the build cache (incremental.h).
struct SearchShardMemory {
  std::vector<size_t> bytes;                         // size of each search-index-N.js written
  std::vector<std::vector<std::string>> words;       // the words of each shard, sorted
  std::unordered_map<std::string, int> word_shards;  // word → how many shards hold it (> 0)
};

class SearchShards {
 public:
  static constexpr size_t kShardPages = 500;  // unless site.toml sets [search] shard_pages
  // Calls back for a page's search text (by index in the tree) when a shard
  // is filled. REQUIRES: thread-safe (shards are filled in parallel).
  using DocOf = std::function<const PreparedSearchDoc&(int page)>;
  // Writes one file of the output folder. REQUIRES: thread-safe.
  using WriteFn = std::function<void(const std::string& rel, const std::string& text)>;

  // Plans the shards of `tree`: its pages without `nosearch`, in URL order;
  // none when [search] is off. With add_at_once (a build that keeps nothing
  // for the next), the pages go into their shard's index as they are rendered
  // (Add), and no page's text is kept beyond that; otherwise the shards are
  // filled from the caller's kept texts (DocOf) when they are written.
  SearchShards(const SiteTree& tree, const SiteConfig& config, bool add_at_once);
  ~SearchShards();
  SearchShards(const SearchShards&) = delete;
  SearchShards& operator=(const SearchShards&) = delete;

  size_t count() const { return index_.size(); }
  // The pages the index holds (by index in the tree), in URL order.
  const std::vector<int>& pages() const { return pages_; }
  bool Holds(int page) const { return shard_of_[page] >= 0; }

  // Adds a rendered page to its shard. REQUIRES: add_at_once and Holds(page).
  // Thread-safe (one lock per shard).
  void Add(int page, PreparedSearchDoc&& doc);

  // After rendering: which shards to write, and the site's words. `last` is
  // the last good build's memory when this build renders only some pages of
  // the same site (serve), else nullptr: then every shard is written.
  // rendered[page] says whether this build rendered the page.
  void Plan(const SearchShardMemory* last, const std::vector<char>& rendered, const DocOf& doc_of, int jobs);
  // Writes the shards Plan chose and, when [search] is on, the manifest.
  // Returns the bytes of the whole index, shards kept from the last build
  // included. REQUIRES: Plan was called.
  size_t Write(const WriteFn& write, const DocOf& doc_of, int jobs);
  // What the next build compares with. REQUIRES: Write was called.
  SearchShardMemory TakeMemory() { return std::move(next_); }

 private:
  void Fill(size_t shard, const DocOf& doc_of);

  bool enabled_;
  size_t shard_pages_;
  std::vector<int> pages_;                           // searchable pages in URL order
  std::vector<int> shard_of_;                        // by page index; -1: not in the index
  std::vector<std::unique_ptr<SearchIndex>> index_;  // by shard; null until filled, reset once written
  std::vector<std::mutex> mu_;                       // by shard, for Add
  std::vector<char> dirty_;                          // by shard: written by this build
  bool dictionary_changed_ = true;
  std::unordered_set<std::string> dictionary_;  // the site's compound parts
  SearchShardMemory next_;
};

}  // namespace ww
