#include "search/word_table.h"

namespace ww {

void WordTable::Clear(size_t expected) {
  words_.clear();
  mask_ = ClearSlots(&slots_, expected);
}

// A word's slot depends on the mask, so every word is placed again (from
// words_: the old slots past the mask are not this table's).
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
