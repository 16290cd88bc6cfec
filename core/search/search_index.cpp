#include "search/search_index.h"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>
#include <iterator>
#include <numeric>
#include <stdexcept>
#include <unordered_set>

namespace ww {
namespace {

// Folding of U+00C0..U+017F, one entry per code point: a letter is the folded
// form, '*' keeps the character, and a digit stands for two letters
// (1 "ij", 2 "oe", 3 "ae", 4 "th", 5 "ss"). search.js holds the same string.
constexpr std::string_view kFoldTable =
    "aaaaaa3ceeeeiiiidnooooo*ouuuuy45aaaaaa3ceeeeiiiidnooooo*ouuuuy4y"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii11jjkkklllllll"
    "lllnnnnnnnnnoooooo22rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
constexpr std::string_view kFoldPairs[] = {"ij", "oe", "ae", "th", "ss"};

// Decodes one code point at s[*i] and advances *i. Invalid bytes come back as
// themselves (so nothing is lost), one byte at a time.
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  auto b = static_cast<unsigned char>(s[*i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || *i + len > s.size()) {
    ++*i;
    return b;
  }
  uint32_t cp = len == 1 ? b : b & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[*i + k]);
    if ((c & 0xC0) != 0x80) {
      ++*i;
      return b;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  *i += len;
  return cp;
}

void PutCodePoint(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Appends the folded form of one code point; invalid bytes (< 0x100 but not
// decoded) are kept as single bytes.
void FoldCodePoint(std::string* out, uint32_t cp, bool raw_byte) {
  if (raw_byte) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x80) {
    out->push_back(cp >= 'A' && cp <= 'Z' ? static_cast<char>(cp + 32) : static_cast<char>(cp));
  } else if (cp >= 0x300 && cp <= 0x36F) {
    // combining diacritical mark: dropped
  } else if (cp >= 0xC0 && cp <= 0x17F) {
    char f = kFoldTable[cp - 0xC0];
    if (f == '*')
      PutCodePoint(out, cp);
    else if (f >= '1' && f <= '5')
      out->append(kFoldPairs[f - '1']);
    else
      out->push_back(f);
  } else {
    PutCodePoint(out, cp);
  }
}

// Word characters after folding; search.js's isWordCode is the same test.
bool IsWordCodePoint(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (cp >= 0xD800 && cp <= 0xF8FF) return false;  // surrogates, private use
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;  // variation selectors
  if (cp >= 0xFFF0 && cp <= 0xFFFF) return false;
  if (cp >= 0x1F000) return false;  // emoji and beyond
  return true;
}

// Classes of the 128 ASCII bytes, looked up rather than compared: the
// tokenisers test every byte of every page.
constexpr uint8_t kFoldedWordByte = 1;   // a-z 0-9: part of a word in folded text
constexpr uint8_t kDisplayWordByte = 2;  // also A-Z: part of a word as written
constexpr auto kAsciiClass = [] {
  std::array<uint8_t, 128> c{};
  for (int b = 'a'; b <= 'z'; ++b) c[b] = kFoldedWordByte | kDisplayWordByte;
  for (int b = '0'; b <= '9'; ++b) c[b] = kFoldedWordByte | kDisplayWordByte;
  for (int b = 'A'; b <= 'Z'; ++b) c[b] = kDisplayWordByte;
  return c;
}();

// Dutch function words left out of the index (and out of queries by
// search.js, which reads this list from the index). Short on purpose:
// only words that occur on nearly every page.
// Sorted (binary search).
constexpr std::string_view kStopWords[] = {
    "aan", "al",  "als",  "bij",   "dan", "dat", "de",     "der",   "des", "deze", "die", "dit",  "door", "een", "en",
    "er",  "had", "heb",  "heeft", "het", "hij", "hoe",    "ik",    "in",  "is",   "je",  "kan",  "maar", "me",  "men",
    "met", "mij", "naar", "nog",   "of",  "om",  "ons",    "ook",   "op",  "over", "te",  "tot",  "uit",  "van", "voor",
    "was", "wat", "wel",  "werd",  "wie", "wij", "worden", "wordt", "ze",  "zich", "zij", "zijn", "zo",   "zou"};
constexpr size_t kLongestStopWord =
    std::max_element(std::begin(kStopWords), std::end(kStopWords), [](std::string_view a, std::string_view b) {
      return a.size() < b.size();
    })->size();

// Base-64 digits of the posting encoding (docs/search.md, "Numbers"):
// 0..31 end a number, 32..63 carry five more bits of it.
constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void PutVarint(std::string* out, uint32_t v) {
  char buf[8];
  int n = 0;
  buf[n++] = kDigits[v & 31];
  for (v >>= 5; v != 0; v >>= 5) buf[n++] = kDigits[32 + (v & 31)];
  while (n > 0) out->push_back(buf[--n]);
}

// Sorted unique ids as deltas ("first, then gap-1 each") or, when shorter, as
// a bitmap "!" first, then six ids per digit.
std::string EncodeIds(const std::vector<uint32_t>& ids) {
  std::string out;
  if (ids.empty()) return out;
  PutVarint(&out, ids[0]);
  for (size_t i = 1; i < ids.size(); ++i) PutVarint(&out, ids[i] - ids[i - 1] - 1);
  size_t span = ids.back() - ids.front() + 1;
  if (span / 6 + 8 < out.size()) {
    std::string bits = "!";
    PutVarint(&bits, ids[0]);
    std::vector<unsigned char> sextets((span + 5) / 6, 0);
    for (uint32_t id : ids) {
      uint32_t k = id - ids[0];
      sextets[k / 6] |= static_cast<unsigned char>(1u << (k % 6));
    }
    for (unsigned char s : sextets) bits.push_back(kDigits[s]);
    if (bits.size() < out.size()) return bits;
  }
  return out;
}

void PutJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      static const char kHex[] = "0123456789abcdef";
      out->append("\\u00");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xA8) {
      out->append(static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029");
      i += 2;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
  out->push_back('"');
}

void PutJsonArray(std::string* out, const char* key, const std::vector<std::string>& items) {
  out->append(",\n\"").append(key).append("\":[");
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out->push_back(',');
    PutJsonString(out, items[i]);
  }
  out->push_back(']');
}

void PutJsonField(std::string* out, const char* key, std::string_view value) {
  out->append(",\n\"").append(key).append("\":");
  PutJsonString(out, value);
}

// Collapses white space and keeps at most `max` bytes, cut before a word
// that would not fit; "…" marks a cut.
std::string MakeSnippet(std::string_view text, size_t max) {
  std::string flat;
  flat.reserve(std::min(text.size(), max + 64));
  auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; };
  // Run by run: the white space between two runs becomes one space.
  for (size_t i = 0; i < text.size() && flat.size() <= max + 1;) {
    while (i < text.size() && is_space(text[i])) ++i;
    size_t run = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i == run) break;
    if (!flat.empty()) flat.push_back(' ');
    flat.append(text.data() + run, std::min(i - run, max + 2 - std::min(flat.size(), max + 2)));
  }
  if (flat.size() <= max) return flat;
  size_t cut = flat.rfind(' ', max);
  if (cut == std::string::npos || cut < max / 2) {
    cut = max;
    while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) --cut;
  }
  flat.resize(cut);
  while (!flat.empty() && (flat.back() == ' ' || flat.back() == ',' || flat.back() == ';' || flat.back() == ':'))
    flat.pop_back();
  flat.append("\xE2\x80\xA6");  // …
  return flat;
}

