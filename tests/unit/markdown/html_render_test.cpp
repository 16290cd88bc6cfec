#include "markdown/html_render.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "markdown/markdown.h"

using namespace ww;

namespace {

struct Example {
  int line;
  bool unsafe;
  std::string markdown, html;
};

// Reads cmark's spec format: a fence line of 32 backticks + " example",
// Markdown, a lone ".", HTML, and a closing fence. "→" is a tab.
std::vector<Example> ReadSpec(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in, "cannot read " << path);
  const std::string fence(32, '`');
  std::vector<Example> out;
  std::string line;
  int n = 0, state = 0;  // 0 outside, 1 markdown, 2 html
  Example ex;
  auto tabs = [](std::string s) {
    for (size_t p; (p = s.find("→")) != std::string::npos;) s.replace(p, std::string("→").size(), "\t");
    return s;
  };
  while (std::getline(in, line)) {
    ++n;
    if (state == 0 && line.rfind(fence + " example", 0) == 0) {
      ex = Example{n, line.find("unsafe") != std::string::npos, "", ""};
      state = 1;
    } else if (state == 1 && line == ".") {
      state = 2;
    } else if (state == 1) {
      ex.markdown += tabs(line) + "\n";
    } else if (state == 2 && line == fence) {
      out.push_back(ex);
      state = 0;
    } else if (state == 2) {
      ex.html += tabs(line) + "\n";
    }
  }
  return out;
}

std::string Render(std::string_view md, bool unsafe = false) {
  Diagnostics d;
  RenderOptions o;
  o.allow_raw_html = unsafe;
  return RenderHtml(ParseMarkdown(md, 1, "t.md", &d), o);
}

Node Make(NodeType t, std::string text = "", std::vector<Node> children = {}) {
  Node n;
  n.type = t;
  n.text = std::move(text);
  n.children = std::move(children);
  return n;
}

}  // namespace

