#include "publish/feeds.h"

#include <doctest/doctest.h>

using namespace ww;

TEST_SUITE("feeds") {
  TEST_CASE("EscapeXml leaves out every character XML 1.0 forbids, escaped or not") {
    CHECK(EscapeXml("a\xEF\xBF\xBF"
                    "b\xEF\xBF\xBE"
                    "c") == "abc");  // U+FFFF, U+FFFE
    CHECK(EscapeXml(std::string("a\0b\x01\x1F"
                                "c",
                                6)) == "abc");
    CHECK(EscapeXml("\xFF"
                    "d") == "d");  // not UTF-8 at all
    CHECK(EscapeXml("t\tn\n") == "t\tn\n");
    CHECK(EscapeXml("caf\xC3\xA9 \xEF\xBF\xBD \xF0\x9F\x93\x9A") == "caf\xC3\xA9 \xEF\xBF\xBD \xF0\x9F\x93\x9A");
    CHECK(EscapeXml("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
  }
}