// Display text (titles, headings, snippets) is stored as word numbers into
// one list of the words as written, most frequent first: a number in letters
// (26 per digit, 'A'-'Z' carry, 'a'-'z' end it), one space implied between
// two numbers, anything else between words written as it is. Letters never
// occur between words, so nothing needs escaping. search.js's decodeText
// reads it back.
template <typename OnWord, typename OnOther>
void SplitDisplay(std::string_view text, OnWord on_word, OnOther on_other) {
  size_t word_start = std::string::npos, other_start = 0;
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    bool in_word;
    if (auto b = static_cast<unsigned char>(text[i]); b < 0x80) {  // most of a text: no decoding
      ++i;
      in_word = kAsciiClass[b] & kDisplayWordByte;
    } else {
      uint32_t cp = NextCodePoint(text, &i);
      bool raw = i == start + 1;
      in_word = !raw && (cp >= 0x300 && cp <= 0x36F ? word_start != std::string::npos : IsWordCodePoint(cp));
    }
    if (in_word && word_start == std::string::npos) {
      if (start > other_start) on_other(text.substr(other_start, start - other_start));
      word_start = start;
    } else if (!in_word && word_start != std::string::npos) {
      on_word(text.substr(word_start, start - word_start));
      word_start = std::string::npos;
      other_start = start;
    }
  }
  if (word_start != std::string::npos)
    on_word(text.substr(word_start));
  else if (text.size() > other_start)
    on_other(text.substr(other_start));
}

