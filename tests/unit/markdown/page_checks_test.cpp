#include "markdown/page_checks.h"

#include <doctest/doctest.h>

#include "site_fixture.h"

using namespace ww;
using ww::testing::FindDiag;

namespace {

// The mini site with a CSP in its page template, built from memory.
struct Site {
  MemoryDisk disk;
  Diagnostics diags;
  BuildResult result;
  explicit Site(const std::string& toml_extra = "") {
    ww::testing::AddMiniSite(&disk);
    disk.files["site/site.toml"] = "title = \"Proef\"\ntheme = \"mini\"\nbase_url = \"https://x.nl/\"\n" + toml_extra +
                                   "[print]\nenabled = false\n";
    disk.files["site/themes/mini/templates/page.mustache"] =
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' data:\">\n"
        "<title>{{page.title}}</title>\n<main>{{{page.content}}}</main>\n";
    disk.files["site/content/_index.md"] = "---\ntitle: Start\n---\n";
  }
  bool Build(BuildOptions o = ww::testing::MemoryBuildOptions()) {
    result = ww::testing::BuildMemorySite(&disk, &diags, o);
    return result.ok;
  }
  std::string Out(const std::string& rel) { return disk.files["out/" + rel]; }
  std::vector<Diagnostic> All() const { return diags.Sorted(); }
};

// A PNG header of w × h, padded to `bytes`.
std::string Png(int w, int h, size_t bytes = 33) {
  std::string s = "\x89PNG\r\n\x1a\n";
  s += std::string("\0\0\0\x0dIHDR", 8);
  for (int v : {w, h})
    for (int shift : {24, 16, 8, 0}) s += static_cast<char>((v >> shift) & 0xFF);
  s.resize(std::max(bytes, s.size() + 5), '\0');
  return s;
}

}  // namespace

