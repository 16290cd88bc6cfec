// word_table: numbers the distinct words of a text in the order they first
// come. Search looks up every word of every page here, where
// std::unordered_map's string hashing and nodes were a tenth of a build's
// time, so this is open addressing over string views.
#pragma once

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

namespace ww {

// For an open-addressing table cleared per page and kept: empties the slots
// a table of about `expected` entries uses (a power of two, at least 64 and
// twice `expected`) and returns that count minus one, the mask. Only those
// are emptied, so a table stays as large as the largest page made it: the
// slots past the mask hold an earlier page's entries, and growing must not
// read them.
template <typename Slot>
size_t ClearSlots(std::vector<Slot>* slots, size_t expected) {
  size_t want = 64;
  while (want < 2 * expected) want *= 2;
  if (slots->size() < want)
    slots->assign(want, Slot{});
  else
    std::fill(slots->begin(), slots->begin() + static_cast<std::ptrdiff_t>(want), Slot{});
  return want - 1;
}

// Not thread-safe. The words are views: what they point into must outlive
// the table (or the Keep function of Add must give views that do).
class WordTable {
 public:
  explicit WordTable(size_t expected = 64) { Clear(expected); }
  // Empties the table, keeping its memory; sized for about `expected` words.
  void Clear(size_t expected);
  // The word's number, adding it when new.
  uint32_t Add(std::string_view w) {
    return Add(w, [](std::string_view v) { return v; });
  }
  // The same, but a new word is kept as keep(w): a view that lives as long
  // as the table (w itself may not).
  template <typename Keep>
  uint32_t Add(std::string_view w, Keep keep);
  // The words by number.
  const std::vector<std::string_view>& words() const { return words_; }

  // A 64-bit hash of any bytes, the same on every machine and library (unlike
  // std::hash): the table's own, also the search doc chunks' stamp (search_script).
  static uint64_t Hash(std::string_view w);

 private:
  // a == b, without a call to memcmp for the short words most are: every
  // word of every page is compared once with the word it finds.
  static bool Same(std::string_view a, std::string_view b);
  // sizeof(T) bytes at `at`, as a T (any alignment).
  template <typename T>
  static T Load(const char* at) {
    T v;
    std::memcpy(&v, at, sizeof v);
    return v;
  }
  void Grow();

  // Invariant: at most half the slots are used, so a probe ends soon.
  std::vector<uint32_t> slots_;  // 0 = empty, else a word's number + 1
  std::vector<std::string_view> words_;
  size_t mask_ = 0;  // slots_.size() - 1 as used (a power of two, minus one)
};

// Inline, as Add is: it runs for every word of every page. Eight bytes at a time, each block mixed in by a multiply
// (the finaliser of splitmix64): a byte-by-byte hash was a third of reading a page's words.
inline uint64_t WordTable::Hash(std::string_view w) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ w.size();
  auto mix = [&](uint64_t block) {
    h = (h ^ block) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  };
  const char* p = w.data();
  const size_t n = w.size();
  size_t i = 0;
  if (n >= 64) {
    // Long texts (the doc chunks' stamps hash every snippet and file) in
    // four lanes, 32 bytes a round: one chain of multiplies waits on each
    // multiply, four keep the multiplier busy.
    uint64_t lane[4] = {h, h ^ 0x243F6A8885A308D3ull, h ^ 0x13198A2E03707344ull, h ^ 0xA4093822299F31D0ull};
    for (; i + 32 <= n; i += 32)
      for (int k = 0; k < 4; ++k) {
        lane[k] = (lane[k] ^ Load<uint64_t>(p + i + 8 * k)) * 0xBF58476D1CE4E5B9ull;
        lane[k] ^= lane[k] >> 31;
      }
    for (uint64_t l : lane) mix(l);
  }
  for (; i + 8 <= n; i += 8) mix(Load<uint64_t>(p + i));
  // The last 1-7 bytes by loads that stay inside the word and overlap (the
  // length is in h already): a copy of a variable number of bytes into a
  // block was a quarter of the time spent on a page's words.
  if (size_t rest = n - i; rest >= 4) {
    mix(uint64_t{Load<uint32_t>(p + i)} | uint64_t{Load<uint32_t>(p + n - 4)} << 32);
  } else if (rest > 0) {
    mix(uint64_t{Load<uint8_t>(p + i)} | uint64_t{Load<uint8_t>(p + i + rest / 2)} << 8 |
        uint64_t{Load<uint8_t>(p + n - 1)} << 16);
  }
  h *= 0x94D049BB133111EBull;
  return h ^ (h >> 29);
}

inline bool WordTable::Same(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const char *x = a.data(), *y = b.data();
  // Two loads that overlap cover 4 to 16 bytes.
  if (n >= 8) {
    if (n > 16) return std::memcmp(x, y, n) == 0;
    return Load<uint64_t>(x) == Load<uint64_t>(y) && Load<uint64_t>(x + n - 8) == Load<uint64_t>(y + n - 8);
  }
  if (n >= 4)
    return Load<uint32_t>(x) == Load<uint32_t>(y) && Load<uint32_t>(x + n - 4) == Load<uint32_t>(y + n - 4);
  for (size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return false;
  return true;
}

template <typename Keep>
uint32_t WordTable::Add(std::string_view w, Keep keep) {
  if (2 * (words_.size() + 1) > mask_ + 1) Grow();
  for (size_t i = Hash(w) & mask_;; i = (i + 1) & mask_) {
    if (slots_[i] == 0) {
      words_.push_back(keep(w));
      slots_[i] = static_cast<uint32_t>(words_.size());
      return slots_[i] - 1;
    }
    if (Same(words_[slots_[i] - 1], w)) return slots_[i] - 1;
  }
}

}  // namespace ww