void PutLetterNumber(std::string* out, uint32_t v) {
  char buf[8];
  int n = 0;
  buf[n++] = static_cast<char>('a' + v % 26);
  for (v /= 26; v != 0; v /= 26) buf[n++] = static_cast<char>('A' + v % 26);
  while (n > 0) out->push_back(buf[--n]);
}

// The distinct words of a text, numbered in the order they first come:
// open addressing over views (the text must outlive the table). Search
// looks up every word of every page here, where std::unordered_map's
// string hashing and nodes were a tenth of a build's time.
class WordTable {
 public:
  explicit WordTable(size_t expected = 64) { Clear(expected); }
  // Empties the table, keeping its memory; sized for about `expected` words.
  void Clear(size_t expected) {
    words_.clear();
    size_t want = 64;
    while (want < 2 * expected) want *= 2;
    if (slots_.size() < want)
      slots_.assign(want, 0);
    else
      std::fill(slots_.begin(), slots_.begin() + static_cast<std::ptrdiff_t>(want), 0u);
    mask_ = want - 1;
  }
  // The word's number, adding it when new.
  uint32_t Add(std::string_view w) {
    return Add(w, [](std::string_view v) { return v; });
  }
  // The same, but a new word is kept as keep(w): a view that lives as long
  // as the table (w itself may not).
  template <typename Keep>
  uint32_t Add(std::string_view w, Keep keep) {
    if (2 * (words_.size() + 1) > mask_ + 1) Grow();
    for (size_t i = Hash(w) & mask_;; i = (i + 1) & mask_) {
      if (slots_[i] == 0) {
        words_.push_back(keep(w));
        slots_[i] = static_cast<uint32_t>(words_.size());
        return slots_[i] - 1;
      }
      if (words_[slots_[i] - 1] == w) return slots_[i] - 1;
    }
  }
  const std::vector<std::string_view>& words() const { return words_; }

 private:
  // Eight bytes at a time, each block mixed in by a multiply (the finaliser
  // of splitmix64): a byte-by-byte hash was a third of reading a page's words.
  static uint64_t Hash(std::string_view w) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ w.size();
    auto mix = [&](uint64_t block) {
      h = (h ^ block) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    };
    const char* p = w.data();
    const size_t n = w.size();
    auto load = [](const char* at, auto width) {
      decltype(width) v;
      std::memcpy(&v, at, sizeof v);
      return static_cast<uint64_t>(v);
    };
    size_t i = 0;
    for (; i + 8 <= n; i += 8) mix(load(p + i, uint64_t{}));
    // The last 1-7 bytes by loads that stay inside the word and overlap
    // (the length is in h already): a copy of a variable number of bytes
    // into a block was a quarter of the time spent on a page's words.
    if (size_t rest = n - i; rest >= 4) {
      mix(load(p + i, uint32_t{}) | load(p + n - 4, uint32_t{}) << 32);
    } else if (rest > 0) {
      mix(load(p + i, uint8_t{}) | load(p + i + rest / 2, uint8_t{}) << 8 | load(p + n - 1, uint8_t{}) << 16);
    }
    h *= 0x94D049BB133111EBull;
    return h ^ (h >> 29);
  }
  void Grow() {
    size_t size = 2 * (mask_ + 1);
    slots_.assign(size, 0);
    mask_ = size - 1;
    for (uint32_t k = 0; k < words_.size(); ++k) {
      size_t i = Hash(words_[k]) & mask_;
      while (slots_[i] != 0) i = (i + 1) & mask_;
      slots_[i] = k + 1;
    }
  }
  std::vector<uint32_t> slots_;  // 0 = empty, else a word's number + 1
  std::vector<std::string_view> words_;
  size_t mask_ = 0;
};

