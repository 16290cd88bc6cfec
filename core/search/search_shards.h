// search_shards: the site's search index as the files the build writes
// (search_script.h: a manifest, term buckets chosen by a query's words, and
// doc chunks of kDocPages pages), and which of them a rebuild writes again.
//
// Posting lists span the whole site, so every build writes the manifest and
// the term buckets; an incremental build (serve) writes again only the doc
// chunks that hold a page it rendered. The chunks depend only on the set of
// pages, which an incremental build does not change, so they are planned
// before any page is rendered. Uses only SearchIndex's public API
// (search_index.h).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "search/search_index.h"
#include "site/config.h"
#include "site/content_tree.h"

namespace ww {

// What a good build's index files were: the next build compares with it to
// find the doc chunks it need not write again. Kept by the build cache
// (incremental.h).
struct SearchShardMemory {
  size_t pages = 0;               // searchable pages
  size_t doc_pages = 0;           // pages per doc chunk
  std::vector<size_t> doc_bytes;  // size of each search-docs-K.js written
  // The whole index as written, so that a build which renders a few pages
  // replaces those instead of adding every page again (a copy of all the
  // site's snippets: most of a one-page rebuild in serve at 10k pages).
  // Plan takes it out: a build that fails leaves none, and the next one
  // makes the index anew.
  std::unique_ptr<SearchIndex> index;
};

class SearchShards {
 public:
  static constexpr size_t kDocPages = 20;  // unless site.toml sets [search] doc_pages
  // Calls back for a page's search text (by index in the tree) when the
  // index is filled. REQUIRES: thread-safe.
  using DocOf = std::function<const PreparedSearchDoc&(int page)>;
  // Writes one file of the output folder. REQUIRES: thread-safe.
  using WriteFn = std::function<void(const std::string& rel, const std::string& text)>;
  // The last good site's file `rel`, if it has one (OutputDir::ReadPrevious).
  using ReadFn = std::function<bool(const std::string& rel, std::string* text)>;

  // Plans the index of `tree`: its pages without `nosearch`, in URL order;
  // none when [search] is off. With add_at_once (a build that keeps nothing
  // for the next), the pages go into the index as they are rendered (Add),
  // and no page's text is kept beyond that; otherwise the index is filled
  // from the caller's kept texts (DocOf) when it is written. Reads the
  // site's synonyms from the data file [search] synonyms names (default
  // "zoekwoorden"); what it cannot use is a warning in `diags` (if given).
  SearchShards(const SiteTree& tree, const SiteConfig& config, bool add_at_once, Diagnostics* diags = nullptr);
  ~SearchShards();
  SearchShards(const SearchShards&) = delete;
  SearchShards& operator=(const SearchShards&) = delete;

  // The number of doc chunks.
  size_t count() const { return enabled_ ? (pages_.size() + doc_pages_ - 1) / doc_pages_ : 0; }
  // The pages the index holds (by index in the tree), in URL order.
  const std::vector<int>& pages() const { return pages_; }
  bool Holds(int page) const { return shard_of_[page] >= 0; }

  // Adds a rendered page to the index. REQUIRES: add_at_once and
  // Holds(page). Thread-safe.
  void Add(int page, PreparedSearchDoc&& doc);

  // After rendering: which doc chunks to write. `last` is the last good
  // build's memory when this build renders only some pages of the same site
  // (serve), else nullptr: then every chunk is written. rendered[page] says
  // whether this build rendered the page.
  void Plan(SearchShardMemory* last, const std::vector<char>& rendered, const DocOf& doc_of, int jobs);
  // Writes the manifest, the term buckets and the chunks Plan chose. Returns
  // the bytes of the whole index, chunks kept from the last build included;
  // 0 when [search] is off. A chunk whose pages did not change since the
  // last good site is copied from it (`previous`, may be null) rather than
  // encoded again. REQUIRES: Plan was called.
  size_t Write(const WriteFn& write, const DocOf& doc_of, int jobs, const ReadFn& previous = nullptr);
  // Doc chunks Write took from the last good site (`previous`).
  size_t docs_reused() const { return docs_reused_; }
  // Term buckets Write encoded (a rebuild in serve encodes those its pages touch).
  size_t terms_made() const { return terms_made_; }
  // What the next build compares with, and the index when keep is set
  // (serve). REQUIRES: Write was called.
  SearchShardMemory TakeMemory() { return std::move(next_); }

 private:
  bool enabled_;
  bool keep_ = false;  // serve: the index outlives the build (SearchShardMemory::index)
  bool took_last_index_ = false;  // index_ is the last build's (Plan)
  size_t doc_pages_;
  std::vector<int> pages_;     // searchable pages in URL order
  std::vector<int> shard_of_;  // by page index: its doc chunk; -1: not in the index
  std::unique_ptr<SearchIndex> index_;
  std::mutex mu_;            // for Add
  std::vector<char> dirty_;  // by doc chunk: written by this build
  std::vector<int> changed_;  // pages this build rendered, when index_ is the last build's
  std::string synonyms_;     // JSON, for the manifest
  SearchShardMemory last_, next_;
  size_t docs_reused_ = 0, terms_made_ = 0;
};

// The synonym groups of a site's data file (docs/search.md): `data` is the
// parsed file, {"synonyms": [{"words": ["IB'er", "intern begeleider"]}, ...]},
// as JSON for the manifest ([["IB'er","intern begeleider"],...]). What is
// not a group of two or more strings is left out, with a warning naming
// `source`.
std::string SearchSynonyms(const Value& data, const std::string& source, Diagnostics* diags);

}  // namespace ww
