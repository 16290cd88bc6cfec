#include "site/file_names.h"

#include <doctest/doctest.h>

using namespace ww;

namespace {

LayeredFiles Files(std::initializer_list<std::string> rels) {
  LayeredFiles f;
  for (const std::string& r : rels) f[r] = {"site/content/" + r, "content/" + r, "site", false, {}};
  return f;
}

}  // namespace

TEST_SUITE("file_names") {
  TEST_CASE("good names pass, keyed by their NFC form") {
    Diagnostics d;
    LayeredFiles out = CheckFileNames(Files({"a.md", "zorg&hulp/b.md", "cafe\xCC\x81.md"}), &d);
    CHECK(d.ErrorCount() == 0);
    CHECK(out.size() == 3);
    CHECK(out.count("caf\xC3\xA9.md"));
    CHECK(out.at("caf\xC3\xA9.md").disk_path == "site/content/cafe\xCC\x81.md");  // read where it is
  }

  TEST_CASE("a refused name is told once per file or folder, at its place, and left out") {
    Diagnostics d;
    LayeredFiles out = CheckFileNames(Files({"a#b/x.md", "a#b/y.md", "c?.md", "d%20.md", "e\x01.md", "f\xFF.md"}), &d);
    CHECK(out.empty());
    auto all = d.Sorted();
    REQUIRE(all.size() == 5);
    CHECK(all[0].path == "content/a#b/");
    CHECK(all[1].path == "content/c?.md");
    CHECK(all[2].path == "content/d%20.md");
    CHECK(all[3].path == "content/e\xEF\xBF\xBD.md");
    CHECK(all[3].message.find("control character") != std::string::npos);
    CHECK(all[4].path == "content/f\xEF\xBF\xBD.md");
    CHECK(all[4].message.find("not UTF-8") != std::string::npos);
  }

  TEST_CASE("names that differ only in case or accent form: the second is refused, naming the first") {
    Diagnostics d;
    LayeredFiles out = CheckFileNames(Files({"A.md", "a.md", "Map/x.md", "map/y.md", "map/z.md"}), &d);
    CHECK(out.size() == 2);  // A.md, Map/x.md
    auto all = d.Sorted();
    REQUIRE(all.size() == 2);
    CHECK(all[0].path == "content/a.md");
    CHECK(all[0].message.find("\"content/a.md\" and \"content/A.md\"") == 0);
    CHECK(all[1].path == "content/map/");
  }
}
