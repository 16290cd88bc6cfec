#include "search/display_words.h"

#include <doctest/doctest.h>

#include <string>

TEST_CASE("PutLetterNumber: 26 per digit, capitals carry, small letters end") {
  auto letters = [](uint32_t v) {
    std::string s;
    ww::PutLetterNumber(&s, v);
    return s;
  };
  CHECK(letters(0) == "a");
  CHECK(letters(25) == "z");
  CHECK(letters(26) == "Ba");
  CHECK(letters(27) == "Bb");
  CHECK(letters(26 * 26) == "BAa");
}

TEST_CASE("DisplayWords numbers words by frequency and implies single spaces") {
  ww::DisplayWords d;
  std::string a = "De leerling en de groep";
  std::string b = "groep: de leerling";
  std::string c = "";
  uint32_t ta = d.Count(a), tb = d.Count(b), tc = d.Count(c);
  // Counts: leerling 2, groep 2, de 2, De 1, en 1; ties in byte order.
  CHECK(d.Freeze() == "de groep leerling De en");
  CHECK(d.Encode(ta) == "dceab");  // De leerling en de groep
  CHECK(d.Encode(tb) == "b: ac");  // groep: de leerling
  CHECK(d.Encode(tc) == "");
}

TEST_CASE("DisplayWords keeps other text, combining marks and double spaces") {
  ww::DisplayWords d;
  std::string a = "  Stap 4 (e\xCC\x81\xC3\xA9n)  x ";
  uint32_t t = d.Count(a);
  CHECK(d.Freeze() == "4 Stap e\xCC\x81\xC3\xA9n x");
  CHECK(d.Encode(t) == "  ba (c)  d ");
}
