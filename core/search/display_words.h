// display_words: the compact form of the text a search result shows (page
// titles, section headings and snippets). Each text is stored as numbers into
// one list of the words as written, most frequent first, so a word that
// occurs on thousands of pages is written once. search.js's decodeText reads
// it back; docs/search.md ("Display text") describes the format.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "search/word_table.h"

namespace ww {

// A number in letters, 26 per digit: 'A'-'Z' carry, 'a'-'z' end it.
void PutLetterNumber(std::string* out, uint32_t v);

// Collects texts, then writes each as word numbers. A text is words (runs of
// letters and digits as written, combining marks included) and the other
// text between them; one space between two words is implied, any other text
// between words is written as it is. Letters never occur between words, so
// nothing needs escaping.
// Use: Count every text, then Freeze once, then Encode any of them.
class DisplayWords {
 public:
  // Counts the words of `text` and returns its number for Encode. `text`
  // must outlive this object: the words are kept as views into it. The text
  // is split here once; Encode writes out what this recorded.
  uint32_t Count(std::string_view text);
  // Numbers the words, most frequent first (ties in byte order); returns
  // them joined by spaces, the list the numbers point into.
  std::string Freeze();
  // Text number `text` (from Count) in the display encoding.
  // REQUIRES: Freeze was called.
  std::string Encode(uint32_t text) const;

 private:
  // A token is a word's number, or kOther | the number of a run of other
  // text in others_, or kSpace for the most common run, one space.
  static constexpr uint32_t kOther = 0x80000000u;
  static constexpr uint32_t kSpace = 0xFFFFFFFFu;
  WordTable table_;
  std::vector<uint32_t> counts_;  // by the table's number: counts, then (after Freeze) the numbers written
  std::vector<uint32_t> tokens_;  // of all texts, in the order counted
  std::vector<uint32_t> texts_;   // by text number: its first token
  std::vector<std::string_view> others_;
};

}  // namespace ww
