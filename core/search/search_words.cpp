#include "search/search_words.h"

#include <libstemmer.h>

#include <algorithm>
#include <iterator>
#include <stdexcept>

#include "fold.h"
#include "utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ww {
namespace {

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

// Appends the folded form of the character at s[*i], which is not ASCII,
// and moves *i past it. What has no fold is copied as it is, a byte that is
// not UTF-8 too (nothing of the text is lost).
void FoldNonAscii(std::string_view s, size_t* i, std::string* out) {
  const size_t start = *i;
  const char32_t cp = DecodeUtf8(s, i);
  if (IsCombiningMark(cp)) return;
  if (std::string_view f = FoldLatin(cp); !f.empty())
    out->append(f);
  else
    out->append(s, start, *i - start);
}

}  // namespace

std::string FoldCase(std::string_view utf8) {
  std::string out;
  AppendFolded(utf8, &out);
  return out;
}

void AppendFolded(std::string_view utf8, std::string* out) {
  const char* p = utf8.data();
  const size_t n = utf8.size();
  out->reserve(out->size() + n);
  size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    // Sixteen ASCII bytes at a time, lowered with a mask (every x86-64): the
    // index folds the whole text of every page.
    const __m128i before_a = _mm_set1_epi8('A' - 1), after_z = _mm_set1_epi8('Z' + 1), bit = _mm_set1_epi8(0x20);
    for (; i + 16 <= n; i += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      if (_mm_movemask_epi8(v) != 0) break;  // a byte from 0x80: the character is folded below
      __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, before_a), _mm_cmplt_epi8(v, after_z));
      v = _mm_add_epi8(v, _mm_and_si128(upper, bit));
      size_t at = out->size();
      out->resize(at + 16);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out->data() + at), v);
    }
#endif
    // A run of ASCII (most of a Dutch text) is copied at once, then lowered.
    size_t run = i;
    while (run < n && static_cast<unsigned char>(p[run]) < 0x80) ++run;
    if (run > i) {
      size_t at = out->size();
      out->append(p + i, run - i);
      for (char* c = out->data() + at; c != out->data() + out->size(); ++c)
        if (*c >= 'A' && *c <= 'Z') *c = static_cast<char>(*c + 32);
      i = run;
      continue;
    }
    FoldNonAscii(utf8, &i, out);
  }
}

bool IsWordCodePoint(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (cp >= 0xD800 && cp <= 0xF8FF) return false;  // surrogates, private use
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;  // variation selectors
  if (cp >= 0xFFF0 && cp <= 0xFFFF) return false;
  if (cp >= 0x1F000) return false;  // emoji and beyond, and kNotUtf8
  return true;
}

void CutWords(std::string_view folded, std::vector<WordSpan>* spans) {
  // The text is read 64 bytes at a time into a mask with a bit per byte
  // that belongs to a word; words are then the runs of ones, found with
  // count-trailing-zeros. A loop over bytes with a branch at every word's end
  // (mispredicted often) was most of the time the index spent per page.
  spans->clear();
  const char* p = folded.data();
  const size_t n = folded.size();
  bool in_word = false;
  size_t start = 0;
  // A character from 0x80 is decoded; its bytes take its class. One that
  // runs past a block leaves its class for the block's first bytes.
  size_t decoded_to = 0;
  bool decoded_word = false;
  for (size_t base = 0; base < n; base += 64) {
    const size_t len = std::min<size_t>(64, n - base);
    uint64_t word = 0, high = 0;
#if defined(__SSE2__)
    if (len == 64) {
      const __m128i before_a = _mm_set1_epi8('a' - 1), after_z = _mm_set1_epi8('z' + 1);
      const __m128i before_0 = _mm_set1_epi8('0' - 1), after_9 = _mm_set1_epi8('9' + 1);
      for (int k = 0; k < 4; ++k) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + base + 16 * k));
        __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(v, before_a), _mm_cmplt_epi8(v, after_z));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, before_0), _mm_cmplt_epi8(v, after_9));
        word |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(letter, digit))))
                << (16 * k);
        high |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(v))) << (16 * k);
      }
    } else
