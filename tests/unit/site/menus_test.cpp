#include "site/menus.h"

#include <doctest/doctest.h>

#include "site_fixture.h"

using namespace ww;

namespace {

SiteTree Tree(MemoryDisk& disk, const SiteConfig& c, Diagnostics* d) {
  disk.files["site/content/_index.md"] = "---\ntitle: Start\n---\n";
  disk.files["site/content/over/_index.md"] = "---\ntitle: Over ons\n---\n";
  disk.files["site/content/over/privacy.md"] = "---\ntitle: Privacyverklaring\nnav_title: Privacy\n---\n";
  disk.files["site/content/over/colofon.md"] = "---\ntitle: Colofon\n---\n";
  TreeOptions o;
  o.add_search_page = true;
  auto t = BuildContentTree(disk, "site", c, o, d);
  REQUIRE(t);
  return std::move(*t);
}

SiteConfig Config() {
  SiteConfig c;
  c.sources.push_back({"content", "content"});
  return c;
}

}  // namespace

TEST_SUITE("menus") {
  TEST_CASE("[menu] entries become links to pages, titled by nav_title or title") {
    MemoryDisk disk;
    SiteConfig c = Config();
    c.menu_footer = {"over/privacy.md", "over/colofon.md"};
    c.menu_header = {"over/", "over"};
    Diagnostics d;
    SiteTree t = Tree(disk, c, &d);
    SiteMenus m = ResolveMenus(c, t, "site/site.toml", &d);
    CHECK_FALSE(d.HasErrors());
    REQUIRE(m.footer.size() == 2);
    CHECK(m.footer[0].title == "Privacy");
    CHECK(m.footer[0].out_path == "over/privacy.html");
    CHECK(m.footer[1].title == "Colofon");
    REQUIRE(m.header.size() == 2);
    CHECK(m.header[0].out_path == "over/index.html");
    CHECK(m.header[1].title == "Over ons");
    CHECK(m.search_path == "zoeken.html");
  }

  TEST_CASE("an entry that names no page is an error at its line in site.toml") {
    MemoryDisk disk;
    SiteConfig c = Config();
    c.menu_footer = {"over/toegankelijkheid.md"};
    c.menu_footer_line = 7;
    Diagnostics d;
    SiteTree t = Tree(disk, c, &d);
    SiteMenus m = ResolveMenus(c, t, "site/site.toml", &d);
    CHECK(m.footer.empty());
    auto all = d.Sorted();
    REQUIRE(all.size() == 1);
    CHECK(all[0].Format() ==
          "site/site.toml:7: error: [menu] footer names \"over/toegankelijkheid.md\", which is no page of the site; "
          "write a content path like \"over/privacy.md\", create the page, or remove the entry");
  }

  TEST_CASE("without search there is no search page to lead to") {
    MemoryDisk disk;
    SiteConfig c = Config();
    c.search = false;
    Diagnostics d;
    SiteTree t = Tree(disk, c, &d);
    CHECK(ResolveMenus(c, t, "site/site.toml", &d).search_path.empty());
  }
}
