#include "markdown/markdown.h"

#include <doctest/doctest.h>

#include <atomic>
#include <functional>
#include <thread>

using namespace ww;

namespace {

Node Parse(std::string_view md, Diagnostics* d, int first_line = 1) {
  return ParseMarkdown(md, first_line, "content/a.md", d);
}

// Every node of type t, depth first, in document order.
std::vector<const Node*> All(const Node& root, NodeType t) {
  std::vector<const Node*> out;
  std::function<void(const Node&)> walk = [&](const Node& n) {
    if (n.type == t) out.push_back(&n);
    for (const Node& c : n.children) walk(c);
  };
  walk(root);
  return out;
}

int Depth(const Node& n) {
  int deepest = 0;
  // Iterative: the tree must stay shallow, but a bug must not crash the test.
  std::vector<std::pair<const Node*, int>> stack = {{&n, 1}};
  while (!stack.empty()) {
    auto [node, d] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, d);
    for (const Node& c : node->children) stack.push_back({&c, d + 1});
  }
  return deepest;
}

}  // namespace

TEST_SUITE("markdown") {
  TEST_CASE("an empty body is an empty document") {
    Diagnostics d;
    Node doc = Parse("", &d);
    CHECK(doc.type == NodeType::kDocument);
    CHECK(doc.children.empty());
    CHECK(d.Sorted().empty());
  }

  TEST_CASE("headings get levels, positions in the file and anchor ids") {
    Diagnostics d;
    Node doc = Parse("# Titel\n\n## Jaar 1 (implementatie)\n\ntekst\n\n### Één ĳs\n", &d, 5);
    auto hs = All(doc, NodeType::kHeading);
    REQUIRE(hs.size() == 3);
    CHECK(hs[0]->level == 1);
    CHECK(hs[0]->line == 5);
    CHECK(hs[0]->col == 1);
    CHECK(hs[1]->level == 2);
    CHECK(hs[1]->line == 7);
    CHECK(hs[1]->id == "jaar-1-implementatie");
    CHECK(hs[2]->id == "een-ijs");
    CHECK(PlainText(*hs[2]) == "Één ĳs");
  }

  TEST_CASE("repeated headings get -2, -3; empty ones 'kop'") {
    Diagnostics d;
    Node doc = Parse("## Doel\n\n## Doel\n\n## Doel\n\n## !!!\n", &d);
    auto hs = All(doc, NodeType::kHeading);
    REQUIRE(hs.size() == 4);
    CHECK(hs[0]->id == "doel");
    CHECK(hs[1]->id == "doel-2");
    CHECK(hs[2]->id == "doel-3");
    CHECK(hs[3]->id == "kop");
  }

  TEST_CASE("a heading that starts with a digit gets an id that starts with 'kop-'") {
    // An HTML id (and a CSS #selector) must start with a letter.
    Diagnostics d;
    Node doc = Parse("## 1. Facilitering\n\n### 1e borgingsjaar\n\n## 1. Facilitering\n\n## Jaar 1\n", &d);
    auto hs = All(doc, NodeType::kHeading);
    REQUIRE(hs.size() == 4);
    CHECK(hs[0]->id == "kop-1-facilitering");
    CHECK(hs[1]->id == "kop-1e-borgingsjaar");
    CHECK(hs[2]->id == "kop-1-facilitering-2");
    CHECK(hs[3]->id == "jaar-1");
  }

  TEST_CASE("AssignHeadingIds keeps ids a plugin set and avoids them") {
    Diagnostics d;
    Node doc = Parse("## Doel\n\n## Anders\n", &d);
    auto hs = All(doc, NodeType::kHeading);
    // Pretend a plugin renamed the second heading to "doel" and cleared the first.
    const_cast<Node*>(hs[0])->id.clear();
    const_cast<Node*>(hs[1])->id = "doel";
    AssignHeadingIds(&doc);
    CHECK(hs[1]->id == "doel");
    CHECK(hs[0]->id == "doel-2");
  }

  TEST_CASE("GFM: tables with alignment and a header row") {
    Diagnostics d;
    Node doc = Parse("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n", &d);
    auto tables = All(doc, NodeType::kTable);
    REQUIRE(tables.size() == 1);
    CHECK(tables[0]->align == std::vector<char>{'l', 'c', 'r'});
    REQUIRE(tables[0]->children.size() == 2);
    CHECK(tables[0]->children[0].header);
    CHECK_FALSE(tables[0]->children[1].header);
    CHECK(All(doc, NodeType::kTableCell).size() == 6);
  }

  TEST_CASE("tables beyond the column and cell limits are refused before parsing, at their line (issue 17)") {
    auto row = [](size_t n, const char* cell) {
      std::string r = "|";
      for (size_t i = 0; i < n; ++i) r += std::string(cell) + "|";
      return r + "\n";
    };
    {  // At the limit: a table.
      Diagnostics d;
      Node doc = Parse(
          "Tekst.\n\n" + row(kMaxTableColumns, "a") + row(kMaxTableColumns, "-") + row(kMaxTableColumns, "x"), &d);
      CHECK_FALSE(d.HasErrors());
      REQUIRE(All(doc, NodeType::kTable).size() == 1);
      CHECK(All(doc, NodeType::kTableCell).size() == 2 * kMaxTableColumns);
    }
    {  // One column more: an error at the header row, in file lines.
      Diagnostics d;
      Node doc = Parse("Tekst.\n\n" + row(kMaxTableColumns + 1, "a") + row(kMaxTableColumns + 1, ":-:"), &d, 5);
      auto s = d.Sorted();
      REQUIRE(s.size() == 1);
      CHECK(s[0].severity == Severity::kError);
      CHECK(s[0].path == "content/a.md");
      CHECK(s[0].line == 7);
      CHECK(s[0].message ==
            "a table with 101 columns; tables may have at most 100 columns (wider ones take minutes to build); split "
            "it into several tables");
      CHECK(doc.children.empty());
    }
    {  // A narrow table whose rows have thousands of cells (GFM drops the extra ones, but only after reading them).
      Diagnostics d;
      Parse("| a | b |\n|---|---|\n| 1 | 2 |\n" + row(3000, "x"), &d);
      auto s = d.Sorted();
      REQUIRE(s.size() == 1);
      CHECK(s[0].line == 4);
      CHECK(s[0].message.find("a table row with more than 100 cells") == 0);
    }
    {  // Many short rows, each filled in to the full width by GFM: limited by cells.
      Diagnostics d;
      std::string md = row(kMaxTableColumns, "h") + row(kMaxTableColumns, "-");
      for (size_t i = 0; i < kMaxTableCells / kMaxTableColumns; ++i) md += "x\n";
      Parse(md, &d);
      auto s = d.Sorted();
      REQUIRE(s.size() == 1);
      CHECK(s[0].line == 1);
      CHECK(s[0].message.find("a table of more than 200000 cells") == 0);
    }
    {  // Not tables: a delimiter-like line after a blank line, or in a paragraph without a header.
      Diagnostics d;
      Parse("Tekst.\n\n" + row(500, "-") + "\n```\n" + row(500, "a") + "```\n", &d);
      CHECK_FALSE(d.HasErrors());
    }
  }

  TEST_CASE("GFM: task lists, strikethrough and autolinks") {
    Diagnostics d;
    Node doc = Parse("- [ ] open\n- [x] klaar\n- gewoon\n\n~~weg~~ en www.example.nl en https://a.nl/x\n", &d);
    auto items = All(doc, NodeType::kItem);
    REQUIRE(items.size() == 3);
    CHECK(items[0]->task == 0);
    CHECK(items[1]->task == 1);
    CHECK(items[2]->task == -1);
    CHECK(All(doc, NodeType::kStrikethrough).size() == 1);
    auto links = All(doc, NodeType::kLink);
    REQUIRE(links.size() == 2);
    CHECK(links[0]->url == "http://www.example.nl");
    CHECK(links[1]->url == "https://a.nl/x");
  }

  TEST_CASE("lists: ordered, start number and tightness") {
    Diagnostics d;
    Node doc = Parse("3. a\n4. b\n\n---\n\n- x\n\n- y\n", &d);
    auto lists = All(doc, NodeType::kList);
    REQUIRE(lists.size() == 2);
    CHECK(lists[0]->ordered);
    CHECK(lists[0]->start == 3);
    CHECK(lists[0]->tight);
    CHECK_FALSE(lists[1]->ordered);
    CHECK_FALSE(lists[1]->tight);
    CHECK(All(doc, NodeType::kThematicBreak).size() == 1);
  }

  TEST_CASE("footnotes: references and definitions carry the label") {
    Diagnostics d;
    Node doc = Parse("Tekst[^1] en meer[^noot].\n\n[^1]: Eerste.\n[^noot]: Tweede.\n", &d);
    auto refs = All(doc, NodeType::kFootnoteReference);
    auto defs = All(doc, NodeType::kFootnoteDefinition);
    REQUIRE(refs.size() == 2);
    REQUIRE(defs.size() == 2);
    CHECK(refs[0]->id == "1");
    CHECK(refs[1]->id == "noot");
    CHECK(defs[0]->id == "1");
    CHECK(PlainText(*defs[1]) == "Tweede.");
  }

  TEST_CASE("links and images keep url and title; code keeps its info string") {
    Diagnostics d;
    Node doc = Parse("[a](b.md#c \"T\") ![alt](img/x.png)\n\n```lua extra\nprint(1)\n```\n", &d);
    auto links = All(doc, NodeType::kLink);
    REQUIRE(links.size() == 1);
    CHECK(links[0]->url == "b.md#c");
    CHECK(links[0]->title == "T");
    CHECK(links[0]->line == 1);
    CHECK(links[0]->col == 1);
    auto imgs = All(doc, NodeType::kImage);
    REQUIRE(imgs.size() == 1);
    CHECK(imgs[0]->url == "img/x.png");
    CHECK(PlainText(*imgs[0]) == "alt");
    auto code = All(doc, NodeType::kCodeBlock);
    REQUIRE(code.size() == 1);
    CHECK(code[0]->info == "lua extra");
    CHECK(code[0]->text == "print(1)\n");
  }

  TEST_CASE("raw HTML is kept as HTML nodes; publishing it is not the parser's decision") {
    Diagnostics d;
    Node doc = Parse("<div onclick=\"x()\">\nhoi\n</div>\n\nEen <b>vet</b> woord.\n", &d);
    auto blocks = All(doc, NodeType::kHtmlBlock);
    REQUIRE(blocks.size() == 1);
    CHECK(blocks[0]->text.find("<div onclick") == 0);
    CHECK(All(doc, NodeType::kHtmlInline).size() == 2);
  }

  TEST_CASE("positions are file positions when the body starts later") {
    Diagnostics d;
    Node doc = Parse("a\n\n  [x](y.md)\n", &d, 10);
    auto links = All(doc, NodeType::kLink);
    REQUIRE(links.size() == 1);
    CHECK(links[0]->line == 12);
    CHECK(links[0]->col == 3);
  }

  TEST_CASE("10,000 nested block quotes: no crash, a warning, the text kept") {
    std::string md;
    for (int i = 0; i < 10000; ++i) md += "> ";
    md += "diep\n";
    Diagnostics d;
    Node doc = Parse(md, &d, 4);
    CHECK(Depth(doc) < 200);
    CHECK(d.ErrorCount() == 0);
    REQUIRE(d.WarningCount() == 1);
    auto w = d.Sorted()[0];
    CHECK(w.path == "content/a.md");
    CHECK(w.line == 4);
    CHECK(w.message.find("nested more than") != std::string::npos);
    CHECK(PlainText(doc).find("diep") != std::string::npos);
  }

  TEST_CASE("10,000 nested lists: no crash, a warning") {
    std::string md;
    for (int i = 0; i < 10000; ++i) md += "- ";
    md += "diep\n";
    Diagnostics d;
    Node doc = Parse(md, &d);
    CHECK(Depth(doc) < 200);
    CHECK(d.WarningCount() == 1);
    CHECK(PlainText(doc).find("diep") != std::string::npos);
  }

  TEST_CASE("10,000 nested lists written one per line: no crash, a warning") {
    // Each line opens a list inside the previous item ("- a\n  - b\n    - c" needs
    // ever more indentation; "1. - - x" style keeps lines short).
    std::string md;
    for (int i = 0; i < 2000; ++i) md += std::string(static_cast<size_t>(i) * 2, ' ') + "- x\n";
    Diagnostics d;
    Node doc = Parse(md, &d);
    CHECK(Depth(doc) < 200);
    CHECK(d.WarningCount() == 1);
  }

  TEST_CASE("deeply nested inline markup does not crash") {
    Diagnostics d;
    std::string brackets(10000, '[');
    std::string stars;
    for (int i = 0; i < 5000; ++i) stars += "*a ";
    for (int i = 0; i < 5000; ++i) stars += "b* ";
    std::string links;
    for (int i = 0; i < 3000; ++i) links += "[";
    links += "x";
    for (int i = 0; i < 3000; ++i) links += "](u)";
    Node a = Parse(brackets, &d);
    Node b = Parse(stars, &d);
    Node c = Parse(links, &d);
    CHECK(Depth(a) < 200);
    CHECK(Depth(b) < 200);
    CHECK(Depth(c) < 200);
  }

  TEST_CASE("the depth warning is given once per page") {
    std::string md;
    for (int k = 0; k < 3; ++k) {
      for (int i = 0; i < 100; ++i) md += "> ";
      md += "x\n\n";
    }
    Diagnostics d;
    Parse(md, &d);
    CHECK(d.WarningCount() == 1);
  }

}  // TEST_SUITE

TEST_CASE("pages parsed on many threads at once all get their autolinks and strikethrough") {
  // cmark-gfm's table of inline trigger characters is global (markdown.cpp
  // says how it is kept from changing while other threads parse). Half the
  // threads parse pages with strikethrough, half pages without any '~'.
  std::string plain, tilde;
  for (int i = 0; i < 40; ++i) {
    std::string n = std::to_string(i);
    plain += "Zie www.example" + n + ".nl of https://a.nl/" + n + " en *nadruk*.\n\n";
    tilde += "Zie www.example" + n + ".nl en ~~oud~~ of https://a.nl/" + n + ".\n\n";
  }
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int k = 0; k < 60; ++k) {
        Diagnostics d;
        Node doc = Parse(t % 2 ? tilde : plain, &d);
        size_t struck = t % 2 ? 40 : 0;
        if (All(doc, NodeType::kLink).size() != 80 || All(doc, NodeType::kStrikethrough).size() != struck) ++wrong;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(wrong.load() == 0);
}
