// For the search tests (and fuzz_search) that compare a fast way of reading
// words with a plain one: the plain ways, and random texts to read.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "search/search_words.h"
#include "utf8.h"

namespace ww::testing {

// Random texts of pieces that are words, white space, punctuation, letters of
// two to four bytes (word or not), combining marks and bytes that are not
// UTF-8, long enough to cross CutWords's 64-byte blocks anywhere (also a
// character that runs over a block's end).
inline std::string RandomSearchText(std::mt19937& rng, size_t pieces) {
  static const char* const kPieces[] = {
      "a", "Z", "9", "leerling", "ondersteuningsbehoeften", " ", "  ", "\n", "\t", "-", "'", ".",
      "\xC3\xA9",          // é
      "\xC3\x89",          // É
      "\xC3\x97",          // × (no word)
      "\xCC\x81",          // combining acute
      "\xCE\xA9",          // Ω
      "\xE2\x80\x94",      // — (no word)
      "\xE4\xB8\xAD",      // 中
      "\xF0\x9F\x98\x80",  // 😀 (no word)
      "\xF0\x90\x8D\x88",  // 𐍈 (a word)
      "\xFF", "\xC3", "\x80", "\xE2\x80"};
  std::uniform_int_distribution<size_t> pick(0, std::size(kPieces) - 1);
  std::string text;
  for (size_t i = 0; i < pieces; ++i) text += kPieces[pick(rng)];
  return text;
}

// What CutWords must give, the plain way: every character decoded, a word a
// run of word characters.
inline std::vector<ww::WordSpan> CutWordsByCharacter(std::string_view folded) {
  std::vector<ww::WordSpan> spans;
  size_t start = std::string::npos;
  for (size_t i = 0; i < folded.size();) {
    size_t at = i;
    bool word = ww::IsWordCodePoint(ww::DecodeUtf8(folded, &i));
    if (word && start == std::string::npos) start = at;
    if (!word && start != std::string::npos) {
      spans.push_back({start, at});
      start = std::string::npos;
    }
  }
  if (start != std::string::npos) spans.push_back({start, folded.size()});
  return spans;
}

// For SearchWriteOptions::previous: the files of the last build, `last`
// (none when null).
inline std::function<bool(const std::string&, std::string*)> PreviousFiles(
    const std::map<std::string, std::string>* last) {
  if (!last) return nullptr;
  return [last](const std::string& name, std::string* text) {
    auto it = last->find(name);
    if (it == last->end()) return false;
    *text = it->second;
    return true;
  };
}

}  // namespace ww::testing