class DisplayWords {
 public:
  // Counts the words of `text` and returns its number for Encode. `text`
  // must outlive this object: the words are kept as views into it. The text
  // is split here once; Encode writes out what this recorded.
  uint32_t Count(std::string_view text) {
    texts_.push_back(static_cast<uint32_t>(tokens_.size()));
    SplitDisplay(
        text,
        [&](std::string_view w) {
          uint32_t k = table_.Add(w);
          if (k == counts_.size()) counts_.push_back(0);
          ++counts_[k];
          tokens_.push_back(k);
        },
        [&](std::string_view other) {
          if (other == " ") {
            tokens_.push_back(kSpace);
          } else {
            tokens_.push_back(kOther | static_cast<uint32_t>(others_.size()));
            others_.push_back(other);
          }
        });
    return static_cast<uint32_t>(texts_.size() - 1);
  }
  // Numbers the words, most frequent first; returns them joined by spaces.
  std::string Freeze() {
    const std::vector<std::string_view>& words = table_.words();
    std::vector<uint32_t> order(words.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return counts_[a] != counts_[b] ? counts_[a] > counts_[b] : words[a] < words[b];
    });
    std::string list;
    for (uint32_t i = 0; i < order.size(); ++i) {
      if (i) list.push_back(' ');
      list.append(words[order[i]]);
      counts_[order[i]] = i;
    }
    return list;
  }
  // Text number `text` (from Count) in the display encoding.
  std::string Encode(uint32_t text) const {
    std::string out;
    bool after_word = false, space_pending = false;
    size_t end = text + 1 < texts_.size() ? texts_[text + 1] : tokens_.size();
    for (size_t i = texts_[text]; i < end; ++i) {
      uint32_t t = tokens_[i];
      if (!(t & kOther)) {
        PutLetterNumber(&out, counts_[t]);
        after_word = true;
        space_pending = false;
        continue;
      }
      // A lone space after a word is implied if a word follows (words and
      // other text alternate, so only a word or the end can follow).
      if (after_word && t == kSpace) {
        space_pending = true;
        continue;
      }
      if (space_pending) out.push_back(' ');
      if (t == kSpace)
        out.push_back(' ');
      else
        out.append(others_[t & ~kOther]);
      after_word = false;
      space_pending = false;
    }
    if (space_pending) out.push_back(' ');
    return out;
  }

 private:
  // A token is a word's number, or kOther | the number of a run of other
  // text in others_, or kSpace for the most common run, one space.
  static constexpr uint32_t kOther = 0x80000000u;
  static constexpr uint32_t kSpace = 0xFFFFFFFFu;
  WordTable table_;
  std::vector<uint32_t> counts_;  // by the table's number: counts, then the numbers written
  std::vector<uint32_t> tokens_;  // of all texts, in the order counted
  std::vector<uint32_t> texts_;   // by text number: its first token
  std::vector<std::string_view> others_;
};

// The anchor search.js derives from a heading when the index stores none:
// folded, every run of other characters one '-', none at the ends.
std::string DerivedAnchor(std::string_view heading) {
  std::string out;
  bool dash = false;
  for (char c : FoldCase(heading)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !out.empty()) out.push_back('-');
      dash = false;
      out.push_back(c);
    } else {
      dash = true;
    }
  }
  return out;
}

void SortUnique(std::vector<uint32_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

}  // namespace

std::string FoldCase(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    // A run of ASCII (most of a Dutch text) is copied at once, then lowered.
    size_t run = i;
    while (run < utf8.size() && static_cast<unsigned char>(utf8[run]) < 0x80) ++run;
    if (run > i) {
      size_t at = out.size();
      out.append(utf8.data() + i, run - i);
      for (char* c = out.data() + at; c != out.data() + out.size(); ++c)
        if (*c >= 'A' && *c <= 'Z') *c = static_cast<char>(*c + 32);
      i = run;
      continue;
    }
    size_t start = i;
    uint32_t cp = NextCodePoint(utf8, &i);
    bool raw = cp >= 0x80 && i == start + 1;
    FoldCodePoint(&out, cp, raw);
  }
  return out;
}

