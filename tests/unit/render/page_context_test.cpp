#include "render/page_context.h"

#include <doctest/doctest.h>

using namespace ww;

namespace {

struct Fixture {
  MemoryDisk disk;
  SiteConfig config;
  SiteTree tree;
  Value strings;
  std::unique_ptr<Navigation> nav;
  std::unique_ptr<PageContextBuilder> ctx;

  Fixture() {
    auto& f = disk.files;
    f["site/content/_index.md"] = "---\ntitle: Start\n---\n";
    f["site/content/rol/_index.md"] = "---\ntitle: Rol\nsummary: Over de rol\nweight: 1\n---\n";
    f["site/content/rol/taak.md"] =
        "---\ntitle: Taak\ndate: 2024-03-05\ntags: [zorg, \"a<b\"]\nweight: 1\nextra: 7\n---\n";
    f["site/content/rol/wie.md"] = "---\ntitle: Wie\nweight: 2\nlayout: breed\n---\n";
    f["site/content/over.md"] = "---\ntitle: Over\nweight: 2\n---\n";
    config.title = "Handboek";
    config.description = "Beschrijving";
    config.organisation = "Netwerk";
    config.logo = "assets/logo.svg";
    config.sources.push_back({"content", "content"});
    config.colors.Set("primair", "#1d5e8c");
    config.colors.Set("accent", "rgb(1, 2, 3)");
    config.colors.Set("kwaad", "red;} body{display:none");
    config.colors.Set("ook kwaad", "blue");
    config.colors.Set("url", "url(x)");
    config.params.Set("jaar", 2024);
    Diagnostics d;
    auto t = BuildContentTree(disk, "site", config, {}, &d);
    REQUIRE(t);
    REQUIRE_FALSE(d.HasErrors());
    tree = std::move(*t);
    strings.Set("skip_link", "Naar de inhoud");
    nav = std::make_unique<Navigation>(tree, "Alle");
    ctx = std::make_unique<PageContextBuilder>(config, tree, strings, *nav);
  }
  const Page& page(const std::string& rel) const { return tree.pages[tree.by_rel.at(rel)]; }
};

}  // namespace

