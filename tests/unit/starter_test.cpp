#include "starter.h"

#include <doctest/doctest.h>

#include "site_fixture.h"

using namespace ww;

namespace {

SiteConfig Config() {
  SiteConfig c;
  c.sources.push_back({"content", "content"});
  return c;
}

ThemeFiles Theme(MemoryDisk& disk) { return ThemeFromDir(disk, "ingebouwd/themes/default", "themes/default"); }

}  // namespace

TEST_SUITE("starter") {
  TEST_CASE("new site copies the starter, its .gitignore too, into a new or empty folder only") {
    MemoryDisk disk;
    disk.files["starter/site.toml"] = "title = \"x\"\n";
    disk.files["starter/content/_index.md"] = "---\ntitle: Start\n---\n";
    disk.files["starter/.gitignore"] = "/site/\n";
    std::vector<std::string> written;
    std::string err;
    REQUIRE(NewSite(disk, "starter", "mijn-site", &written, &err));
    CHECK(written == std::vector<std::string>{"content/_index.md", "site.toml", ".gitignore"});
    CHECK(disk.files["mijn-site/site.toml"] == "title = \"x\"\n");
    CHECK(disk.files["mijn-site/.gitignore"] == "/site/\n");
    // A folder with anything in it is refused, and nothing in it changes.
    disk.files["vol/brief.txt"] = "van iemand";
    written.clear();
    CHECK_FALSE(NewSite(disk, "starter", "vol", &written, &err));
    CHECK(err.find("is not empty") != std::string::npos);
    CHECK(written.empty());
    CHECK(disk.files.count("vol/site.toml") == 0);
    CHECK_FALSE(NewSite(disk, "nergens", "nieuw", &written, &err));
    CHECK(err.find("starter site is missing") != std::string::npos);
  }

  TEST_CASE("new page: from the site's archetype for its section, else its default, else the theme's") {
    MemoryDisk disk;
    disk.files["ingebouwd/themes/default/archetypes/default.md"] = "---\ntitle: \"{{title}}\"\ndate: {{date}}\n---\n";
    disk.files["site/site.toml"] = "";
    std::string written, err;
    REQUIRE(NewPage(disk, "site", Config(), Theme(disk), "rol/eerste-week", "2026-12-06", &written, &err));
    CHECK(written == "content/rol/eerste-week.md");
    CHECK(disk.files["site/content/rol/eerste-week.md"] == "---\ntitle: \"Eerste week\"\ndate: 2026-12-06\n---\n");
    disk.files["site/archetypes/default.md"] = "---\ntitle: \"{{title}}\"\n---\nSectie {{section}}.\n";
    REQUIRE(NewPage(disk, "site", Config(), Theme(disk), "content/rol/taken.md", "2026-12-06", &written, &err));
    CHECK(disk.files["site/content/rol/taken.md"] == "---\ntitle: \"Taken\"\n---\nSectie rol.\n");
    disk.files["site/archetypes/formulieren.md"] = "---\ntitle: \"{{title}}\"\nform:\n  id: x\n---\n";
    REQUIRE(NewPage(disk, "site", Config(), Theme(disk), "formulieren/nieuw_formulier.md", "", &written, &err));
    CHECK(disk.files["site/content/formulieren/nieuw_formulier.md"].find("form:") != std::string::npos);
    CHECK(disk.files["site/content/formulieren/nieuw_formulier.md"].find("\"Nieuw formulier\"") != std::string::npos);
  }

  TEST_CASE("new page never overwrites a page and stays inside the content") {
    MemoryDisk disk;
    disk.files["ingebouwd/themes/default/archetypes/default.md"] = "x";
    disk.files["site/content/rol/taken.md"] = "van de auteur";
    std::string written, err;
    CHECK_FALSE(NewPage(disk, "site", Config(), Theme(disk), "rol/taken.md", "", &written, &err));
    CHECK(err == "content/rol/taken.md already exists; choose another name (a new page never overwrites one)");
    CHECK(disk.files["site/content/rol/taken.md"] == "van de auteur");
    for (const char* bad : {"../buiten.md", "/etc/x.md", "", ".verborgen.md"}) {
      CAPTURE(bad);
      CHECK_FALSE(NewPage(disk, "site", Config(), Theme(disk), bad, "", &written, &err));
    }
  }

  TEST_CASE("without any archetype the message says how to make one") {
    MemoryDisk disk;
    std::string written, err;
    CHECK_FALSE(NewPage(disk, "site", Config(), Theme(disk), "a.md", "", &written, &err));
    CHECK(err.find("archetypes/default.md") != std::string::npos);
  }

  TEST_CASE("titles from file names") {
    CHECK(TitleFromFileName("eerste-week_2") == "Eerste week 2");
    CHECK(TitleFromFileName("ééntje") == "ééntje");
    CHECK(TitleFromFileName("") == "");
  }
}
