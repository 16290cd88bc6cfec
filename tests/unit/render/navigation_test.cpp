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

// `sections` top-level sections s00, s01, … of `pages` pages each, plus
// `extra` more pages in section s00.
void Sections(MemoryDisk& disk, int sections, int pages, int extra = 0) {
  char name[64];
  for (int s = 0; s < sections; ++s) {
    std::snprintf(name, sizeof name, "site/content/s%02d/_index.md", s);
    disk.files[name] = "---\ntitle: Sectie " + std::to_string(s) + "\n---\n";
    for (int i = 0; i < pages + (s == 0 ? extra : 0); ++i) {
      std::snprintf(name, sizeof name, "site/content/s%02d/p%04d.md", s, i);
      disk.files[name] = "---\ntitle: Pagina " + std::to_string(i) + "\nweight: " + std::to_string(i + 1) + "\n---\n";
    }
  }
}

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
          "<li><a href=\"rol/index.html\">Rol</a></li>\n"
          "</ul>\n");

    // A page in a section unfolds that section only.
    std::string x = nav.For(At(t, "rol/x.md"));
    CHECK(x ==
          "<ul class=\"nav-root\">\n"
          "<li><a href=\"../index.html\">Start &amp; &lt;zo&gt;</a></li>\n"
          "<li><a href=\"../a.html\">A</a></li>\n"
          "<li><a href=\"../b.html\">B</a></li>\n"
          "<li><a href=\"../rol/index.html\">Rol</a><ul>\n"
          "<li><a href=\"../rol/x.html\" aria-current=\"page\">X</a></li>\n"
          "</ul>\n"
          "</li>\n"
          "</ul>\n");
    CHECK(x.find("<a href=\"../index.html\">Start") != std::string::npos);
    CHECK(x.find("<a href=\"../a.html\">A</a>") != std::string::npos);
    CHECK(x.find("<a href=\"../rol/x.html\" aria-current=\"page\">X</a>") != std::string::npos);
    CHECK(Count(x, "aria-current") == 1);

    std::string rol = nav.For(At(t, "rol/_index.md"));
    CHECK(rol.find("<a href=\"../rol/index.html\" aria-current=\"page\">Rol</a><ul>\n"
                   "<li><a href=\"../rol/x.html\">X</a></li>") != std::string::npos);
    CHECK(Count(rol, "aria-current") == 1);
  }

  TEST_CASE("nav_title names a page in the navigation; its title stays its title") {
    MemoryDisk disk;
    disk.files["site/content/rol/_index.md"] = "---\ntitle: Rol\n---\n";
    disk.files["site/content/rol/lang.md"] =
        "---\ntitle: Effectieve strategieën voor een heel lange titel\nnav_title: Kort & goed\n---\n";
    SiteTree t = Tree(disk);
    CHECK(NavTitle(At(t, "rol/lang.md")) == "Kort & goed");
    CHECK(NavTitle(At(t, "rol/_index.md")) == "Rol");
    CHECK(At(t, "rol/lang.md").title == "Effectieve strategieën voor een heel lange titel");
    Navigation nav(t, "meer");
    std::string html = nav.For(At(t, "rol/lang.md"));
    CHECK(html.find("<a href=\"../rol/lang.html\" aria-current=\"page\">Kort &amp; goed</a>") != std::string::npos);
    CHECK(html.find("heel lange titel") == std::string::npos);
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
    std::string html = nav.For(At(t, "groot/p000.md"));
    CHECK(Count(html, "<li><a href=\"../groot/p") == Navigation::kMaxListed);
    CHECK(html.find("<li class=\"nav-more\"><a href=\"../groot/index.html\">Alle pagina&#39;s (100)</a></li>") !=
          std::string::npos);
    // The home page does not unfold the section at all.
    CHECK(Count(nav.For(t.home()), "groot/p") == 0);
    // The nav stays bounded as the section grows: what each page writes does not grow with pages².
    CHECK(html.size() < 8000);
  }

  TEST_CASE("a page's nav holds every top-level section and only its own section's pages") {
    MemoryDisk disk;
    Sections(disk, 30, 200);
    SiteTree t = Tree(disk);
    Navigation nav(t, "Alle pagina's");
    std::string html = nav.For(At(t, "s07/p0003.md"));
    for (int s = 0; s < 30; ++s) {
      char link[64];
      std::snprintf(link, sizeof link, "<li><a href=\"../s%02d/index.html\">Sectie %d</a>", s, s);
      CHECK_MESSAGE(html.find(link) != std::string::npos, link);
    }
    CHECK(Count(html, "<li><a href=\"../s07/p") == Navigation::kMaxListed);
    CHECK(Count(html, "/p0") == Navigation::kMaxListed);  // no page of another section
    CHECK(Count(html, "class=\"nav-more\"") == 1);
    CHECK(html.find("<a href=\"../s07/index.html\">Alle pagina&#39;s (200)</a>") != std::string::npos);
    CHECK(html.find("<a href=\"../s07/p0003.html\" aria-current=\"page\">Pagina 3</a>") != std::string::npos);
    CHECK(Count(html, "aria-current") == 1);
    // Home, 30 sections, 40 pages and the link, each ~60 bytes.
    CHECK(Count(html, "<li>") + Count(html, "<li ") == 1 + 30 + Navigation::kMaxListed + 1);
    CHECK(html.size() < 6000);

    // Another section gaining 1,000 pages changes nothing for this page.
    MemoryDisk more;
    Sections(more, 30, 200, 1000);
    SiteTree t2 = Tree(more);
    Navigation nav2(t2, "Alle pagina's");
    CHECK(nav2.For(At(t2, "s07/p0003.md")) == html);
    CHECK(nav2.For(At(t2, "s00/p0003.md")).size() == nav.For(At(t, "s00/p0003.md")).size() + 1);  // "(1200)"
  }

  TEST_CASE("the path to the page is unfolded, the sections beside it are not") {
    MemoryDisk disk;
    auto& f = disk.files;
    f["site/content/a/_index.md"] = "---\ntitle: A\nweight: 1\n---\n";
    f["site/content/a/a1.md"] = "---\ntitle: A1\nweight: 1\n---\n";
    f["site/content/a/b/_index.md"] = "---\ntitle: B\nweight: 2\n---\n";
    f["site/content/a/b/c.md"] = "---\ntitle: C\n---\n";
    f["site/content/a/e/_index.md"] = "---\ntitle: E\nweight: 3\n---\n";
    f["site/content/a/e/e1.md"] = "---\ntitle: E1\n---\n";
    f["site/content/z/_index.md"] = "---\ntitle: Z\nweight: 2\n---\n";
    f["site/content/z/z1.md"] = "---\ntitle: Z1\n---\n";
    SiteTree t = Tree(disk);
    Navigation nav(t, "meer");
    std::string c = nav.For(At(t, "a/b/c.md"));
    CHECK(c ==
          "<ul class=\"nav-root\">\n"
          "<li><a href=\"../../index.html\">Proef</a></li>\n"
          "<li><a href=\"../../a/index.html\">A</a><ul>\n"
          "<li><a href=\"../../a/a1.html\">A1</a></li>\n"
          "<li><a href=\"../../a/b/index.html\">B</a><ul>\n"
          "<li><a href=\"../../a/b/c.html\" aria-current=\"page\">C</a></li>\n"
          "</ul>\n"
          "</li>\n"
          "<li><a href=\"../../a/e/index.html\">E</a></li>\n"
          "</ul>\n"
          "</li>\n"
          "<li><a href=\"../../z/index.html\">Z</a></li>\n"
          "</ul>\n");
    // A section page unfolds its own list; its siblings stay folded.
    std::string b = nav.For(At(t, "a/b/_index.md"));
    CHECK(b.find("<a href=\"../../a/b/index.html\" aria-current=\"page\">B</a><ul>\n"
                 "<li><a href=\"../../a/b/c.html\">C</a></li>") != std::string::npos);
    CHECK(b.find("e1.html") == std::string::npos);
    CHECK(b.find("z1.html") == std::string::npos);
    std::string a = nav.For(At(t, "a/_index.md"));
    CHECK(a.find("a1.html") != std::string::npos);
    CHECK(a.find("c.html") == std::string::npos);
  }

  TEST_CASE("a page past the cap is shown in its place before the link to all pages") {
    MemoryDisk disk;
    Sections(disk, 2, 100);
    SiteTree t = Tree(disk);
    Navigation nav(t, "Alle pagina's");
    std::string html = nav.For(At(t, "s01/p0070.md"));
    CHECK(Count(html, "<li><a href=\"../s01/p") == Navigation::kMaxListed + 1);
    CHECK(html.find("<li><a href=\"../s01/p0070.html\" aria-current=\"page\">Pagina 70</a></li>\n"
                    "<li class=\"nav-more\">") != std::string::npos);
    CHECK(Count(html, "aria-current") == 1);
    CHECK(html.find('\x02') == std::string::npos);
    // A listed page is not added twice, and the slot leaves no trace.
    std::string listed = nav.For(At(t, "s01/p0003.md"));
    CHECK(Count(listed, "<li><a href=\"../s01/p") == Navigation::kMaxListed);
    CHECK(listed.find('\x02') == std::string::npos);
    CHECK(nav.For(At(t, "s01/_index.md")).find('\x02') == std::string::npos);
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