TEST_SUITE("page_context") {
  TEST_CASE("root prefix and site fields") {
    Fixture fx;
    Value home = fx.ctx->For(fx.tree.home(), "<p>x</p>", {}, {});
    CHECK(home.GetString("root") == "");
    CHECK(home.Find("site.title")->as_string() == "Handboek");
    CHECK(home.Find("site.description")->as_string() == "Beschrijving");
    CHECK(home.Find("site.organisation")->as_string() == "Netwerk");
    CHECK(home.Find("site.language")->as_string() == "nl");
    CHECK(home.Find("site.logo")->as_string() == "assets/logo.svg");
    CHECK(home.Find("site.has_logo")->as_bool());
    CHECK(home.Find("site.params.jaar")->as_int() == 2024);
    Value taak = fx.ctx->For(fx.page("rol/taak.md"), "", {}, {});
    CHECK(taak.GetString("root") == "../");
    CHECK(taak.Find("site.logo")->as_string() == "../assets/logo.svg");
    // What every page shares is given to the theme once (Theme::SetShared).
    CHECK(taak.Find("t") == nullptr);
    Value shared = fx.ctx->Shared();
    CHECK(shared.Find("t.skip_link")->as_string() == "Naar de inhoud");
    CHECK(shared.GetString("generator").rfind("Wegwijzer ", 0) == 0);
    CHECK(shared.GetString("build_year").size() == 4);
  }

  TEST_CASE("page fields") {
    Fixture fx;
    std::vector<TocEntry> toc = {{2, "Een", "een"}, {3, "Twee", "twee"}};
    PageExtras extras;
    extras.scripts = {"assets/forms.js"};
    extras.styles = {"assets/forms.css"};
    Value v = fx.ctx->For(fx.page("rol/taak.md"), "<p>inhoud</p>", toc, extras);
    const Value& p = *v.Get("page");
    CHECK(p.GetString("title") == "Taak");
    CHECK(p.GetString("kind") == "page");
    CHECK_FALSE(p.GetBool("is_home"));
    CHECK_FALSE(p.GetBool("is_section"));
    CHECK(p.GetString("content") == "<p>inhoud</p>");
    CHECK(p.GetString("url") == "taak.html");
    CHECK(p.GetString("date") == "2024-03-05");
    CHECK(p.GetString("date_nl") == "5 maart 2024");
    CHECK(p.GetBool("has_tags"));
    CHECK(p.Get("tags")->ToJson() == R"([{"name":"zorg"},{"name":"a\u003cb"}])");
    CHECK(p.GetBool("has_toc"));
    REQUIRE(p.Get("toc")->as_array().size() == 2);
    CHECK(p.Get("toc")->as_array()[1].GetBool("is_sub"));
    CHECK(p.Get("scripts")->as_array()[0].GetString("src") == "../assets/forms.js");
    CHECK(p.Get("styles")->as_array()[0].GetString("href") == "../assets/forms.css");
    CHECK(p.Find("params.extra")->as_int() == 7);
    CHECK_FALSE(p.GetBool("has_children"));
  }

  TEST_CASE("page.url is a URL: percent-encoded") {
    MemoryDisk disk;
    disk.files["site/content/mijn map/één.md"] = "---\ntitle: Een\n---\n";
    SiteConfig config;
    config.sources.push_back({"content", "content"});
    Diagnostics d;
    auto tree = BuildContentTree(disk, "site", config, {}, &d);
    REQUIRE(tree);
    Value strings = Value::MakeObject();
    Navigation nav(*tree, "meer");
    PageContextBuilder ctx(config, *tree, strings, nav);
    const Page& p = tree->pages[tree->by_rel.at("mijn map/één.md")];
    CHECK(ctx.For(p, "", {}, {}).Find("page.url")->as_string() == "%C3%A9%C3%A9n.html");
    CHECK(ctx.For(tree->home(), "", {}, {}).Find("page.children")->as_array()[0].GetString("url") ==
          "mijn%20map/index.html");
  }

  TEST_CASE("a single heading is no table of contents; no date gives empty dates") {
    Fixture fx;
    Value v = fx.ctx->For(fx.page("over.md"), "", {{2, "Een", "een"}}, {});
    CHECK_FALSE(v.Find("page.has_toc")->as_bool());
    CHECK(v.Find("page.date")->as_string() == "");
    CHECK(v.Find("page.date_nl")->as_string() == "");
    CHECK_FALSE(v.Find("page.has_tags")->as_bool());
  }

  TEST_CASE("children of sections and home, in order, with relative URLs") {
    Fixture fx;
    Value home = fx.ctx->For(fx.tree.home(), "", {}, {});
    CHECK(home.Find("page.kind")->as_string() == "home");
    CHECK(home.Find("page.is_home")->as_bool());
    const Array& ch = home.Find("page.children")->as_array();
    REQUIRE(ch.size() == 2);
    CHECK(ch[0].GetString("title") == "Rol");
    CHECK(ch[0].GetString("url") == "rol/index.html");
    CHECK(ch[0].GetString("summary") == "Over de rol");
    CHECK(ch[0].GetBool("is_section"));
    CHECK(ch[1].GetString("url") == "over.html");
    Value rol = fx.ctx->For(fx.page("rol/_index.md"), "", {}, {});
    CHECK(rol.Find("page.is_section")->as_bool());
    const Array& rc = rol.Find("page.children")->as_array();
    REQUIRE(rc.size() == 2);
    CHECK(rc[0].GetString("url") == "taak.html");
    CHECK(rc[1].GetString("url") == "wie.html");
  }

  TEST_CASE("breadcrumbs from home to the page, and prev/next in reading order") {
    Fixture fx;
    Value v = fx.ctx->For(fx.page("rol/taak.md"), "", {}, {});
    CHECK(v.Find("has_breadcrumbs")->as_bool());
    const Array& bc = v.Get("breadcrumbs")->as_array();
    REQUIRE(bc.size() == 3);
    CHECK(bc[0].GetString("url") == "../index.html");
    CHECK(bc[1].GetString("url") == "index.html");
    CHECK(bc[2].GetString("url") == "taak.html");
    CHECK(bc[2].GetBool("is_last"));
    CHECK_FALSE(bc[1].GetBool("is_last"));
    CHECK(v.Find("prev.url")->as_string() == "index.html");
    CHECK(v.Find("next.url")->as_string() == "wie.html");
    Value home = fx.ctx->For(fx.tree.home(), "", {}, {});
    CHECK_FALSE(home.Find("has_breadcrumbs")->as_bool());
    CHECK(home.Get("prev") == nullptr);
    CHECK(home.Find("next.url")->as_string() == "rol/index.html");
    Value last = fx.ctx->For(fx.page("over.md"), "", {}, {});
    CHECK(last.Get("next") == nullptr);
    CHECK(last.Find("prev.url")->as_string() == "rol/wie.html");
  }

  TEST_CASE("nav marks the page") {
    Fixture fx;
    Value v = fx.ctx->For(fx.page("rol/wie.md"), "", {}, {});
    CHECK(v.GetString("nav").find("href=\"../rol/wie.html\" aria-current=\"page\"") != std::string::npos);
  }

  TEST_CASE("redirect pages point at the page, relative to the alias") {
    Fixture fx;
    Value r = fx.ctx->Redirect(fx.page("rol/taak.md"), "oud/ouder/taak.html");
    CHECK(r.GetString("root") == "../../");
    CHECK(r.GetString("target") == "../../rol/taak.html");
    CHECK(r.Find("page.title")->as_string() == "Taak");
    CHECK(r.Find("site.title")->as_string() == "Handboek");
    Value top = fx.ctx->Redirect(fx.page("rol/taak.md"), "taak.html");
    CHECK(top.GetString("target") == "rol/taak.html");
  }

  TEST_CASE("LayoutFor: the page's own layout, else by kind, with fallbacks") {
    Fixture fx;
    MemoryDisk tdisk;
    tdisk.files["t/templates/page.mustache"] = "p";
    tdisk.files["t/templates/section.mustache"] = "s";
    Diagnostics d;
    auto theme = Theme::Load(tdisk, "t", "themes/t", &d);
    REQUIRE(theme);
    CHECK(fx.ctx->LayoutFor(fx.page("rol/wie.md"), *theme) == "breed");
    CHECK(fx.ctx->LayoutFor(fx.page("rol/taak.md"), *theme) == "page");
    CHECK(fx.ctx->LayoutFor(fx.page("rol/_index.md"), *theme) == "section");
    CHECK(fx.ctx->LayoutFor(fx.tree.home(), *theme) == "section");  // no home.mustache
    tdisk.files["t/templates/home.mustache"] = "h";
    auto with_home = Theme::Load(tdisk, "t", "themes/t", &d);
    CHECK(fx.ctx->LayoutFor(fx.tree.home(), *with_home) == "home");
    MemoryDisk only_page;
    only_page.files["t/templates/page.mustache"] = "p";
    auto minimal = Theme::Load(only_page, "t", "themes/t", &d);
    CHECK(fx.ctx->LayoutFor(fx.page("rol/_index.md"), *minimal) == "page");
  }

  TEST_CASE("last updated: lastmod, else the date; has_meta only when there is something to show") {
    Fixture fx;
    Value taak = fx.ctx->For(fx.page("rol/taak.md"), "", {}, {});
    CHECK(taak.Find("page.lastmod")->as_string() == "2024-03-05");
    CHECK(taak.Find("page.lastmod_nl")->as_string() == "5 maart 2024");
    CHECK(taak.Find("page.has_meta")->as_bool());
    Value wie = fx.ctx->For(fx.page("rol/wie.md"), "", {}, {});
    CHECK(wie.Find("page.lastmod_nl")->as_string() == "");
    CHECK_FALSE(wie.Find("page.has_meta")->as_bool());
    Page changed = fx.page("rol/taak.md");
    changed.lastmod = "2025-01-02";
    CHECK(fx.ctx->For(changed, "", {}, {}).Find("page.lastmod_nl")->as_string() == "2 januari 2025");
  }

  TEST_CASE("BrandCss writes only plain colour values with plain names") {
    Fixture fx;
    std::string css = fx.ctx->BrandCss();
    CHECK(css.find("--kleur-primair: #1d5e8c;") != std::string::npos);
    CHECK(css.find("--kleur-accent: rgb(1, 2, 3);") != std::string::npos);
    CHECK(css.find("display") == std::string::npos);
    CHECK(css.find("kwaad") == std::string::npos);
    CHECK(css.find(":root {") != std::string::npos);
  }

}  // TEST_SUITE
