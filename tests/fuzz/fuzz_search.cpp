// libFuzzer target: the search tokenizer, Dutch folding and stemming, compound
// splitting and the index writer. Differential for the word cutting: CutWords
// (64 bytes at a time) must find the words a character-by-character reading
// finds, in any bytes, UTF-8 or not.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "../unit/search/search_reference.h"
#include "search/search_index.h"
#include "utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<ww::WordSpan> spans;
  ww::CutWords(text, &spans);
  std::vector<ww::WordSpan> want = ww::testing::CutWordsByCharacter(text);
  if (spans.size() != want.size()) __builtin_trap();
  for (size_t i = 0; i < want.size(); ++i)
    if (spans[i].start != want[i].start || spans[i].end != want[i].end) __builtin_trap();
  if (ww::FindInvalidUtf8(text) != std::string::npos) return 0;
  ww::FoldCase(text);
  static ww::DutchStemmer stemmer;
  for (const std::string& w : ww::Tokenize(text)) stemmer.Stem(w);
  ww::SearchIndex index;
  ww::SearchDoc doc;
  doc.url = "a.html";
  doc.title = text.substr(0, 40);
  doc.sections.push_back({"Kop", "kop", text});
  index.Add(doc);
  std::string script = index.ToScript();
  if (script.find("</script") != std::string::npos) __builtin_trap();
  return 0;
}
