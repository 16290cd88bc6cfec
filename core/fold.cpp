#include "fold.h"

namespace ww {

namespace {

// One entry per code point from U+00C0: a letter is the folded form, '*'
// keeps the character, and a digit stands for two letters (kPairs).
// search.js's FOLD is this string.
constexpr char32_t kFirst = 0xC0, kLast = 0x17F;
constexpr std::string_view kTable =
    "aaaaaa3ceeeeiiiidnooooo*ouuuuy45aaaaaa3ceeeeiiiidnooooo*ouuuuy4y"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii11jjkkklllllll"
    "lllnnnnnnnnnoooooo22rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
static_assert(kTable.size() == kLast - kFirst + 1);
constexpr std::string_view kPairs[] = {"ij", "oe", "ae", "th", "ss"};

}  // namespace

std::string_view FoldLatin(char32_t cp) {
  if (cp < kFirst || cp > kLast) return {};
  const size_t at = cp - kFirst;
  const char f = kTable[at];
  if (f == '*') return {};
  if (f >= '1' && f <= '5') return kPairs[f - '1'];
  return kTable.substr(at, 1);
}

}  // namespace ww
