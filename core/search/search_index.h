// search_index: the offline full-text search index. Pages go in as plain text
// per section; out comes `search-index.js`, a plain script that
// themes/default/assets/search.js reads from file:// (no fetch, no modules).
// docs/search.md describes the format, the ranking and the compound rule.
//
// The work is split by job: search_words.h (folding, words, stop words,
// stemming, compounds), this file (pages into word ids and snippets) and
// search_script.h (the scripts written out). This header includes the other
// two, so its users see all of the search index's API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "search/search_script.h"
#include "search/search_words.h"
#include "search/word_table.h"

namespace ww {

struct SearchSection {
  std::string heading;  // "" for the text above the first heading
  std::string anchor;   // "" = top of page
  std::string text;     // plain text, no markup
};

struct SearchDoc {
  std::string url;  // relative to the site root, e.g. "rol/functieomschrijving.html"
  std::string title;
  std::string summary;
  std::vector<SearchSection> sections;
};

// A page made ready for the index: its words tokenised, folded, filtered and
// deduplicated per field, and its snippets cut. Made by SearchIndex::Prepare,
// which is thread-safe, so the build does this work in its parallel workers
// and only the cheap merge (SearchIndex::Add) runs on one thread. Each word
// is kept once per page (`words`); the fields hold their numbers, so the
// merge looks up a page's words once, not once per section.
struct PreparedSearchDoc {
  struct Section {
    std::string heading, anchor, snippet;
    std::vector<uint32_t> heading_words, body_words;  // into `words`, each once (in text order)
  };
  std::string url, title;
  std::vector<std::string> words;     // folded, indexed (no stop words), each once
  std::vector<uint32_t> title_words;  // into `words`
  std::vector<Section> sections;      // at least one
  size_t text_bytes = 0;
};

// Collects pages and writes them out as one script. Add() keeps only what the
// index needs (word ids per field, a bounded snippet per section), so memory
// grows with the vocabulary and the section count, not with the text.
// The output does not depend on the order of Add() calls.
class SearchIndex {
 public:
  static constexpr size_t kSnippetBytes = 1000;  // of text per section, cut at a word
  static constexpr size_t kMinCompoundPart = 4;
  static constexpr size_t kMaxWordBytes = 40;  // longer tokens are not indexed

  SearchIndex();
  ~SearchIndex();
  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;

  // Thread-safe (uses no index state).
  static PreparedSearchDoc Prepare(SearchDoc doc);
  // Whether a word may be a part of a compound: kMinCompoundPart bytes or
  // more, no digits.
  static bool IsCompoundPart(std::string_view word);
  // REQUIRES: not called concurrently (the caller serialises calls).
  void Add(PreparedSearchDoc&& doc);  // takes its texts
  void Add(const PreparedSearchDoc& doc) { Add(PreparedSearchDoc(doc)); }
  void Add(SearchDoc doc) { Add(Prepare(std::move(doc))); }
  // Puts `doc` in place of the page with its URL (adds it when there is
  // none), as if the index had been made anew: serve keeps the index of the
  // last build and replaces the pages it renders again.
  void Replace(PreparedSearchDoc&& doc);
  // Forgets the words no page has any more (Replace can leave some), so that
  // ToFiles writes what an index made anew would. Linear in the index.
  void DropUnusedWords();
  // ToFiles for an index that is kept and changed by Replace (serve): the
  // next call makes again only what the replaced pages touch
  // (SearchFilesMemo), and writes the same files.
  std::vector<SearchFile> WriteFiles(const SearchWriteOptions& options, SearchFilesInfo* info = nullptr);
  // The index as its files (search_script.h): search-index.js, the term
  // buckets and the doc chunks. docs/search.md describes them.
  std::vector<SearchFile> ToFiles(const SearchWriteOptions& options = {}, SearchFilesInfo* info = nullptr) const;
  // Every file of ToFiles in one script, in that order (the tests' fixture;
  // search.js reads it as it reads the files one by one).
  std::string ToScript(const SearchWriteOptions& options = {}) const;
  // Bytes of text added (titles, summaries, headings, section text).
  size_t TextBytes() const;
  // The distinct words added so far (folded, indexed ones only).
  const std::vector<std::string>& Words() const;

 private:
  std::vector<uint32_t> WordIds(const std::vector<std::string>& words);
  // The page, and in *word_ids the ids of its words (each once).
  IndexedPage MakePage(PreparedSearchDoc&& doc, std::vector<uint32_t>* word_ids);
  // The ids of the page's words, each once.
  std::vector<uint32_t> WordsOf(const IndexedPage& page) const;
  // Counts words, each of one page and once, in refs_ (+1 or -1 each).
  void CountWords(const std::vector<uint32_t>& word_ids, int delta);

  std::vector<IndexedPage> pages_;
  std::vector<size_t> page_text_bytes_;                   // by page
  std::unordered_map<std::string, uint32_t> page_of_url_;  // for Replace
  std::vector<uint32_t> refs_;                            // by word id: pages that have it
  size_t unused_words_ = 0;                               // ids below counted_words_ whose refs_ are 0
  size_t counted_words_ = 0;                              // ids CountWords has seen
  // For WriteFiles: what it made last, and what changed since.
  SearchFilesMemo memo_;
  SearchChanges changes_;
  std::unordered_set<uint32_t> replaced_pages_;  // in changes_.replaced
  // Word ids by open addressing (word_table.h): Add runs on one thread for
  // every page's words, where std::unordered_map's hashing and nodes were 3 %
  // of a 10k-page build.
  WordTable word_ids_;
  std::deque<std::string> word_store_;  // what word_ids_'s views point into (a deque: they stay valid)
  std::vector<std::string> words_;      // by id
  size_t text_bytes_ = 0;
};

}  // namespace ww
