// The whole build on a MemoryDisk (and a temp folder for symlinks): the
// bad-input catalogue of issue 9. Every bad input gives a clear
// file:line:col message, never a crash, and leaves the previous site as it was.
#include "build.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "incremental.h"
#include "site_fixture.h"

using namespace ww;
using namespace ww::testing;

namespace {

const char* kPrevious = "<p>the previous site</p>";

// A site with a home page, and a previous build in out/.
struct Site {
  MemoryDisk disk;
  Diagnostics diags;
  BuildResult result;
  explicit Site(const std::string& toml_extra = "") {
    AddMiniSite(&disk, toml_extra);
    disk.files["site/content/_index.md"] = "---\ntitle: Start\n---\n# Welkom\n";
    disk.files["out/index.html"] = kPrevious;
    disk.files["out/oud.html"] = kPrevious;
    MarkAsOutput(&disk, "out");
  }
  void Page(const std::string& rel, const std::string& text) { disk.files["site/content/" + rel] = text; }
  bool Build(BuildOptions o = MemoryBuildOptions()) {
    result = BuildMemorySite(&disk, &diags, o);
    return result.ok;
  }
  std::vector<Diagnostic> Errors() const {
    std::vector<Diagnostic> out;
    for (const Diagnostic& d : diags.Sorted())
      if (d.severity == Severity::kError) out.push_back(d);
    return out;
  }
  std::vector<Diagnostic> Warnings() const {
    std::vector<Diagnostic> out;
    for (const Diagnostic& d : diags.Sorted())
      if (d.severity == Severity::kWarning) out.push_back(d);
    return out;
  }
  // The previous output is exactly as it was and nothing was left beside it.
  bool PreviousIntact() const {
    size_t out_files = 0;
    for (const auto& [path, data] : disk.files) {
      if (path.rfind("out.", 0) == 0) return false;  // staging or old folder left behind
      if (path == "out/.wegwijzer-output") {
        if (data != OutputMarkText("out")) return false;
      } else if (path.rfind("out/", 0) == 0) {
        ++out_files;
        if (data != kPrevious) return false;
      }
    }
    return out_files == 2;
  }
  std::string Out(const std::string& rel) const {
    auto it = disk.files.find("out/" + rel);
    return it == disk.files.end() ? "" : it->second;
  }
  bool Has(const std::string& rel) const { return disk.files.count("out/" + rel) > 0; }
  // Nothing was written outside out/ (and the site's own files).
  bool NothingOutside() const {
    for (const auto& [path, data] : disk.files)
      if (path.rfind("out/", 0) != 0 && path.rfind("site/", 0) != 0) return false;
    return true;
  }
};

// The one error of a failed build.
Diagnostic OneError(const Site& s) {
  auto e = s.Errors();
  REQUIRE_MESSAGE(e.size() == 1, DumpDiags(s.diags));
  return e[0];
}

}  // namespace

