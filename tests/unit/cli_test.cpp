#include "cli.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include "site_fixture.h"

using namespace ww;
namespace fs = std::filesystem;

namespace {

// Runs the CLI with std::cout and std::cerr captured.
struct Run {
  int code = -1;
  std::string out, err;
  explicit Run(const std::vector<std::string>& args) {
    std::ostringstream o, e;
    auto* old_out = std::cout.rdbuf(o.rdbuf());
    auto* old_err = std::cerr.rdbuf(e.rdbuf());
    code = RunCli(args);
    std::cout.rdbuf(old_out);
    std::cerr.rdbuf(old_err);
    out = o.str();
    err = e.str();
  }
};

// The mini site (tests/unit/site_fixture.h) in a temp folder.
struct TempSite {
  std::string root;
  TempSite() {
    std::string tmpl = (fs::temp_directory_path() / "ww-cli-XXXXXX").string();
    root = mkdtemp(tmpl.data());
    MemoryDisk m;
    ww::testing::AddMiniSite(&m);
    m.files["site/content/_index.md"] = "---\ntitle: Start\n---\n# Welkom\n";
    m.files["site/content/a.md"] = "---\ntitle: A\n---\nTekst.\n";
    RealDisk disk;
    std::string err;
    for (const auto& [path, text] : m.files) REQUIRE(disk.WriteFile(root + "/" + path, text, &err));
  }
  ~TempSite() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  std::string site() const { return root + "/site"; }
  std::string out() const { return root + "/out"; }
  void Write(const std::string& rel, const std::string& text) {
    RealDisk disk;
    std::string err;
    REQUIRE(disk.WriteFile(root + "/" + rel, text, &err));
  }
};

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("no command is a usage error (exit 2)") {
    Run r({});
    CHECK(r.code == 2);
    CHECK(r.err.find("no command given") != std::string::npos);
    CHECK(r.err.find("Usage:") != std::string::npos);
  }

  TEST_CASE("--help and --version exit 0 on stdout") {
    for (const char* flag : {"--help", "-h", "help"}) {
      Run r({flag});
      CHECK(r.code == 0);
      CHECK(r.out.find("Usage:") != std::string::npos);
      CHECK(r.err.empty());
    }
    Run v({"--version"});
    CHECK(v.code == 0);
    CHECK(v.out == "wegwijzer " WW_VERSION "\n");
    Run bh({"build", "--help"});
    CHECK(bh.code == 0);
  }

  TEST_CASE("unknown commands and options are usage errors") {
    CHECK(Run({"bouw"}).code == 2);
    Run r({"build", "--snel"});
    CHECK(r.code == 2);
    CHECK(r.err.find("unknown option '--snel'") != std::string::npos);
    CHECK(Run({"build", "extra"}).code == 2);
  }

  TEST_CASE("flags that need a value") {
    for (const char* flag : {"-s", "--source", "-d", "--destination", "-j"}) {
      Run r({"build", flag});
      CHECK_MESSAGE(r.code == 2, flag);
    }
  }

  TEST_CASE("-j wants a whole number from 1 to 256") {
    for (const char* n : {"0", "-1", "257", "abc", "4x", ""}) {
      Run r({"build", "-j", n});
      CHECK_MESSAGE(r.code == 2, n);
    }
  }

  TEST_CASE("build: a site builds (exit 0), with a summary line unless -q") {
    TempSite t;
    Run r({"build", "-s", t.site(), "-d", t.out(), "-j", "2"});
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(r.out.find("wegwijzer: 2 pages") == 0);
    CHECK(fs::exists(t.out() + "/index.html"));
    CHECK(fs::exists(t.out() + "/a.html"));
    Run q({"build", "-q", "-s", t.site(), "-d", t.out()});
    CHECK(q.code == 0);
    CHECK(q.out.empty());
  }

  TEST_CASE("build: the default output folder is SITE_DIR/site") {
    TempSite t;
    Run r({"build", "-q", "--source", t.site()});
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(fs::exists(t.site() + "/site/index.html"));
  }

