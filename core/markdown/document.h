// document: Wegwijzer's own model of a Markdown document.
//
// The Markdown module turns cmark-gfm's tree into this model and nothing else
// in the engine sees a cmark_node. Plugins read and rewrite this model (it
// crosses into Lua as plain tables), links are rewritten on it, and
// html_render turns it into HTML.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ww {

enum class NodeType {
  // blocks
  kDocument,
  kParagraph,
  kHeading,
  kBlockQuote,
  kList,
  kItem,
  kCodeBlock,
  kHtmlBlock,
  kThematicBreak,
  kTable,
  kTableRow,
  kTableCell,
  kFootnoteDefinition,
  kRawBlock,   // trusted HTML made by a plugin (never from content)
  kDirective,  // a fenced block whose info string names a plugin directive
  // inlines
  kText,
  kSoftBreak,
  kLineBreak,
  kCode,
  kHtmlInline,
  kEmph,
  kStrong,
  kStrikethrough,
  kLink,
  kImage,
  kFootnoteReference,
  kRawInline,  // trusted HTML made by a plugin
};

// The name plugins use for a type ("Heading", "Text", ...), and back.
const char* NodeTypeName(NodeType t);
bool NodeTypeFromName(const std::string& name, NodeType* t);
bool IsBlock(NodeType t);

struct Node {
  NodeType type = NodeType::kDocument;
  std::string text;         // Text, Code, CodeBlock, HtmlBlock/Inline, Raw*: the literal; Directive: body
  std::string url;          // Link, Image
  std::string title;        // Link, Image
  std::string info;         // CodeBlock info string; Directive: its name
  std::string id;           // Heading anchor; footnote label
  std::string cls;          // extra CSS classes for the element
  int level = 0;            // Heading level 1-6
  bool ordered = false;     // List
  int start = 1;            // List start number
  bool tight = true;        // List
  int task = -1;            // Item: -1 not a task, 0 open, 1 done
  bool header = false;      // TableRow: the header row
  std::vector<char> align;  // Table: 'l', 'c', 'r' or 0 per column
  std::vector<std::pair<std::string, std::string>> args;  // Directive: key=value arguments
  int line = 0, col = 0;                                  // position in the source file (1-based)
  int width = 0, height = 0;  // Image: its size in pixels, from the file (page_checks); 0 = unknown
  std::vector<Node> children;
};

// Concatenated text of a node and its children (for headings, TOC, search).
std::string PlainText(const Node& n);
// Appends PlainText(n) to *out (search reads every block of every page so,
// into one string per section).
void AppendPlainText(const Node& n, std::string* out);

}  // namespace ww