std::vector<std::string> Tokenize(std::string_view utf8) {
  std::vector<std::string> words;
  std::string folded = FoldCase(utf8);
  std::string word;
  for (size_t i = 0; i < folded.size();) {
    size_t start = i;
    uint32_t cp = NextCodePoint(folded, &i);
    bool raw = cp >= 0x80 && i == start + 1;
    if (!raw && IsWordCodePoint(cp)) {
      word.append(folded, start, i - start);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool IsSearchStopWord(std::string_view w) {
  if (w.size() < 2) return true;
  if (w.size() > kLongestStopWord) return false;  // most words: no search needed
  // Only the stop words with w's first letter (kStopWords is sorted).
  static constexpr auto kFirst = [] {
    std::array<uint8_t, 27> first{};  // first[c - 'a'] .. first[c - 'a' + 1]: the words starting with c
    size_t k = 0;
    for (char c = 'a'; c <= 'z'; ++c) {
      first[c - 'a'] = static_cast<uint8_t>(k);
      while (k < std::size(kStopWords) && kStopWords[k][0] == c) ++k;
    }
    first[26] = static_cast<uint8_t>(k);
    return first;
  }();
  if (w[0] < 'a' || w[0] > 'z') return false;
  for (size_t k = kFirst[w[0] - 'a']; k < kFirst[w[0] - 'a' + 1]; ++k)
    if (kStopWords[k] == w) return true;
  return false;
}

DutchStemmer::DutchStemmer() : stemmer_(sb_stemmer_new("dutch", "UTF_8")) {
  // Only fails when libstemmer was built without Dutch or memory ran out:
  // a broken installation, not an input error.
  if (stemmer_ == nullptr) throw std::runtime_error("libstemmer has no Dutch stemmer");
}

DutchStemmer::~DutchStemmer() { sb_stemmer_delete(stemmer_); }

std::string DutchStemmer::Stem(std::string_view w) {
  const sb_symbol* s =
      sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(w.data()), static_cast<int>(w.size()));
  if (s == nullptr) return std::string(w);
  return std::string(reinterpret_cast<const char*>(s), static_cast<size_t>(sb_stemmer_length(stemmer_)));
}

std::vector<std::string> SplitCompound(std::string_view word, const std::function<bool(std::string_view)>& known,
                                       size_t min_part) {
  static constexpr std::string_view kLinks[] = {"", "s", "e", "en"};
  const size_t n = word.size();
  if (min_part == 0 || n < 2 * min_part) return {};
  // best[i]: the best split of word[i..] into known parts (next[i] = end of
  // its first part, link[i] = the link after it); parts[i] == 0: none.
  struct Cell {
    size_t parts = 0, links = 0, end = 0, link = 0;
  };
  std::vector<Cell> best(n + 1);
  for (size_t i = n - min_part + 1; i-- > 0;) {
    for (size_t end = i + min_part; end <= n; ++end) {
      if (!known(word.substr(i, end - i))) continue;
      if (end == n) {
        if (i == 0) continue;  // the word itself is no split
        Cell c{1, 0, end, 0};
        if (best[i].parts == 0 || c.parts < best[i].parts || (c.parts == best[i].parts && c.links < best[i].links))
          best[i] = c;
        continue;
      }
      for (size_t l = 0; l < std::size(kLinks); ++l) {
        size_t next = end + kLinks[l].size();
        if (next > n || word.substr(end, kLinks[l].size()) != kLinks[l]) continue;
        if (next >= n || best[next].parts == 0) continue;
        Cell c{best[next].parts + 1, best[next].links + kLinks[l].size(), end, l};
        if (best[i].parts == 0 || c.parts < best[i].parts || (c.parts == best[i].parts && c.links < best[i].links))
          best[i] = c;
      }
    }
  }
  if (best[0].parts < 2) return {};
  std::vector<std::string> parts;
  for (size_t i = 0; i < n;) {
    const Cell& c = best[i];
    parts.emplace_back(word.substr(i, c.end - i));
    i = c.end + kLinks[c.link].size();
  }
  return parts;
}

SearchIndex::SearchIndex() = default;
SearchIndex::~SearchIndex() = default;

namespace {

// The words of one page: each field's text becomes the numbers of its
// words, numbered per page, so that a word that recurs in every section is
// kept and looked up once.
class PageWords {
 public:
  // The numbers of the indexed words of `text` (folded, no stop words or
  // overlong tokens), each once, in the order they first occur.
  std::vector<uint32_t> Index(std::string_view text) {
    // Words are views into the folded text until a new one is kept: most
    // words of a page repeat, and a string per token was most of the time a
    // build spends on search.
    std::string folded = FoldCase(text);
    ++stamp_;
    std::vector<uint32_t> out;
    auto add = [&](size_t start, size_t end) {
      std::string_view w(folded.data() + start, end - start);
      if (w.size() > SearchIndex::kMaxWordBytes) return;
      uint32_t k = table_.Add(w, [&](std::string_view v) -> std::string_view { return store_.emplace_back(v); });
      if (k == stop_.size()) {
        stop_.push_back(IsSearchStopWord(w));
        seen_.push_back(0);
      }
      if (stop_[k] || seen_[k] == stamp_) return;
      seen_[k] = stamp_;
      out.push_back(k);
    };
    // Two tight loops, one over the bytes between words, one over a word's;
    // only non-ASCII characters are decoded.
    const char* d = folded.data();
    const size_t n = folded.size();
    auto ascii_word = [](unsigned char b) { return kAsciiClass[b] & kFoldedWordByte; };  // (b < 0x80)
    // Whether the character at *i is part of a word; moves *i past it.
    auto non_ascii_word = [&](size_t* i) {
      size_t s = *i;
      uint32_t cp = NextCodePoint(folded, i);
      return *i != s + 1 && IsWordCodePoint(cp);  // a lone invalid byte is no letter
    };
    size_t i = 0;
    while (i < n) {
      size_t start = i;
      if (auto b = static_cast<unsigned char>(d[i]); b < 0x80) {
        ++i;
        if (!ascii_word(b)) continue;
      } else if (!non_ascii_word(&i)) {
        continue;
      }
      while (i < n) {
        auto b = static_cast<unsigned char>(d[i]);
        if (b < 0x80) {
          if (!ascii_word(b)) break;
          ++i;
        } else {
          size_t s = i;
          if (!non_ascii_word(&i)) {
            i = s;  // (read again, as the first character after the word)
            break;
          }
        }
      }
      add(start, i);
    }
    return out;
  }
  // Forgets the last page, keeping the memory (one PageWords per thread).
  void Clear() {
    table_.Clear(256);
    store_.clear();
    stop_.clear();
    seen_.clear();
    stamp_ = 0;
  }
  // The page's indexed words; `renumber` maps the numbers Index gave to
  // positions in it (stop words were numbered too, and are left out).
  std::vector<std::string> Take(std::vector<uint32_t>* renumber) {
    std::vector<std::string> words;
    renumber->assign(stop_.size(), 0);
    for (uint32_t k = 0; k < stop_.size(); ++k) {
      if (stop_[k]) continue;
      (*renumber)[k] = static_cast<uint32_t>(words.size());
      words.push_back(std::move(store_[k]));
    }
    return words;
  }

 private:
  WordTable table_;
  std::deque<std::string> store_;  // the words, by number (a deque: views into it stay valid)
  std::vector<char> stop_;         // by number
  std::vector<uint32_t> seen_;     // by number: the last Index call that gave it
  uint32_t stamp_ = 0;
};

}  // namespace

bool SearchIndex::IsCompoundPart(std::string_view word) {
  // Numbers are no parts of compounds (and every new number, say a date
  // typed into a page, would otherwise change the dictionary of the site).
  return word.size() >= kMinCompoundPart &&
         std::none_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

PreparedSearchDoc SearchIndex::Prepare(SearchDoc doc) {
  PreparedSearchDoc p;
  thread_local PageWords words;
  words.Clear();
  p.url = std::move(doc.url);
  p.title = std::move(doc.title);
  p.title_words = words.Index(p.title);
  p.text_bytes = p.title.size() + doc.summary.size();
  if (doc.sections.empty()) doc.sections.emplace_back();
  for (SearchSection& in : doc.sections) {
    PreparedSearchDoc::Section s;
    p.text_bytes += in.heading.size() + in.text.size();
    s.heading_words = words.Index(in.heading);
    s.body_words = words.Index(in.text);
    s.snippet = MakeSnippet(in.text, kSnippetBytes);
    s.heading = std::move(in.heading);
    s.anchor = std::move(in.anchor);
    p.sections.push_back(std::move(s));
  }
  // The summary is front matter, not always shown in the text: its words
  // count for the top section, and it stands in for an empty top snippet.
  PreparedSearchDoc::Section& top = p.sections.front();
  if (!doc.summary.empty()) {
    std::vector<uint32_t> more = words.Index(doc.summary);
    std::unordered_set<uint32_t> seen(top.body_words.begin(), top.body_words.end());
    for (uint32_t w : more)
      if (!seen.count(w)) top.body_words.push_back(w);
    if (top.snippet.empty()) top.snippet = MakeSnippet(doc.summary, kSnippetBytes);
  }
  std::vector<uint32_t> renumber;
  p.words = words.Take(&renumber);
  auto apply = [&](std::vector<uint32_t>* v) {
    for (uint32_t& w : *v) w = renumber[w];
  };
  apply(&p.title_words);
  for (PreparedSearchDoc::Section& s : p.sections) {
    apply(&s.heading_words);
    apply(&s.body_words);
  }
  return p;
}

std::vector<uint32_t> SearchIndex::WordIds(const std::vector<std::string>& words) {
  std::vector<uint32_t> ids;
  ids.reserve(words.size());
  for (const std::string& w : words) {
    auto [it, inserted] = word_ids_.try_emplace(w, static_cast<uint32_t>(words_.size()));
    if (inserted) words_.push_back(w);
    ids.push_back(it->second);
  }
  return ids;
}

void SearchIndex::Add(PreparedSearchDoc&& doc) {
  // The page's words are looked up once; each field's numbers map to ids.
  std::vector<uint32_t> id_of = WordIds(doc.words);
  auto ids = [&](const std::vector<uint32_t>& words) {
    std::vector<uint32_t> out;
    out.reserve(words.size());
    for (uint32_t w : words) out.push_back(id_of[w]);
    std::sort(out.begin(), out.end());  // unique already: the words were
    return out;
  };
  Page page;
  page.url = std::move(doc.url);
  page.title = std::move(doc.title);
  page.title_words = ids(doc.title_words);
  text_bytes_ += doc.text_bytes;
  page.sections.reserve(doc.sections.size());
  for (PreparedSearchDoc::Section& in : doc.sections) {
    Section s;
    s.heading_words = ids(in.heading_words);
    s.body_words = ids(in.body_words);
    s.snippet = std::move(in.snippet);
    s.heading = std::move(in.heading);
    s.anchor = std::move(in.anchor);
    page.sections.push_back(std::move(s));
  }
  if (page.sections.empty()) page.sections.emplace_back();
  pages_.push_back(std::move(page));
}

size_t SearchIndex::TextBytes() const { return text_bytes_; }

const std::vector<std::string>& SearchIndex::Words() const { return words_; }

void SearchIndex::SetDictionary(const std::unordered_set<std::string>* words) { dictionary_ = words; }

std::string SearchIndex::ToScript() const { return "window.WEGWIJZER_SEARCH=" + ToJson() + ";\n"; }

std::string SearchIndex::ToShardScript(size_t shard) const {
  return "(window.WEGWIJZER_SEARCH_SHARDS=window.WEGWIJZER_SEARCH_SHARDS||{})[" + std::to_string(shard) +
         "]=" + ToJson() + ";\n";
}

std::string SearchManifestScript(size_t shards) {
  return "window.WEGWIJZER_SEARCH={\"v\":3,\"shards\":" + std::to_string(shards) + "};\n";
}

std::string SearchIndex::ToJson() const {
  // Pages in URL order, so the output is the same whatever order the
  // (parallel) build added them in.
  std::vector<uint32_t> order(pages_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return pages_[a].url < pages_[b].url; });

  // Every word's stems: its own and those of its compound parts.
  // Compound parts are words of the whole site (SetDictionary), so that a
  // shard splits a compound as one index of the site would.
  std::unordered_set<std::string_view> dictionary;
  if (!dictionary_)
    for (const std::string& w : words_)
      if (IsCompoundPart(w)) dictionary.insert(w);
  auto known = [&](std::string_view p) {
    return dictionary_ ? dictionary_->count(std::string(p)) != 0 : dictionary.count(p) != 0;
  };

  DutchStemmer stemmer;
  std::unordered_map<std::string, uint32_t> stem_ids;
  std::vector<std::string> stems;
  auto stem_id = [&](std::string_view w) {
    auto [it, inserted] = stem_ids.try_emplace(stemmer.Stem(w), static_cast<uint32_t>(stems.size()));
    if (inserted) stems.push_back(it->first);
    return it->second;
  };
  std::vector<std::vector<uint32_t>> word_stems(words_.size());
  std::vector<uint32_t> own_stem(words_.size());
  for (size_t i = 0; i < words_.size(); ++i) {
    own_stem[i] = stem_id(words_[i]);
    word_stems[i].push_back(own_stem[i]);
    for (const std::string& part : SplitCompound(words_[i], known, kMinCompoundPart))
      word_stems[i].push_back(stem_id(part));
    SortUnique(&word_stems[i]);
  }

  // Stem ids in sorted order of the stems, for binary and prefix search.
  std::vector<uint32_t> by_name(stems.size());
  std::iota(by_name.begin(), by_name.end(), 0);
  std::sort(by_name.begin(), by_name.end(), [&](uint32_t a, uint32_t b) { return stems[a] < stems[b]; });
  std::vector<uint32_t> rank(stems.size());
  for (uint32_t r = 0; r < by_name.size(); ++r) rank[by_name[r]] = r;

  std::vector<std::vector<uint32_t>> in_title(stems.size()), in_heading(stems.size()), in_body(stems.size());
  auto post = [&](std::vector<std::vector<uint32_t>>* lists, const std::vector<uint32_t>& word_ids, uint32_t id) {
    for (uint32_t w : word_ids)
      for (uint32_t st : word_stems[w]) {
        std::vector<uint32_t>& l = (*lists)[rank[st]];
        if (l.empty() || l.back() != id) l.push_back(id);
      }
  };

  // Each page's title is text number first_text[page], followed by its
  // sections' headings and snippets.
  DisplayWords display;
  std::vector<uint32_t> first_text(pages_.size());
  for (size_t p = 0; p < pages_.size(); ++p) {
    first_text[p] = display.Count(pages_[p].title);
    for (const Section& sec : pages_[p].sections) {
      display.Count(sec.heading);
      display.Count(sec.snippet);
    }
  }
  std::string display_list = display.Freeze();
  std::vector<std::string> urls, titles, headings, snippets;
  std::string anchor_exceptions;
  std::string counts;
  uint32_t section_id = 0;
  for (uint32_t p = 0; p < order.size(); ++p) {
    const Page& page = pages_[order[p]];
    urls.push_back(page.url);
    uint32_t text = first_text[order[p]];
    titles.push_back(display.Encode(text++));
    PutVarint(&counts, static_cast<uint32_t>(page.sections.size()));
    post(&in_title, page.title_words, p);
    for (const Section& s : page.sections) {
      headings.push_back(display.Encode(text++));
      snippets.push_back(display.Encode(text++));
      if (s.anchor != DerivedAnchor(s.heading)) {
        anchor_exceptions.append(anchor_exceptions.empty() ? "\"" : ",\"");
        anchor_exceptions.append(std::to_string(section_id)).append("\":");
        PutJsonString(&anchor_exceptions, s.anchor);
      }
      post(&in_heading, s.heading_words, section_id);
      post(&in_body, s.body_words, section_id);
      ++section_id;
    }
  }
  // Ids only grow and post() skips a repeat of the last one, so every list is
  // sorted and unique already.

  std::string stem_list, surface_list, surface_stems;
  for (uint32_t r = 0; r < by_name.size(); ++r) {
    if (r) stem_list.push_back(' ');
    stem_list.append(stems[by_name[r]]);
  }
  // Words that differ from their stem, for prefix search while typing
  // ("besprekin" is a prefix of "bespreking" but not of its stem "besprek").
  std::vector<uint32_t> surface;
  for (uint32_t i = 0; i < words_.size(); ++i)
    if (words_[i] != stems[own_stem[i]]) surface.push_back(i);
  std::sort(surface.begin(), surface.end(), [&](uint32_t a, uint32_t b) { return words_[a] < words_[b]; });
  for (size_t k = 0; k < surface.size(); ++k) {
    if (k) surface_list.push_back(' ');
    surface_list.append(words_[surface[k]]);
    PutVarint(&surface_stems, rank[own_stem[surface[k]]]);
  }

  std::vector<std::string> pt, ph, pb;
  pt.reserve(stems.size());
  ph.reserve(stems.size());
  pb.reserve(stems.size());
  for (size_t r = 0; r < stems.size(); ++r) {
    pt.push_back(EncodeIds(in_title[r]));
    ph.push_back(EncodeIds(in_heading[r]));
    pb.push_back(EncodeIds(in_body[r]));
  }
  std::string stop;
  for (std::string_view w : kStopWords) {
    if (!stop.empty()) stop.push_back(' ');
    stop.append(w);
  }

  std::string out = "{\"v\":2";
  PutJsonArray(&out, "u", urls);
  PutJsonField(&out, "c", counts);
  PutJsonField(&out, "dw", display_list);
  PutJsonArray(&out, "t", titles);
  PutJsonArray(&out, "h", headings);
  out.append(",\n\"a\":{").append(anchor_exceptions).append("}");
  PutJsonArray(&out, "x", snippets);
  PutJsonField(&out, "s", stem_list);
  PutJsonField(&out, "w", surface_list);
  PutJsonField(&out, "ws", surface_stems);
  PutJsonArray(&out, "pt", pt);
  PutJsonArray(&out, "ph", ph);
  PutJsonArray(&out, "pb", pb);
  PutJsonField(&out, "stop", stop);
  out.append(",\n\"tb\":").append(std::to_string(text_bytes_));  // for reports
  out.append("}");
  return out;
}

}  // namespace ww
