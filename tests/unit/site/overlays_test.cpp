#include "site/overlays.h"

#include <doctest/doctest.h>

#include "build.h"
#include "site_fixture.h"

using namespace ww;
using namespace ww::testing;

namespace {

// A network's base pack and a school's folder on top, as content sources.
SiteConfig TwoSources(const std::string& theme = "mini") {
  SiteConfig c;
  c.theme = theme;
  c.sources = {{"base", "base"}, {"school", "school"}};
  return c;
}

}  // namespace

TEST_SUITE("overlays") {
  TEST_CASE("the highest layer wins per file; every replaced version is named") {
    MemoryDisk disk;
    disk.files["a/x.md"] = "a";
    disk.files["a/y.md"] = "a";
    disk.files["b/x.md"] = "b";
    disk.files["c/x.md"] = "c";
    disk.files["c/z.md"] = "c";
    Diagnostics d;
    LayeredFiles f = MergeLayers(disk, {{"a", "a", "A"}, {"b", "b", "B"}, {"c", "c", "C"}}, false, &d);
    REQUIRE(f.size() == 3);
    CHECK(f["x.md"].disk_path == "c/x.md");
    CHECK(f["x.md"].label == "C");
    CHECK(f["x.md"].replaced == std::vector<std::string>{"b/x.md", "a/x.md"});
    CHECK(DescribeOrigin(f["x.md"]) == "c/x.md (replaces b/x.md, a/x.md)");
    CHECK(DescribeOrigin(f["y.md"]) == "a/y.md");
    CHECK(f["z.md"].display == "c/z.md");
    CHECK(d.Sorted().empty());
  }

  TEST_CASE("a content source's themes/ and plugins/ are not content") {
    MemoryDisk disk;
    disk.files["site/school/a.md"] = "---\ntitle: A\n---\n";
    disk.files["site/school/themes/mini/templates/page.mustache"] = "x";
    disk.files["site/school/plugins/p.lua"] = "return {}";
    disk.files["site/school/rol/themes/b.md"] = "deeper down it is content";
    Diagnostics d;
    LayeredFiles f = MergeLayers(disk, ContentLayers("site", TwoSources()), true, &d);
    CHECK(f.count("a.md"));
    CHECK(f.count("rol/themes/b.md"));
    CHECK_FALSE(f.count("themes/mini/templates/page.mustache"));
    CHECK_FALSE(f.count("plugins/p.lua"));
    CHECK(IsOverlayFolder("themes/x"));
    CHECK_FALSE(IsOverlayFolder("thema/x"));
  }

  TEST_CASE("theme files come from the built-in theme, the site's and each source's, per file") {
    MemoryDisk disk;
    disk.files["ww/themes/mini/templates/page.mustache"] = "built in";
    disk.files["ww/themes/mini/assets/style.css"] = "built in";
    disk.files["ww/themes/mini/i18n/nl.toml"] = "built in";
    disk.files["site/themes/mini/templates/page.mustache"] = "site";
    disk.files["site/base/themes/mini/assets/style.css"] = "base";
    disk.files["site/school/themes/mini/templates/page.mustache"] = "school";
    disk.files["site/school/themes/other/templates/page.mustache"] = "another theme: not used";
    Diagnostics d;
    auto t = GatherTheme(disk, "site", TwoSources(), "ww/themes", &d);
    REQUIRE(t);
    CHECK(t->display == "themes/mini");
    REQUIRE(t->files.size() == 3);
    CHECK(t->Find("templates/page.mustache")->disk_path == "site/school/themes/mini/templates/page.mustache");
    CHECK(DescribeOrigin(*t->Find("templates/page.mustache")) ==
          "school/themes/mini/templates/page.mustache (replaces themes/mini/templates/page.mustache, "
          "themes/mini/templates/page.mustache (built in))");
    CHECK(t->Find("assets/style.css")->display == "base/themes/mini/assets/style.css");
    CHECK(DescribeOrigin(*t->Find("i18n/nl.toml")) == "themes/mini/i18n/nl.toml (built in)");
    CHECK(d.Sorted().empty());
  }

  TEST_CASE("a theme that only an overlay has is found; one that no layer has is an error") {
    MemoryDisk disk;
    disk.files["site/school/themes/eigen/templates/page.mustache"] = "x";
    Diagnostics d;
    CHECK(GatherTheme(disk, "site", TwoSources("eigen"), "ww/themes", &d));
    CHECK_FALSE(GatherTheme(disk, "site", TwoSources("nergens"), "ww/themes", &d));
    CHECK_FALSE(GatherTheme(disk, "site", TwoSources("../school/themes/eigen"), "ww/themes", &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 2);
    CHECK(s[0].path == "site/site.toml");
    CHECK(s[0].message.find("theme \"") == 0);
  }

  TEST_CASE("the site folder that is also the built-in one counts once, as the site's") {
    MemoryDisk disk;
    disk.files["ww/themes/mini/templates/page.mustache"] = "x";
    disk.files["ww/plugins/a.lua"] = "return {}";
    SiteConfig c;
    c.theme = "mini";
    c.sources = {{"content", "content"}};
    Diagnostics d;
    auto t = GatherTheme(disk, "ww", c, "ww/themes", &d);
    REQUIRE(t);
    CHECK(DescribeOrigin(*t->Find("templates/page.mustache")) == "themes/mini/templates/page.mustache");
    LayeredFiles p = GatherPlugins(disk, "ww", c, "ww/plugins", &d);
    CHECK(DescribeOrigin(p["a.lua"]) == "plugins/a.lua");
  }

  TEST_CASE("plugins: *.lua directly in plugins/ of each layer, the highest winning") {
    MemoryDisk disk;
    disk.files["builtin/callout.lua"] = "b";
    disk.files["builtin/form.lua"] = "b";
    disk.files["site/plugins/callout.lua"] = "site";
    disk.files["site/plugins/lib/helper.lua"] = "not a plugin";
    disk.files["site/plugins/notes.txt"] = "not a plugin";
    disk.files["site/school/plugins/callout.lua"] = "school";
    disk.files["site/base/plugins/extra.lua"] = "base";
    Diagnostics d;
    LayeredFiles p = GatherPlugins(disk, "site", TwoSources(), "builtin", &d);
    REQUIRE(p.size() == 3);
    CHECK(DescribeOrigin(p["callout.lua"]) ==
          "school/plugins/callout.lua (replaces plugins/callout.lua, "
          "plugins/callout.lua (built in))");
    CHECK(p["form.lua"].builtin);
    CHECK(p["extra.lua"].display == "base/plugins/extra.lua");
  }

  // ---- the whole build: a base pack and a school's overlay

  struct OverlaySite {
    MemoryDisk disk;
    Diagnostics diags;
    BuildResult result;
    OverlaySite() {
      AddMiniSite(&disk, "[content]\nsources = [\"base\", \"school\"]\n");
      auto& f = disk.files;
      f["site/base/_index.md"] = "---\ntitle: Netwerk\n---\n";
      f["site/base/route.md"] = "---\ntitle: Route van het netwerk\n---\n```adres\n```\n";
      f["site/base/oud.md"] = "---\ntitle: Oud\n---\n";
      f["site/base/adres.toml"] = "naam = \"Netwerk Zuid\"\n";
      f["site/base/regio.toml"] = "naam = \"Zuid\"\n";
      f["site/school/route.md"] = "---\ntitle: Route van De Linde\n---\n```adres\n```\n";
      f["site/school/jaarplanning.md"] = "---\ntitle: Jaarplanning\n---\n";
      f["site/school/oud.md"] = "---\nhidden: true\n---\n";
      f["site/school/adres.toml"] = "naam = \"De Linde\"\n";
      f["site/plugins/adres.lua"] =
          "return { directives = { adres = function() return '<p>' .. wegwijzer.data('adres').naam .. ' / ' .. "
          "wegwijzer.data('regio').naam .. '</p>' end } }\n";
      f["site/school/plugins/stempel.lua"] =
          "return { Document = function(doc) doc.children[#doc.children + 1] = {type = 'RawBlock', text = "
          "'<p>stempel De Linde</p>'}; return doc end }\n";
      f["site/school/themes/mini/templates/partials/nav.mustache"] = "<nav class=\"school\">{{{nav}}}</nav>";
      f["site/school/themes/mini/assets/logo.svg"] = "<svg>school</svg>";
      f["site/themes/mini/assets/logo.svg"] = "<svg>netwerk</svg>";
    }
    bool Build() {
      result = BuildMemorySite(&disk, &diags);
      return result.ok;
    }
    std::string Out(const std::string& rel) const {
      auto it = disk.files.find("out/" + rel);
      return it == disk.files.end() ? "<missing>" : it->second;
    }
  };

  TEST_CASE("base pack plus school: which page wins, is added, is hidden") {
    OverlaySite s;
    REQUIRE_MESSAGE(s.Build(), DumpDiags(s.diags));
    CHECK(Contains(s.Out("route.html"), "<title>Route van De Linde</title>"));
    CHECK(Contains(s.Out("jaarplanning.html"), "<title>Jaarplanning</title>"));
    CHECK(s.Out("oud.html") == "<missing>");
    CHECK_FALSE(Contains(s.Out("index.html"), "oud.html"));
    CHECK(Contains(s.Out("index.html"), "jaarplanning.html"));
  }

  TEST_CASE("base pack plus school: which data file, theme file and plugin wins") {
    OverlaySite s;
    REQUIRE_MESSAGE(s.Build(), DumpDiags(s.diags));
    std::string route = s.Out("route.html");
    CHECK(Contains(route, "<p>De Linde / Zuid</p>"));   // school's adres.toml, base's regio.toml
    CHECK(Contains(route, "<p>stempel De Linde</p>"));  // a plugin only the school has
    CHECK(Contains(route, "<nav class=\"school\">"));   // the school's partial
    CHECK(Contains(route, "<main>"));                   // the site theme's page template
    CHECK(s.Out("assets/logo.svg") == "<svg>school</svg>");
    CHECK(s.Out("assets/mini.css") == "body{}\n");  // theme asset nobody replaced
  }

  TEST_CASE("an overlay's plugin replaces the site's plugin of the same name") {
    OverlaySite s;
    s.disk.files["site/school/plugins/adres.lua"] =
        "return { directives = { adres = function() return '<p>adres van de school</p>' end } }\n";
    REQUIRE_MESSAGE(s.Build(), DumpDiags(s.diags));
    CHECK(Contains(s.Out("route.html"), "<p>adres van de school</p>"));
    CHECK_FALSE(Contains(s.Out("route.html"), "De Linde / Zuid"));
  }

  TEST_CASE("an error in an overlay's theme file names that file") {
    OverlaySite s;
    s.disk.files["site/school/themes/mini/templates/partials/nav.mustache"] = "a\n{{#open}}\n";
    CHECK_FALSE(s.Build());
    auto e = s.diags.Sorted();
    REQUIRE(!e.empty());
    CHECK(e[0].path == "school/themes/mini/templates/partials/nav.mustache");
    CHECK(e[0].line == 2);
  }

  TEST_CASE("a content file wins over a theme asset with the same output path") {
    OverlaySite s;
    s.disk.files["site/school/assets/mini.css"] = "/* de school */";
    REQUIRE_MESSAGE(s.Build(), DumpDiags(s.diags));
    CHECK(s.Out("assets/mini.css") == "/* de school */");
  }

  TEST_CASE("UI strings come from the highest layer that has the language file") {
    OverlaySite s;
    s.disk.files["site/themes/mini/templates/page.mustache"] = "<p>{{t.nav_all_pages}}</p>";
    s.disk.files["site/school/themes/mini/i18n/nl.toml"] = "nav_all_pages = \"Alles van De Linde\"\n";
    REQUIRE_MESSAGE(s.Build(), DumpDiags(s.diags));
    CHECK(s.Out("route.html") == "<p>Alles van De Linde</p>");
  }

  TEST_CASE("a link to a page that an overlay hides says so") {
    OverlaySite s;
    s.disk.files["site/school/jaarplanning.md"] = "---\ntitle: Jaarplanning\n---\nZie [oud](oud.md).\n";
    CHECK_FALSE(s.Build());
    // (Besides the warning that school/route.md replaces a base page without a record: base_lock.)
    std::vector<Diagnostic> e;
    for (const Diagnostic& d : s.diags.Sorted())
      if (d.severity == Severity::kError) e.push_back(d);
    REQUIRE(e.size() == 1);
    CHECK(e[0].path == "school/jaarplanning.md");
    CHECK(e[0].line == 4);
    CHECK(e[0].message ==
          "link to oud.md: page oud.md is not published (from school/oud.md (replaces base/oud.md), hidden or a "
          "draft); remove the link, or publish the page");
  }

}  // TEST_SUITE