TEST_SUITE("html_render") {
  TEST_CASE("spec examples (tests/unit/html_render_spec.txt)") {
    auto examples = ReadSpec(std::string(WW_TESTS_DIR) + "/unit/html_render_spec.txt");
    CHECK(examples.size() >= 20);
    for (const Example& ex : examples) {
      CAPTURE(ex.line);
      CAPTURE(ex.markdown);
      CHECK(Render(ex.markdown, ex.unsafe) == ex.html);
    }
  }

  TEST_CASE("in a document of several pages, a table's name also names its page") {
    // The print edition renders each page with its title as table_context, so
    // two pages with a table under the same heading still have unique names.
    Diagnostics d;
    RenderOptions o;
    o.table_label = "Table";
    o.table_context = "De trajecten";
    std::string html = RenderHtml(ParseMarkdown("| a |\n|---|\n\n## Jaar 1\n\n| b |\n|---|\n", 1, "t.md", &d), o);
    CHECK(html.find("aria-label=\"Table – De trajecten\"") != std::string::npos);
    CHECK(html.find("aria-label=\"Table: Jaar 1 – De trajecten\"") != std::string::npos);
  }

  TEST_CASE("EscapeHtml and AppendEscaped escape the five special characters") {
    CHECK(EscapeHtml("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    CHECK(EscapeHtml("Één") == "Één");
    std::string out = "x";
    AppendEscaped(out, "<");
    CHECK(out == "x&lt;");
  }

  TEST_CASE("IsSafeUrl allows relative URLs and web, mail and phone schemes") {
    for (const char* u : {"", "a.html", "../a/b.html#x", "#kop", "?q=1", "/abs", "//host/x", "http://a.nl",
                          "HTTPS://a.nl", "mailto:a@b.nl", "tel:+31", "a/b:c", "./javascript:x"})
      CHECK_MESSAGE(IsSafeUrl(u), u);
  }

  TEST_CASE("IsSafeUrl refuses script and data URLs however they are written") {
    for (const char* u : {"javascript:alert(1)", "JAVASCRIPT:x", " javascript:x", "\tjavascript:x", "java\tscript:x",
                          "java\nscript:x", "\x01javascript:x", "vbscript:x", "data:text/html,x", "file:///etc/passwd"})
      CHECK_FALSE_MESSAGE(IsSafeUrl(u), u);
  }

  TEST_CASE("RawBlock and RawInline from plugins are trusted; Directive is shown as code") {
    RenderOptions o;
    Node doc = Make(NodeType::kDocument, "",
                    {Make(NodeType::kRawBlock, "<div class=\"widget\"></div>"),
                     Make(NodeType::kParagraph, "", {Make(NodeType::kRawInline, "<kbd>x</kbd>")}),
                     Make(NodeType::kDirective, "a <b>")});
    CHECK(RenderHtml(doc, o) ==
          "<div class=\"widget\"></div>\n<p><kbd>x</kbd></p>\n<pre><code>a &lt;b&gt;</code></pre>\n");
  }

  TEST_CASE("classes set by plugins are escaped into the class attribute") {
    RenderOptions o;
    Node h = Make(NodeType::kHeading, "", {Make(NodeType::kText, "Kop")});
    h.level = 9;  // clamped to h6
    h.id = "a\"b";
    h.cls = "x\" onclick=\"y";
    CHECK(RenderFragment({h}, o) == "<h6 id=\"a&quot;b\" class=\"x&quot; onclick=&quot;y\">Kop</h6>\n");
    h.level = 0;
    CHECK(RenderFragment({h}, o).rfind("<h1", 0) == 0);
  }

  TEST_CASE("labels come from the options (UI strings)") {
    RenderOptions o;
    o.table_label = "Table";
    o.footnotes_label = "Notes";
    o.backref_label = "Back";
    o.task_done_label = "done";
    o.task_todo_label = "to do & more";
    Diagnostics d;
    std::string html =
        RenderHtml(ParseMarkdown("| a |\n|---|\n| 1 |\n\nx[^1]\n\n[^1]: n\n\n- [x] a\n- [ ] b\n", 1, "t.md", &d), o);
    CHECK(html.find("aria-label=\"Table\"") != std::string::npos);
    CHECK(html.find("aria-label=\"Notes\"") != std::string::npos);
    CHECK(html.find("aria-label=\"Back\"") != std::string::npos);
    CHECK(html.find("disabled checked aria-label=\"done\"> a") != std::string::npos);
    CHECK(html.find("disabled aria-label=\"to do &amp; more\"> b") != std::string::npos);
  }

  TEST_CASE("id_prefix keeps footnote ids apart when pages share a document") {
    RenderOptions o;
    o.id_prefix = "p3-";
    Diagnostics d;
    std::string html = RenderHtml(ParseMarkdown("x[^1]\n\n[^1]: n\n", 1, "t.md", &d), o);
    CHECK(html.find("href=\"#fn-p3-1\"") != std::string::npos);
    CHECK(html.find("id=\"fn-p3-1\"") != std::string::npos);
    CHECK(html.find("id=\"fnref-p3-1\"") != std::string::npos);
  }

  TEST_CASE("CollectToc lists headings of level 2 and 3 in order") {
    Diagnostics d;
    Node doc = ParseMarkdown("# T\n\n## A *b*\n\n### C\n\n#### D\n\n> ## In quote\n", 1, "t.md", &d);
    auto toc = CollectToc(doc);
    REQUIRE(toc.size() == 3);
    CHECK(toc[0].level == 2);
    CHECK(toc[0].text == "A b");
    CHECK(toc[0].anchor == "a-b");
    CHECK(toc[1].level == 3);
    CHECK(toc[1].anchor == "c");
    CHECK(toc[2].anchor == "in-quote");
    CHECK(CollectToc(doc, 1, 1).size() == 1);
    CHECK(CollectToc(doc, 4, 6).size() == 1);
  }

  TEST_CASE("rendering a 10,000-deep document does not crash") {
    std::string md;
    for (int i = 0; i < 10000; ++i) md += "> ";
    md += "x\n";
    std::string html = Render(md);
    CHECK(html.find("x") != std::string::npos);
  }

  TEST_CASE("PlainHtmlRun finds the first special character wherever it is, in blocks of 16 or after") {
    for (char special : std::string("&<>\"'")) {
      for (size_t at = 0; at < 50; ++at) {
        std::string text(60, 'a');
        text[7] = '\xC3';  // bytes of UTF-8 are no special characters
        text[8] = '\xA9';
        if (at == 7 || at == 8) continue;
        text[at] = special;
        text[at + 5] = '<';  // a later one does not count
        CHECK(PlainHtmlRun(text) == at);
      }
    }
    CHECK(PlainHtmlRun(std::string(100, 'x')) == 100);
    CHECK(PlainHtmlRun("") == 0);
    std::string out;
    AppendEscaped(out, std::string(20, 'a') + "'&" + std::string(17, 'b') + "\"", "&apos;");
    CHECK(out == std::string(20, 'a') + "&apos;&amp;" + std::string(17, 'b') + "&quot;");
  }

}  // TEST_SUITE
