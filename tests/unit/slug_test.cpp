#include "slug.h"

#include <doctest/doctest.h>

using namespace ww;

TEST_SUITE("slug") {
  TEST_CASE("Slugify lowercases and joins words with one '-'") {
    CHECK(Slugify("Jaar 1 (implementatie)") == "jaar-1-implementatie");
    CHECK(Slugify("  Hallo,   wereld!  ") == "hallo-wereld");
    CHECK(Slugify("a--b__c") == "a-b-c");
    CHECK(Slugify("ABC123") == "abc123");
    CHECK(Slugify("") == "");
    CHECK(Slugify("!!!") == "");
    CHECK(Slugify("-x-") == "x");
  }

  TEST_CASE("Slugify folds Dutch accents and ligatures") {
    CHECK(Slugify("Één Ëmotie") == "een-emotie");
    CHECK(Slugify("café crème") == "cafe-creme");
    CHECK(Slugify("ĳsbeer") == "ijsbeer");
    CHECK(Slugify("ĲSSEL") == "ijssel");
    CHECK(Slugify("Straße") == "strasse");
    CHECK(Slugify("Ñandú Øre") == "nandu-ore");
  }

  TEST_CASE("Slugify folds with the search index's table (fold.h)") {
    CHECK(Slugify("Æsop en Œuvre") == "aesop-en-oeuvre");
    CHECK(Slugify("Þór") == "thor");
    CHECK(Slugify("Łódź") == "lodz");
    CHECK(Slugify("Čapek") == "capek");
    CHECK(Slugify("cafe\xCC\x81 e\xCC\x81"
                  "e\xCC\x81"
                  "n") == "cafe-een");  // combining marks are dropped
    CHECK(Slugify("3 × 4") == "3-4");
  }

  TEST_CASE("Slugify turns other scripts and symbols into separators") {
    CHECK(Slugify("a € b") == "a-b");
    CHECK(Slugify("日本 x") == "x");
    CHECK(Slugify("𝄞music") == "music");
  }

  TEST_CASE("Slugify never reads past a truncated UTF-8 sequence") {
    CHECK(Slugify(std::string("ab\xC3", 3)) == "ab");
    CHECK(Slugify(std::string("ab\xF0\x9D", 4)) == "ab");
  }

  TEST_CASE("Slugify: a byte that is not UTF-8 separates and takes nothing with it") {
    CHECK(Slugify("a\xC3"
                  "b") == "a-b");
    CHECK(Slugify("a\xFF"
                  "b") == "a-b");
    CHECK(Slugify("a\xC1\x81"
                  "b") == "a-b");  // an overlong 'A' is no letter
  }

  TEST_CASE("RootPrefix climbs once per folder") {
    CHECK(RootPrefix("index.html") == "");
    CHECK(RootPrefix("a/index.html") == "../");
    CHECK(RootPrefix("a/b/c.html") == "../../");
  }

  TEST_CASE("RelativeUrl between output files") {
    CHECK(RelativeUrl("index.html", "a/b.html") == "a/b.html");
    CHECK(RelativeUrl("a/b.html", "index.html") == "../index.html");
    CHECK(RelativeUrl("a/b.html", "a/c.html") == "c.html");
    CHECK(RelativeUrl("a/b.html", "a/index.html") == "index.html");
    CHECK(RelativeUrl("a/b/c.html", "a/d.html") == "../d.html");
    CHECK(RelativeUrl("a/d.html", "a/b/c.html") == "b/c.html");
    CHECK(RelativeUrl("a/b/c.html", "x/y/z.html") == "../../x/y/z.html");
    // A common prefix of letters is not a common folder.
    CHECK(RelativeUrl("ab/c.html", "a/d.html") == "../a/d.html");
    CHECK(RelativeUrl("a/c.html", "ab/d.html") == "../ab/d.html");
  }

  TEST_CASE("RelativeUrl to the page itself is its file name") {
    CHECK(RelativeUrl("a/b.html", "a/b.html") == "b.html");
    CHECK(RelativeUrl("index.html", "index.html") == "index.html");
    CHECK(RelativeUrl("a/b/index.html", "a/b/index.html") == "index.html");
  }

  TEST_CASE("RelativeUrl is never absolute") {
    for (const char* from : {"index.html", "a/index.html", "a/b/c/d.html"})
      for (const char* to : {"index.html", "x.html", "a/b/c/e.html", "z/y.html"}) {
        std::string url = RelativeUrl(from, to);
        CHECK(!url.empty());
        CHECK(url[0] != '/');
        CHECK(url.find("://") == std::string::npos);
      }
  }

  TEST_CASE("RelativeUrl percent-encodes unsafe characters") {
    CHECK(RelativeUrl("index.html", "mijn map/één pagina.html") == "mijn%20map/%C3%A9%C3%A9n%20pagina.html");
    CHECK(RelativeUrl("index.html", "a\"b<c>.html") == "a%22b%3Cc%3E.html");
  }

  TEST_CASE("EncodeUrlPath keeps path, query and fragment characters") {
    CHECK(EncodeUrlPath("a/b-c_d.e~f") == "a/b-c_d.e~f");
    CHECK(EncodeUrlPath("x.html#kop?a=b&c") == "x.html#kop?a=b&c");
    CHECK(EncodeUrlPath("a b") == "a%20b");
    CHECK(EncodeUrlPath("'\"<>") == "%27%22%3C%3E");
    CHECK(EncodeUrlPath("ë") == "%C3%AB");
  }

  TEST_CASE("one rule for a link's scheme, and percent-decoding of link paths") {
    for (const char* yes : {"https://example.org", "mailto:a@b.nl", "tel:+31", "data:x", "c+d.e-f:x"}) {
      CAPTURE(yes);
      CHECK(HasUrlScheme(yes));
    }
    for (const char* no : {"map/a:b.md", "2024 plan:x.md", ":x", "a.md", "", "#kop", "../x:y"}) {
      CAPTURE(no);
      CHECK_FALSE(HasUrlScheme(no));
    }
    CHECK(DecodeUrlPath("mijn%20plan.md") == "mijn plan.md");
    CHECK(DecodeUrlPath("%C3%A9%C3%A9n.html") == "één.html");
    CHECK(DecodeUrlPath("100%.md") == "100%.md");
    CHECK(DecodeUrlPath("%zz%4") == "%zz%4");
  }
}