#endif
    {
      for (size_t k = 0; k < len; ++k) {
        auto b = static_cast<unsigned char>(p[base + k]);
        if (b >= 0x80)
          high |= uint64_t{1} << k;
        else if (kAsciiWordClass[b] & kFoldedWordByte)
          word |= uint64_t{1} << k;
      }
    }
    if (high != 0 || decoded_to > base) {
      size_t i = base;
      if (decoded_to > base) {
        size_t carried = std::min(decoded_to, base + len) - base;
        if (decoded_word) word |= carried == 64 ? ~uint64_t{0} : ((uint64_t{1} << carried) - 1);
        i = base + carried;
      }
      // The bytes from 0x80 not yet decoded, in order (ASCII ones are classed).
      uint64_t todo = i - base == 64 ? 0 : high & (~uint64_t{0} << (i - base));
      while (todo != 0) {
        size_t at = base + static_cast<size_t>(__builtin_ctzll(todo));
        size_t next = at;
        bool is_word = IsWordCodePoint(DecodeUtf8(folded, &next));
        size_t stop = std::min(next, base + len);
        uint64_t bits = (stop - base == 64 ? ~uint64_t{0} : ((uint64_t{1} << (stop - base)) - 1)) &
                        (~uint64_t{0} << (at - base));
        if (is_word) word |= bits;
        todo &= ~bits;
        decoded_to = next;
        decoded_word = is_word;
      }
    }
    // The runs of ones, a start and an end found at once per word; a run
    // open at the block's end goes on in the next.
    if (in_word) {
      if (word == ~uint64_t{0}) continue;  // the whole block inside one word
      size_t end = static_cast<size_t>(__builtin_ctzll(~word));
      spans->push_back({start, base + end});
      in_word = false;
      word &= ~uint64_t{0} << end;
    }
    while (word != 0) {
      size_t first = static_cast<size_t>(__builtin_ctzll(word));
      uint64_t after = ~word & (~uint64_t{0} << first);  // the non-word bytes from the word on
      if (after == 0) {
        start = base + first;
        in_word = true;
        break;
      }
      size_t end = static_cast<size_t>(__builtin_ctzll(after));
      spans->push_back({base + first, base + end});
      word &= ~uint64_t{0} << end;
    }
  }
  if (in_word) spans->push_back({start, n});
}

std::vector<std::string> Tokenize(std::string_view utf8) {
  std::string folded = FoldCase(utf8);
  std::vector<WordSpan> spans;
  CutWords(folded, &spans);
  std::vector<std::string> words;
  words.reserve(spans.size());
  for (const WordSpan& s : spans) words.emplace_back(folded, s.start, s.end - s.start);
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

std::string SearchStopWordList() {
  std::string list;
  for (std::string_view w : kStopWords) {
    if (!list.empty()) list.push_back(' ');
    list.append(w);
  }
  return list;
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
  // best[i]: the best split of word[i..] into known parts, found from the
  // end of the word back (dynamic programming): `end` is the end of its
  // first part, kLinks[link] the link after it; parts == 0: no split.
  struct Cell {
    size_t parts = 0, links = 0, end = 0, link = 0;
  };
  std::vector<Cell> best(n + 1);
  auto offer = [&](size_t i, const Cell& c) {
    if (best[i].parts == 0 || c.parts < best[i].parts || (c.parts == best[i].parts && c.links < best[i].links))
      best[i] = c;
  };
  for (size_t i = n - min_part + 1; i-- > 0;) {
    for (size_t end = i + min_part; end <= n; ++end) {
      if (!known(word.substr(i, end - i))) continue;
      // The last part may carry a plural or inflection ending that the
      // site has not on its own: "leerling·en·besprekingen" with only
      // "bespreking" known. The ending counts as linking letters.
      for (std::string_view ending : {std::string_view("en"), std::string_view("s"), std::string_view("e")})
        if (i != 0 && end + ending.size() == n && word.substr(end) == ending) offer(i, Cell{1, ending.size(), n, 0});
      if (end == n) {
        if (i != 0) offer(i, Cell{1, 0, end, 0});  // (the word itself is no split)
        continue;
      }
      for (size_t l = 0; l < std::size(kLinks); ++l) {
        size_t next = end + kLinks[l].size();
        if (next >= n || word.substr(end, kLinks[l].size()) != kLinks[l] || best[next].parts == 0) continue;
        offer(i, Cell{best[next].parts + 1, best[next].links + kLinks[l].size(), end, l});
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

}  // namespace ww
