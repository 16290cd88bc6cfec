// search_words: how the search index and search.js see words. Text is
// folded (lowercase, no diacritics), cut into words, stemmed with Snowball's
// Dutch stemmer, and long compounds are split into the words they are made
// of. themes/default/assets/search.js does the same to a query, so every rule
// here has a twin there: change both together (tests/browser/search-stemmer
// checks that they agree).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

struct sb_stemmer;

namespace ww {

// Lowercases and strips diacritics: "Één Ëmotie" → "een emotie", "ĳ" → "ij",
// "ß" → "ss". Folds ASCII, Latin-1 and Latin Extended-A (the table of
// fold.h) and drops combining marks (U+0300–U+036F); other characters, and
// bytes that are not UTF-8, pass through unchanged.
std::string FoldCase(std::string_view utf8);
// Appends FoldCase(utf8) to *out: the index folds every section of every
// page into one string that keeps its memory.
void AppendFolded(std::string_view utf8, std::string* out);

// The folded words of a text, in order. A word is a run of ASCII letters and
// digits and of letters from U+00C0 up (punctuation and symbol blocks
// excepted), so "leerling-gegevens" and "auto's" are two words each.
std::vector<std::string> Tokenize(std::string_view utf8);

// Where Tokenize's words lie in text that is folded already: byte offsets
// [start, end), in order. Replaces the contents of *spans.
struct WordSpan {
  size_t start, end;
};
void CutWords(std::string_view folded, std::vector<WordSpan>* spans);

// Whether a code point of folded text belongs to a word (the test Tokenize
// makes; search.js's isWordCode is the same).
bool IsWordCodePoint(char32_t cp);

// Classes of the 128 ASCII bytes, looked up rather than compared: the
// tokenisers test every byte of every page.
inline constexpr uint8_t kFoldedWordByte = 1;   // a-z 0-9: part of a word in folded text
inline constexpr uint8_t kDisplayWordByte = 2;  // also A-Z: part of a word as written
inline constexpr std::array<uint8_t, 128> kAsciiWordClass = [] {
  std::array<uint8_t, 128> c{};
  for (int b = 'a'; b <= 'z'; ++b) c[b] = kFoldedWordByte | kDisplayWordByte;
  for (int b = '0'; b <= '9'; ++b) c[b] = kFoldedWordByte | kDisplayWordByte;
  for (int b = 'A'; b <= 'Z'; ++b) c[b] = kDisplayWordByte;
  return c;
}();

// Whether the index leaves out `folded_word` (Dutch function words such as
// "de", "het", "een", and words shorter than two bytes).
bool IsSearchStopWord(std::string_view folded_word);
// The stop words joined by spaces, sorted: search.js reads this list from the
// index and leaves the same words out of a query.
std::string SearchStopWordList();

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
// the one with the fewest linking letters wins. The last part may end in
// "en", "s" or "e" that its known word lacks ("besprekingen" with only
// "bespreking" known; the ending counts as linking letters). Empty when
// there is no split of two or more parts.
std::vector<std::string> SplitCompound(std::string_view word, const std::function<bool(std::string_view)>& known,
                                       size_t min_part = 4);

}  // namespace ww
