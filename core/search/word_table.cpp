#include "search/word_table.h"

#include <algorithm>

namespace ww {

void WordTable::Clear(size_t expected) {
  words_.clear();
  size_t want = 64;
  while (want < 2 * expected) want *= 2;
  // Only the part in use is zeroed: a table cleared per page stays as large
  // as the largest page made it.
  if (slots_.size() < want)
    slots_.assign(want, 0);
  else
    std::fill(slots_.begin(), slots_.begin() + static_cast<std::ptrdiff_t>(want), 0u);
  mask_ = want - 1;
}

// A word's slot depends on the mask, so every word is placed again.
void WordTable::Grow() {
  size_t size = 2 * (mask_ + 1);
  slots_.assign(size, 0);
  mask_ = size - 1;
  for (uint32_t k = 0; k < words_.size(); ++k) {
    size_t i = Hash(words_[k]) & mask_;
    while (slots_[i] != 0) i = (i + 1) & mask_;
    slots_[i] = k + 1;
  }
}

}  // namespace ww
