// Tests of directives: the info string, each kind of return value, nesting
// and its limit.
#include "plugins/directives.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "plugin_test_site.h"

using namespace ww;
using namespace ww::plugin_test;

TEST_SUITE("directives") {
  TEST_CASE("the info string gives the name and the arguments in order") {
    std::string name;
    std::vector<std::pair<std::string, std::string>> args;
    ParseDirectiveInfo("  callout type=let-op title=\"Let op\" open\tx='a b' leeg= =zonder", &name, &args);
    CHECK(name == "callout");
    std::vector<std::pair<std::string, std::string>> expected = {
        {"type", "let-op"}, {"title", "Let op"}, {"open", "true"}, {"x", "a b"}, {"leeg", ""}};
    CHECK(args == expected);

    name.clear();
    args.clear();
    ParseDirectiveInfo("box title=\"niet gesloten", &name, &args);
    CHECK(name == "box");
    REQUIRE(args.size() == 1);
    CHECK(args[0].second == "niet gesloten");

    name.clear();
    args.clear();
    ParseDirectiveInfo("", &name, &args);
    CHECK(name.empty());
    CHECK(args.empty());
  }

  TEST_CASE("directives: HTML, nodes, nothing, {} and nesting") {
    Site s;
    s.Page("a.md", "A",
           "```box kind=\"groot\" flag\nInhoud & meer\n```\n\n"
           "```nodes\nx\n```\n\n"
           "```keep\ncode\n```\n\n"
           "```gone\nx\n```\n\n"
           "```unknown\nblijft code\n```\n\n"
           "> ```box kind=klein\n> in citaat\n> ```\n\n"
           "```outer\n```\n\n"
           "```loop\n```\n");
    s.Plugin(
        "d",
        "return { directives = {\n"
        "  box = function(node, page)\n"
        "    return '<div class=\"' .. node.args.kind .. '\" data-flag=\"' .. tostring(node.args.flag) .. '\">' ..\n"
        "      wegwijzer.escape(node.text) .. '</div>\\n'\n"
        "  end,\n"
        "  nodes = function(node) return { { type = 'Paragraph', children = { 'als ', { type = 'Strong', children = { "
        "'nodes' } } } } } end,\n"
        "  keep = function() return nil end,\n"
        "  gone = function() return {} end,\n"
        "  outer = function() return wegwijzer.markdown('```box kind=binnen\\nnest\\n```\\n') end,\n"
        "  loop = function(node) return { { type = 'CodeBlock', info = 'loop', text = '' } } end,\n"
        "} }");
    CHECK_FALSE(s.Build());
    CHECK(s.Main("a.html") == "<missing>");
    CHECK(Has(s.Messages(), "content/a.md:31: error: directive 'loop' is nested more than 8 deep"));
    s.Page("a.md", "A",
           "```box kind=\"groot\" flag\nInhoud & meer\n```\n\n"
           "```nodes\nx\n```\n\n"
           "```keep\ncode\n```\n\n"
           "```gone\nx\n```\n\n"
           "```unknown\nblijft code\n```\n\n"
           "> ```box kind=klein\n> in citaat\n> ```\n\n"
           "```outer\n```\n");
    Builds(s);
    std::string main = s.Main("a.html");
    CHECK(Has(main, "<div class=\"groot\" data-flag=\"true\">Inhoud &amp; meer\n</div>\n"));
    CHECK(Has(main, "<p>als <strong>nodes</strong></p>\n"));
    CHECK(Has(main, "<pre><code class=\"language-keep\">code\n</code></pre>"));
    CHECK_FALSE(Has(main, "gone"));
    CHECK(Has(main, "blijft code"));
    CHECK(Has(main, "<blockquote>\n<div class=\"klein\" data-flag=\"nil\">in citaat\n</div>\n</blockquote>"));
    CHECK(Has(main, "<div class=\"binnen\" data-flag=\"nil\">nest\n</div>"));
  }

}  // TEST_SUITE
