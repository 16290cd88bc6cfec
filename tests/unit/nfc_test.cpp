#include "nfc.h"

#include <doctest/doctest.h>

using namespace ww;

TEST_SUITE("nfc") {
  TEST_CASE("ToNfc composes a letter and its combining accent, and leaves NFC text as it is") {
    CHECK(ToNfc("cafe\xCC\x81") == "caf\xC3\xA9");  // e + U+0301 -> é
    CHECK(ToNfc("A\xCC\x8A"
                "ngstr\xC3\xB6m") == "\xC3\x85ngstr\xC3\xB6m");  // A + ring -> Å
    CHECK(ToNfc("\xE2\x84\xAB") == "\xC3\x85");                  // ANGSTROM SIGN -> Å (a singleton)
    CHECK(ToNfc("caf\xC3\xA9 \xE2\x80\x94 \xE2\x82\xAC 5") == "caf\xC3\xA9 \xE2\x80\x94 \xE2\x82\xAC 5");
    CHECK(ToNfc("plain") == "plain");
    CHECK(ToNfc("") == "");
    CHECK(ToNfc(std::string("a\0b", 3)) == std::string("a\0b", 3));  // a NUL does not end the text
    CHECK(ToNfc("\xE2\x80\x80") == "\xE2\x80\x82");                  // EN QUAD -> EN SPACE: not taken for NFC
    // Given a string to keep (the build's pages): the same results.
    CHECK(ToNfc(std::string("cafe\xCC\x81")) == "caf\xC3\xA9");
    CHECK(ToNfc(std::string("caf\xC3\xA9")) == "caf\xC3\xA9");
  }

  TEST_CASE("CollisionKey is equal for names that are one name on Windows, macOS and FAT") {
    CHECK(CollisionKey("Rooster.md") == CollisionKey("rooster.md"));
    CHECK(CollisionKey("cafe\xCC\x81.md") == CollisionKey("caf\xC3\xA9.md"));
    CHECK(CollisionKey("CAF\xC3\x89.md") == CollisionKey("caf\xC3\xA9.md"));
    CHECK(CollisionKey("a.md") != CollisionKey("b.md"));
    CHECK(CollisionKey("cafe.md") != CollisionKey("caf\xC3\xA9.md"));
  }
}
