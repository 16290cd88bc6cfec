#include "markdown/links.h"

#include <doctest/doctest.h>

#include <functional>

#include "markdown/markdown.h"
#include "site_fixture.h"

using namespace ww;

namespace {

// A tree of: home, rol/ (section), rol/functie.md, rol/taken/lijst.md,
// over.md with slug "info", and a static file img/logo.png.
struct Fixture {
  MemoryDisk disk;
  SiteTree tree;
  Fixture() {
    auto& f = disk.files;
    f["site/content/_index.md"] = "---\ntitle: Start\n---\n";
    f["site/content/rol/_index.md"] = "---\ntitle: Rol\n---\n";
    f["site/content/rol/functie.md"] = "---\ntitle: Functie\n---\n";
    f["site/content/rol/taken/lijst.md"] = "---\ntitle: Lijst\n---\n";
    f["site/content/over.md"] = "---\ntitle: Over\nslug: info\n---\n";
    f["site/content/mijn map/één.md"] = "---\ntitle: Een\n---\n";
    f["site/content/img/logo.png"] = "PNG";
    SiteConfig c;
    c.sources.push_back({"content", "content"});
    Diagnostics d;
    auto t = BuildContentTree(disk, "site", c, {}, &d);
    REQUIRE(t);
    REQUIRE_FALSE(d.HasErrors());
    tree = std::move(*t);
  }
  const Page& page(const std::string& rel) const { return tree.pages[tree.by_rel.at(rel)]; }
};

struct Result {
  std::vector<std::string> urls;
  std::vector<AnchorRef> refs;
  std::vector<ExternalLink> external;
  Diagnostics diags;
};

void Rewrite(const Fixture& fx, const std::string& rel, const std::string& md, Result* r) {
  const Page& p = fx.page(rel);
  Node doc = ParseMarkdown(md, 1, p.source_path, &r->diags);
  RewriteLinks(&doc, fx.tree, p, &r->diags, &r->refs, &r->external);
  std::function<void(const Node&)> walk = [&](const Node& n) {
    if (n.type == NodeType::kLink || n.type == NodeType::kImage) r->urls.push_back(n.url);
    for (const Node& c : n.children) walk(c);
  };
  walk(doc);
}

std::string One(const Fixture& fx, const std::string& rel, const std::string& url) {
  Result r;
  Rewrite(fx, rel, "[x](" + url + ")\n", &r);
  REQUIRE(r.urls.size() == 1);
  CHECK_MESSAGE(!r.diags.HasErrors(), url);
  return r.urls[0];
}

}  // namespace

