#include "markdown/document.h"

namespace ww {

namespace {
// The names plugins write as hook keys and as a node's `type`
// (docs/plugins.md): part of the plugin contract, so none may change.
struct NameEntry {
  NodeType type;
  const char* name;
};
constexpr NameEntry kNames[] = {
    {NodeType::kDocument, "Document"},
    {NodeType::kParagraph, "Paragraph"},
    {NodeType::kHeading, "Heading"},
    {NodeType::kBlockQuote, "BlockQuote"},
    {NodeType::kList, "List"},
    {NodeType::kItem, "Item"},
    {NodeType::kCodeBlock, "CodeBlock"},
    {NodeType::kHtmlBlock, "HtmlBlock"},
    {NodeType::kThematicBreak, "ThematicBreak"},
    {NodeType::kTable, "Table"},
    {NodeType::kTableRow, "TableRow"},
    {NodeType::kTableCell, "TableCell"},
    {NodeType::kFootnoteDefinition, "FootnoteDefinition"},
    {NodeType::kRawBlock, "RawBlock"},
    {NodeType::kDirective, "Directive"},
    {NodeType::kText, "Text"},
    {NodeType::kSoftBreak, "SoftBreak"},
    {NodeType::kLineBreak, "LineBreak"},
    {NodeType::kCode, "Code"},
    {NodeType::kHtmlInline, "HtmlInline"},
    {NodeType::kEmph, "Emph"},
    {NodeType::kStrong, "Strong"},
    {NodeType::kStrikethrough, "Strikethrough"},
    {NodeType::kLink, "Link"},
    {NodeType::kImage, "Image"},
    {NodeType::kFootnoteReference, "FootnoteReference"},
    {NodeType::kRawInline, "RawInline"},
};
}  // namespace

const char* NodeTypeName(NodeType t) {
  for (const auto& e : kNames)
    if (e.type == t) return e.name;
  return "Unknown";
}

bool NodeTypeFromName(const std::string& name, NodeType* t) {
  for (const auto& e : kNames)
    if (name == e.name) {
      *t = e.type;
      return true;
    }
  return false;
}

// Rests on the enum's order (document.h): the blocks, ending with
// kDirective, come before every inline.
bool IsBlock(NodeType t) { return t <= NodeType::kDirective; }

static void AppendText(const Node& n, std::string& out) {
  switch (n.type) {
    case NodeType::kText:
    case NodeType::kCode:
      out += n.text;
      return;
    case NodeType::kSoftBreak:
    case NodeType::kLineBreak:
      out += ' ';
      return;
    // Not text a reader sees as such: the plain text becomes anchors, table of
    // contents entries and search text, where a tag or a "[1]" is noise.
    case NodeType::kHtmlInline:
    case NodeType::kHtmlBlock:
    case NodeType::kRawBlock:
    case NodeType::kRawInline:
    case NodeType::kFootnoteReference:
      return;
    default:
      break;
  }
  for (const Node& c : n.children) {
    AppendText(c, out);
    // Two paragraphs must not run together into one word.
    if (IsBlock(c.type) && !out.empty() && out.back() != ' ') out += ' ';
  }
}

std::string PlainText(const Node& n) {
  std::string out;
  AppendPlainText(n, &out);
  return out;
}

void AppendPlainText(const Node& n, std::string* out) {
  const size_t start = out->size();
  AppendText(n, *out);
  while (out->size() > start && out->back() == ' ') out->pop_back();
}

}  // namespace ww
