// search_index: the offline full-text search index. Pages go in as plain text
// per section; out comes `search-index.js`, a plain script that
// themes/default/assets/search.js reads from file:// (no fetch, no modules).
// docs/search.md describes the format, the ranking and the compound rule.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

struct sb_stemmer;

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

// Lowercases and strips diacritics: "Één Ëmotie" → "een emotie", "ĳ" → "ij",
// "ß" → "ss". Folds ASCII, Latin-1 and Latin Extended-A and drops combining
// marks (U+0300–U+036F); other characters pass through unchanged. search.js
// folds with the same table: change both together.
std::string FoldCase(std::string_view utf8);

// The folded words of a text, in order. A word is a run of ASCII letters and
// digits and of letters from U+00C0 up (punctuation and symbol blocks
// excepted), so "leerling-gegevens" and "auto's" are two words each.
std::vector<std::string> Tokenize(std::string_view utf8);

// Snowball's Dutch stemmer (libstemmer, the algorithm of Snowball 2.2).
// Expects a folded word. NOT thread-safe: use one per thread.
class DutchStemmer {
 public:
  DutchStemmer();
  ~DutchStemmer();
  DutchStemmer(const DutchStemmer&) = delete;
  DutchStemmer& operator=(const DutchStemmer&) = delete;
  std::string Stem(std::string_view folded_word);

 private:
  sb_stemmer* stemmer_;
};

// The shortest split of `word` into known parts, each at least `min_part`
// bytes, optionally joined by a linking "s", "e" or "en":
// "groepsplannen" → {"groep", "plannen"}. Among splits with equally few parts
// the one with the fewest linking letters wins. Empty when there is no split
// of two or more parts.
std::vector<std::string> SplitCompound(std::string_view word, const std::function<bool(std::string_view)>& known,
                                       size_t min_part = 4);

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
  static constexpr size_t kSnippetBytes = 200;  // per section, cut at a word
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
  // The index as one object, the format of docs/search.md ({"v":2,...}).
  std::string ToJson() const;
  // A whole search-index.js of one index: `window.WEGWIJZER_SEARCH={...};`.
  std::string ToScript() const;
  // Shard `shard` of a site's index (search-index-SHARD.js), see
  // SearchManifestScript.
  std::string ToShardScript(size_t shard) const;
  // Bytes of text added (titles, summaries, headings, section text).
  size_t TextBytes() const;
  // The distinct words added so far (folded, indexed ones only).
  const std::vector<std::string>& Words() const;
  // Where ToJson looks up the parts of compounds: by default the words of
  // this index; a shard gets the words of the whole site (those for which
  // IsCompoundPart holds), which must outlive ToJson.
  void SetDictionary(const std::unordered_set<std::string>* words);

 private:
  struct Section {
    std::string heading, anchor, snippet;
    std::vector<uint32_t> heading_words, body_words;  // word ids, sorted, unique
  };
  struct Page {
    std::string url, title;
    std::vector<uint32_t> title_words;
    std::vector<Section> sections;
  };
  std::vector<uint32_t> WordIds(const std::vector<std::string>& words);

  std::vector<Page> pages_;
  std::unordered_map<std::string, uint32_t> word_ids_;
  std::vector<std::string> words_;  // by id
  const std::unordered_set<std::string>* dictionary_ = nullptr;
  size_t text_bytes_ = 0;
};

// search-index.js of a site whose index is split in `shards` shards
// (search-index-0.js ...): `window.WEGWIJZER_SEARCH={"v":3,"shards":N};`.
// search.js loads the shards and searches them as one.
std::string SearchManifestScript(size_t shards);

// Whether the index leaves out `folded_word` (Dutch function words such as
// "de", "het", "een", and words shorter than two bytes).
bool IsSearchStopWord(std::string_view folded_word);

}  // namespace ww