TEST_SUITE("links") {
  TEST_CASE("links between .md files become links between output files, relative to the page") {
    Fixture fx;
    CHECK(One(fx, "_index.md", "rol/functie.md") == "rol/functie.html");
    CHECK(One(fx, "_index.md", "./rol/functie.md") == "rol/functie.html");
    CHECK(One(fx, "rol/functie.md", "../over.md") == "../info.html");
    CHECK(One(fx, "rol/functie.md", "taken/lijst.md") == "taken/lijst.html");
    CHECK(One(fx, "rol/taken/lijst.md", "../functie.md") == "../functie.html");
    CHECK(One(fx, "rol/taken/lijst.md", "../../_index.md") == "../../index.html");
    CHECK(One(fx, "rol/taken/lijst.md", "/rol/functie.md") == "../functie.html");
    CHECK(One(fx, "over.md", "over.md") == "info.html");
  }

  TEST_CASE("a folder link means its section page") {
    Fixture fx;
    CHECK(One(fx, "_index.md", "rol/") == "rol/index.html");
    CHECK(One(fx, "_index.md", "rol") == "rol/index.html");
    CHECK(One(fx, "rol/functie.md", "./") == "index.html");
    CHECK(One(fx, "rol/functie.md", "../") == "../index.html");
    CHECK(One(fx, "rol/taken/lijst.md", "/") == "../../index.html");
    // rol/taken has no _index.md: its section page is made, and can be linked.
    CHECK(One(fx, "_index.md", "rol/taken/") == "rol/taken/index.html");
  }

  TEST_CASE("percent-encoded and unusual file names") {
    Fixture fx;
    CHECK(One(fx, "_index.md", "mijn%20map/%C3%A9%C3%A9n.md") == "mijn%20map/%C3%A9%C3%A9n.html");
    CHECK(One(fx, "_index.md", "<mijn map/één.md>") == "mijn%20map/%C3%A9%C3%A9n.html");
  }

  TEST_CASE("query strings are dropped and anchors kept") {
    Fixture fx;
    CHECK(One(fx, "_index.md", "rol/functie.md?x=1") == "rol/functie.html");
    Result r;
    Rewrite(fx, "_index.md", "[x](rol/functie.md#taken)\n", &r);
    CHECK(r.urls[0] == "rol/functie.html#taken");
  }

  TEST_CASE("anchors in other pages are returned for checking at the end of the build") {
    Fixture fx;
    Result r;
    Rewrite(fx, "_index.md", "tekst\n\n[x](rol/functie.md#taken)\n", &r);
    REQUIRE(r.refs.size() == 1);
    CHECK(r.refs[0].target == fx.page("rol/functie.md").index);
    CHECK(r.refs[0].anchor == "taken");
    CHECK(r.refs[0].from_path == "content/_index.md");
    CHECK(r.refs[0].line == 3);
    CHECK(r.refs[0].col == 1);
  }

  TEST_CASE("anchors in the same page are checked at once") {
    Fixture fx;
    Result ok;
    Rewrite(fx, "over.md", "## Doel\n\n[a](#doel) [b](over.md#doel) [c](#)\n", &ok);
    CHECK_FALSE(ok.diags.HasErrors());
    CHECK(ok.refs.empty());
    Result bad;
    Rewrite(fx, "over.md", "## Doel\n\nZie [a](#doelen).\n\n[b](over.md#nergens)\n", &bad);
    auto s = bad.diags.Sorted();
    REQUIRE(s.size() == 2);
    CHECK(s[0].Format().rfind("content/over.md:3:5: error: link to #doelen: this page has no heading", 0) == 0);
    CHECK(s[1].line == 5);
    CHECK(s[1].message.find("#nergens") != std::string::npos);
  }

  TEST_CASE("footnote ids count as anchors of the page") {
    Fixture fx;
    Result r;
    Rewrite(fx, "over.md", "Zie noot[^1] en [terug](#fn-1) of [ref](#fnref-1).\n\n[^1]: Noot.\n", &r);
    CHECK_MESSAGE(!r.diags.HasErrors(), ww::testing::DumpDiags(r.diags));
    Diagnostics d;
    Node doc = ParseMarkdown("x[^a_b]\n\n[^a_b]: y\n\n## Kop\n", 1, "t.md", &d);
    auto anchors = CollectAnchors(doc);
    CHECK(anchors.count("kop"));
    CHECK(anchors.count("fn-a-b"));
    CHECK(anchors.count("fnref-a-b"));
  }

  TEST_CASE("a link to a page that does not exist is an error at the link, with a hint") {
    Fixture fx;
    Result r;
    Rewrite(fx, "rol/taken/lijst.md", "Lees\n[dit](../functies.md) en [dat](lijst2.md).\n", &r);
    auto s = r.diags.Sorted();
    REQUIRE(s.size() == 2);
    CHECK(s[0].path == "content/rol/taken/lijst.md");
    CHECK(s[0].line == 2);
    CHECK(s[0].col == 1);
    CHECK(s[0].message.find("there is no page rol/functies.md") != std::string::npos);
    CHECK(s[0].message.find("relative to this file") != std::string::npos);
    CHECK(s[1].col == 26);
  }

  TEST_CASE("a missing page link suggests a page with the same file name") {
    Fixture fx;
    Result r;
    Rewrite(fx, "_index.md", "[x](functie.md)\n", &r);
    REQUIRE(r.diags.ErrorCount() == 1);
    CHECK(r.diags.Sorted()[0].message.find("did you mean rol/functie.md?") != std::string::npos);
  }

  TEST_CASE("a missing section link suggests a section with the same folder name, never any _index.md") {
    Fixture fx;
    Result r;
    Rewrite(fx, "_index.md", "[x](taken/) [y](nergens/)\n", &r);
    auto s = r.diags.Sorted();
    REQUIRE(s.size() == 2);
    CHECK(s[0].message.find("no page taken/_index.md (did you mean rol/taken/_index.md?)") != std::string::npos);
    CHECK(s[1].message.find("no page nergens/_index.md;") != std::string::npos);
  }

  TEST_CASE("a link out of the site is an error") {
    Fixture fx;
    Result r;
    Rewrite(fx, "rol/functie.md", "[x](../../../etc/passwd) [y](../../x.md)\n", &r);
    auto s = r.diags.Sorted();
    REQUIRE(s.size() == 2);
    for (const Diagnostic& e : s) CHECK(e.message.find("leads outside the site") != std::string::npos);
  }

  TEST_CASE("links to static files are checked and stay relative") {
    Fixture fx;
    CHECK(One(fx, "_index.md", "img/logo.png") == "img/logo.png");
    CHECK(One(fx, "rol/functie.md", "../img/logo.png") == "../img/logo.png");
    Result img;
    Rewrite(fx, "rol/taken/lijst.md", "![logo](../../img/logo.png)\n", &img);
    CHECK(img.urls[0] == "../../img/logo.png");
    Result missing;
    Rewrite(fx, "_index.md", "![x](img/nope.png)\n", &missing);
    REQUIRE(missing.diags.ErrorCount() == 1);
    CHECK(missing.diags.Sorted()[0].message.find("no file img/nope.png") != std::string::npos);
  }

  TEST_CASE("a link to a static file from the site root becomes relative") {
    Fixture fx;
    CHECK(One(fx, "rol/taken/lijst.md", "/img/logo.png") == "../../img/logo.png");
    CHECK(One(fx, "_index.md", "/img/logo.png") == "img/logo.png");
  }

  TEST_CASE("external links are left alone and listed; other schemes are left alone") {
    Fixture fx;
    Result r;
    Rewrite(fx, "_index.md",
            "[a](https://a.nl/x) [b](//cdn.nl/y) [c](mailto:a@b.nl) [d](tel:123) [e](javascript:alert(1))\n", &r);
    CHECK_FALSE(r.diags.HasErrors());
    CHECK(r.urls ==
          std::vector<std::string>{"https://a.nl/x", "//cdn.nl/y", "mailto:a@b.nl", "tel:123", "javascript:alert(1)"});
    REQUIRE(r.external.size() == 2);
    CHECK(r.external[0].url == "https://a.nl/x");
    CHECK(r.external[0].from_path == "content/_index.md");
    CHECK(r.external[1].url == "//cdn.nl/y");
  }

  TEST_CASE("RewriteLinks works without a list for external links") {
    Fixture fx;
    Diagnostics d;
    std::vector<AnchorRef> refs;
    Node doc = ParseMarkdown("[a](https://a.nl)\n", 1, "x", &d);
    RewriteLinks(&doc, fx.tree, fx.page("_index.md"), &d, &refs);
    CHECK_FALSE(d.HasErrors());
  }

  TEST_CASE("CollectAnchors picks up ids in plugins' raw HTML") {
    Node doc;
    Node raw;
    raw.type = NodeType::kRawBlock;
    raw.text = "<div id=\"form-1\"><p id=\"x\">a</p></div>";
    doc.children.push_back(raw);
    auto a = CollectAnchors(doc);
    CHECK(a.count("form-1"));
    CHECK(a.count("x"));
  }

}  // TEST_SUITE