  // Every file below root with its contents and every folder: what "nothing
  // touched" means.
  std::map<std::string, std::string> Snapshot(const std::string& root) {
    std::map<std::string, std::string> all;
    RealDisk disk;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      std::string text, err;
      if (e.is_regular_file()) disk.ReadFile(e.path().string(), &text, &err);
      all[e.path().string()] = e.is_directory() ? "<map>" : text;
    }
    return all;
  }

  TEST_CASE(
      "build: an output folder that is, holds or lies inside the site's folders is refused (exit 2), nothing touched") {
    TempSite t;
    t.Write("site/themes/eigen/templates/page.mustache", "x");
    t.Write("site/plugins/eigen.lua", "return {}\n");
    t.Write("site/gedeeld/basis/_index.md", "---\ntitle: Basis\n---\n");
    t.Write("site/site.toml",
            "title = \"Proef\"\ntheme = \"mini\"\n[print]\nenabled = false\n"
            "[content]\nsources = [\"gedeeld/basis\", \"content\"]\n");
    REQUIRE(Run({"build", "-q", "-s", t.site(), "-d", t.out()}).code == 0);
    auto before = Snapshot(t.root);
    for (std::string out : {t.site(), t.site() + "/", t.site() + "/content", t.site() + "/content/site", t.root,
                            t.site() + "/gedeeld", t.site() + "/gedeeld/basis/x", t.site() + "/themes",
                            t.site() + "/plugins", t.site() + "/themes/eigen", std::string("/")}) {
      for (const char* cmd : {"build", "pack", "serve"}) {
        CAPTURE(out);
        CAPTURE(cmd);
        Run r({cmd, "-s", t.site(), "-d", out, "--force", "--port", "1"});
        CHECK(r.code == 2);
        CHECK_MESSAGE(r.err.find("wegwijzer: error: output folder \"" + out + "\": ") == 0, r.err);
      }
    }
    CHECK(Snapshot(t.root) == before);
    // `-d` relative to where wegwijzer runs: the site folder named as "."
    std::string cwd = fs::current_path().string();
    fs::current_path(t.site());
    Run dot({"build", "-d", "."});
    Run content({"build", "-d", "content/.."});
    fs::current_path(cwd);
    CHECK(dot.code == 2);
    CHECK(content.code == 2);
    CHECK(Snapshot(t.root) == before);
  }

  TEST_CASE("build: a folder of someone's files is never emptied without --force") {
    TempSite t;
    t.Write("mijn-map/brief.txt", "Beste ouders,");
    t.Write("mijn-map/sub/foto.jpg", "JPEG");
    auto before = Snapshot(t.root);
    Run r({"build", "-s", t.site(), "-d", t.root + "/mijn-map"});
    CHECK(r.code == 2);
    CHECK(r.err.find("holds files that Wegwijzer did not write") != std::string::npos);
    CHECK(r.err.find("--force") != std::string::npos);
    CHECK(r.err.find("nothing was built or touched") != std::string::npos);
    CHECK(Snapshot(t.root) == before);
    // An empty folder is fine, and so is one an earlier build made.
    fs::create_directory(t.root + "/leeg");
    CHECK(Run({"build", "-q", "-s", t.site(), "-d", t.root + "/leeg"}).code == 0);
    CHECK(fs::exists(t.root + "/leeg/.wegwijzer-output"));
    CHECK(Run({"build", "-q", "-s", t.site(), "-d", t.root + "/leeg"}).code == 0);
    // --force: the person said so.
    Run f({"build", "-q", "-s", t.site(), "-d", t.root + "/mijn-map", "--force"});
    CHECK(f.code == 0);
    CHECK(fs::exists(t.root + "/mijn-map/index.html"));
    CHECK_FALSE(fs::exists(t.root + "/mijn-map/brief.txt"));
  }

  TEST_CASE("build: backups and copies beside the output are never taken for leftovers") {
    TempSite t;
    REQUIRE(Run({"build", "-q", "-s", t.site()}).code == 0);
    // A backup by name, a copy of the site (with its mark), a renamed old site.
    fs::copy(t.site() + "/site", t.site() + "/site.old-2024", fs::copy_options::recursive);
    fs::copy(t.site() + "/site", t.site() + "/site.tmp-1", fs::copy_options::recursive);
    t.Write("site/site.old-1/notities.txt", "mijn notities");
    t.Write("out.old-2024/index.html", "backup");
    auto before = Snapshot(t.root);
    for (int i = 0; i < 2; ++i) {
      REQUIRE(Run({"build", "-q", "-s", t.site()}).code == 0);
      REQUIRE(Run({"build", "-q", "-s", t.site(), "-d", t.out()}).code == 0);
    }
    auto after = Snapshot(t.root);
    for (const auto& [path, text] : before)
      if (path.find("/site.old-") != std::string::npos || path.find("/site.tmp-1") != std::string::npos ||
          path.find("/out.old-2024") != std::string::npos) {
        CAPTURE(path);
        CHECK(after.count(path));
        CHECK(after[path] == text);
      }
  }

  TEST_CASE("build: content errors exit 1, list file:line:col and keep the previous site") {
    TempSite t;
    REQUIRE(Run({"build", "-q", "-s", t.site(), "-d", t.out()}).code == 0);
    t.Write("site/content/b.md", "---\ntitle: B\n---\n\n[x](nergens.md)\n");
    Run r({"build", "-q", "-s", t.site(), "-d", t.out()});
    CHECK(r.code == 1);
    CHECK(r.err.find("content/b.md:5:1: error: link to nergens.md") == 0);
    CHECK(r.err.find("build failed with 1 error;") != std::string::npos);
    CHECK(fs::exists(t.out() + "/a.html"));
    CHECK_FALSE(fs::exists(t.out() + "/b.html"));
  }

  TEST_CASE("build: the error count is of the errors listed, once each") {
    TempSite t;
    // The same problem on two headings: reported twice, listed once.
    t.Write("site/plugins/fout.lua", "return { Heading = function(h) return 42 end }\n");
    t.Write("site/content/b.md", "---\ntitle: B\n---\n# Een\n\n# Twee\n");
    Run r({"build", "-q", "-s", t.site(), "-d", t.out()});
    CHECK(r.code == 1);
    size_t listed = 0;
    for (size_t p = r.err.find(": error: "); p != std::string::npos; p = r.err.find(": error: ", p + 1)) ++listed;
    CHECK(r.err.find("build failed with " + std::to_string(listed) + " error") != std::string::npos);
  }

  TEST_CASE("build: a folder without site.toml exits 1 with a hint") {
    TempSite t;
    Run r({"build", "-s", t.root + "/nergens"});
    CHECK(r.code == 1);
    CHECK(r.err.find("no site.toml here") != std::string::npos);
  }

  TEST_CASE("drafts are built only with --drafts") {
    TempSite t;
    t.Write("site/content/klad.md", "---\ntitle: Klad\ndraft: true\n---\n");
    REQUIRE(Run({"build", "-q", "-s", t.site(), "-d", t.out()}).code == 0);
    CHECK_FALSE(fs::exists(t.out() + "/klad.html"));
    REQUIRE(Run({"build", "-q", "--drafts", "-s", t.site(), "-d", t.out()}).code == 0);
    CHECK(fs::exists(t.out() + "/klad.html"));
  }

  TEST_CASE("explain tells which content source a page comes from") {
    TempSite t;
    t.Write("site/site.toml", "title = \"Proef\"\ntheme = \"mini\"\n[content]\nsources = [\"content\", \"school\"]\n");
    t.Write("site/school/a.md", "---\ntitle: A school\n---\n");
    Run r({"explain", "-s", t.site(), "a.md"});
    CHECK(r.code == 0);
    CHECK(r.out == "a.md: from school/a.md (replaces content/a.md), published as a.html\n");
    Run missing({"explain", "-s", t.site(), "nope.md"});
    CHECK(missing.code == 1);
    CHECK(missing.err.find("nope.md is no content file") != std::string::npos);
    CHECK(Run({"explain", "-s", t.site()}).code == 2);
  }

  TEST_CASE("explain covers theme files, plugins, data files and output files") {
    TempSite t;
    t.Write("site/site.toml", "title = \"Proef\"\ntheme = \"mini\"\n[content]\nsources = [\"content\", \"school\"]\n");
    t.Write("site/school/themes/mini/templates/partials/nav.mustache", "<nav>{{{nav}}}</nav>");
    t.Write("site/school/plugins/stempel.lua", "return {}\n");
    t.Write("site/content/adres.toml", "naam = \"x\"\n");
    t.Write("site/school/adres.toml", "naam = \"y\"\n");
    Run r({"explain", "-s", t.site(), "themes/mini/templates/partials/nav.mustache", "school/plugins/stempel.lua",
           "adres.toml", "a.html", "assets/mini.css", "assets/brand.css"});
    CHECK(r.code == 0);
    CHECK(r.out ==
          "themes/mini/templates/partials/nav.mustache: theme file from school/themes/mini/templates/partials/"
          "nav.mustache (replaces themes/mini/templates/partials/nav.mustache)\n"
          "plugins/stempel.lua: plugin \"stempel\" from school/plugins/stempel.lua\n"
          "adres.toml: from school/adres.toml (replaces content/adres.toml), data file site.data[\"adres\"]\n"
          "a.html: page a.md from content/a.md\n"
          "assets/mini.css: theme file from themes/mini/assets/mini.css\n"
          "assets/brand.css: written by the engine from [theme.colors] in site.toml\n");
  }

  TEST_CASE("build --explain builds, then explains") {
    TempSite t;
    Run r({"build", "-q", "-s", t.site(), "-d", t.out(), "--explain", "a.md", "--explain",
           "themes/mini/assets/mini.css"});
    CHECK(r.code == 0);
    CHECK(r.out ==
          "a.md: from content/a.md, published as a.html\n"
          "themes/mini/assets/mini.css: theme file from themes/mini/assets/mini.css, published as "
          "assets/mini.css\n");
    CHECK(fs::exists(t.out() + "/a.html"));
    CHECK(Run({"build", "-s", t.site(), "-d", t.out(), "--explain", "x.md"}).code == 1);
    CHECK(Run({"build", "-s", t.site(), "--explain"}).code == 2);
  }

  TEST_CASE("site identity with the default theme: name, organisation, logo and colours from site.toml") {
    TempSite t;
    t.Write("site/site.toml",
            "title = \"Handboek Zuid\"\norganisation = \"Samenwerkingsverband Zuid\"\nlogo = \"assets/zuid.svg\"\n"
            "[theme]\nname = \"default\"\n[theme.colors]\nprimair = \"#0b5c3b\"\naccent = \"#a34a00\"\n");
    t.Write("site/content/assets/zuid.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    fs::remove_all(t.root + "/site/themes");  // only the built-in default theme
    Run r({"build", "-q", "-s", t.site(), "-d", t.out()});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    RealDisk disk;
    std::string home, sub, css, err;
    REQUIRE(disk.ReadFile(t.out() + "/index.html", &home, &err));
    REQUIRE(disk.ReadFile(t.out() + "/a.html", &sub, &err));
    REQUIRE(disk.ReadFile(t.out() + "/assets/brand.css", &css, &err));
    CHECK(home.find("<img class=\"site-brand__logo\" src=\"assets/zuid.svg\" alt=\"\">") != std::string::npos);
    CHECK(home.find("<span class=\"site-brand__name\">Handboek Zuid</span>") != std::string::npos);
    CHECK(home.find("<span class=\"site-brand__org\">Samenwerkingsverband Zuid</span>") != std::string::npos);
    CHECK(home.find("<link rel=\"stylesheet\" href=\"assets/brand.css\">") != std::string::npos);
    CHECK(sub.find("src=\"assets/zuid.svg\"") != std::string::npos);
    CHECK(css.find("--kleur-primair: #0b5c3b;") != std::string::npos);
    CHECK(css.find("--kleur-accent: #a34a00;") != std::string::npos);
    CHECK(fs::exists(t.out() + "/assets/zuid.svg"));
  }

  TEST_CASE("new site: a working site that builds with no warning and no broken link, and new page adds to it") {
    TempSite t;
    std::string dir = t.root + "/school";
    Run n({"new", "site", dir});
    REQUIRE_MESSAGE(n.code == 0, n.err);
    CHECK(n.out.find("a new site in " + dir) != std::string::npos);
    for (const char* f :
         {"site.toml", ".gitignore", "content/_index.md", "content/over/privacy.md", "content/over/toegankelijkheid.md",
          "content/over/colofon.md", "content/voorbeeld/zelfevaluatie.md"})
      CHECK_MESSAGE(fs::exists(dir + "/" + f), f);
    Run b({"build", "-s", dir});
    REQUIRE_MESSAGE(b.code == 0, b.err);
    CHECK(b.out.find(" 0 warnings") != std::string::npos);
    CHECK(b.err.empty());
    for (const char* f : {"index.html", "zoeken.html", "print.html", "search-index.js", "voorbeeld/zelfevaluatie.html",
                          "over/privacy.html"})
      CHECK_MESSAGE(fs::exists(dir + "/site/" + f), f);
    Run c({"check", "-s", dir});
    CHECK_MESSAGE(c.code == 0, c.err);
    CHECK(c.out.find("every internal link and anchor of the built site is valid") != std::string::npos);
    Run e({"explain", "-s", dir, "zoeken.html"});
    CHECK(e.out == "zoeken.html: page zoeken.md, made by the engine (the site has no page with layout: search)\n");
    Run p({"new", "page", "-s", dir, "voorbeeld/eerste-week"});
    REQUIRE_MESSAGE(p.code == 0, p.err);
    CHECK(fs::exists(dir + "/content/voorbeeld/eerste-week.md"));
    Run again({"new", "page", "-s", dir, "voorbeeld/eerste-week.md"});
    CHECK(again.code == 1);
    Run b2({"build", "-q", "-s", dir});
    CHECK_MESSAGE(b2.code == 0, b2.err);
    CHECK(fs::exists(dir + "/site/voorbeeld/eerste-week.html"));
    // Never into a folder with files.
    Run full({"new", "site", dir});
    CHECK(full.code == 1);
    CHECK(full.err.find("is not empty") != std::string::npos);
    CHECK(Run({"new", "thing", "x"}).code == 2);
  }

  TEST_CASE("a theme link to a page the site lacks is an error at the template's line; check finds broken links") {
    TempSite t;
    t.Write("site/themes/mini/templates/partials/nav.mustache",
            "<nav>{{{nav}}}</nav>\n<a href=\"{{root}}over/privacy.html\">P</a>");
    Run r({"build", "-q", "-s", t.site(), "-d", t.out()});
    CHECK(r.code == 1);
    CHECK_MESSAGE(
        r.err.find("themes/mini/templates/partials/nav.mustache:2:4: error: link to over/privacy.html: this site "
                   "has no such page or file") == 0,
        r.err);
    // A link a template builds from context is checked in the written site.
    t.Write("site/themes/mini/templates/partials/nav.mustache",
            "<nav>{{{nav}}}</nav>\n<a href=\"{{root}}{{site.title}}.html\">P</a>");
    Run c({"check", "-s", t.site()});
    CHECK(c.code == 1);
    CHECK_MESSAGE(c.err.find("(built site) index.html:7:10: error: link to Proef.html: no such file in the site") !=
                      std::string::npos,
                  c.err);
    CHECK(c.err.find("(built site) a.html:7:10: error: link to Proef.html") == 0);
    CHECK(c.out.find("2 broken internal links") != std::string::npos);
  }

  TEST_CASE("pack and pdf never overwrite a file of another kind, nor write into the site's folders") {
    TempSite t;
    t.Write("notities.txt", "mijn notities");
    auto before = Snapshot(t.root);
    for (std::vector<std::string> args : {std::vector<std::string>{"pack", "-o", t.site() + "/site.toml"},
                                          {"pack", "-o", t.root + "/notities.txt"},
                                          {"pack", "-o", t.site() + "/content/site.zip"},
                                          {"pdf", "-o", t.site() + "/content/a.md"},
                                          {"pdf", "-o", t.site() + "/content/handboek.pdf"},
                                          {"pack", "-o", t.site()}}) {
      args.insert(args.end(), {"-s", t.site(), "-d", t.out()});
      CAPTURE(args[2]);
      Run r(args);
      CHECK(r.code == 2);
      CHECK(r.err.find("wegwijzer: -o " + args[2] + ": ") == 0);
    }
    CHECK(Snapshot(t.root) == before);  // nothing built, nothing written
    Run ok({"pack", "-q", "-s", t.site(), "-d", t.out(), "-o", t.root + "/school.zip"});
    CHECK_MESSAGE(ok.code == 0, ok.err);
    Run again({"pack", "-q", "-s", t.site(), "-d", t.out(), "-o", t.root + "/school.zip"});  // its own kind: replaced
    CHECK(again.code == 0);
  }

}  // TEST_SUITE

