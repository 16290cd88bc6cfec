#include "render/template.h"

#include <doctest/doctest.h>

#include <thread>

#include "site_fixture.h"

using namespace ww;

namespace {

const std::string kDir = "site/themes/t";

std::optional<Theme> Load(MemoryDisk& disk, Diagnostics* d) { return Theme::Load(disk, kDir, "themes/t", d); }

void Put(MemoryDisk& disk, const std::string& rel, const std::string& text) { disk.files[kDir + "/" + rel] = text; }

std::string Render(const Theme& theme, const std::string& name, const Value& ctx, Diagnostics* d,
                   const std::map<std::string, TemplateHelper>& helpers = {}) {
  auto out = theme.Render(name, ctx, helpers, "content/a.md", d);
  REQUIRE_MESSAGE(out, ww::testing::DumpDiags(*d));
  return *out;
}

}  // namespace

TEST_SUITE("template") {
  TEST_CASE("loads every top-level template; partials are not templates") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "P");
    Put(disk, "templates/home.mustache", "H");
    Put(disk, "templates/partials/x.mustache", "X");
    Put(disk, "templates/notes.txt", "not a template");
    Diagnostics d;
    auto t = Load(disk, &d);
    REQUIRE(t);
    CHECK(t->Has("page"));
    CHECK(t->Has("home"));
    CHECK_FALSE(t->Has("x"));
    CHECK_FALSE(t->Has("partials/x"));
    CHECK_FALSE(t->Has("notes"));
    CHECK(t->name() == "themes/t");
  }

  TEST_CASE("a theme without templates/ is an error that says what to check") {
    MemoryDisk disk;
    Put(disk, "assets/a.css", "");
    Diagnostics d;
    CHECK_FALSE(Load(disk, &d));
    REQUIRE(d.ErrorCount() == 1);
    CHECK(d.Sorted()[0].path == "themes/t/templates");
    CHECK(d.Sorted()[0].message.find("theme") != std::string::npos);
  }

  TEST_CASE("variables are HTML-escaped unless the template asks for raw") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "<h1>{{page.title}}</h1>{{{page.content}}}|{{&page.content}}");
    Diagnostics d;
    auto t = Load(disk, &d);
    REQUIRE(t);
    Value ctx;
    Value page;
    page.Set("title", "<script>\"a\" & 'b'</script>");
    page.Set("content", "<p>ok</p>");
    ctx.Set("page", page);
    CHECK(Render(*t, "page", ctx, &d) ==
          "<h1>&lt;script&gt;&quot;a&quot; &amp; &apos;b&apos;&lt;/script&gt;</h1><p>ok</p>|<p>ok</p>");
  }

  TEST_CASE("sections over lists, booleans, numbers and missing names") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache",
        "{{#list}}[{{name}}]{{/list}}{{^list}}leeg{{/list}}|{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}!N{{/no}}|"
        "{{n}} {{d}}|{{missing}}{{#missing}}M{{/missing}}|{{#obj}}{{k}}{{/obj}}");
    Diagnostics d;
    auto t = Load(disk, &d);
    REQUIRE(t);
    Value ctx;
    Value a, b;
    a.Set("name", "a");
    b.Set("name", "b");
    ctx.Set("list", Value(Array{a, b}));
    ctx.Set("yes", true);
    ctx.Set("no", false);
    ctx.Set("n", 3);
    ctx.Set("d", 1.5);
    Value obj;
    obj.Set("k", "v");
    ctx.Set("obj", obj);
    CHECK(Render(*t, "page", ctx, &d) == "[a][b]|Y!N|3 1.5||v");
    ctx.Set("list", Value::MakeArray());
    CHECK(Render(*t, "page", ctx, &d).rfind("leeg|", 0) == 0);
  }

  TEST_CASE("an empty string is false in a section, as the templates expect") {
    // The default theme writes {{#page.summary}}<meta ...>{{/page.summary}}
    // and {{#page.date_nl}}...{{/page.date_nl}}: nothing when they are empty.
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "{{#s}}<meta content=\"{{s}}\">{{/s}}{{^s}}geen{{/s}}|{{s}}|");
    Diagnostics d;
    auto t = Load(disk, &d);
    REQUIRE(t);
    Value ctx;
    ctx.Set("s", "");
    CHECK(Render(*t, "page", ctx, &d) == "geen||");
    ctx.Set("s", "x");
    CHECK(Render(*t, "page", ctx, &d) == "<meta content=\"x\">|x|");
    ctx.Set("s", Value());
    CHECK(Render(*t, "page", ctx, &d) == "geen||");
  }

  TEST_CASE("data no tag names is left out, and Uses says which names a layout may show") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "{{#page}}{{title}}{{/page}} {{> kop}}");
    Put(disk, "templates/partials/kop.mustache", "{{{nav}}}{{#list}}[{{.}}]{{/list}}");
    Put(disk, "templates/raw.mustache", "{{=<% %>=}}<% page.title %>");
    Diagnostics d;
    auto theme = Load(disk, &d);
    REQUIRE(theme);
    Value ctx;
    Value page;
    page.Set("title", "Titel");
    page.Set("unused", "weg");
    ctx.Set("page", page);
    ctx.Set("nav", "<nav>n</nav>");
    Value list = Value::MakeArray();
    list.Push("a");
    list.Push(1);
    ctx.Set("list", list);
    ctx.Set("title", "top");  // a name that is used: also found from inside {{#page}}
    CHECK(Render(*theme, "page", ctx, &d) == "Titel <nav>n</nav>[a][1]");
    CHECK(theme->Uses("page", "nav"));
    CHECK(theme->Uses("page", "title"));
    CHECK_FALSE(theme->Uses("page", "toc"));
    // With other delimiters the names cannot be read off: everything is kept.
    CHECK(theme->Uses("raw", "toc"));
    CHECK(Render(*theme, "raw", ctx, &d) == "Titel");
    CHECK(theme->Uses("missing-layout", "nav"));
  }

  TEST_CASE("partials are expanded, also nested and from sub-folders") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "<{{> head}}|{{>  nav/menu }}>");
    Put(disk, "templates/partials/head.mustache", "H{{> inner}}");
    Put(disk, "templates/partials/inner.mustache", "I{{x}}");
    Put(disk, "templates/partials/nav/menu.mustache", "M");
    Diagnostics d;
    auto t = Load(disk, &d);
    REQUIRE(t);
    Value ctx;
    ctx.Set("x", "!");
    CHECK(Render(*t, "page", ctx, &d) == "<HI!|M>");
  }

  TEST_CASE("a missing partial is an error naming the including file and line") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "a\nb\n{{> kop}}\n");
    Put(disk, "templates/home.mustache", "ok");
    Diagnostics d;
    CHECK_FALSE(Load(disk, &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].path == "themes/t/templates/page.mustache");
    CHECK(s[0].line == 3);
    CHECK(s[0].message.find("partial 'kop' not found") == 0);
    CHECK(s[0].message.find("themes/t/templates/partials/kop.mustache") != std::string::npos);
  }

  TEST_CASE("a missing partial inside a partial names the partial's file") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "{{> a}}");
    Put(disk, "templates/partials/a.mustache", "x\n\n{{> b}}");
    Diagnostics d;
    CHECK_FALSE(Load(disk, &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].path == "themes/t/templates/partials/a.mustache");
    CHECK(s[0].line == 3);
  }

  TEST_CASE("partials that include each other in a loop are an error, not a hang") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "{{> a}}");
    Put(disk, "templates/partials/a.mustache", "A{{> b}}");
    Put(disk, "templates/partials/b.mustache", "B\n{{> a}}");
    Diagnostics d;
    CHECK_FALSE(Load(disk, &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].path == "themes/t/templates/partials/b.mustache");
    CHECK(s[0].line == 2);
    CHECK(s[0].message.find("loop") != std::string::npos);
    CHECK(s[0].message.find("partials/a.mustache") != std::string::npos);
  }

  TEST_CASE("a partial that includes itself") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "{{> self}}");
    Put(disk, "templates/partials/self.mustache", "{{> self}}");
    Diagnostics d;
    CHECK_FALSE(Load(disk, &d));
    CHECK(d.ErrorCount() == 1);
  }

  TEST_CASE("partials nested too deep are an error") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "{{> p0}}");
    for (int i = 0; i < 40; ++i)
      Put(disk, "templates/partials/p" + std::to_string(i) + ".mustache", "{{> p" + std::to_string(i + 1) + "}}");
    Put(disk, "templates/partials/p40.mustache", "end");
    Diagnostics d;
    CHECK_FALSE(Load(disk, &d));
    REQUIRE(d.ErrorCount() == 1);
    CHECK(d.Sorted()[0].message.find("nested more than") != std::string::npos);
  }

  TEST_CASE("an unclosed section names the template file and line") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "<html>\n<body>\n{{#page.has_toc}}\n<nav></nav>\n</body>\n");
    Diagnostics d;
    CHECK_FALSE(Load(disk, &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].path == "themes/t/templates/page.mustache");
    CHECK(s[0].line >= 3);
    CHECK(s[0].message.find("template error") == 0);
    CHECK(s[0].message.find("page.has_toc") != std::string::npos);
  }

  TEST_CASE("an unclosed section inside a partial names the partial and its line") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "line 1\nline 2\n{{> footer}}\nline 4\n");
    Put(disk, "templates/partials/footer.mustache", "<footer>\n{{#site.organisation}}\n</footer>\n");
    Diagnostics d;
    CHECK_FALSE(Load(disk, &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].path == "themes/t/templates/partials/footer.mustache");
    CHECK(s[0].line == 2);
  }

  TEST_CASE("template errors name the column too, also after a partial included mid-line") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "<p>{{> kop}} en {{#open}}\n");
    Put(disk, "templates/partials/kop.mustache", "Kop");
    Put(disk, "templates/other.mustache", "x\n  <b>{{> mijn deel}}</b>\n");
    Put(disk, "templates/helper.mustache", "x\nab {{helpers.echo}}\n");
    Diagnostics d;
    CHECK_FALSE(Load(disk, &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 2);
    CHECK(s[0].path == "themes/t/templates/other.mustache");  // a {{> tag}} that names no partial
    CHECK(s[0].line == 2);
    CHECK(s[0].col == 6);
    CHECK(s[0].message.find("'mijn deel'") != std::string::npos);
    CHECK(s[1].path == "themes/t/templates/page.mustache");
    CHECK(s[1].line == 1);
    CHECK(s[1].col == 17);  // after "<p>", the partial's text and " en "

    MemoryDisk ok;
    Put(ok, "templates/helper.mustache", "x\nab {{helpers.echo}}\n");
    Diagnostics d2;
    auto t = Load(ok, &d2);
    REQUIRE(t);
    std::map<std::string, TemplateHelper> helpers{{"echo", [](const std::string& x) { return x; }}};
    CHECK_FALSE(t->Render("helper", Value::MakeObject(), helpers, "content/a.md", &d2));
    REQUIRE(d2.ErrorCount() == 1);
    CHECK(d2.Sorted()[0].line == 2);
    CHECK(d2.Sorted()[0].col == 4);
    CHECK(d2.Sorted()[0].message.find("helpers.echo") != std::string::npos);
  }

  TEST_CASE("a mismatched closing tag names the section it leaves open") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "a\n{{#x}}\nb\n{{/y}}\n");
    Diagnostics d;
    CHECK_FALSE(Load(disk, &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].path == "themes/t/templates/page.mustache");
    CHECK(s[0].line == 2);
    CHECK(s[0].message.find("\"x\"") != std::string::npos);
  }

  TEST_CASE("a closing tag without an opening one names its line") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "a\n\n{{/y}}\n");
    Diagnostics d;
    CHECK_FALSE(Load(disk, &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].line == 3);
    CHECK(s[0].message.find("Unopened section") != std::string::npos);
  }

  TEST_CASE("an unclosed tag names its line") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "a\n{{title\n");
    Diagnostics d;
    CHECK_FALSE(Load(disk, &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].line == 2);
  }

  TEST_CASE("rendering a layout that does not exist is an error at the page") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "x");
    Diagnostics d;
    auto t = Load(disk, &d);
    REQUIRE(t);
    CHECK_FALSE(t->Render("breed", Value::MakeObject(), {}, "content/a.md", &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].path == "content/a.md");
    CHECK(s[0].message.find("layout 'breed' does not exist") == 0);
    CHECK(s[0].message.find("breed.mustache") != std::string::npos);
  }

  TEST_CASE("helpers are lambdas: {{#helpers.name}}text{{/helpers.name}}") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "{{#helpers.upper}}abc{{/helpers.upper}}|{{#helpers.html}}x{{/helpers.html}}");
    Diagnostics d;
    auto t = Load(disk, &d);
    REQUIRE(t);
    std::map<std::string, TemplateHelper> helpers;
    helpers["upper"] = [](const std::string& s) {
      std::string o = s;
      for (char& c : o) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return o;
    };
    helpers["html"] = [](const std::string& s) { return "<b>" + s + "</b>"; };
    // A helper's result is text: escaped like {{x}} (issue 17).
    CHECK(Render(*t, "page", Value::MakeObject(), &d, helpers) == "ABC|&lt;b&gt;x&lt;/b&gt;");
  }

  TEST_CASE("a helper's result is never read as a template: its own tag does not recurse (issue 17)") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "[{{#helpers.echo}}{{page.title}}{{/helpers.echo}}]");
    Diagnostics d;
    auto t = Load(disk, &d);
    REQUIRE(t);
    std::map<std::string, TemplateHelper> helpers;
    int calls = 0;
    // As a plugin helper that returns the page's title, whose text holds the helper's own tag.
    std::string title = "<script>x</script>{{#helpers.echo}}{{page.title}}{{/helpers.echo}}{{{page.title}}}";
    helpers["echo"] = [&](const std::string& text) {
      ++calls;
      return text + "|" + title;
    };
    Value ctx;
    ctx.Set("page", Value(Object{{"title", Value(title)}}));
    std::string out = Render(*t, "page", ctx, &d, helpers);
    CHECK(calls == 1);
    CHECK(out ==
          "[{{page.title}}|&lt;script&gt;x&lt;/script&gt;{{#helpers.echo}}{{page.title}}{{/helpers.echo}}"
          "{{{page.title}}}]");
  }

  TEST_CASE("a helper used as a variable is a template error, not a crash") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "{{helpers.echo}}");
    Diagnostics d;
    auto t = Load(disk, &d);
    REQUIRE(t);
    std::map<std::string, TemplateHelper> helpers;
    helpers["echo"] = [](const std::string&) { return std::string("{{helpers.echo}}"); };
    CHECK_FALSE(t->Render("page", Value::MakeObject(), helpers, "content/a.md", &d));
    CHECK(d.HasErrors());
  }

  TEST_CASE("Render may be called from several threads at once") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "{{> p}}{{#items}}{{.}},{{/items}}");
    Put(disk, "templates/partials/p.mustache", "<{{t}}>");
    Diagnostics d;
    auto t = Load(disk, &d);
    REQUIRE(t);
    std::vector<std::thread> threads;
    std::vector<std::string> results(4);
    for (int k = 0; k < 4; ++k)
      threads.emplace_back([&, k] {
        for (int i = 0; i < 200; ++i) {
          Value ctx;
          ctx.Set("t", std::to_string(k));
          ctx.Set("items", Value(Array{Value(1), Value(2)}));
          auto out = t->Render("page", ctx, {}, "x", &d);
          if (out) results[k] = *out;
        }
      });
    for (auto& th : threads) th.join();
    for (int k = 0; k < 4; ++k) CHECK(results[k] == "<" + std::to_string(k) + ">1,2,");
    CHECK_FALSE(d.HasErrors());
  }

  TEST_CASE("a failed render leaves the template as good as new for the next page") {
    // Each thread keeps its own copy of a template, whose error state a
    // failed render sets; the next render must not inherit it.
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "{{#ok}}{{helpers.echo}}{{/ok}}[{{page.title}}]");
    Diagnostics d;
    auto t = Load(disk, &d);
    REQUIRE(t);
    std::map<std::string, TemplateHelper> helpers;
    helpers["echo"] = [](const std::string& s) { return s; };
    Value bad;
    bad.Set("ok", true);
    CHECK_FALSE(t->Render("page", bad, helpers, "content/a.md", &d));
    CHECK(d.HasErrors());
    Diagnostics d2;
    Value page;
    page.Set("title", "Twee");
    Value good;
    good.Set("page", page);
    CHECK(Render(*t, "page", good, &d2, helpers) == "[Twee]");
  }

  TEST_CASE("dotted names and {{.}} resolve as in kainjow's own context") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache",
        "{{a.b.c}}|{{#list}}{{.}}{{x.y}};{{/list}}|{{#a}}{{b.c}}{{/a}}|{{a.missing}}|{{a.b.c.d}}|{{x.y.}}|{{x..y}}");
    Diagnostics d;
    auto t = Load(disk, &d);
    REQUIRE(t);
    Value b, a, x, ctx;
    b.Set("c", "C");
    a.Set("b", b);
    x.Set("y", "Y");
    ctx.Set("a", a);
    ctx.Set("x", x);
    ctx.Set("list", Value(Array{Value("1"), Value("2")}));
    // Inside {{#list}} the item is a string: x.y is found one level out.
    // A name that ends in a dot is the name without it; an empty part finds nothing.
    CHECK(Render(*t, "page", ctx, &d) == "C|1Y;2Y;|C|||Y|");
  }

  TEST_CASE("shared context: converted once, found after the page's own names") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "{{t.hallo}} {{page.title}} {{jaar}}|{{#t}}{{hallo}}{{/t}}");
    Put(disk, "templates/other.mustache", "{{t.hallo}}!");
    Diagnostics d;
    auto t = Load(disk, &d);
    REQUIRE(t);
    Value strings, shared;
    strings.Set("hallo", "Dag");
    shared.Set("t", strings);
    shared.Set("jaar", "2026");
    t->SetShared(shared);
    Value page, ctx;
    page.Set("title", "Titel");
    ctx.Set("page", page);
    CHECK(Render(*t, "page", ctx, &d) == "Dag Titel 2026|Dag");
    CHECK(Render(*t, "other", ctx, &d) == "Dag!");
    ctx.Set("jaar", "eigen");  // the page's own name wins
    CHECK(Render(*t, "page", ctx, &d) == "Dag Titel eigen|Dag");
    Theme copy = *t;  // a copy shares it; a new SetShared on the copy leaves the original alone
    strings.Set("hallo", "Hoi");
    shared.Set("t", strings);
    copy.SetShared(shared);
    CHECK(Render(copy, "other", ctx, &d) == "Hoi!");
    CHECK(Render(*t, "other", ctx, &d) == "Dag!");
  }

  TEST_CASE("{{x}} escapes the five characters as kainjow does, {{{x}}} leaves them") {
    MemoryDisk disk;
    Put(disk, "templates/page.mustache", "{{x}}|{{{x}}}|{{y}}");
    Diagnostics d;
    auto t = Load(disk, &d);
    REQUIRE(t);
    Value ctx;
    ctx.Set("x", "a&b<c>d\"e'f");
    ctx.Set("y", "geen bijzondere tekens, één");
    CHECK(Render(*t, "page", ctx, &d) == "a&amp;b&lt;c&gt;d&quot;e&apos;f|a&b<c>d\"e'f|geen bijzondere tekens, één");
  }

}  // TEST_SUITE
