// search_script: writes the search index out as the scripts search.js loads
// from file:// (no fetch, no modules). docs/search.md describes the format;
// this file and themes/default/assets/search.js are its two sides.
//
// The index is split so that a query loads only what it needs: a manifest
// (search-index.js: pages, section counts, the number of term buckets, stop
// words, synonyms), term buckets (search-terms-K.js: the stems and words whose
// first two letters hash to K, with their posting lists over the whole
// site) and doc chunks (search-docs-K.js: titles, headings, section texts and
// anchors of a few pages, loaded only for the pages a result shows).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ww {

// A page as the index keeps it: the texts shown in results, and its words as
// ids into the index's word list.
struct IndexedSection {
  std::string heading, anchor, snippet;
  std::vector<uint32_t> heading_words, body_words;  // word ids, each once (in text order)
};
struct IndexedPage {
  std::string url, title;
  std::vector<uint32_t> title_words;     // word ids, each once (in text order)
  std::vector<IndexedSection> sections;  // at least one
  // ShownHash(*this), set by SearchIndex as it adds the page; 0: not known,
  // SearchIndexFiles hashes the page itself. Whoever changes a page's texts
  // afterwards sets it again (or to 0).
  uint64_t shown_hash = 0;
};

// A hash of what a doc chunk shows of a page: its URL, title, and each
// section's heading, anchor and snippet. A chunk's stamp combines those of
// its pages (so the next build knows the chunk it would write). The index
// takes it as it adds a page, while the page's texts are fresh in the cache:
// hashing them again for every chunk at the end of a build read 10 MB at
// 10,000 pages that had long left it.
uint64_t ShownHash(const IndexedPage& page);

// One file of the index: its name relative to the site root and its text.
struct SearchFile {
  std::string name, text;
};

struct SearchWriteOptions {
  size_t doc_pages = 20;        // pages per doc chunk
  std::string synonyms = "[]";  // a JSON array of arrays of strings (SearchSynonyms)
  // Whether to write doc chunk K (null: all). A chunk left out is not even
  // encoded: serve keeps the last build's file.
  std::function<bool(size_t)> want_docs;
  int jobs = 1;  // threads for the term buckets and doc chunks
  // The last build's file of this name, if it has one (null: none). A doc
  // chunk whose pages are what they were then is taken from it instead of
  // encoded again (DocChunkStamp); a rebuild of a large site spends most of
  // its search time encoding chunks otherwise.
  std::function<bool(const std::string& name, std::string* text)> previous;
  // The output folder keeps the last build's files (serve): a term bucket
  // that SearchFilesMemo shows unchanged is not written again.
  bool unchanged_terms_stay = false;
};

// What SearchIndexFiles wrote, for the build report and the next build.
struct SearchFilesInfo {
  size_t doc_chunks = 0;
  std::vector<size_t> doc_bytes;  // by chunk; 0 for chunks not written
  size_t docs_reused = 0;         // chunks taken from `previous` unchanged
  size_t terms_made = 0;          // term buckets encoded (the others were as last time: SearchFilesMemo)
  size_t terms_kept_bytes = 0;    // bytes of the buckets not written (unchanged_terms_stay)
};

// What SearchIndexFiles worked out from the words and pages (stems, posting
// lists, term buckets), kept by an index that outlives a build (serve), so
// that the next call updates it for the pages replaced since.
class SearchFilesMemo {
 public:
  SearchFilesMemo();
  ~SearchFilesMemo();
  SearchFilesMemo(const SearchFilesMemo&) = delete;
  SearchFilesMemo& operator=(const SearchFilesMemo&) = delete;
  struct Impl;
  std::unique_ptr<Impl> impl;  // null: nothing kept
};

// What changed in the index since its memo was made.
struct SearchChanges {
  // A page was added: the memo is of no use.
  bool rebuild = true;
  // Pages put in place of others (Replace): their index in `pages` and the
  // word lists of the version the memo knows (its word ids).
  std::vector<std::pair<uint32_t, IndexedPage>> replaced;
  // Words dropped since (DropUnusedWords): the memo's word id → today's
  // (UINT32_MAX: dropped). Empty: the ids are the memo's; words added since
  // have the ids after them.
  std::vector<uint32_t> renumbered;
};

// The whole index as its files: search-index.js first, then the term buckets
// and the doc chunks. `words` are the folded words the ids point into;
// `is_part` tells the words that compounds may be split into (SplitCompound);
// `text_bytes` is reported as "tb". The output does not depend on the order
// of `pages`. With a memo and the changes since it was made, only the posting
// lists and term buckets the replaced pages touch are made again, when no
// page came or went, no replaced page has another number of sections, and
// the words that came or went leave the stems of the others as they were
// (else everything is); the files are the same either way.
std::vector<SearchFile> SearchIndexFiles(const std::vector<IndexedPage>& pages, const std::vector<std::string>& words,
                                         const std::function<bool(std::string_view)>& is_part, size_t text_bytes,
                                         const SearchWriteOptions& options, SearchFilesInfo* info = nullptr,
                                         SearchFilesMemo* memo = nullptr, const SearchChanges* changes = nullptr);

// The key a stem is indexed under: the stem, with a final double consonant
// made single ("plann" → "plan", "less" → "les"), so that a plural whose
// stem Snowball leaves doubled meets its singular. search.js's searchKey is
// the same.
std::string SearchKey(std::string stem);

// How many term buckets a site of `pages` pages has (4 to 256).
uint32_t SearchBucketCount(size_t pages);
// The term bucket a folded word or stem belongs to: a hash of its first two
// characters (code points), so that the words with one beginning, and
// prefix search, need one bucket. search.js's bucketOf is the same.
uint32_t SearchBucketOf(std::string_view word, uint32_t buckets);

// Sorted unique ids as search.js's decodeIds reads them (docs/search.md,
// "Numbers"): as deltas, or as a bitmap when that is shorter.
// REQUIRES: `ids` sorted and unique.
std::string EncodeIds(const std::vector<uint32_t>& ids);

}  // namespace ww
