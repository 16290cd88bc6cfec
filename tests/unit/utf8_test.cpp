#include "utf8.h"

#include <doctest/doctest.h>

using namespace ww;

static constexpr size_t npos = std::string_view::npos;

TEST_SUITE("utf8") {
  TEST_CASE("FindInvalidUtf8 accepts ASCII and well-formed multi-byte text") {
    CHECK(FindInvalidUtf8("") == npos);
    CHECK(FindInvalidUtf8("plain text\n") == npos);
    CHECK(FindInvalidUtf8("Één ĳs € 𝄞") == npos);         // 2-, 3- and 4-byte forms
    CHECK(FindInvalidUtf8("\xEF\xBB\xBF# kop") == npos);  // a BOM is valid UTF-8
    CHECK(FindInvalidUtf8("\xF4\x8F\xBF\xBF") == npos);   // U+10FFFF, the last code point
  }

  TEST_CASE("FindInvalidUtf8 returns the offset of the first bad byte") {
    CHECK(FindInvalidUtf8("ab\xFF"
                          "cd") == 2);
    CHECK(FindInvalidUtf8("caf\xE9") == 3);               // Latin-1 é
    CHECK(FindInvalidUtf8("\x80") == 0);                  // a lone continuation byte
    CHECK(FindInvalidUtf8("x\xC3") == 1);                 // truncated at the end
    CHECK(FindInvalidUtf8("x\xE2\x82z") == 1);            // truncated in the middle
    CHECK(FindInvalidUtf8("é\xC0\xAF") == 2);             // overlong '/'
    CHECK(FindInvalidUtf8("\xE0\x80\xAF") == 0);          // overlong, 3 bytes
    CHECK(FindInvalidUtf8("\xF0\x80\x80\xAF") == 0);      // overlong, 4 bytes
    CHECK(FindInvalidUtf8("\xED\xA0\x80") == 0);          // a UTF-16 surrogate
    CHECK(FindInvalidUtf8("\xF4\x90\x80\x80") == 0);      // beyond U+10FFFF
    CHECK(FindInvalidUtf8("\xF8\x88\x80\x80\x80") == 0);  // 5-byte forms do not exist
  }

  TEST_CASE("DecodeUtf8 reads one code point and moves past it") {
    std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E";  // a é € 𝄞
    size_t i = 0;
    CHECK(DecodeUtf8(s, &i) == U'a');
    CHECK(i == 1);
    CHECK(DecodeUtf8(s, &i) == U'é');
    CHECK(i == 3);
    CHECK(DecodeUtf8(s, &i) == U'€');
    CHECK(i == 6);
    CHECK(DecodeUtf8(s, &i) == 0x1D11E);
    CHECK(i == 10);
  }

  TEST_CASE("DecodeUtf8 gives kNotUtf8 and moves one byte where FindInvalidUtf8 stops") {
    for (std::string bad : {"\x80", "\xC3", "\xE2\x82z", "\xC0\xAF", "\xE0\x80\xAF", "\xF0\x80\x80\xAF", "\xED\xA0\x80",
                            "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "\xFF"}) {
      CAPTURE(bad);
      REQUIRE(FindInvalidUtf8(bad) == 0);
      size_t i = 0;
      CHECK(DecodeUtf8(bad, &i) == kNotUtf8);
      CHECK(i == 1);
    }
  }

  TEST_CASE("AppendUtf8 writes the shortest form, the inverse of DecodeUtf8") {
    for (char32_t cp : {0x0u, 0x41u, 0x7Fu, 0x80u, 0xE9u, 0x7FFu, 0x800u, 0x20ACu, 0xFFFFu, 0x10000u, 0x10FFFFu}) {
      CAPTURE(static_cast<unsigned>(cp));
      std::string s;
      AppendUtf8(&s, cp);
      CHECK(FindInvalidUtf8(s) == npos);
      size_t i = 0;
      CHECK(DecodeUtf8(s, &i) == cp);
      CHECK(i == s.size());
    }
  }

  TEST_CASE("LineColOf counts lines and characters, 1-based") {
    int line = 0, col = 0;
    LineColOf("abc", 0, &line, &col);
    CHECK(line == 1);
    CHECK(col == 1);
    LineColOf("abc\ndef", 5, &line, &col);
    CHECK(line == 2);
    CHECK(col == 2);
    // Columns count characters, not bytes: "éé" is two characters.
    std::string s = "x\néé\xFF";
    LineColOf(s, s.size() - 1, &line, &col);
    CHECK(line == 2);
    CHECK(col == 3);
    // An offset past the end stops at the end.
    LineColOf("ab", 99, &line, &col);
    CHECK(line == 1);
    CHECK(col == 3);
  }

  TEST_CASE("CleanSource turns NUL into U+FFFD, as CommonMark does, so no NUL reaches a value or the HTML") {
    CHECK(CleanSource(std::string("a\0b", 3)) ==
          "a\xEF\xBF\xBD"
          "b");
    CHECK(CleanSource(std::string("\0\r\n\0", 4)) == "\xEF\xBF\xBD\n\xEF\xBF\xBD");
  }

  TEST_CASE("CleanSource removes a BOM and turns CRLF and CR into LF") {
    CHECK(CleanSource("\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\nbody\r\n") == "---\ntitle: x\n---\nbody\n");
    CHECK(CleanSource("a\rb\r\rc") == "a\nb\n\nc");
    CHECK(CleanSource("a\r") == "a\n");
    CHECK(CleanSource("no change\n") == "no change\n");
    CHECK(CleanSource("") == "");
    // Only a leading BOM is removed.
    CHECK(CleanSource("a\xEF\xBB\xBF") == "a\xEF\xBB\xBF");
    // Given a string to keep (the build's pages): the same results.
    CHECK(CleanSource(std::string("\xEF\xBB\xBFx\r\ny")) == "x\ny");
    CHECK(CleanSource(std::string("\xEF\xBB\xBFx")) == "x");
    CHECK(CleanSource(std::string("no change\n")) == "no change\n");
  }

}  // TEST_SUITE