TEST_SUITE("cli: options and help") {
  TEST_CASE("--option=value is --option value") {
    TempSite t;
    Run r({"build", "--source=" + t.site(), "--destination=" + t.out(), "--jobs=2", "-q"});
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(fs::exists(t.out() + "/index.html"));
    Run bad({"build", "--jobs=nul"});
    CHECK(bad.code == 2);
    CHECK(bad.err.find("--jobs needs a number") != std::string::npos);
    Run empty({"build", "--source="});
    CHECK(empty.code == 2);
    CHECK(empty.err.find("--source needs a folder") != std::string::npos);
  }

  TEST_CASE("COMMAND --help prints that command's help") {
    for (const char* cmd : {"build", "serve", "pack", "pdf", "check", "explain", "new"}) {
      Run r({cmd, "--help"});
      CHECK(r.code == 0);
      CHECK_MESSAGE(r.out.starts_with(std::string("Usage: wegwijzer ") + cmd), cmd);
      CHECK(r.out.find("Commands:") == std::string::npos);  // not the general usage
    }
    Run b({"build", "-h"});
    CHECK(b.out.find("--strict") != std::string::npos);
  }

  TEST_CASE("--strict: a warning fails the build with exit 1; the summary line counts warnings") {
    TempSite t;
    t.Write("site/content/b.md", "---\ntitel: B\n---\nTekst.\n");
    Run r({"build", "-s", t.site(), "-d", t.out(), "-j", "2"});
    CHECK_MESSAGE(r.code == 0, r.err);
    CHECK(r.err.find("b.md:2:1: warning: unknown front matter field 'titel' is ignored; did you mean 'title'?") !=
          std::string::npos);
    size_t warnings = 0;
    for (size_t at = r.err.find(": warning: "); at != std::string::npos; at = r.err.find(": warning: ", at + 1))
      ++warnings;
    CHECK(r.out.find(", " + std::to_string(warnings) + " warning") != std::string::npos);
    Run s({"build", "--strict", "-s", t.site(), "-d", t.root + "/strict", "-j", "2"});
    CHECK(s.code == 1);
    CHECK(s.err.find("b.md:2:1: error: unknown front matter field 'titel'") != std::string::npos);
    CHECK(s.err.find("(strict: warnings count as errors)") != std::string::npos);
    CHECK_FALSE(fs::exists(t.root + "/strict"));
  }
}
