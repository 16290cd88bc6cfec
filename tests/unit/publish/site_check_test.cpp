#include "publish/site_check.h"

#include <doctest/doctest.h>

using namespace ww;

TEST_SUITE("site_check") {
  TEST_CASE("links of the written site: files, sections, anchors, srcset, CSS; schemes and scripts left alone") {
    MemoryDisk disk;
    auto& f = disk.files;
    f["out/index.html"] =
        "<a href=\"over/\">over</a> <a href=\"over/privacy.html#delen\">p</a>\n"
        "<img src=\"img/logo.png\" srcset=\"img/logo.png 1x, img/logo-2x.png 2x\" alt=\"\">\n"
        "<a href='https://example.org/x'>ext</a> <a href=\"mailto:a@b.nl\">m</a> <a href=\"#boven\">top</a>\n"
        "<p id=\"boven\"></p><form action=\"zoeken.html\"></form>\n"
        "<script>el.innerHTML = '<a href=\"alleen-in-script.html\">';</script><!-- <a href=\"weg.html\"> -->\n"
        "<a href=\"ontbreekt.html\">kapot</a> <a href=\"over/privacy.html#nergens\">anker</a> <a "
        "href=\"#ook-niet\">x</a>\n"
        "<a href=\"over/privacy.html?q=1&amp;r=2\">query</a> <a href=\"%C3%A9%C3%A9n.html\">een</a>\n";
    f["out/over/index.html"] = "<a href=\"../index.html\">home</a>";
    f["out/over/privacy.html"] = "<h2 id=\"delen\">Delen</h2>";
    f["out/zoeken.html"] = "";
    f["out/één.html"] = "";
    f["out/img/logo.png"] = "PNG";
    f["out/assets/style.css"] = "a{background:url(\"../img/logo.png\")} b{background:url(../img/weg.png)}";
    f["out/.wegwijzer-output"] = "wegwijzer-output\n";
    std::vector<BrokenLink> broken = FindBrokenLinks(disk, "out");
    REQUIRE(broken.size() == 5);
    CHECK(broken[0].file == "assets/style.css");
    CHECK(broken[0].target == "../img/weg.png");
    CHECK(broken[1].file == "index.html");
    CHECK(broken[1].target == "img/logo-2x.png");
    CHECK(broken[1].line == 2);
    CHECK(broken[2].target == "ontbreekt.html");
    CHECK(broken[2].line == 6);
    CHECK(broken[2].col == 10);
    CHECK(broken[2].why == "no such file in the site");
    CHECK(broken[3].target == "over/privacy.html#nergens");
    CHECK(broken[3].why == "no element with id=\"nergens\" in over/privacy.html");
    CHECK(broken[4].target == "#ook-niet");
  }
}
