// Tests of the site and page as plugins see them, and of reading a changed
// page back in the author's key order.
#include "plugins/plugin_view.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "diagnostics.h"
#include "disk.h"
#include "site/config.h"
#include "site/content_tree.h"

using namespace ww;

namespace {

struct Tree {
  MemoryDisk disk;
  Diagnostics diags;
  std::optional<SiteConfig> config;
  std::optional<SiteTree> tree;

  Tree() {
    disk.files["site/site.toml"] = "title = \"Test\"\n[params]\nkleur = \"blauw\"\n";
    disk.files["site/content/_index.md"] = "---\ntitle: Home\n---\n";
    disk.files["site/content/rol/_index.md"] = "---\ntitle: Rol\n---\n";
    disk.files["site/content/rol/functie.md"] =
        "---\ntitle: Functie\nsummary: Kort.\ntags: [een, twee]\nzeta: 1\n---\n";
    disk.files["site/content/rol/taken.md"] = "---\ntitle: Taken\ntags: [een]\n---\n";
    disk.files["site/content/rol/data.toml"] = "naam = \"x\"\n";
    config = LoadConfig(disk, "site", &diags);
    REQUIRE(config);
    tree = BuildContentTree(disk, "site", *config, {}, &diags);
    REQUIRE(tree);
    REQUIRE_FALSE(diags.HasErrors());
  }
  const Page& page(const std::string& rel) { return tree->pages[tree->by_rel.at(rel)]; }
};

}  // namespace

