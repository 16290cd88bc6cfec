#include "markdown/document.h"

#include <doctest/doctest.h>

using namespace ww;

namespace {

Node Text(std::string s) {
  Node n;
  n.type = NodeType::kText;
  n.text = std::move(s);
  return n;
}

Node Of(NodeType t, std::vector<Node> children = {}) {
  Node n;
  n.type = t;
  n.children = std::move(children);
  return n;
}

}  // namespace

TEST_SUITE("document") {
  TEST_CASE("every node type has a name that maps back to it") {
    for (int i = static_cast<int>(NodeType::kDocument); i <= static_cast<int>(NodeType::kRawInline); ++i) {
      NodeType t = static_cast<NodeType>(i);
      std::string name = NodeTypeName(t);
      CHECK(name != "Unknown");
      NodeType back;
      REQUIRE(NodeTypeFromName(name, &back));
      CHECK(back == t);
    }
    CHECK(std::string(NodeTypeName(NodeType::kHeading)) == "Heading");
    CHECK(std::string(NodeTypeName(NodeType::kFootnoteReference)) == "FootnoteReference");
  }

  TEST_CASE("unknown names are refused and leave the output alone") {
    NodeType t = NodeType::kCode;
    CHECK_FALSE(NodeTypeFromName("heading", &t));  // names are case-sensitive
    CHECK_FALSE(NodeTypeFromName("", &t));
    CHECK_FALSE(NodeTypeFromName("Script", &t));
    CHECK(t == NodeType::kCode);
  }

  TEST_CASE("IsBlock splits blocks from inlines") {
    for (NodeType t : {NodeType::kDocument, NodeType::kParagraph, NodeType::kHeading, NodeType::kTable,
                       NodeType::kFootnoteDefinition, NodeType::kRawBlock, NodeType::kDirective})
      CHECK(IsBlock(t));
    for (NodeType t : {NodeType::kText, NodeType::kLink, NodeType::kImage, NodeType::kRawInline,
                       NodeType::kFootnoteReference, NodeType::kSoftBreak})
      CHECK_FALSE(IsBlock(t));
  }

  TEST_CASE("PlainText joins text, code and breaks") {
    Node p = Of(NodeType::kParagraph, {Text("een "), Of(NodeType::kEmph, {Text("twee")}), Of(NodeType::kSoftBreak),
                                       Text("drie "), Of(NodeType::kCode)});
    p.children.back().text = "vier()";
    CHECK(PlainText(p) == "een twee drie vier()");
  }

  TEST_CASE("PlainText leaves out raw HTML and footnote markers") {
    Node html = Of(NodeType::kHtmlInline);
    html.text = "<b>";
    Node raw = Of(NodeType::kRawInline);
    raw.text = "<span>";
    Node fn = Of(NodeType::kFootnoteReference);
    fn.id = "1";
    Node h = Of(NodeType::kHeading, {Text("Kop"), html, raw, fn});
    CHECK(PlainText(h) == "Kop");
  }

  TEST_CASE("PlainText separates blocks with one space and trims the end") {
    Node doc = Of(NodeType::kDocument, {Of(NodeType::kParagraph, {Text("a")}), Of(NodeType::kParagraph, {Text("b")}),
                                        Of(NodeType::kBlockQuote, {Of(NodeType::kParagraph, {Text("c")})})});
    CHECK(PlainText(doc) == "a b c");
    CHECK(PlainText(Of(NodeType::kDocument)) == "");
  }

  TEST_CASE("a Node has sane defaults") {
    Node n;
    CHECK(n.type == NodeType::kDocument);
    CHECK(n.task == -1);
    CHECK(n.start == 1);
    CHECK(n.tight);
    CHECK(n.line == 0);
    CHECK(n.children.empty());
  }

}  // TEST_SUITE
