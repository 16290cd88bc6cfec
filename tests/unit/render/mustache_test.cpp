#include "render/mustache.h"

#include <doctest/doctest.h>

using namespace ww;

namespace {

std::string Render(const std::string& text, const Value& page, const Value* shared = nullptr,
                   const MustacheHelpers& helpers = {}) {
  MustacheTemplate t;
  MustacheTemplate::Error e;
  REQUIRE_MESSAGE(t.Parse(text, &e), e.message);
  std::string out;
  REQUIRE_MESSAGE(t.Render(page, shared, helpers, &out, &e), e.message);
  return out;
}

MustacheTemplate::Error ParseError(const std::string& text) {
  MustacheTemplate t;
  MustacheTemplate::Error e;
  CHECK_FALSE(t.Parse(text, &e));
  return e;
}

}  // namespace

// Each expected output here is kainjow's (tests/fuzz/fuzz_mustache.cpp
// compares the two on every input it makes).
TEST_SUITE("mustache") {
  TEST_CASE("a line that held a section tag and renders blank is left out, its line break too") {
    Value ctx;
    ctx.Set("t", true);
    ctx.Set("f", false);
    ctx.Set("list", Value(Array{Value("a"), Value("b")}));
    CHECK(Render("x\n{{#t}}\n  y\n{{/t}}\nz", ctx) == "x\n  y\nz");
    CHECK(Render("x\n  {{#list}}\n- {{.}}\n  {{/list}}\nz", ctx) == "x\n- a\n- b\nz");
    CHECK(Render("x\r\n{{#t}}\r\ny\r\n{{/t}}\r\n", ctx) == "x\r\ny\r\n");
    // A false section sets no mark: its line stays, blank.
    CHECK(Render("x\n{{#f}}y{{/f}}\nz", ctx) == "x\n\nz");
    // Text beside the tag keeps the line; a comment alone does not drop it.
    CHECK(Render("x {{#t}}y{{/t}}\n{{! note }}\nz", ctx) == "x y\n\nz");
    // The last line, without a break, too.
    CHECK(Render("x\n{{#t}} {{/t}}", ctx) == "x\n");
  }

  TEST_CASE("false is null, false, \"\" and an empty list; numbers are their text") {
    Value ctx;
    ctx.Set("e", "");
    ctx.Set("z", Value());
    ctx.Set("empty", Value::MakeArray());
    ctx.Set("obj", Value::MakeObject());
    ctx.Set("n", 3);
    ctx.Set("d", -1.5);
    CHECK(Render("{{#e}}1{{/e}}{{#z}}2{{/z}}{{#empty}}3{{/empty}}{{#obj}}4{{/obj}}{{^e}}5{{/e}}{{^empty}}6{{/empty}}",
                 ctx) == "456");
    CHECK(Render("{{n}} {{d}} {{#n}}[{{.}}]{{/n}}", ctx) == "3 -1.5 [3]");
  }

  TEST_CASE("names: dotted, {{.}}, the shared context last, the last of two equal keys") {
    Value shared, page, inner;
    shared.Set("g", "gedeeld");
    shared.Set("s", "niet deze");
    inner.Set("s", "binnen");
    page.Set("s", "pagina");
    page.Set("obj", inner);
    page.Set("dup", Value(Object{{"k", Value("eerste")}, {"k", Value("tweede")}}));
    CHECK(Render("{{s}} {{g}} {{obj.s}} {{#obj}}{{s}} {{g}}{{/obj}} {{dup.k}} {{obj.}} {{obj..s}}|", page, &shared) ==
          "pagina gedeeld binnen binnen gedeeld tweede  |");
  }

  TEST_CASE("escaping, raw output and other delimiters") {
    Value ctx;
    ctx.Set("s", "<a & \"b\" 'c'>");
    CHECK(Render("{{s}}|{{{s}}}|{{& s}}|{{=<% %>=}}<% s %>|<%={{ }}=%>{{{s}}}", ctx) ==
          "&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;|<a & \"b\" 'c'>|<a & \"b\" 'c'>|"
          "&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;|<a & \"b\" 'c'>");
  }

  TEST_CASE("helpers get the text as written; what they return is escaped, not read as a template") {
    Value ctx;
    ctx.Set("s", "x");
    MustacheHelpers helpers{{"echo", [](const std::string& t) { return "[" + t + "]<{{s}}>"; }}};
    CHECK(Render("{{#helpers.echo}}a {{s}}{{/helpers.echo}}|{{^helpers.echo}}no{{/helpers.echo}}", ctx, nullptr,
                 helpers) == "[a {{s}}]&lt;{{s}}&gt;|");
    MustacheTemplate t;
    MustacheTemplate::Error e;
    REQUIRE(t.Parse("ok\n{{helpers.echo}}", &e));
    std::string out;
    CHECK_FALSE(t.Render(ctx, nullptr, helpers, &out, &e));
    CHECK(e.position == 3);
    CHECK(e.tag == "helpers.echo");
  }

  TEST_CASE("parse errors are kainjow's, at the tag") {
    MustacheTemplate::Error e = ParseError("ab{{#a}}{{/b}}");
    CHECK(e.message == "Unclosed section \"a\"");
    CHECK(e.position == 2);
    e = ParseError("{{#a}}{{#b}}{{/b}}");
    CHECK(e.message == "Unclosed section \"a\"");
    e = ParseError("x{{/a}}");
    CHECK(e.message == "Unopened section \"a\"");
    CHECK(e.position == 1);
    e = ParseError("x {{s");
    CHECK(e.message == "Unclosed tag");
    CHECK(e.position == 2);
    e = ParseError("{{=<%%>=}}");
    CHECK(e.message == "Invalid set delimiter tag");
    // Our own bound: rendering nests as deep as the sections.
    std::string deep;
    for (size_t i = 0; i <= MustacheTemplate::kMaxNesting; ++i) deep += "{{#a}}";
    e = ParseError(deep);
    CHECK(e.message.find("nested more than") != std::string::npos);
    CHECK(e.position == 6 * MustacheTemplate::kMaxNesting);
  }

  TEST_CASE("a {{> partial}} tag is kept aside, and renders nothing") {
    MustacheTemplate t;
    MustacheTemplate::Error e;
    REQUIRE(t.Parse("a{{> mijn deel }}b", &e));
    REQUIRE(t.partials().size() == 1);
    CHECK(t.partials()[0].name == "mijn deel");
    CHECK(t.partials()[0].position == 1);
    std::string out;
    CHECK(t.Render(Value::MakeObject(), nullptr, {}, &out, &e));
    CHECK(out == "ab");
  }
}  // TEST_SUITE
