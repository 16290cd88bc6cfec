// Tests of node hooks and the Document hook: what a hook returns and where
// it goes, the order hooks run in, and the errors for a wrong return.
#include "plugins/node_hooks.h"

#include <doctest/doctest.h>

#include <string>

#include "plugin_test_site.h"

using namespace ww;
using namespace ww::plugin_test;

TEST_SUITE("node_hooks") {
  TEST_CASE("node hooks: nil keeps, a node replaces, a list splices, {} deletes") {
    Site s;
    s.Page("a.md", "A", "## Kop\n\nHoud *dit*.\n\nVervang dit.\n\nSplits dit.\n\nWeg hiermee.\n\n---\n");
    s.Plugin("p",
             "return {\n"
             "  Paragraph = function(p)\n"
             "    local text = wegwijzer.text(p)\n"
             "    if text:find('^Houd') then return nil end\n"
             "    if text:find('^Vervang') then return { type = 'Paragraph', children = { 'Vervangen.' } } end\n"
             "    if text:find('^Splits') then\n"
             "      return { { type = 'Paragraph', children = { 'Een.' } }, { type = 'Paragraph', children = { 'Twee.' "
             "} } }\n"
             "    end\n"
             "    if text:find('^Weg') then return {} end\n"
             "  end,\n"
             "  ThematicBreak = function() return {} end,\n"
             "  Heading = function(h) h.level = 3 h.children = { 'Nieuwe kop' } h.id = nil return h end,\n"
             "}");
    Builds(s);
    CHECK(s.Main("a.html") ==
          "<h3 id=\"nieuwe-kop\">Nieuwe kop</h3>\n<p>Houd <em>dit</em>.</p>\n<p>Vervangen.</p>\n<p>Een.</p>\n"
          "<p>Twee.</p>\n");
  }

  TEST_CASE("node hooks run bottom-up and never on their own output") {
    Site s;
    s.Page("a.md", "A", "*a **b***\n");
    s.Plugin("p",
             "local order = {}\n"
             "return {\n"
             "  Emph = function(e) order[#order + 1] = 'Emph' return { type = 'Emph', children = { { type = 'Emph', "
             "children = e.children } } } end,\n"
             "  Strong = function(s) order[#order + 1] = 'Strong' end,\n"
             "  Paragraph = function(p) order[#order + 1] = 'Paragraph'\n"
             "    table.insert(p.children, ' ' .. table.concat(order, '>')) order = {} return p end,\n"
             "}");
    Builds(s, 1);
    CHECK(s.Main("a.html") == "<p><em><em>a <strong>b</strong></em></em> Strong&gt;Emph&gt;Paragraph</p>\n");
  }

  TEST_CASE("a hook that returns something else is an error naming plugin, page and line") {
    Site s;
    s.Page("a.md", "A", "Eerste.\n\nTweede.\n");
    s.Plugin("bad", "return { Paragraph = function(p) return 'html?' end }");
    s.Plugin("worse", "return { Heading = function(h) return { type = 'Kop' } end }");
    s.Page("b.md", "B", "## x\n");
    CHECK_FALSE(s.Build());
    std::string m = s.Messages();
    INFO(m);
    CHECK(Has(m,
              "plugins/bad.lua: error: plugin 'bad': the Paragraph hook for content/a.md:4 must return nothing (keep "
              "the node), a node, a list of nodes, or {} (delete it); it returned text"));
    CHECK(Has(m, "the Heading hook for content/b.md:4 must return"));
    CHECK(Has(m, "a table whose type \"Kop\" is not a node type"));
  }

  TEST_CASE("the Document hook and filter") {
    Site s;
    s.Page("form.md", "Formulier", "Tekst.\n", "form:\n  id: test\n");
    s.Page("plain.md", "Gewoon", "Tekst.\n");
    s.Plugin("forms",
             "return {\n"
             "  filter = 'form',\n"
             "  Document = function(doc, page)\n"
             "    table.insert(doc.children, 1, { type = 'Heading', level = 2, children = { 'Formulier ' .. "
             "page.meta.form.id } })\n"
             "    return doc\n"
             "  end,\n"
             "  Paragraph = function(p) return { type = 'Paragraph', children = { 'gezien' } } end,\n"
             "}");
    s.Plugin("count",
             "return { Document = function(doc) doc.children[#doc.children + 1] = { type = 'Paragraph',\n"
             "  children = { #doc.children .. ' blokken' } } return doc end }");
    Builds(s);
    // Plugins run one after another ("count" before "forms"): each sees what the one before made.
    CHECK(s.Main("form.html") == "<h2 id=\"formulier-test\">Formulier test</h2>\n<p>gezien</p>\n<p>gezien</p>\n");
    CHECK(s.Main("plain.html") == "<p>Tekst.</p>\n<p>1 blokken</p>\n");
  }

}  // TEST_SUITE
