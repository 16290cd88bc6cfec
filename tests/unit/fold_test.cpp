#include "fold.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

using namespace ww;

TEST_SUITE("fold") {
  TEST_CASE("FoldLatin folds Latin-1 and Latin Extended-A letters to ASCII") {
    CHECK(FoldLatin(U'É') == "e");
    CHECK(FoldLatin(U'ë') == "e");
    CHECK(FoldLatin(U'ç') == "c");
    CHECK(FoldLatin(U'ø') == "o");
    CHECK(FoldLatin(U'ÿ') == "y");
    CHECK(FoldLatin(U'ł') == "l");
    CHECK(FoldLatin(U'ž') == "z");
    CHECK(FoldLatin(U'ſ') == "s");  // U+017F, the last of the table
  }

  TEST_CASE("FoldLatin writes ligatures and ß as two letters") {
    CHECK(FoldLatin(0x132) == "ij");  // Ĳ
    CHECK(FoldLatin(0x133) == "ij");  // ĳ
    CHECK(FoldLatin(U'Œ') == "oe");
    CHECK(FoldLatin(U'æ') == "ae");
    CHECK(FoldLatin(U'þ') == "th");
    CHECK(FoldLatin(U'ß') == "ss");
  }

  TEST_CASE("FoldLatin leaves everything else to the caller") {
    CHECK(FoldLatin(U'a').empty());
    CHECK(FoldLatin(U'A').empty());
    CHECK(FoldLatin(U'×').empty());
    CHECK(FoldLatin(U'÷').empty());
    CHECK(FoldLatin(0xBF).empty());   // ¿, just before the table
    CHECK(FoldLatin(0x180).empty());  // just after it
    CHECK(FoldLatin(U'Ω').empty());
    CHECK(FoldLatin(0x301).empty());
  }

  TEST_CASE("combining marks") {
    CHECK(IsCombiningMark(0x300));
    CHECK(IsCombiningMark(0x36F));
    CHECK_FALSE(IsCombiningMark(0x2FF));
    CHECK_FALSE(IsCombiningMark(0x370));
  }

#ifdef WW_SOURCE_DIR
  TEST_CASE("search.js holds the same table") {
    std::ifstream in(std::string(WW_SOURCE_DIR) + "/themes/default/assets/search.js");
    std::stringstream js;
    js << in.rdbuf();
    std::string table;
    for (char32_t cp = 0xC0; cp <= 0x17F; ++cp) {
      std::string_view f = FoldLatin(cp);
      static constexpr std::string_view kPairs[] = {"ij", "oe", "ae", "th", "ss"};
      char c = f.empty() ? '*' : f.size() == 1 ? f[0] : '0';
      for (size_t k = 0; k < 5 && c == '0'; ++k)
        if (f == kPairs[k]) c = static_cast<char>('1' + k);
      table += c;
    }
    // search.js may split the string over lines; compare without them.
    std::string text = js.str();
    std::string flat;
    for (char c : text)
      if (c != '\n' && c != ' ' && c != '\'' && c != '"' && c != '+') flat += c;
    CHECK(flat.find(table) != std::string::npos);
  }
#endif
}  // TEST_SUITE
