#include "render/navigation.h"

#include <doctest/doctest.h>

#include <atomic>
#include <cstdio>
#include <thread>

using namespace ww;

namespace {

SiteTree Tree(MemoryDisk& disk) {
  SiteConfig c;
  c.title = "Proef";
  c.sources.push_back({"content", "content"});
  Diagnostics d;
  auto t = BuildContentTree(disk, "site", c, {}, &d);
  REQUIRE(t);
  REQUIRE_FALSE(d.HasErrors());
  return std::move(*t);
}

const Page& At(const SiteTree& t, const std::string& rel) { return t.pages[t.by_rel.at(rel)]; }

size_t Count(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_SUITE("navigation") {
  TEST_CASE("the tree in order, with relative URLs and the current page marked") {
    MemoryDisk disk;
    auto& f = disk.files;
    f["site/content/_index.md"] = "---\ntitle: Start & <zo>\n---\n";
    f["site/content/b.md"] = "---\ntitle: B\nweight: 2\n---\n";
    f["site/content/a.md"] = "---\ntitle: A\nweight: 1\n---\n";
    f["site/content/rol/_index.md"] = "---\ntitle: Rol\nweight: 3\n---\n";
    f["site/content/rol/x.md"] = "---\ntitle: X\n---\n";
    SiteTree t = Tree(disk);
    Navigation nav(t, "Alle pagina's");

    std::string home = nav.For(t.home());
    CHECK(home ==
          "<ul class=\"nav-root\">\n"
          "<li><a href=\"index.html\" aria-current=\"page\">Start &amp; &lt;zo&gt;</a></li>\n"
          "<li><a href=\"a.html\">A</a></li>\n"
          "<li><a href=\"b.html\">B</a></li>\n"
          "<li><a href=\"rol/index.html\">Rol</a><ul>\n"
          "<li><a href=\"rol/x.html\">X</a></li>\n"
          "</ul>\n"
          "</li>\n"
          "</ul>\n");

    std::string x = nav.For(At(t, "rol/x.md"));
    CHECK(x.find("<a href=\"../index.html\">Start") != std::string::npos);
    CHECK(x.find("<a href=\"../a.html\">A</a>") != std::string::npos);
    CHECK(x.find("<a href=\"../rol/x.html\" aria-current=\"page\">X</a>") != std::string::npos);
    CHECK(Count(x, "aria-current") == 1);

    std::string rol = nav.For(At(t, "rol/_index.md"));
    CHECK(rol.find("<a href=\"../rol/index.html\" aria-current=\"page\">Rol</a>") != std::string::npos);
    CHECK(Count(rol, "aria-current") == 1);
  }

  TEST_CASE("URLs in the nav are percent-encoded") {
    MemoryDisk disk;
    disk.files["site/content/mijn map/één.md"] = "---\ntitle: Een\n---\n";
    SiteTree t = Tree(disk);
    Navigation nav(t, "meer");
    std::string html = nav.For(At(t, "mijn map/één.md"));
    CHECK(html.find("href=\"../mijn%20map/%C3%A9%C3%A9n.html\" aria-current=\"page\"") != std::string::npos);
  }

  TEST_CASE("a large section is not listed in full in every sidebar") {
    MemoryDisk disk;
    for (int i = 0; i < 100; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "p%03d", i);
      disk.files[std::string("site/content/groot/") + name + ".md"] = std::string("---\ntitle: ") + name + "\n---\n";
    }
    SiteTree t = Tree(disk);
    Navigation nav(t, "Alle pagina's");
    std::string html = nav.For(t.home());
    CHECK(Count(html, "<li><a href=\"groot/p") == Navigation::kMaxListed);
    CHECK(html.find("<li class=\"nav-more\"><a href=\"groot/index.html\">Alle pagina&#39;s (100)</a></li>") !=
          std::string::npos);
    // The nav stays bounded as the section grows: what each page writes does not grow with pages².
    CHECK(html.size() < 8000);
  }

  TEST_CASE("For may be called from several threads") {
    MemoryDisk disk;
    disk.files["site/content/a/b/c.md"] = "---\ntitle: C\n---\n";
    disk.files["site/content/d.md"] = "---\ntitle: D\n---\n";
    SiteTree t = Tree(disk);
    Navigation nav(t, "meer");
    std::string expected_c = nav.For(At(t, "a/b/c.md"));
    std::string expected_d = nav.For(At(t, "d.md"));
    std::vector<std::thread> threads;
    std::atomic<int> bad{0};
    for (int k = 0; k < 4; ++k)
      threads.emplace_back([&] {
        for (int i = 0; i < 300; ++i) {
          if (nav.For(At(t, "a/b/c.md")) != expected_c) ++bad;
          if (nav.For(At(t, "d.md")) != expected_d) ++bad;
        }
      });
    for (auto& th : threads) th.join();
    CHECK(bad == 0);
  }

}  // TEST_SUITE