TEST_SUITE("plugin_view") {
  TEST_CASE("a page as hooks see it") {
    Tree t;
    Value v = PageValue(*t.tree, t.page("rol/functie.md"));
    CHECK(v.GetString("title") == "Functie");
    CHECK(v.GetString("summary") == "Kort.");
    CHECK(v.GetString("path") == "rol/functie.md");
    CHECK(v.GetString("source") == "content/rol/functie.md");
    CHECK(v.GetString("url") == "rol/functie.html");
    CHECK(v.GetString("kind") == "page");
    CHECK(v.GetString("section") == "rol/_index.md");
    CHECK(v.Get("tags")->ToJson() == R"(["een","twee"])");
    CHECK(v.Get("meta")->GetInt("zeta") == 1);
    CHECK(PageValue(*t.tree, t.page("_index.md")).GetString("kind") == "home");
    CHECK(PageValue(*t.tree, t.page("_index.md")).GetString("section") == "");
    CHECK(PageValue(*t.tree, t.page("rol/_index.md")).GetString("kind") == "section");
  }

  TEST_CASE("the site as plugins see it") {
    Tree t;
    Value site = SiteValue(*t.config, *t.tree);
    CHECK(site.GetString("title") == "Test");
    CHECK(site.Get("params")->GetString("kleur") == "blauw");
    CHECK(site.Get("data")->Get("rol/data")->GetString("naam") == "x");
    const Array& pages = site.Get("pages")->as_array();
    REQUIRE(pages.size() == 4);
    CHECK(pages[0].GetString("path") == "_index.md");
    CHECK(pages[0].Get("source") == nullptr);  // pages in the site carry no source or meta
    CHECK(pages[0].Get("meta") == nullptr);
    CHECK(site.Get("sections")->ToJson() == R"(["_index.md","rol/_index.md"])");
    CHECK(site.Get("tags")->Get("een")->as_array().size() == 2);
    CHECK(site.Get("tags")->Get("twee")->ToJson() == R"(["rol/functie.md"])");
  }

  TEST_CASE("updated is the date the page shows: lastmod (front matter or git), else date") {
    Tree t;
    Page& functie = t.tree->pages[t.tree->by_rel.at("rol/functie.md")];
    Page& taken = t.tree->pages[t.tree->by_rel.at("rol/taken.md")];
    functie.date = "2020-01-01";
    functie.lastmod = "2024-06-07";  // as front matter or git sets it
    taken.date = "2021-03-04";
    CHECK(PageValue(*t.tree, functie).GetString("updated") == "2024-06-07");
    CHECK(PageValue(*t.tree, functie).GetString("date") == "2020-01-01");
    CHECK(PageValue(*t.tree, taken).GetString("updated") == "2021-03-04");
    CHECK(PageValue(*t.tree, t.page("_index.md")).GetString("updated") == "");
    Value site = SiteValue(*t.config, *t.tree);
    for (const Value& p : site.Get("pages")->as_array()) {
      if (p.GetString("path") == "rol/functie.md") CHECK(p.GetString("updated") == "2024-06-07");
      if (p.GetString("path") == "rol/taken.md") CHECK(p.GetString("updated") == "2021-03-04");
    }
  }

  TEST_CASE("the lazy site is made once, on first read") {
    Tree t;
    LazySite lazy(*t.config, *t.tree);
    std::shared_ptr<const Value> a = lazy.Get();
    CHECK(a == lazy.Get());
    CHECK(*a == SiteValue(*t.config, *t.tree));
  }

  TEST_CASE("a changed page keeps the author's key order; new keys follow, an emptied list stays a list") {
    Value before(Object{{"zeta", 1}, {"alpha", Object{{"b", 1}, {"a", 2}}}, {"list", Array{1, 2}}});
    Value after(Object{{"new", 1}, {"list", Object{}}, {"alpha", Object{{"c", 3}, {"a", 2}, {"b", 1}}}, {"zeta", 1}});
    CHECK(InAuthorOrder(before, after).ToJson() == R"({"zeta":1,"alpha":{"b":1,"a":2,"c":3},"list":[],"new":1})");
    // Lists of the same length: each element in its own order.
    Value list_before(Array{Object{{"b", 1}, {"a", 2}}});
    Value list_after(Array{Object{{"a", 2}, {"b", 1}}});
    CHECK(InAuthorOrder(list_before, list_after).ToJson() == R"([{"b":1,"a":2}])");
    // Not both tables: the plugin's value as it is.
    CHECK(InAuthorOrder(Value("x"), Value(1)) == Value(1));
  }

  TEST_CASE("the author's order of 100,000 keys, reversed by a plugin, comes back (a hash index, not a scan)") {
    Object a, b;
    for (int i = 0; i < 100000; ++i) a.emplace_back("k" + std::to_string(i), Value(i));
    for (int i = 100000; i-- > 0;) b.emplace_back("k" + std::to_string(i), Value(i));
    b.emplace_back("nieuw", Value(true));
    Value v = InAuthorOrder(Value(a), Value(b));
    REQUIRE(v.as_object().size() == 100001);
    CHECK(v.as_object()[0].first == "k0");
    CHECK(v.as_object()[99999].first == "k99999");
    CHECK(v.as_object()[100000].first == "nieuw");
  }

  TEST_CASE("the fields a page hook gives back are checked for type (issue 17)") {
    auto page = [](Value title, Value tags, Value meta) {
      Value p = Value::MakeObject();
      p.Set("title", std::move(title));
      p.Set("tags", std::move(tags));
      p.Set("meta", std::move(meta));
      return p;
    };
    double nan = std::nan(""), inf = HUGE_VAL;
    CHECK(CheckPageFields(page("T", Array{"a", 2024}, Object{{"x", 1.5}})) == "");
    CHECK(CheckPageFields(page("T", Object{}, Object{})) == "");  // an empty Lua table is an empty list
    CHECK(CheckPageFields(page(Object{{"a", 1}}, Array{}, Object{})) == "title must be text, not a table");
    CHECK(CheckPageFields(page(nan, Array{}, Object{})) == "title must be text, not NaN or infinity");
    CHECK(CheckPageFields(page("T", Array{"a", nan}, Object{})) == "tag 2 must be text, not NaN or infinity");
    CHECK(CheckPageFields(page("T", Array{-inf}, Object{})) == "tag 1 must be text, not NaN or infinity");
    CHECK(CheckPageFields(page("T", Array{true}, Object{})) == "tag 1 must be text, not a boolean");
    CHECK(CheckPageFields(page("T", "a", Object{})) == "tags must be a list of text, not text");
    CHECK(CheckPageFields(page("T", Array{}, Array{1})) == "meta must be a table, not a list");
    CHECK(CheckPageFields(page("T", Array{}, Object{{"a", Object{{"b", Array{1, inf}}}}})) ==
          "meta.a.b[2] is NaN or infinity, which a page cannot show; give a number or text");
  }
}  // TEST_SUITE
