#include "search/display_words.h"

#include <algorithm>
#include <numeric>

#include "fold.h"
#include "search/search_words.h"
#include "utf8.h"

namespace ww {
namespace {

// Calls on_word for each word of `text` as written and on_other for each run
// of other text between them, in order. A word is a run of letters and
// digits of either case (IsWordCodePoint before folding), with the combining
// marks that follow its letters.
template <typename OnWord, typename OnOther>
void SplitDisplay(std::string_view text, OnWord on_word, OnOther on_other) {
  size_t word_start = std::string::npos, other_start = 0;
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    bool in_word;
    if (auto b = static_cast<unsigned char>(text[i]); b < 0x80) {  // most of a text: no decoding
      ++i;
      in_word = kAsciiWordClass[b] & kDisplayWordByte;
    } else {
      char32_t cp = DecodeUtf8(text, &i);
      in_word = IsCombiningMark(cp) ? word_start != std::string::npos : IsWordCodePoint(cp);
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

}  // namespace

void PutLetterNumber(std::string* out, uint32_t v) {
  char buf[8];
  int n = 0;
  buf[n++] = static_cast<char>('a' + v % 26);
  for (v /= 26; v != 0; v /= 26) buf[n++] = static_cast<char>('A' + v % 26);
  while (n > 0) out->push_back(buf[--n]);
}

uint32_t DisplayWords::Count(std::string_view text) {
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
        // One space is most of what stands between words; it is a token of
        // its own so Encode can leave it out.
        if (other == " ") {
          tokens_.push_back(kSpace);
        } else {
          tokens_.push_back(kOther | static_cast<uint32_t>(others_.size()));
          others_.push_back(other);
        }
      });
  return static_cast<uint32_t>(texts_.size() - 1);
}

std::string DisplayWords::Freeze() {
  const std::vector<std::string_view>& words = table_.words();
  std::vector<uint32_t> order(words.size());
  std::iota(order.begin(), order.end(), 0);
  // Frequent words get the short numbers.
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return counts_[a] != counts_[b] ? counts_[a] > counts_[b] : words[a] < words[b];
  });
  // counts_ is reused for the numbers: a word's count is not needed once
  // it has its place.
  std::string list;
  for (uint32_t i = 0; i < order.size(); ++i) {
    if (i) list.push_back(' ');
    list.append(words[order[i]]);
    counts_[order[i]] = i;
  }
  return list;
}

std::string DisplayWords::Encode(uint32_t text) const {
  std::string out;
  bool after_word = false, space_pending = false;
  // A text's tokens run up to the next text's first one.
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

}  // namespace ww