TEST_SUITE("page_checks") {
  TEST_CASE("the theme's image policy, and what it lets in") {
    MemoryDisk disk;
    ThemeFiles theme;
    disk.files["t/templates/partials/head.mustache"] =
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' data:; "
        "style-src 'self'\">";
    LayeredFile head;
    head.disk_path = "t/templates/partials/head.mustache";
    theme.files["templates/partials/head.mustache"] = head;
    auto policy = ThemeImagePolicy(disk, theme);
    REQUIRE(policy);
    CHECK(*policy == "'self' data:");
    CHECK_FALSE(PolicyAllowsImage(*policy, "https://example.org/a.png"));
    CHECK(PolicyAllowsImage("'self' https:", "https://example.org/a.png"));
    CHECK(PolicyAllowsImage("*", "http://example.org/a.png"));
    CHECK(PolicyAllowsImage("https://*.example.org", "https://img.example.org/a.png"));
    CHECK(PolicyAllowsImage("img.example.org", "https://img.example.org/a.png"));
    CHECK_FALSE(PolicyAllowsImage("img.example.org", "https://example.org/a.png"));
    ThemeFiles none;
    CHECK_FALSE(ThemeImagePolicy(disk, none));
  }

  TEST_CASE("raw HTML, an HTML comment and an empty link are warnings at their place; the build succeeds") {
    Site s;
    s.disk.files["site/content/a.md"] =
        "---\ntitle: A\n---\n<div>kader</div>\n\nIets <b>vet</b>.\n\n<!-- notitie -->\n\nEen [leeg]() adres.\n";
    REQUIRE(s.Build());
    auto all = s.All();
    const Diagnostic* block = FindDiag(all, "raw HTML is not published");
    REQUIRE(block);
    CHECK(block->path == "content/a.md");
    CHECK(block->line == 4);
    CHECK(block->col == 1);
    const Diagnostic* comment = FindDiag(all, "HTML comment");
    REQUIRE(comment);
    CHECK(comment->line == 8);
    const Diagnostic* link = FindDiag(all, "link 'leeg' has no address");
    REQUIRE(link);
    CHECK(link->line == 10);
    CHECK(link->col == 5);
    size_t raw = 0;
    for (const Diagnostic& d : all) raw += d.message.starts_with("raw HTML");
    CHECK(raw == 2);                                                      // <div> and <b>; </b> is not said again
    CHECK(s.Out("a.html").find("Een leeg adres.") != std::string::npos);  // the empty link became its text
    CHECK(s.Out("a.html").find("href=\"\"") == std::string::npos);
  }

  TEST_CASE("raw HTML allowed by [markup] unsafe_html is no warning") {
    Site s("[markup]\nunsafe_html = true\n");
    s.disk.files["site/content/a.md"] = "---\ntitle: A\n---\n<div>kader</div>\n";
    REQUIRE(s.Build());
    CHECK(s.diags.WarningCount() == 0);
  }

  TEST_CASE("images: alt text required unless decorative; width and height from the file; big files said") {
    Site s("[images]\nmax_kb = 2\n");
    s.disk.files["site/content/img/klein.png"] = Png(30, 20);
    s.disk.files["site/content/img/groot.png"] = Png(4000, 3000, 3000);
    s.disk.files["site/content/a.md"] =
        "---\ntitle: A\n---\n![](img/klein.png)\n\n![\"\"](img/klein.png)\n\n![Plein](/img/klein.png)\n\n"
        "![Luchtfoto](img/groot.png)\n\n![Logo](https://example.org/logo.png)\n";
    REQUIRE(s.Build());
    auto all = s.All();
    const Diagnostic* alt = FindDiag(all, "has no alt text");
    REQUIRE(alt);
    CHECK(alt->line == 4);
    CHECK(alt->message.find("![\"\"](img/klein.png)") != std::string::npos);
    size_t alts = 0;
    for (const Diagnostic& d : all) alts += d.message.find("has no alt text") != std::string::npos;
    CHECK(alts == 1);  // the decorative one is not said
    const Diagnostic* big = FindDiag(all, "image img/groot.png is 3 KB (4000 × 3000 pixels), more than 2 KB");
    REQUIRE(big);
    CHECK(big->line == 10);
    const Diagnostic* csp = FindDiag(all, "image from another site (https://example.org/logo.png)");
    REQUIRE(csp);
    CHECK(csp->message.find("img-src 'self' data:") != std::string::npos);
    std::string html = s.Out("a.html");
    CHECK(html.find("<img src=\"img/klein.png\" alt=\"\" width=\"30\" height=\"20\"") != std::string::npos);
    CHECK(html.find("<img src=\"img/klein.png\" alt=\"Plein\" width=\"30\" height=\"20\"") != std::string::npos);
    CHECK(html.find("alt=\"Luchtfoto\" width=\"4000\" height=\"3000\"") != std::string::npos);
    CHECK(html.find("&quot;&quot;") == std::string::npos);  // the decorative mark is not shown
    CHECK(html.find("example.org") == std::string::npos);   // never asked for: its alt text instead
    CHECK(html.find("<p>Logo</p>") != std::string::npos);
  }

  TEST_CASE("--strict and strict = true: a warning fails the build, and nothing is published") {
    Site s;
    s.disk.files["site/content/a.md"] = "---\ntitle: A\n---\n![](a.png)\n";
    s.disk.files["site/content/a.png"] = Png(1, 1);
    BuildOptions o = ww::testing::MemoryBuildOptions();
    o.strict = true;
    CHECK_FALSE(s.Build(o));
    CHECK(s.result.strict);
    CHECK(s.diags.WarningCount() == 0);
    CHECK(s.diags.ErrorCount() == 1);
    CHECK_FALSE(s.disk.files.count("out/index.html"));
    Site t("strict = true\n");
    t.disk.files["site/content/a.md"] = s.disk.files["site/content/a.md"];
    t.disk.files["site/content/a.png"] = Png(1, 1);
    CHECK_FALSE(t.Build());
    Site u("strict = true\n");
    CHECK(u.Build());  // no warning, nothing to fail on
  }
}