TEST_SUITE("build") {
  TEST_CASE("a small site builds into out/, replacing the previous site") {
    Site s;
    s.Page("rol/_index.md", "---\ntitle: Rol\n---\nOver de [functie](functie.md#taken).\n");
    s.Page("rol/functie.md", "---\ntitle: Functie\naliases: [oud/functie]\n---\n## Taken\n\n[terug](../_index.md)\n");
    s.Page("img/logo.png", "PNG");
    REQUIRE_MESSAGE(s.Build(), DumpDiags(s.diags));
    CHECK(s.diags.ErrorCount() == 0);
    CHECK(s.result.pages == 3);
    CHECK(s.Has("index.html"));
    CHECK(s.Has("rol/index.html"));
    CHECK(s.Has("rol/functie.html"));
    CHECK(s.Has("oud/functie.html"));
    CHECK(s.Has("img/logo.png"));
    CHECK(s.Has("assets/mini.css"));
    CHECK(s.Has("assets/brand.css"));
    CHECK_FALSE(s.Has("oud.html"));  // the previous site was replaced as a whole
    CHECK(Contains(s.Out("rol/index.html"), "<a href=\"functie.html#taken\">functie</a>"));
    CHECK(Contains(s.Out("rol/functie.html"), "<a href=\"../index.html\">terug</a>"));
    CHECK(Contains(s.Out("rol/functie.html"), "<h2 id=\"taken\">Taken</h2>"));
    CHECK(Contains(s.Out("oud/functie.html"), "url=../rol/functie.html"));
    CHECK(Contains(s.Out("rol/functie.html"), "href=\"../rol/functie.html\" aria-current=\"page\""));
    for (const auto& [path, data] : s.disk.files) CHECK(path.rfind("out.", 0) != 0);
  }

  TEST_CASE("the build gives the same output with one worker and with several") {
    Site one, many;
    for (Site* s : {&one, &many})
      for (int i = 0; i < 30; ++i)
        s->Page("s" + std::to_string(i % 3) + "/p" + std::to_string(i) + ".md",
                "---\ntitle: P" + std::to_string(i) + "\n---\n[home](/)\n");
    REQUIRE(one.Build());
    BuildOptions o = MemoryBuildOptions();
    o.jobs = 4;
    REQUIRE(many.Build(o));
    for (const auto& [path, data] : one.disk.files)
      if (path.rfind("out/", 0) == 0) CHECK_MESSAGE(many.disk.files[path] == data, path);
  }

  TEST_CASE("search index, feed and sitemap are written unless site.toml turns them off") {
    Site on;
    on.Page("rol/functie.md", "---\ntitle: Functie\n---\nDe taken van de intern begeleider.\n");
    REQUIRE_MESSAGE(on.Build(), DumpDiags(on.diags));
    CHECK(on.Has("search-index.js"));
    CHECK(on.Has("search-docs-0.js"));
    CHECK(Contains(on.Out("search-docs-0.js"), "begeleider"));
    CHECK(on.Has("feed.xml"));
    CHECK(on.Has("sitemap.xml"));
    CHECK(on.result.search_index_bytes > 0);

    Site off("[search]\nenabled = false\n[feed]\nenabled = false\n[sitemap]\nenabled = false\n");
    off.Page("rol/functie.md", "---\ntitle: Functie\n---\nDe taken van de intern begeleider.\n");
    REQUIRE_MESSAGE(off.Build(), DumpDiags(off.diags));
    CHECK(off.Has("rol/functie.html"));
    CHECK(Contains(off.Out("rol/functie.html"), "De taken van de intern begeleider."));
    for (const auto& [path, data] : off.disk.files) CHECK_MESSAGE(path.find("search-index") == std::string::npos, path);
    CHECK_FALSE(off.Has("feed.xml"));
    CHECK_FALSE(off.Has("sitemap.xml"));
    CHECK(off.result.search_index_bytes == 0);
    CHECK(off.diags.Sorted().empty());
  }

  TEST_CASE("a rebuild takes the search doc chunks of unchanged pages from the last site") {
    Site site("[search]\ndoc_pages = 2\n");
    for (int i = 0; i < 5; ++i)
      site.Page("p" + std::to_string(i) + ".md", "---\ntitle: P" + std::to_string(i) + "\n---\nTekst " +
                                                    std::to_string(i) + " over de intern begeleider.\n");
    REQUIRE_MESSAGE(site.Build(), DumpDiags(site.diags));
    CHECK(site.result.search_docs_reused == 0);  // no last site yet
    std::map<std::string, std::string> first;
    for (const auto& [path, data] : site.disk.files)
      if (path.find("/search-") != std::string::npos) first[path] = data;
    REQUIRE(first.size() > 3);
    REQUIRE(site.Build());
    CHECK(site.result.search_docs_reused == 3);  // (index page + 5 pages) / 2
    for (const auto& [path, data] : first) CHECK_MESSAGE(site.disk.files[path] == data, path);
    site.Page("p3.md", "---\ntitle: P3\n---\nAndere woorden.\n");
    REQUIRE(site.Build());
    CHECK(site.result.search_docs_reused == 2);
    bool found = false;
    for (const auto& [path, data] : site.disk.files)
      if (path.find("/search-docs-") != std::string::npos) found |= Contains(data, "Andere");
    CHECK(found);
  }

  TEST_CASE("a link to the feed is broken when the site has no feed") {
    Site s("[feed]\nenabled = false\n");
    s.Page("over.md", "---\ntitle: Over\n---\n[nieuws](feed.xml)\n");
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "content/over.md");
    CHECK(e.line == 4);
    CHECK(e.message ==
          "link to feed.xml: the site has no feed.xml, site.toml says [feed] enabled = false; remove the "
          "link or turn it on again");
    CHECK(s.PreviousIntact());
  }

  // ---- site.toml and theme

  TEST_CASE("a missing site.toml") {
    Site s;
    s.disk.files.erase("site/site.toml");
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "site/site.toml");
    CHECK(e.message.find("no site.toml here") == 0);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("a broken site.toml") {
    Site s;
    s.disk.files["site/site.toml"] = "title = \"Proef\"\ntheme = mini\n";
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "site/site.toml");
    CHECK(e.line == 2);
    CHECK(e.col > 0);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("an unknown theme") {
    Site s;
    s.disk.files["site/site.toml"] = "title = \"Proef\"\ntheme = \"bestaat-niet\"\n";
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "site/site.toml");
    CHECK(e.message.find("theme \"bestaat-niet\" not found") == 0);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("a theme name that climbs out of themes/") {
    for (const char* name : {"../../etc", "a/b", ".hidden", ""}) {
      Site s;
      s.disk.files["site/site.toml"] = std::string("theme = \"") + name + "\"\n";
      CHECK_FALSE(s.Build());
      CHECK(OneError(s).message.find("not found") != std::string::npos);
    }
  }

  TEST_CASE("a missing layout named in front matter is an error at the page") {
    Site s;
    s.Page("a.md", "---\ntitle: A\nlayout: breed\n---\n");
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "content/a.md");
    CHECK(e.message.find("layout 'breed' does not exist") == 0);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("a template with an unclosed section names the template file and line") {
    Site s;
    s.disk.files["site/themes/mini/templates/page.mustache"] = "<title>{{page.title}}</title>\n\n{{#page.has_toc}}\n";
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "themes/mini/templates/page.mustache");
    CHECK(e.line == 3);
    CHECK(e.message.find("page.has_toc") != std::string::npos);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("a missing partial names the template and line") {
    Site s;
    s.disk.files["site/themes/mini/templates/page.mustache"] = "a\n{{> kop}}\n";
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "themes/mini/templates/page.mustache");
    CHECK(e.line == 2);
    CHECK(e.message.find("partial 'kop' not found") == 0);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("a looping partial include") {
    Site s;
    s.disk.files["site/themes/mini/templates/partials/nav.mustache"] = "{{> nav2}}";
    s.disk.files["site/themes/mini/templates/partials/nav2.mustache"] = "{{> nav}}";
    CHECK_FALSE(s.Build());
    auto errors = s.Errors();
    REQUIRE(!errors.empty());
    for (const Diagnostic& e : errors) {
      CHECK(e.path.rfind("themes/mini/templates/partials/nav", 0) == 0);
      CHECK(e.line == 1);
      CHECK(e.message.find("partials include each other in a loop: ") == 0);
    }
    CHECK(s.PreviousIntact());
  }

  // ---- front matter

  TEST_CASE("unterminated front matter") {
    Site s;
    s.Page("a.md", "---\ntitle: A\n\n# Kop\n");
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.Format().rfind("content/a.md:1:1: error: front matter starts with '---' but is never closed", 0) == 0);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("malformed YAML front matter") {
    Site s;
    s.Page("a.md", "---\ntitle: A\ntags: [a, b\nweight: 1\n---\n");
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "content/a.md");
    CHECK(e.line >= 3);
    CHECK(e.col >= 1);
    CHECK(e.message.find("invalid YAML") == 0);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("malformed TOML front matter") {
    Site s;
    s.Page("a.md", "+++\ntitle = \"A\"\nweight = \n+++\n");
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "content/a.md");
    CHECK(e.line == 3);
    CHECK(e.col >= 1);
    CHECK(e.message.find("invalid TOML") == 0);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("wrong types in front matter") {
    struct Case {
      const char* text;
      int line;
      const char* message;
    };
    for (Case c :
         {Case{"---\ntitle: [a, b]\n---\n", 2, "front matter field 'title' must be text, not a list"},
          Case{"---\ntitle: A\nweight: veel\n---\n", 3, "front matter field 'weight' must be a whole number, not text"},
          Case{"---\ntitle: A\n\ndraft: nee\n---\n", 4, "front matter field 'draft' must be true or false, not text"},
          Case{"---\ntitle: A\ntags: zorg\n---\n", 3,
               "front matter field 'tags' must be a list of texts, like [a, b], not text"}}) {
      CAPTURE(c.text);
      Site s;
      s.Page("a.md", c.text);
      CHECK_FALSE(s.Build());
      Diagnostic e = OneError(s);
      CHECK(e.path == "content/a.md");
      CHECK(e.line == c.line);
      CHECK(e.col == 1);
      CHECK(e.message == c.message);
      CHECK(s.PreviousIntact());
    }
  }

  TEST_CASE("a 10,000-deep YAML structure in front matter") {
    Site s;
    std::string deep = "---\ntitle: A\nx: ";
    for (int i = 0; i < 10000; ++i) deep += "[";
    for (int i = 0; i < 10000; ++i) deep += "]";
    s.Page("a.md", deep + "\n---\n");
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "content/a.md");
    CHECK(e.line >= 2);
    CHECK(s.PreviousIntact());
  }

  // ---- bytes of the file

  TEST_CASE("invalid UTF-8 names the line and column of the bad byte") {
    Site s;
    s.Page("a.md", "---\ntitle: A\n---\n\nDe één caf\xE9.\n");
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "content/a.md");
    CHECK(e.line == 5);
    CHECK(e.col == 11);
    CHECK(e.message.find("invalid UTF-8") == 0);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("a BOM and CRLF line ends build fine") {
    Site s;
    s.Page("a.md", "\xEF\xBB\xBF---\r\ntitle: A\r\n---\r\n# Kop\r\n\r\nTekst\r\nmeer\r\n");
    REQUIRE_MESSAGE(s.Build(), DumpDiags(s.diags));
    CHECK(s.diags.Sorted().empty());
    std::string html = s.Out("a.html");
    CHECK(Contains(html, "<title>A</title>"));
    CHECK(Contains(html, "<h1 id=\"kop\">Kop</h1>"));
    CHECK(Contains(html, "<p>Tekst\nmeer</p>"));
    CHECK_FALSE(Contains(html, "\r"));
    CHECK_FALSE(Contains(html, "\xEF\xBB\xBF"));
  }

  TEST_CASE("empty files build: a page without a title is a warning") {
    Site s;
    s.Page("leeg.md", "");
    s.Page("sectie/_index.md", "");
    s.Page("leeg.yaml", "");
    s.Page("leeg.png", "");
    REQUIRE_MESSAGE(s.Build(), DumpDiags(s.diags));
    CHECK(s.Warnings().size() == 2);
    CHECK(Contains(s.Out("leeg.html"), "<title>Leeg</title>"));
    CHECK(Contains(s.Out("sectie/index.html"), "<title>Sectie</title>"));
    CHECK(s.Has("leeg.png"));
  }

  TEST_CASE("an empty site.toml uses the default theme, which this site does not have") {
    Site s;
    s.disk.files["site/site.toml"] = "";
    CHECK_FALSE(s.Build());
    CHECK(OneError(s).message.find("theme \"default\" not found") == 0);
  }

  TEST_CASE("a 50 MB page is refused with a message") {
    Site s;
    s.Page("groot.md", "---\ntitle: Groot\n---\n" + std::string(50u << 20, 'a'));
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "content/groot.md");
    CHECK(e.message.find("50 MB") != std::string::npos);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("10,000-deep nesting in Markdown builds, with a warning") {
    Site s;
    std::string quotes, lists;
    for (int i = 0; i < 10000; ++i) quotes += ">";
    for (int i = 0; i < 10000; ++i) lists += "- ";
    s.Page("quotes.md", "---\ntitle: Q\n---\n" + quotes + " diep\n");
    s.Page("lists.md", "---\ntitle: L\n---\n\n" + lists + "diep\n");
    REQUIRE_MESSAGE(s.Build(), DumpDiags(s.diags));
    auto w = s.Warnings();
    REQUIRE(w.size() == 2);
    CHECK(w[0].path == "content/lists.md");
    CHECK(w[0].line == 5);
    CHECK(w[1].path == "content/quotes.md");
    CHECK(w[1].line == 4);
    CHECK(w[1].message.find("nested more than") != std::string::npos);
    CHECK(Contains(s.Out("quotes.html"), "diep"));
    CHECK(Contains(s.Out("lists.html"), "diep"));
  }

  // ---- data files

  TEST_CASE("a TOML data file or TOML front matter with a letter like é outside quotes") {
    // toml++ 3.3 reaches undefined behaviour on these (found by fuzzing); it must be a message.
    Site s;
    s.Page("gegevens.toml", "naam = \"a\"\ncafé = 1\n");
    s.Page("a.md", "+++\ntitle = \"A\"\nnaïef = true\n+++\n");
    CHECK_FALSE(s.Build());
    auto e = s.Errors();
    REQUIRE_MESSAGE(e.size() == 2, DumpDiags(s.diags));
    CHECK(e[0].Format().rfind("content/a.md:3:3: error: invalid TOML: 'ï' outside quotes", 0) == 0);
    CHECK(e[1].Format().rfind("content/gegevens.toml:2:4: error: invalid TOML: 'é' outside quotes", 0) == 0);
    CHECK(s.PreviousIntact());
  }

  // ---- links

  TEST_CASE("a broken link to a page") {
    Site s;
    s.Page("a.md", "---\ntitle: A\n---\n\nZie [b](b.md).\n");
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.Format().rfind("content/a.md:5:5: error: link to b.md: there is no page b.md", 0) == 0);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("a broken anchor in the same page") {
    Site s;
    s.Page("a.md", "---\ntitle: A\n---\n## Doel\n\n[x](#doelen)\n");
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "content/a.md");
    CHECK(e.line == 6);
    CHECK(e.col == 1);
    CHECK(e.message.find("link to #doelen") == 0);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("a broken anchor in another page") {
    Site s;
    s.Page("a.md", "---\ntitle: A\n---\n[x](b.md#nergens) [y](b.md#doel)\n");
    s.Page("b.md", "---\ntitle: B\n---\n## Doel\n");
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.Format() ==
          "content/a.md:4:1: error: link to #nergens in content/b.md: that page has no heading with this anchor; "
          "check the spelling (anchors are the heading text in lower case with '-' for spaces)");
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("a heading that starts with a digit: its anchor starts with kop-, and the old form is explained") {
    Site s;
    s.Page("a.md", "---\ntitle: A\n---\n[x](b.md#kop-1-doelen) [y](#kop-2e-jaar)\n\n## 2e jaar\n");
    s.Page("b.md", "---\ntitle: B\n---\n## 1. Doelen\n");
    REQUIRE_MESSAGE(s.Build(), DumpDiags(s.diags));
    CHECK(Contains(s.Out("b.html"), "<h2 id=\"kop-1-doelen\">1. Doelen</h2>"));
    CHECK(Contains(s.Out("a.html"), "<a href=\"b.html#kop-1-doelen\">x</a>"));
    CHECK(Contains(s.Out("a.html"), "<a href=\"#kop-2e-jaar\">y</a>"));

    s.Page("a.md", "---\ntitle: A\n---\n[x](b.md#1-doelen)\n");
    CHECK_FALSE(s.Build());
    CHECK(OneError(s).Format() ==
          "content/a.md:4:1: error: link to #1-doelen in content/b.md: that page has no heading with this anchor; "
          "check the spelling (anchors are the heading text in lower case with '-' for spaces; a heading that "
          "starts with a digit gets 'kop-' in front: #kop-1-doelen)");
  }

  TEST_CASE("a link to a footnote of another page is fine") {
    Site s;
    s.Page("a.md", "---\ntitle: A\n---\n[x](b.md#fn-1)\n");
    s.Page("b.md", "---\ntitle: B\n---\nNoot[^1].\n\n[^1]: Tekst.\n");
    CHECK_MESSAGE(s.Build(), DumpDiags(s.diags));
  }

  TEST_CASE("headings that a plugin makes get anchor ids too") {
    Site s;
    s.disk.files["site/plugins/kop.lua"] =
        "-- Turns every level-1 heading into a level-2 heading 'Nieuw'.\n"
        "return { Heading = function(h)\n"
        "  if h.level == 1 then return {type = 'Heading', level = 2, children = {{type = 'Text', text = 'Nieuw'}}} "
        "end\n"
        "end }\n";
    s.Page("a.md", "---\ntitle: A\n---\n# Oud\n\n[naar de kop](#nieuw)\n");
    REQUIRE_MESSAGE(s.Build(), DumpDiags(s.diags));
    CHECK(Contains(s.Out("a.html"), "<h2 id=\"nieuw\">Nieuw</h2>"));
    CHECK(Contains(s.Out("a.html"), "<a href=\"#nieuw\">naar de kop</a>"));
  }

  // ---- output paths

  TEST_CASE("two pages with the same output path") {
    Site s;
    s.Page("a.md", "---\ntitle: A\n---\n");
    s.Page("b.md", "---\ntitle: B\nslug: a\n---\n");
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "content/b.md");
    CHECK(e.line == 3);  // the slug
    CHECK(e.message.find("output file a.html is also written by content/a.md") == 0);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("two pages with the same slug") {
    Site s;
    s.Page("b.md", "---\ntitle: B\nslug: x\n---\n");
    s.Page("c.md", "---\ntitle: C\n\nslug: x\n---\n");
    CHECK_FALSE(s.Build());
    CHECK(OneError(s).Format() ==
          "content/c.md:4:1: error: output file x.html is also written by content/b.md; give one of them another "
          "file name or slug");
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("a page and an alias with the same output path") {
    Site s;
    s.Page("a.md", "---\ntitle: A\n---\n");
    s.Page("b.md", "---\ntitle: B\naliases: [a.html]\n---\n");
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "content/b.md");
    CHECK(e.line == 3);  // the aliases
    CHECK(e.message.find("alias a.html is also written by content/a.md") == 0);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("a slug or alias like ../../x is refused and nothing is written outside the output") {
    for (const char* fm : {"slug: ../../x", "aliases: [../../x]", "aliases: [/../../x]", "aliases: [a/../../../x]"}) {
      CAPTURE(fm);
      Site s;
      s.Page("a.md", std::string("---\ntitle: A\n") + fm + "\n---\n");
      CHECK_FALSE(s.Build());
      Diagnostic e = OneError(s);
      CHECK(e.path == "content/a.md");
      CHECK(e.line == 3);
      CHECK(e.col == 1);
      CHECK(e.message.find("../../x\"") != std::string::npos);  // names the bad path
      CHECK(s.PreviousIntact());
      CHECK(s.NothingOutside());
    }
  }

  // ---- injected failures

  TEST_CASE("a failing write leaves the previous site") {
    Site s;
    s.Page("a.md", "---\ntitle: A\n---\n");
    s.disk.fail_writes_under = "out.tmp";
    CHECK_FALSE(s.Build());
    auto errors = s.Errors();
    REQUIRE(!errors.empty());
    CHECK(errors[0].message.find("injected failure") != std::string::npos);
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("a missing content folder") {
    Site s;
    s.disk.files.erase("site/content/_index.md");
    CHECK_FALSE(s.Build());
    Diagnostic e = OneError(s);
    CHECK(e.path == "content");
    CHECK(s.PreviousIntact());
  }

  // ---- raw HTML and scripts

  TEST_CASE("raw HTML and javascript: links are escaped or dropped by default") {
    Site s;
    s.Page("a.md",
           "---\ntitle: A\n---\n<script>alert(1)</script>\n\nEen <img src=x onerror=alert(2)> en "
           "[klik](javascript:alert(3)) en ![x](javascript:alert(4)) en <javascript:alert(5)>\n");
    REQUIRE_MESSAGE(s.Build(), DumpDiags(s.diags));
    std::string html = s.Out("a.html");
    CHECK_FALSE(Contains(html, "<script>"));
    CHECK_FALSE(Contains(html, "<img src=x"));
    CHECK_FALSE(Contains(html, "href=\"javascript"));
    CHECK_FALSE(Contains(html, "src=\"javascript"));
    CHECK(Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(Contains(html, "&lt;img src=x onerror=alert(2)&gt;"));
    CHECK(Contains(html, "klik"));
  }

  TEST_CASE("raw HTML is published with [markup] unsafe_html = true; javascript: links still are not") {
    Site s("[markup]\nunsafe_html = true\n");
    s.Page("a.md",
           "---\ntitle: A\n---\n<div class=\"kader\">\nhoi\n</div>\n\nEen <b>vet</b> [klik](javascript:alert(3))\n");
    REQUIRE_MESSAGE(s.Build(), DumpDiags(s.diags));
    std::string html = s.Out("a.html");
    CHECK(Contains(html, "<div class=\"kader\">\nhoi\n</div>"));
    CHECK(Contains(html, "Een <b>vet</b> klik"));
  }

  TEST_CASE("titles and other front matter are escaped in templates") {
    Site s;
    s.Page("a.md", "---\ntitle: \"<script>alert(1)</script>\"\n---\n");
    REQUIRE(s.Build());
    CHECK(Contains(s.Out("a.html"), "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    CHECK(Contains(s.Out("index.html"), "&lt;script&gt;alert(1)&lt;/script&gt;</a>"));
  }

  // ---- symlinks (real disk)

  TEST_CASE("symlinks leading out of the site are refused, and what they point at is not published") {
    namespace fs = std::filesystem;
    std::string tmpl = (fs::temp_directory_path() / "ww-build-XXXXXX").string();
    std::string root = mkdtemp(tmpl.data());
    RealDisk disk;
    std::string err;
    for (const auto& [path, text] : [] {
           MemoryDisk m;
           AddMiniSite(&m);
           return m.files;
         }())
      REQUIRE(disk.WriteFile(root + "/" + path, text, &err));
    REQUIRE(disk.WriteFile(root + "/site/content/_index.md", "---\ntitle: Start\n---\n", &err));
    REQUIRE(disk.WriteFile(root + "/geheim/wachtwoord.md", "---\ntitle: Geheim\n---\ngeheim\n", &err));
    REQUIRE(disk.WriteFile(root + "/out/index.html", kPrevious, &err));
    REQUIRE(disk.WriteFile(root + "/out/.wegwijzer-output", OutputMarkText("out"), &err));
    fs::create_symlink(root + "/geheim/wachtwoord.md", root + "/site/content/link.md");
    fs::create_directory_symlink(root + "/geheim", root + "/site/content/map");

    BuildOptions o = MemoryBuildOptions();
    o.site_dir = root + "/site";
    o.out_dir = root + "/out";
    Diagnostics d;
    BuildResult r = Build(o, disk, &d);
    CHECK_FALSE(r.ok);
    auto s = d.Sorted();
    REQUIRE(s.size() == 2);
    CHECK(s[0].path == "content/link.md");
    CHECK(s[1].path == "content/map");
    for (const Diagnostic& e : s) CHECK(e.message.find("symbolic link leads outside") == 0);
    std::string text;
    REQUIRE(disk.ReadFile(root + "/out/index.html", &text, &err));
    CHECK(text == kPrevious);
    CHECK_FALSE(fs::exists(root + "/out/link.html"));
    fs::remove_all(root);
  }

  // ---- site identity

  TEST_CASE("[theme.colors] reach assets/brand.css, also when the theme ships a file of that name") {
    Site s("[theme]\nname = \"mini\"\n[theme.colors]\nprimair = \"#0b5c3b\"\naccent = \"#a34a00\"\n");
    s.disk.files["site/site.toml"].replace(s.disk.files["site/site.toml"].find("theme = \"mini\"\n"), 15, "");
    s.disk.files["site/themes/mini/assets/brand.css"] = "/* the theme's own, would hide the site's colours */";
    REQUIRE_MESSAGE(s.Build(), DumpDiags(s.diags));
    std::string css = s.Out("assets/brand.css");
    CHECK(Contains(css, "--kleur-primair: #0b5c3b;"));
    CHECK(Contains(css, "--kleur-accent: #a34a00;"));
    REQUIRE(s.Warnings().size() == 1);
    CHECK(s.Warnings()[0].path == "themes/mini/assets/brand.css");
    CHECK(s.Warnings()[0].message.find("[theme.colors]") != std::string::npos);
  }

  TEST_CASE("an incremental build writes the brand colours again") {
    Site s("[theme]\nname = \"mini\"\n[theme.colors]\nprimair = \"#0b5c3b\"\n");
    s.disk.files["site/site.toml"].replace(s.disk.files["site/site.toml"].find("theme = \"mini\"\n"), 15, "");
    BuildCache cache;
    BuildOptions o = MemoryBuildOptions();
    o.cache = &cache;
    REQUIRE(s.Build(o));
    s.Page("_index.md", "---\ntitle: Start\n---\nAnders.\n");
    REQUIRE(s.Build(o));
    CHECK(s.result.rendered == 1);
    CHECK(Contains(s.Out("assets/brand.css"), "--kleur-primair: #0b5c3b;"));
  }

  TEST_CASE("the logo must be a file the site publishes: a content file or a theme asset") {
    {
      Site s;
      s.disk.files["site/site.toml"].insert(0, "logo = \"assets/logo.svg\"\n");
      CHECK_FALSE(s.Build());
      Diagnostic e = OneError(s);
      CHECK(e.path == "site/site.toml");
      CHECK(e.line == 1);
      CHECK(e.message ==
            "logo \"assets/logo.svg\" is not a file of the site; put it in a content folder (e.g. "
            "content/assets/logo.svg) or fix 'logo'");
      CHECK(s.PreviousIntact());
    }
    {
      Site s;
      s.disk.files["site/site.toml"].insert(0, "logo = \"assets/logo.svg\"\n");
      s.Page("assets/logo.svg", "<svg/>");
      CHECK_MESSAGE(s.Build(), DumpDiags(s.diags));
      CHECK(s.Out("assets/logo.svg") == "<svg/>");
    }
    {
      Site s;  // a theme asset will do too
      s.disk.files["site/site.toml"].insert(0, "logo = \"assets/mini.css\"\n");
      CHECK_MESSAGE(s.Build(), DumpDiags(s.diags));
    }
  }

}  // TEST_SUITE
