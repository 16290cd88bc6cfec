#include "publish/print_edition.h"

#include <doctest/doctest.h>

#include "site_fixture.h"

using namespace ww;
using namespace ww::testing;

namespace {

// A site with two sections, a nested section and print editions on.
struct PrintSite {
  MemoryDisk disk;
  Diagnostics diags;
  explicit PrintSite(const std::string& toml_top = "") {
    AddMiniSite(&disk);
    std::string& toml = disk.files["site/site.toml"];
    toml = toml_top + toml;
    toml.replace(toml.find("enabled = false"), 15, "enabled = true");
    auto page = [&](const std::string& rel, const std::string& title, int weight, const std::string& body = "") {
      disk.files["site/content/" + rel] =
          "---\ntitle: \"" + title + "\"\nweight: " + std::to_string(weight) + "\n---\n" + body;
    };
    page("_index.md", "Start", 0, "Welkom.\n");
    page("b/_index.md", "Bee", 20);
    page("b/twee.md", "Bee twee", 20, "## Kop van twee\n");
    page("b/een.md", "Bee een", 10, "Zie [a](../a/_index.md).\n");
    page("a/_index.md", "Aa", 10);
    page("a/diep/_index.md", "Diep", 5);
    page("a/diep/x.md", "Diep x", 1);
    page("a/los.md", "Los", 30);
  }
  std::string Out(const std::string& rel) const {
    auto it = disk.files.find("out/" + rel);
    return it == disk.files.end() ? "<missing>" : it->second;
  }
};

// The titles of the print edition's pages, in the order they appear.
std::vector<std::string> Titles(const std::string& html) {
  std::vector<std::string> out;
  for (size_t at = 0; (at = html.find("class=\"print-page__title\"", at)) != std::string::npos;) {
    size_t gt = html.find('>', at) + 1;
    std::string t = html.substr(gt, html.find("</h", gt) - gt);
    if (size_t num = t.find("</span> "); num != std::string::npos) t = t.substr(num + 8);
    out.push_back(t);
    at = gt;
  }
  return out;
}

}  // namespace

TEST_SUITE("print_edition") {
  TEST_CASE("the print edition holds every page once, in reading order, numbered") {
    PrintSite s;
    REQUIRE_MESSAGE(BuildMemorySite(&s.disk, &s.diags).ok, DumpDiags(s.diags));
    std::string h = s.Out("print.html");
    CHECK(Titles(h) ==
          std::vector<std::string>{"Inleiding", "Aa", "Diep", "Diep x", "Los", "Bee", "Bee een", "Bee twee"});
    CHECK(Contains(h, "<span class=\"print-toc__num\">1</span> <span class=\"print-toc__title\">Aa</span>"));
    CHECK(Contains(h, "<span class=\"print-toc__num\">1.1.1</span> <span class=\"print-toc__title\">Diep x</span>"));
    CHECK(Contains(h, "<span class=\"print-toc__num\">2.2</span> <span class=\"print-toc__title\">Bee twee</span>"));
    CHECK(Contains(h, ">Kop van twee</h2>"));
    // The introduction and the top-level sections are chapters: each starts on a new page.
    size_t chapters = 0;
    for (size_t at = 0; (at = h.find("class=\"print-page print-chapter\"", at)) != std::string::npos; ++at) ++chapters;
    CHECK(chapters == 3);
  }

  TEST_CASE("a section's print edition holds its own pages; links out of it go to the site") {
    PrintSite s;
    REQUIRE_MESSAGE(BuildMemorySite(&s.disk, &s.diags).ok, DumpDiags(s.diags));
    std::string b = s.Out("print-b.html");
    CHECK(Titles(b) == std::vector<std::string>{"Bee", "Bee een", "Bee twee"});
    CHECK(Contains(b, "<a href=\"a/index.html\">a</a>"));
    CHECK(Titles(s.Out("print-a.html")) == std::vector<std::string>{"Aa", "Diep", "Diep x", "Los"});
    CHECK(s.Out("print-diep.html") == "<missing>");  // only top-level sections have their own edition
  }

  TEST_CASE("a page with print: false stays out of the print editions; links to it go to the site") {
    PrintSite s;
    s.disk.files["site/content/a/nieuw.md"] = "---\ntitle: \"Nieuw\"\nweight: 40\nprint: false\n---\nLijst.\n";
    s.disk.files["site/content/b/een.md"] += "Zie [nieuw](../a/nieuw.md).\n";
    REQUIRE_MESSAGE(BuildMemorySite(&s.disk, &s.diags).ok, DumpDiags(s.diags));
    std::string h = s.Out("print.html");
    CHECK(Titles(h) ==
          std::vector<std::string>{"Inleiding", "Aa", "Diep", "Diep x", "Los", "Bee", "Bee een", "Bee twee"});
    CHECK_FALSE(Contains(h, "print-toc__title\">Nieuw<"));
    CHECK(Contains(h, "<a href=\"a/nieuw.html\">nieuw</a>"));
    CHECK(Titles(s.Out("print-a.html")) == std::vector<std::string>{"Aa", "Diep", "Diep x", "Los"});
    // Each entry of the contents names its target for CSS paged media's target-counter.
    CHECK(Contains(h, "data-target=\"#p"));
  }

  TEST_CASE("the cover shows the site's logo") {
    PrintSite s("logo = \"assets/logo.svg\"\n");
    s.disk.files["site/content/assets/logo.svg"] = "<svg/>";
    REQUIRE_MESSAGE(BuildMemorySite(&s.disk, &s.diags).ok, DumpDiags(s.diags));
    CHECK(Contains(s.Out("print.html"), "<img class=\"print-cover__logo\" src=\"assets/logo.svg\" alt=\"\">"));
    CHECK(Contains(s.Out("print-a.html"), "<img class=\"print-cover__logo\" src=\"assets/logo.svg\" alt=\"\">"));
  }

}  // TEST_SUITE
