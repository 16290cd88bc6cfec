#include "site/config.h"

#include <doctest/doctest.h>

#include "site_fixture.h"

using namespace ww;

namespace {

// The feed and sitemap are turned on on purpose below the given text (no
// line of it moves), so that only the tests about them meet the warning that
// they are on by default without base_url.
std::optional<SiteConfig> Load(const std::string& toml, Diagnostics* d) {
  MemoryDisk disk;
  std::string on;
  for (const char* table : {"[feed]", "[sitemap]"})
    if (toml.find(table) == std::string::npos) on += std::string("\n") + table + "\nenabled = true\n";
  disk.files["site/site.toml"] = toml + on;
  return LoadConfig(disk, "site", d);
}

}  // namespace

TEST_SUITE("config") {
  TEST_CASE("a missing site.toml is an error with a hint") {
    MemoryDisk disk;
    Diagnostics d;
    CHECK_FALSE(LoadConfig(disk, "site", &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].path == "site/site.toml");
    CHECK(s[0].message.find("-s SITE_DIR") != std::string::npos);
  }

  TEST_CASE("an empty site.toml gives the defaults") {
    Diagnostics d;
    auto c = Load("", &d);
    REQUIRE(c);
    CHECK(c->title == "Wegwijzer");
    CHECK(c->language == "nl");
    CHECK(c->theme == "default");
    CHECK_FALSE(c->unsafe_html);
    REQUIRE(c->sources.size() == 1);
    CHECK(c->sources[0].dir == "content");
    CHECK(c->plugin_options.is_object());
    CHECK(c->colors.is_object());
    CHECK(c->params.is_object());
  }

  TEST_CASE("reads the site settings") {
    Diagnostics d;
    auto c = Load(
        "title = \"Handboek\"\ndescription = \"Over IB\"\nlanguage = \"en\"\norganisation = \"Netwerk\"\n"
        "logo = \"assets/logo.svg\"\nbase_url = \"https://x.nl/\"\n"
        "[theme]\nname = \"eigen\"\n[theme.colors]\nprimair = \"#1d5e8c\"\n"
        "[markup]\nunsafe_html = true\n"
        "[content]\nsources = [\"base\", \"./school/\"]\n"
        "[plugins]\ndisabled = [\"a\"]\norder = [\"b\", \"c\"]\nallow = [\"read_files\"]\n"
        "[plugins.options.callout]\nicon = true\n"
        "[params]\njaar = 2024\n",
        &d);
    REQUIRE_MESSAGE(c, ww::testing::DumpDiags(d));
    CHECK(c->title == "Handboek");
    CHECK(c->description == "Over IB");
    CHECK(c->language == "en");
    CHECK(c->organisation == "Netwerk");
    CHECK(c->logo == "assets/logo.svg");
    CHECK(c->base_url == "https://x.nl/");
    CHECK(c->theme == "eigen");
    CHECK(c->colors.GetString("primair") == "#1d5e8c");
    CHECK(c->unsafe_html);
    REQUIRE(c->sources.size() == 2);
    CHECK(c->sources[0].dir == "base");
    CHECK(c->sources[1].dir == "school");
    CHECK(c->plugins_disabled == std::vector<std::string>{"a"});
    CHECK(c->plugins_order == std::vector<std::string>{"b", "c"});
    CHECK(c->plugins_allow == std::vector<std::string>{"read_files"});
    CHECK(c->plugin_options.Find("callout.icon") != nullptr);
    CHECK(c->params.GetInt("jaar") == 2024);
    CHECK(c->raw.GetString("title") == "Handboek");
  }

  TEST_CASE("theme may be a plain name") {
    Diagnostics d;
    auto c = Load("theme = \"mini\"\n", &d);
    REQUIRE(c);
    CHECK(c->theme == "mini");
  }

  TEST_CASE("unsafe_html must be true to count") {
    Diagnostics d;
    auto c = Load("[markup]\nunsafe_html = \"yes\"\n", &d);
    REQUIRE(c);
    CHECK_FALSE(c->unsafe_html);
  }

  TEST_CASE("search index, feed and sitemap are on unless turned off; print is decided by the build") {
    Diagnostics d;
    auto on = Load("", &d);
    REQUIRE(on);
    CHECK(on->search);
    CHECK(on->feed);
    CHECK(on->sitemap);
    CHECK_FALSE(on->print.has_value());
    auto off = Load(
        "[search]\nenabled = false\n[feed]\nenabled = false\n[sitemap]\nenabled = false\n"
        "[print]\nenabled = true\n",
        &d);
    REQUIRE_MESSAGE(off, ww::testing::DumpDiags(d));
    CHECK_FALSE(off->search);
    CHECK_FALSE(off->feed);
    CHECK_FALSE(off->sitemap);
    CHECK(off->print == std::optional<bool>(true));
  }

  TEST_CASE("an on/off setting in quotes is an error on its line, not read as on") {
    Diagnostics d;
    CHECK_FALSE(Load("title = \"x\"\n[search]\nenabled = \"false\"\n", &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].line == 3);
    CHECK(s[0].message.find("search.enabled must be true or false") == 0);
  }

  TEST_CASE("a TOML syntax error names the line and column") {
    Diagnostics d;
    CHECK_FALSE(Load("title = \"x\"\n\nlanguage = nl\n", &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].path == "site/site.toml");
    CHECK(s[0].line == 3);
    CHECK(s[0].col >= 1);
    CHECK(s[0].message.find("invalid TOML") == 0);
  }

  TEST_CASE("a setting of the wrong type is an error on its line") {
    Diagnostics d;
    CHECK_FALSE(Load("description = \"x\"\ntitle = [\"a\"]\n", &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].line == 2);
    CHECK(s[0].message.find("title must be text") == 0);
    CHECK(s[0].message.find("a list") != std::string::npos);
  }

  TEST_CASE("an unknown language is an error that names the choices") {
    Diagnostics d;
    CHECK_FALSE(Load("language = \"fr\"\n", &d));
    REQUIRE(d.ErrorCount() == 1);
    CHECK(d.Sorted()[0].message.find("\"nl\" or \"en\"") != std::string::npos);
  }

  TEST_CASE("content sources must stay inside the site folder") {
    for (const char* src : {"../buiten", "/etc", "a/../../b", "."}) {
      Diagnostics d;
      CHECK_FALSE(Load(std::string("[content]\nsources = [\"") + src + "\"]\n", &d));
      REQUIRE(d.ErrorCount() == 1);
      CHECK(d.Sorted()[0].message.find("inside the site folder") != std::string::npos);
    }
  }

  TEST_CASE("lists of names must be lists of text") {
    Diagnostics d;
    CHECK_FALSE(Load("[content]\nsources = \"base\"\n", &d));
    CHECK(d.Sorted()[0].message.find("must be a list") != std::string::npos);
    Diagnostics e;
    CHECK_FALSE(Load("[plugins]\norder = [1, 2]\n", &e));
    CHECK(e.Sorted()[0].message.find("only names in quotes") != std::string::npos);
  }

  TEST_CASE("the logo is a file of the site, never a web address") {
    Diagnostics d;
    auto c = Load("title = \"X\"\nlogo = \"./assets/logo.svg\"\n", &d);
    REQUIRE(c);
    CHECK(c->logo == "assets/logo.svg");
    CHECK(c->logo_line == 2);
    for (const char* bad : {"https://example.org/logo.png", "../logo.svg", "/etc/logo.svg"}) {
      Diagnostics e;
      CHECK_FALSE(Load(std::string("\nlogo = \"") + bad + "\"\n", &e));
      REQUIRE(e.Sorted().size() == 1);
      CHECK(e.Sorted()[0].line == 2);
      CHECK(e.Sorted()[0].message.find("must be a file of the site") != std::string::npos);
    }
  }

  TEST_CASE("brand colours: plain CSS colours only, and enough contrast on white") {
    {
      Diagnostics d;
      auto c = Load("[theme]\nname = \"default\"\n[theme.colors]\nprimair = \"#1d5e8c\"\naccent = \"#c2570c\"\n", &d);
      REQUIRE(c);
      CHECK(d.Sorted().empty());
      CHECK(c->colors.GetString("primair") == "#1d5e8c");
    }
    {
      Diagnostics d;
      CHECK_FALSE(Load("[theme.colors]\nprimair = \"red; } body { display: none\"\n", &d));
      REQUIRE(d.Sorted().size() == 1);
      CHECK(d.Sorted()[0].line == 2);
      CHECK(d.Sorted()[0].message.find("theme.colors.primair must be a CSS colour") == 0);
    }
    {
      Diagnostics d;
      CHECK(Load("[theme.colors]\n\nprimair = \"#7fb2e5\"\naccent = \"#ffd\"\n", &d));
      auto w = d.Sorted();
      REQUIRE(w.size() == 2);
      CHECK(w[0].severity == Severity::kWarning);
      CHECK(w[0].line == 3);
      CHECK(w[0].message.find("theme.colors.primair #7fb2e5 has a contrast of 2.2:1 on white;") == 0);
      CHECK(w[1].line == 4);
      CHECK(w[1].message.find("theme.colors.accent #ffd has a contrast of 1.") == 0);
    }
  }

}  // TEST_SUITE
