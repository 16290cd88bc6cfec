#include "site/content_tree.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "site_fixture.h"

using namespace ww;
using ww::testing::FindDiag;

namespace {

SiteConfig Config(std::vector<std::string> sources = {"content"}) {
  SiteConfig c;
  c.title = "Proef";
  for (const std::string& s : sources) c.sources.push_back({s, s});
  return c;
}

std::optional<SiteTree> Tree(MemoryDisk& disk, Diagnostics* d, const SiteConfig& c = Config(), bool drafts = false) {
  return BuildContentTree(disk, "site", c, TreeOptions{drafts}, d);
}

const Page* ByRel(const SiteTree& t, const std::string& rel) {
  auto it = t.by_rel.find(rel);
  return it == t.by_rel.end() ? nullptr : &t.pages[it->second];
}

std::vector<std::string> Titles(const SiteTree& t, const std::vector<int>& ids) {
  std::vector<std::string> out;
  for (int i : ids) out.push_back(t.pages[i].title);
  return out;
}

}  // namespace

TEST_SUITE("content_tree") {
  TEST_CASE("output paths: home, sections, pages and slugs") {
    MemoryDisk disk;
    auto& f = disk.files;
    f["site/content/_index.md"] = "---\ntitle: Start\n---\n";
    f["site/content/rol/_index.md"] = "---\ntitle: Rol\n---\n";
    f["site/content/rol/functie.md"] = "---\ntitle: Functie\n---\n";
    f["site/content/rol/oud.md"] = "---\ntitle: Oud\nslug: nieuw\n---\n";
    Diagnostics d;
    auto t = Tree(disk, &d);
    REQUIRE(t);
    CHECK_FALSE(d.HasErrors());
    CHECK(t->home().kind == PageKind::kHome);
    CHECK(t->home().out_path == "index.html");
    CHECK(ByRel(*t, "rol/_index.md")->out_path == "rol/index.html");
    CHECK(ByRel(*t, "rol/_index.md")->kind == PageKind::kSection);
    CHECK(ByRel(*t, "rol/functie.md")->out_path == "rol/functie.html");
    CHECK(ByRel(*t, "rol/functie.md")->source_path == "content/rol/functie.md");
    CHECK(ByRel(*t, "rol/functie.md")->dir == "rol");
    CHECK(ByRel(*t, "rol/oud.md")->out_path == "rol/nieuw.html");
  }

  TEST_CASE("front matter fields are read into the page") {
    MemoryDisk disk;
    disk.files["site/content/a.md"] =
        "---\ntitle: A\nsummary: Kort\ndate: 2024-03-05\nlastmod: 2024-04-01\nweight: 3\ntags: [x, y]\n"
        "layout: breed\nextra: {k: 1}\n---\n\n# Kop\n";
    Diagnostics d;
    auto t = Tree(disk, &d);
    REQUIRE(t);
    const Page* p = ByRel(*t, "a.md");
    REQUIRE(p);
    CHECK(p->title == "A");
    CHECK(p->summary == "Kort");
    CHECK(p->date == "2024-03-05");
    CHECK(p->lastmod == "2024-04-01");
    CHECK(p->weight == 3);
    CHECK(p->tags == std::vector<std::string>{"x", "y"});
    CHECK(p->layout == "breed");
    CHECK(p->meta.Find("extra.k") != nullptr);
    CHECK(*p->body == "\n# Kop\n");
    CHECK(p->body_line == 11);
  }

  TEST_CASE("description stands in for a missing summary") {
    MemoryDisk disk;
    disk.files["site/content/a.md"] = "---\ntitle: A\ndescription: Omschrijving\n---\n";
    Diagnostics d;
    auto t = Tree(disk, &d);
    CHECK(ByRel(*t, "a.md")->summary == "Omschrijving");
  }

  TEST_CASE("a page without a title gets one from its file name, with a warning") {
    MemoryDisk disk;
    disk.files["site/content/werkwijze.md"] = "tekst\n";
    disk.files["site/content/rol/_index.md"] = "";
    Diagnostics d;
    auto t = Tree(disk, &d);
    REQUIRE(t);
    CHECK(ByRel(*t, "werkwijze.md")->title == "Werkwijze");
    CHECK(ByRel(*t, "rol/_index.md")->title == "Rol");
    CHECK(d.ErrorCount() == 0);
    CHECK(d.WarningCount() == 2);
    CHECK(d.Sorted()[0].line == 1);
  }

  TEST_CASE("sections without _index.md are made, for every folder up to the home page") {
    MemoryDisk disk;
    disk.files["site/content/a/b/c/diep.md"] = "---\ntitle: Diep\n---\n";
    disk.files["site/content/x/y.md"] = "---\ntitle: Y\n---\n";
    disk.files["site/content/x/z.md"] = "---\ntitle: Z\n---\n";
    Diagnostics d;
    auto t = Tree(disk, &d);
    REQUIRE(t);
    CHECK_FALSE(d.HasErrors());
    CHECK(t->home().generated);
    CHECK(t->home().title == "Proef");
    for (const char* rel : {"a/_index.md", "a/b/_index.md", "a/b/c/_index.md", "x/_index.md"}) {
      const Page* s = ByRel(*t, rel);
      REQUIRE_MESSAGE(s, rel);
      CHECK(s->generated);
      CHECK(s->kind == PageKind::kSection);
    }
    CHECK(ByRel(*t, "a/b/_index.md")->title == "B");
    CHECK(ByRel(*t, "a/b/c/diep.md")->parent == ByRel(*t, "a/b/c/_index.md")->index);
    CHECK(ByRel(*t, "a/b/c/_index.md")->parent == ByRel(*t, "a/b/_index.md")->index);
    CHECK(ByRel(*t, "a/_index.md")->parent == 0);
  }

  TEST_CASE("many folders without _index.md, each with pages (the tree grows while sections are added)") {
    MemoryDisk disk;
    for (int i = 0; i < 40; ++i)
      for (int k = 0; k < 3; ++k)
        disk.files["site/content/s" + std::to_string(i) + "/sub/p" + std::to_string(k) + ".md"] =
            "---\ntitle: P\n---\n";
    Diagnostics d;
    auto t = Tree(disk, &d);
    REQUIRE(t);
    CHECK_FALSE(d.HasErrors());
    CHECK(t->pages.size() == 1 + 40 * 2 + 120);
    for (const Page& p : t->pages) {
      if (p.kind == PageKind::kHome) continue;
      REQUIRE(p.parent >= 0);
      CHECK(t->pages[p.parent].kind != PageKind::kPage);
    }
  }

  TEST_CASE("an empty content folder still has a home page") {
    MemoryDisk disk;
    disk.files["site/content/img/logo.png"] = "PNG";
    Diagnostics d;
    auto t = Tree(disk, &d);
    REQUIRE(t);
    REQUIRE(t->pages.size() == 1);
    CHECK(t->home().out_path == "index.html");
    CHECK(t->home().title == "Proef");
  }

  TEST_CASE("a missing content folder is an error") {
    MemoryDisk disk;
    disk.files["site/site.toml"] = "";
    Diagnostics d;
    CHECK_FALSE(Tree(disk, &d));
    REQUIRE(d.ErrorCount() == 1);
    CHECK(d.Sorted()[0].path == "content");
    CHECK(d.Sorted()[0].message.find("content folder is missing") != std::string::npos);
  }

  TEST_CASE("children are ordered by weight, unweighted last, then by title") {
    MemoryDisk disk;
    auto& f = disk.files;
    f["site/content/c.md"] = "---\ntitle: Charlie\n---\n";
    f["site/content/a.md"] = "---\ntitle: Alfa\n---\n";
    f["site/content/z.md"] = "---\ntitle: Zulu\nweight: 1\n---\n";
    f["site/content/y.md"] = "---\ntitle: Yankee\nweight: 2\n---\n";
    f["site/content/s/_index.md"] = "---\ntitle: Bravo\n---\n";
    f["site/content/s/p.md"] = "---\ntitle: In s\n---\n";
    Diagnostics d;
    auto t = Tree(disk, &d);
    REQUIRE(t);
    CHECK(Titles(*t, t->home().children) == std::vector<std::string>{"Zulu", "Yankee", "Alfa", "Bravo", "Charlie"});
    // Reading order: depth first, a section before its pages.
    CHECK(Titles(*t, t->reading_order) ==
          std::vector<std::string>{"Proef", "Zulu", "Yankee", "Alfa", "Bravo", "In s", "Charlie"});
    const Page* z = ByRel(*t, "z.md");
    CHECK(z->prev == 0);
    CHECK(t->pages[z->next].title == "Yankee");
    CHECK(t->home().prev == -1);
    CHECK(ByRel(*t, "c.md")->next == -1);
  }

  TEST_CASE("drafts are left out unless asked for") {
    MemoryDisk disk;
    disk.files["site/content/a.md"] = "---\ntitle: A\ndraft: true\n---\n";
    disk.files["site/content/b.md"] = "---\ntitle: B\ndraft: false\n---\n";
    Diagnostics d;
    auto t = Tree(disk, &d);
    CHECK_FALSE(ByRel(*t, "a.md"));
    CHECK(ByRel(*t, "b.md"));
    auto with = Tree(disk, &d, Config(), true);
    CHECK(ByRel(*with, "a.md"));
    CHECK(ByRel(*with, "a.md")->draft);
  }

  TEST_CASE("data files are read into tree.data, not published; other files are static") {
    MemoryDisk disk;
    disk.files["site/content/1-zorg/trajecten.toml"] = "[[traject]]\nnaam = \"a\"\n";
    disk.files["site/content/lijst.yaml"] = "- a\n- b\n";
    disk.files["site/content/cijfers.json"] = "{\"n\": 3}";
    disk.files["site/content/img/foto.jpg"] = "JPG";
    Diagnostics d;
    auto t = Tree(disk, &d);
    REQUIRE(t);
    CHECK_FALSE(d.HasErrors());
    REQUIRE(t->data.Get("1-zorg/trajecten"));
    CHECK(t->data.Get("lijst")->as_array().size() == 2);
    CHECK(t->data.Get("cijfers")->GetInt("n") == 3);
    CHECK(t->data_sources["lijst"] == "content/lijst.yaml");
    REQUIRE(t->statics.size() == 1);
    CHECK(t->statics[0].rel == "img/foto.jpg");
    CHECK(t->static_paths.count("img/foto.jpg"));
  }

  TEST_CASE("a broken data file is an error at its line") {
    MemoryDisk disk;
    disk.files["site/content/d.toml"] = "a = 1\nb = \n";
    disk.files["site/content/e.yaml"] = "a: 1\n\xFF\n";
    Diagnostics d;
    auto t = Tree(disk, &d);
    auto s = d.Sorted();
    REQUIRE(s.size() == 2);
    CHECK(s[0].path == "content/d.toml");
    CHECK(s[0].line == 2);
    CHECK(s[1].path == "content/e.yaml");
    CHECK(s[1].line == 2);
    CHECK(s[1].col == 1);
  }

  // ---- bad input in pages

  TEST_CASE("invalid UTF-8 is reported at the line and column of the bad byte") {
    MemoryDisk disk;
    disk.files["site/content/a.md"] = "---\ntitle: A\n---\n\nCaf\xE9 is dicht.\n";
    Diagnostics d;
    Tree(disk, &d);
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].path == "content/a.md");
    CHECK(s[0].line == 5);
    CHECK(s[0].col == 4);
    CHECK(s[0].message.find("UTF-8") != std::string::npos);
  }

  TEST_CASE("a BOM and CRLF line ends are fine") {
    MemoryDisk disk;
    disk.files["site/content/a.md"] = "\xEF\xBB\xBF---\r\ntitle: A\r\nweight: 2\r\n---\r\n# Kop\r\n";
    Diagnostics d;
    auto t = Tree(disk, &d);
    REQUIRE(t);
    CHECK(d.Sorted().empty());
    const Page* p = ByRel(*t, "a.md");
    CHECK(p->title == "A");
    CHECK(p->weight == 2);
    CHECK(*p->body == "# Kop\n");
    CHECK(p->body_line == 5);
  }

  TEST_CASE("an empty file is a page without a title (a warning, not an error)") {
    MemoryDisk disk;
    disk.files["site/content/leeg.md"] = "";
    Diagnostics d;
    auto t = Tree(disk, &d);
    REQUIRE(t);
    CHECK(d.ErrorCount() == 0);
    CHECK(ByRel(*t, "leeg.md"));
  }

  TEST_CASE("unterminated front matter") {
    MemoryDisk disk;
    disk.files["site/content/a.md"] = "---\ntitle: A\n\n# Kop\n";
    Diagnostics d;
    auto t = Tree(disk, &d);
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].Format().rfind("content/a.md:1:1: error: front matter starts with '---' but is never closed", 0) == 0);
  }

  TEST_CASE("wrong types in front matter are errors on the field's line") {
    struct Case {
      const char* field;
      const char* fm;
      const char* want;
    };
    for (Case c : {Case{"title", "---\nweight: 1\ntitle: [a, b]\n---\n", "'title' must be text, not a list"},
                   Case{"weight", "---\ntitle: A\n\nweight: veel\n---\n", "'weight' must be a whole number, not text"},
                   Case{"weight", "---\ntitle: A\nweight: 1.5\n---\n", "'weight' must be a whole number, not a number"},
                   Case{"draft", "---\ntitle: A\ndraft: ja\n---\n", "'draft' must be true or false, not text"},
                   Case{"tags", "---\ntitle: A\ntags: zorg\n---\n", "'tags' must be a list of texts"},
                   Case{"tags", "---\ntitle: A\ntags: [a, [b]]\n---\n", "'tags' must be a list of texts"},
                   Case{"aliases", "---\ntitle: A\naliases: oud\n---\n", "'aliases' must be a list of texts"},
                   Case{"date", "---\ntitle: A\ndate: [2024]\n---\n", "'date' must be a date"},
                   Case{"hidden", "---\ntitle: A\nhidden: 1\n---\n", "'hidden' must be true or false"}}) {
      CAPTURE(c.fm);
      MemoryDisk disk;
      disk.files["site/content/a.md"] = c.fm;
      Diagnostics d;
      Tree(disk, &d);
      auto s = d.Sorted();
      REQUIRE(s.size() == 1);
      CHECK(s[0].path == "content/a.md");
      CHECK(s[0].message.find(c.want) != std::string::npos);
      // The line of the field in the file.
      std::string fm = c.fm;
      size_t at = fm.find(std::string("\n") + c.field + ":");
      int line = 2;
      for (size_t i = 0; i < at; ++i) line += fm[i] == '\n';
      CHECK(s[0].line == line);
      CHECK(s[0].col == 1);
    }
  }

  TEST_CASE("wrong types in TOML front matter are errors on the field's line") {
    MemoryDisk disk;
    disk.files["site/content/a.md"] = "+++\ntitle = \"A\"\ndraft = \"nee\"\n+++\n";
    Diagnostics d;
    Tree(disk, &d);
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].line == 3);
    CHECK(s[0].message.find("'draft' must be true or false") != std::string::npos);
  }

  TEST_CASE("a title may be a number") {
    MemoryDisk disk;
    disk.files["site/content/a.md"] = "---\ntitle: 2024\n---\n";
    Diagnostics d;
    auto t = Tree(disk, &d);
    CHECK(d.Sorted().empty());
    CHECK(ByRel(*t, "a.md")->title == "2024");
  }

  TEST_CASE("a page larger than 8 MB is refused with a message") {
    MemoryDisk disk;
    disk.files["site/content/groot.md"] = "---\ntitle: Groot\n---\n" + std::string(50u << 20, 'x');
    disk.files["site/content/klein.md"] = "---\ntitle: Klein\n---\n";
    Diagnostics d;
    auto t = Tree(disk, &d);
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].path == "content/groot.md");
    CHECK(s[0].message.find("50 MB") != std::string::npos);
    CHECK(s[0].message.find("split it") != std::string::npos);
    REQUIRE(t);
    CHECK(ByRel(*t, "klein.md"));
  }

  TEST_CASE("a data file larger than 8 MB is refused with a message") {
    MemoryDisk disk;
    std::string big = "a: \"" + std::string(9u << 20, 'x') + "\"\n";
    disk.files["site/content/groot.yaml"] = big;
    Diagnostics d;
    Tree(disk, &d);
    REQUIRE(d.ErrorCount() == 1);
    CHECK(d.Sorted()[0].path == "content/groot.yaml");
    CHECK(d.Sorted()[0].message.find("MB") != std::string::npos);
  }

  TEST_CASE("index.md would overwrite its section page") {
    MemoryDisk disk;
    disk.files["site/content/rol/index.md"] = "---\ntitle: X\n---\n";
    Diagnostics d;
    Tree(disk, &d);
    REQUIRE(d.ErrorCount() == 1);
    CHECK(d.Sorted()[0].message.find("_index.md") != std::string::npos);
  }

  TEST_CASE("unsafe slugs are refused") {
    for (const char* slug : {"../../x", "a/b", "..", ".verborgen", "\"\""}) {
      CAPTURE(slug);
      MemoryDisk disk;
      disk.files["site/content/a.md"] = std::string("---\ntitle: A\nslug: ") + slug + "\n---\n";
      Diagnostics d;
      auto t = Tree(disk, &d);
      REQUIRE(d.ErrorCount() == 1);
      auto s = d.Sorted()[0];
      CHECK(s.path == "content/a.md");
      CHECK(s.line == 3);
      CHECK(s.message.find("slug") != std::string::npos);
      REQUIRE(t);
      CHECK_FALSE(ByRel(*t, "a.md"));
    }
  }

  TEST_CASE("aliases become .html paths inside the site; unsafe ones are refused") {
    MemoryDisk disk;
    disk.files["site/content/a.md"] = "---\ntitle: A\naliases: [oud/pagina, /ouder, x.html]\n---\n";
    disk.files["site/content/b.md"] = "---\ntitle: B\naliases: [../../x, a/../../y, ., \"\"]\n---\n";
    Diagnostics d;
    auto t = Tree(disk, &d);
    REQUIRE(t);
    CHECK(ByRel(*t, "a.md")->aliases == std::vector<std::string>{"oud/pagina.html", "ouder.html", "x.html"});
    CHECK(ByRel(*t, "b.md")->aliases.empty());
    auto s = d.Sorted();
    REQUIRE(s.size() == 4);
    for (const Diagnostic& e : s) {
      CHECK(e.path == "content/b.md");
      CHECK(e.line == 3);
      CHECK(e.message.find("leads outside the site") != std::string::npos);
    }
  }

  TEST_CASE("two pages with the same output path") {
    MemoryDisk disk;
    disk.files["site/content/a.md"] = "---\ntitle: A\n---\n";
    disk.files["site/content/b.md"] = "---\ntitle: B\nslug: a\n---\n";
    Diagnostics d;
    Tree(disk, &d);
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].path == "content/b.md");
    CHECK(s[0].message.find("a.html") != std::string::npos);
    CHECK(s[0].message.find("content/a.md") != std::string::npos);
  }

  TEST_CASE("an alias over a page, and an alias over a static file") {
    MemoryDisk disk;
    disk.files["site/content/a.md"] = "---\ntitle: A\n---\n";
    disk.files["site/content/b.md"] = "---\ntitle: B\naliases: [a]\n---\n";
    disk.files["site/content/c.md"] = "---\ntitle: C\naliases: [img/x]\n---\n";
    disk.files["site/content/img/x.html"] = "<p>statisch</p>";
    Diagnostics d;
    Tree(disk, &d);
    auto s = d.Sorted();
    REQUIRE(s.size() == 2);
    CHECK(s[0].path == "content/b.md");
    CHECK(s[0].message.find("alias a.html is also written by content/a.md") != std::string::npos);
    CHECK(s[1].path == "content/c.md");
    CHECK(s[1].message.find("would overwrite") != std::string::npos);
  }

  TEST_CASE("overlays: a later source replaces, adds and hides pages") {
    MemoryDisk disk;
    auto& f = disk.files;
    f["site/base/_index.md"] = "---\ntitle: Basis\n---\n";
    f["site/base/a.md"] = "---\ntitle: A basis\n---\n";
    f["site/base/b.md"] = "---\ntitle: B\n---\n";
    f["site/base/c.md"] = "---\ntitle: C\n---\n";
    f["site/school/a.md"] = "---\ntitle: A school\n---\n";
    f["site/school/d.md"] = "---\ntitle: D\n---\n";
    f["site/school/c.md"] = "---\nhidden: true\n---\n";
    Diagnostics d;
    auto t = Tree(disk, &d, Config({"base", "school"}));
    REQUIRE(t);
    CHECK(d.Sorted().empty());
    CHECK(ByRel(*t, "a.md")->title == "A school");
    CHECK(ByRel(*t, "a.md")->source_path == "school/a.md");
    CHECK(ByRel(*t, "a.md")->source_label == "school");
    CHECK(ByRel(*t, "b.md")->source_path == "base/b.md");
    CHECK(ByRel(*t, "d.md"));
    CHECK_FALSE(ByRel(*t, "c.md"));
    CHECK(DescribeOrigin(t->origins.at("a.md")) == "school/a.md (replaces base/a.md)");
    CHECK(DescribeOrigin(t->origins.at("b.md")) == "base/b.md");
  }

  TEST_CASE("a site without a search page gets one, in no navigation; one with its own keeps it") {
    MemoryDisk disk;
    disk.files["site/content/_index.md"] = "---\ntitle: Start\n---\n";
    disk.files["site/content/a.md"] = "---\ntitle: A\n---\n";
    TreeOptions o;
    o.add_search_page = true;
    Diagnostics d;
    auto t = BuildContentTree(disk, "site", Config(), o, &d);
    REQUIRE(t);
    const Page* search = ByRel(*t, "zoeken.md");
    REQUIRE(search);
    CHECK(search->out_path == "zoeken.html");
    CHECK(search->layout == "search");
    CHECK(search->generated);
    CHECK(search->meta.GetBool("nosearch"));
    CHECK(search->parent == 0);
    CHECK(Titles(*t, t->home().children) == std::vector<std::string>{"A"});
    CHECK(std::find(t->reading_order.begin(), t->reading_order.end(), search->index) == t->reading_order.end());
    // Search off, or a theme without a search layout: none.
    SiteConfig off = Config();
    off.search = false;
    CHECK_FALSE(ByRel(*BuildContentTree(disk, "site", off, o, &d), "zoeken.md"));
    CHECK_FALSE(ByRel(*BuildContentTree(disk, "site", Config(), TreeOptions{}, &d), "zoeken.md"));
    // A page of the site's own with layout search (under any name) is the search page.
    disk.files["site/content/vinden.md"] = "---\ntitle: Vinden\nlayout: search\n---\n";
    auto own = BuildContentTree(disk, "site", Config(), o, &d);
    CHECK_FALSE(ByRel(*own, "zoeken.md"));
    CHECK_FALSE(ByRel(*own, "vinden.md")->generated);
    // English sites: search.html.
    disk.files.erase("site/content/vinden.md");
    SiteConfig en = Config();
    en.language = "en";
    auto english = BuildContentTree(disk, "site", en, o, &d);
    REQUIRE(ByRel(*english, "search.md"));
    CHECK(ByRel(*english, "search.md")->title == "Search");
    CHECK_FALSE(d.HasErrors());
  }
}  // TEST_SUITE
