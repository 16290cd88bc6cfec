#include "search/search_words.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "golden_files.h"
#include "search/search_reference.h"

using namespace ww::testing;

namespace {

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("CutWords cuts as a character-by-character reading does") {
  std::mt19937 rng(2026);
  for (int round = 0; round < 3000; ++round) {
    std::string text = RandomSearchText(rng, round % 150);
    for (const std::string& t : {text, ww::FoldCase(text)}) {
      std::vector<ww::WordSpan> spans;
      ww::CutWords(t, &spans);
      std::vector<ww::WordSpan> want = CutWordsByCharacter(t);
      REQUIRE_MESSAGE(spans.size() == want.size(), t);
      for (size_t i = 0; i < want.size(); ++i) {
        REQUIRE_MESSAGE(spans[i].start == want[i].start, t);
        REQUIRE_MESSAGE(spans[i].end == want[i].end, t);
      }
    }
  }
}

TEST_CASE("AppendFolded folds as character-by-character folding does") {
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::string text = RandomSearchText(rng, round % 120);
    std::string want;
    for (size_t i = 0; i < text.size();) {
      size_t at = i;
      ww::DecodeUtf8(text, &i);
      want += ww::FoldCase(std::string_view(text).substr(at, i - at));  // one character at a time
    }
    std::string folded = "kept ";
    ww::AppendFolded(text, &folded);
    REQUIRE_MESSAGE(folded == "kept " + want, text);
  }
}

TEST_CASE("FoldCase lowercases and strips diacritics") {
  CHECK(ww::FoldCase("Één Ëmotie") == "een emotie");
  CHECK(ww::FoldCase("geëvalueerd, coördinator, reünie, naïef") == "geevalueerd, coordinator, reunie, naief");
  CHECK(ww::FoldCase("ÀÁÂÃÄÅ àáâãäå Ç ç Ñ ñ Ø ø") == "aaaaaa aaaaaa c c n n o o");
  CHECK(ww::FoldCase("\xC4\xB2sbeer \xC4\xB3s") == "ijsbeer ijs");  // Ĳ ĳ
  CHECK(ww::FoldCase("Straße Œuvre Æsop") == "strasse oeuvre aesop");
  CHECK(ww::FoldCase("e\xCC\x81\xC3\xA9") == "ee");  // e + combining acute, é
  CHECK(ww::FoldCase("3 × 4 ÷ 2") == "3 × 4 ÷ 2");
  CHECK(ww::FoldCase("Ωμέγα") == "Ωμέγα");  // beyond Latin: unchanged
  CHECK(ww::FoldCase("a\xFF"
                     "b") ==
        "a\xFF"
        "b");  // invalid byte kept
  CHECK(ww::FoldCase("") == "");
}

TEST_CASE("Tokenize splits into folded words") {
  CHECK(ww::Tokenize("Leerling-gegevens, auto's en de 1-zorgroute!") ==
        Strings{"leerling", "gegevens", "auto", "s", "en", "de", "1", "zorgroute"});
  CHECK(ww::Tokenize("  Ideeën\u2014over “één” ½uur ") == Strings{"ideeen", "over", "een", "uur"});
  CHECK(ww::Tokenize("A.1 t/m B.4: 46 indicatoren") == Strings{"a", "1", "t", "m", "b", "4", "46", "indicatoren"});
  CHECK(ww::Tokenize("") == Strings{});
  CHECK(ww::Tokenize("— … !") == Strings{});
}

TEST_CASE("stop words") {
  for (const char* w : {"de", "het", "een", "en", "van", "zijn", "a", "1", ""})
    CHECK_MESSAGE(ww::IsSearchStopWord(w), w);
  for (const char* w : {"leerling", "plan", "niet", "46", "ib"}) CHECK_MESSAGE(!ww::IsSearchStopWord(w), w);
}

TEST_CASE("DutchStemmer follows Snowball Dutch") {
  ww::DutchStemmer s;
  CHECK(s.Stem("leerlingen") == "leerling");
  CHECK(s.Stem("leerling") == "leerling");
  CHECK(s.Stem("bespreking") == "besprek");
  CHECK(s.Stem("besprekingen") == "besprek");
  CHECK(s.Stem("mogelijkheden") == "mogelijk");
  CHECK(s.Stem("maanden") == "maand");
  CHECK(s.Stem("groepsplannen") == "groepsplann");
  CHECK(s.Stem("groepsplan") == "groepsplan");
  CHECK(s.Stem("") == "");
}

// tests/fixtures/search-stems.tsv: word, FoldCase(word), Stem(folded) for
// every word of the seed documents plus hard cases. The same file checks
// search.js's stemmer (tests/browser/search-stemmer.test.js), so the browser
// and libstemmer agree. WW_UPDATE_GOLDEN=1 rewrites it from column 1.
TEST_CASE("stem fixture matches libstemmer") {
  auto path = FixturePath("search-stems.tsv");
  std::istringstream in(ReadFile(path));
  ww::DutchStemmer stemmer;
  std::string rewritten;
  int lines = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    ++lines;
    std::string word = line.substr(0, line.find('\t'));
    std::string folded = ww::FoldCase(word);
    std::string expect = word + "\t" + folded + "\t" + stemmer.Stem(folded);
    rewritten += expect + "\n";
    if (!UpdateGolden()) CHECK(line == expect);
  }
  CHECK(lines > 500);
  if (UpdateGolden()) WriteFile(path, rewritten);
}

TEST_CASE("SplitCompound splits into known parts with linking letters") {
  std::unordered_set<std::string> dict = {
      "leerlingbespreking", "groepsplan", "leerling", "bespreking", "groep",  "plannen", "plan",
      "handeling",          "gericht",    "werk",     "houding",    "kracht", "leer",    "zorg",
      "leerlingen",         "route"};
  auto known = [&](std::string_view w) { return dict.count(std::string(w)) != 0; };
  CHECK(ww::SplitCompound("leerlingbespreking", known) == Strings{"leerling", "bespreking"});
  CHECK(ww::SplitCompound("groepsplannen", known) == Strings{"groep", "plannen"});
  CHECK(ww::SplitCompound("groepsplan", known) == Strings{"groep", "plan"});
  CHECK(ww::SplitCompound("handelingsgericht", known) == Strings{"handeling", "gericht"});
  CHECK(ww::SplitCompound("werkhouding", known) == Strings{"werk", "houding"});
  // "leerlingen" + "zorg" needs no linking letters, so it beats "leerling" + en + "zorg".
  CHECK(ww::SplitCompound("leerlingenzorg", known) == Strings{"leerlingen", "zorg"});
  CHECK(ww::SplitCompound("leerkrachtzorgroute", known) == Strings{"leer", "kracht", "zorg", "route"});
  // The last part may carry an ending its known word lacks.
  CHECK(ww::SplitCompound("leerlingenbesprekingen", known) == Strings{"leerlingen", "besprekingen"});
  CHECK(ww::SplitCompound("zorgroutes", known) == Strings{"zorg", "routes"});
  CHECK(ww::SplitCompound("routes", known) == Strings{});
  // Parts shorter than min_part do not count; neither does the word alone.
  CHECK(ww::SplitCompound("groepsplan", known, 6) == Strings{});
  CHECK(ww::SplitCompound("leerling", known) == Strings{});
  CHECK(ww::SplitCompound("groepxplan", known) == Strings{});
  CHECK(ww::SplitCompound("groeps", known) == Strings{});
  CHECK(ww::SplitCompound("", known) == Strings{});
}
