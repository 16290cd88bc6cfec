#include "markdown/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>

#include "markdown/parse_arena.h"
#include "slug.h"

#if defined(__SANITIZE_ADDRESS__)
#define WW_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WW_ASAN 1
#endif
#endif
#if WW_ASAN
#include <sanitizer/lsan_interface.h>
#endif

namespace ww {

namespace {

constexpr int kMaxDepth = 64;  // deeper nesting is flattened to text

std::once_flag g_extensions_once;

std::string NodeLiteral(cmark_node* n) {
  const char* s = cmark_node_get_literal(n);
  return s ? s : "";
}

// Plain text of a whole cmark subtree, iteratively (safe for any depth).
std::string FlattenText(cmark_node* root) {
  std::string out;
  cmark_iter* it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK)
      out += NodeLiteral(n);
    else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
      out += ' ';
    else if (t == CMARK_NODE_PARAGRAPH && !out.empty())
      out += ' ';
  }
  cmark_iter_free(it);
  return out;
}

// The label of a footnote definition ("x" for "[^x]: text"), read back from
// the source: the definition's position is just after its "]:". "" if not found.
std::string DefinitionLabel(std::string_view body, cmark_node* def) {
  size_t off = 0;
  for (int l = 1; l < cmark_node_get_start_line(def); ++l) {
    off = body.find('\n', off);
    if (off == std::string_view::npos) return "";
    ++off;
  }
  off += static_cast<size_t>(std::max(cmark_node_get_start_column(def) - 1, 0));
  if (off > body.size()) return "";
  size_t open = body.rfind("[^", off);
  size_t close = open == std::string_view::npos ? open : body.find("]:", open);
  if (close == std::string_view::npos || close + 2 > off) return "";
  for (size_t i = close + 2; i < off; ++i)
    if (!std::isspace(static_cast<unsigned char>(body[i]))) return "";
  return std::string(body.substr(open + 2, close - open - 2));
}

struct Converter {
  int line_offset;
  const std::string& path;
  Diagnostics* diags;
  bool warned_depth = false;
  // cmark-gfm 0.29 gives a footnote reference its number (in order of first
  // reference) as literal, and a definition no label in its public API; the
  // definitions come last in the document, in number order. Both get the
  // author's label, so references and definitions match.
  std::vector<std::string> footnote_labels;  // by number - 1
  std::map<cmark_node*, std::string> definition_labels;

  void LabelFootnotes(cmark_node* root, std::string_view body) {
    for (cmark_node* c = cmark_node_first_child(root); c; c = cmark_node_next(c)) {
      if (cmark_node_get_type(c) != CMARK_NODE_FOOTNOTE_DEFINITION) continue;
      std::string label = DefinitionLabel(body, c);
      if (label.empty()) label = std::to_string(footnote_labels.size() + 1);
      footnote_labels.push_back(label);
      definition_labels[c] = label;
    }
  }

  // Fills `out` (a new Node) from n and its children. In place: a Node is
  // large, and a page has hundreds of them.
  void Convert(cmark_node* n, int depth, Node& out) {
    out.line = cmark_node_get_start_line(n) + line_offset;
    out.col = cmark_node_get_start_column(n);
    if (depth > kMaxDepth) {
      if (!warned_depth) {
        diags->Warning(path, out.line, out.col,
                       "content is nested more than " + std::to_string(kMaxDepth) +
                           " levels deep; the deeper part is shown as plain text");
        warned_depth = true;
      }
      out.type = IsBlockNode(n) ? NodeType::kParagraph : NodeType::kText;
      if (out.type == NodeType::kText) {
        out.text = FlattenText(n);
        return;
      }
      Node& text = out.children.emplace_back();
      text.type = NodeType::kText;
      text.text = FlattenText(n);
      text.line = out.line;
      text.col = out.col;
      return;
    }
    const char* type_string = cmark_node_get_type_string(n);
    std::string_view ts = type_string ? type_string : "";
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_DOCUMENT:
        out.type = NodeType::kDocument;
        break;
      case CMARK_NODE_BLOCK_QUOTE:
        out.type = NodeType::kBlockQuote;
        break;
      case CMARK_NODE_LIST:
        out.type = NodeType::kList;
        out.ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
        out.start = cmark_node_get_list_start(n);
        out.tight = cmark_node_get_list_tight(n) != 0;
        break;
      case CMARK_NODE_ITEM:
        out.type = NodeType::kItem;
        if (ts == "tasklist") out.task = cmark_gfm_extensions_get_tasklist_item_checked(n) ? 1 : 0;
        break;
      case CMARK_NODE_CODE_BLOCK: {
        out.type = NodeType::kCodeBlock;
        out.text = NodeLiteral(n);
        const char* info = cmark_node_get_fence_info(n);
        out.info = info ? info : "";
        return;
      }
      case CMARK_NODE_HTML_BLOCK:
        out.type = NodeType::kHtmlBlock;
        out.text = NodeLiteral(n);
        return;
      case CMARK_NODE_PARAGRAPH:
        out.type = NodeType::kParagraph;
        break;
      case CMARK_NODE_HEADING:
        out.type = NodeType::kHeading;
        out.level = cmark_node_get_heading_level(n);
        break;
      case CMARK_NODE_THEMATIC_BREAK:
        out.type = NodeType::kThematicBreak;
        return;
      case CMARK_NODE_FOOTNOTE_DEFINITION:
        out.type = NodeType::kFootnoteDefinition;
        out.id = definition_labels.count(n) ? definition_labels[n] : NodeLiteral(n);
        break;
      case CMARK_NODE_TEXT:
        out.type = NodeType::kText;
        out.text = NodeLiteral(n);
        return;
      case CMARK_NODE_SOFTBREAK:
        out.type = NodeType::kSoftBreak;
        return;
      case CMARK_NODE_LINEBREAK:
        out.type = NodeType::kLineBreak;
        return;
      case CMARK_NODE_CODE:
        out.type = NodeType::kCode;
        out.text = NodeLiteral(n);
        return;
      case CMARK_NODE_HTML_INLINE:
        out.type = NodeType::kHtmlInline;
        out.text = NodeLiteral(n);
        return;
      case CMARK_NODE_EMPH:
        out.type = NodeType::kEmph;
        break;
      case CMARK_NODE_STRONG:
        out.type = NodeType::kStrong;
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE: {
        out.type = cmark_node_get_type(n) == CMARK_NODE_LINK ? NodeType::kLink : NodeType::kImage;
        const char* url = cmark_node_get_url(n);
        const char* title = cmark_node_get_title(n);
        out.url = url ? url : "";
        out.title = title ? title : "";
        break;
      }
      case CMARK_NODE_FOOTNOTE_REFERENCE: {
        out.type = NodeType::kFootnoteReference;
        out.id = NodeLiteral(n);
        size_t number = std::strtoul(out.id.c_str(), nullptr, 10);
        if (number >= 1 && number <= footnote_labels.size()) out.id = footnote_labels[number - 1];
        return;
      }
      default:
        if (ts == "table") {
          out.type = NodeType::kTable;
          uint16_t cols = cmark_gfm_extensions_get_table_columns(n);
          uint8_t* al = cmark_gfm_extensions_get_table_alignments(n);
          for (uint16_t i = 0; i < cols; ++i) out.align.push_back(al ? static_cast<char>(al[i]) : 0);
        } else if (ts == "table_row" || ts == "table_header") {
          // The header row is its own node type ("table_header") in cmark-gfm 0.29.
          out.type = NodeType::kTableRow;
          out.header = ts == "table_header" || cmark_gfm_extensions_get_table_row_is_header(n) != 0;
        } else if (ts == "table_cell") {
          out.type = NodeType::kTableCell;
        } else if (ts == "strikethrough") {
          out.type = NodeType::kStrikethrough;
        } else {
          out.type = IsBlockNode(n) ? NodeType::kParagraph : NodeType::kText;
          if (out.type == NodeType::kText) {
            out.text = FlattenText(n);
            return;
          }
        }
    }
    size_t count = 0;
    for (cmark_node* c = cmark_node_first_child(n); c; c = cmark_node_next(c)) ++count;
    out.children.reserve(count);  // (so that no Node moves while it grows)
    for (cmark_node* c = cmark_node_first_child(n); c; c = cmark_node_next(c))
      Convert(c, depth + 1, out.children.emplace_back());
  }

  static bool IsBlockNode(cmark_node* n) {
    return (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
  }
};

// cmark-gfm keeps the characters that start an extension's inline syntax
// ('w' and ':' for autolinks, '~' for strikethrough) in one global table;
// every parser adds its extensions' characters when it parses inlines and
// removes them when done. With pages parsed on several threads, one parser's
// removal made another miss "www.example.nl" or "~~weg~~" now and then.
// So: autolink's characters are added once, before any thread parses, and
// taken from the extension, leaving no parser anything to add or remove.
// Strikethrough needs its list later on (cmark matches '~' delimiters to it
// by that list), so only a page with a '~' gets a parser with strikethrough,
// and such pages parse their inlines one at a time.
std::mutex g_tilde_mutex;

// Allocations made while one lives are not reported by LeakSanitizer.
struct LeakCheckOff {
#if WW_ASAN
  LeakCheckOff() { __lsan_disable(); }
  ~LeakCheckOff() { __lsan_enable(); }
#endif
};

cmark_parser* NewParser(int options, bool strikethrough) {
  cmark_parser* parser = cmark_parser_new_with_mem(options, ParseArena::Mem());
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (!strikethrough && std::string_view(name) == "strikethrough") continue;
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser, ext);
  }
  return parser;
}

void SetUpExtensions() {
  {
    // The extension registry lives as long as the process; only the list of
    // autolink's characters, let go below, becomes unreachable (32 bytes,
    // once): not a leak worth a LeakSanitizer report in every test.
    [[maybe_unused]] LeakCheckOff off;
    cmark_gfm_core_extensions_ensure_registered();
  }
  cmark_syntax_extension* autolink = cmark_find_syntax_extension("autolink");
  if (!autolink) return;
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
  cmark_parser_attach_syntax_extension(parser, autolink);
  cmark_manage_extensions_special_characters(parser, 1);
  cmark_parser_free(parser);
  cmark_syntax_extension_set_special_inline_chars(autolink, nullptr);  // (the old list stays: a few bytes)
}

}  // namespace

namespace {

// Pipes that split a table row into cells (a backslash escapes one).
size_t CellSeparators(std::string_view line) {
  size_t n = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\')
      ++i;
    else if (line[i] == '|')
      ++n;
  }
  return n;
}

bool IsBlank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// A table's delimiter row ("|---|:--:|"): its number of cells, or 0 when
// the line is none.
size_t DelimiterCells(std::string_view line) {
  if (line.find('|') == std::string_view::npos || line.find('-') == std::string_view::npos) return 0;
  size_t cells = 0;
  bool in_cell = false;
  for (char c : line) {
    if (c == '-' || c == ':') {
      if (!in_cell) ++cells;
      in_cell = true;
    } else if (c == '|') {
      in_cell = false;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      return 0;
    }
  }
  return cells;
}

// Tables beyond the limits of markdown.h, found before cmark-gfm sees them:
// a delimiter row after a line that is not blank starts a table, which goes
// on to the next blank line (as far as GFM's table can; a little further
// when another block ends it, which only counts more cells).
bool CheckTables(std::string_view body, int first_line, const std::string& path, Diagnostics* diags) {
  bool prev_blank = true, in_table = false;
  size_t columns = 0, cells = 0;
  int line_no = first_line, table_line = 0;
  while (!body.empty()) {
    size_t eol = body.find('\n');
    std::string_view line = body.substr(0, eol);
    body.remove_prefix(eol == std::string_view::npos ? body.size() : eol + 1);
    bool blank = IsBlank(line);
    if (in_table && blank) in_table = false;
    if (in_table) {
      if (CellSeparators(line) > kMaxTableColumns + 1) {  // (|a|b| is two cells)
        diags->Error(path, line_no, 1,
                     "a table row with more than " + std::to_string(kMaxTableColumns) +
                         " cells; tables may have at most " + std::to_string(kMaxTableColumns) +
                         " columns (wider ones take minutes to build); split the row or the table");
        return false;
      }
      cells += columns;
      if (cells > kMaxTableCells) {
        diags->Error(path, table_line, 1,
                     "a table of more than " + std::to_string(kMaxTableCells) +
                         " cells; split it into several tables (or pages), or put the data in a data file");
        return false;
      }
    } else if (!prev_blank) {
      if (size_t n = DelimiterCells(line); n > 0) {
        if (n > kMaxTableColumns) {
          diags->Error(path, line_no - 1, 1,
                       "a table with " + std::to_string(n) + " columns; tables may have at most " +
                           std::to_string(kMaxTableColumns) +
                           " columns (wider ones take minutes to build); split it into several tables");
          return false;
        }
        in_table = true;
        columns = n;
        cells = 2 * n;
        table_line = line_no - 1;
      }
    }
    prev_blank = blank;
    ++line_no;
  }
  return true;
}

}  // namespace

Node ParseMarkdown(std::string_view body, int first_line, const std::string& path, Diagnostics* diags) {
  std::call_once(g_extensions_once, SetUpExtensions);
  if (!CheckTables(body, first_line, path, diags)) {
    Node doc;
    doc.type = NodeType::kDocument;
    return doc;
  }
  int options = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE;
  bool tilde = body.find('~') != std::string_view::npos;
  cmark_parser* parser = NewParser(options, tilde);
  cmark_parser_feed(parser, body.data(), body.size());
  cmark_node* root = nullptr;
  if (tilde) {
    std::lock_guard<std::mutex> lock(g_tilde_mutex);
    root = cmark_parser_finish(parser);
  } else {
    root = cmark_parser_finish(parser);
  }
  Converter conv{first_line - 1, path, diags, false, {}, {}};
  conv.LabelFootnotes(root, body);
  Node doc;
  conv.Convert(root, 0, doc);
  // The tree and the parser live in this thread's arena: given back at once,
  // with no walk over the tree to free it node by node.
  ParseArena::Reset();
  AssignHeadingIds(&doc);
  return doc;
}

static void CollectHeadings(Node* n, std::vector<const Node*>* with_id, std::vector<Node*>* todo) {
  if (n->type == NodeType::kHeading) {
    if (!n->id.empty())
      with_id->push_back(n);
    else
      todo->push_back(n);
  }
  for (Node& c : n->children) CollectHeadings(&c, with_id, todo);
}

void AssignHeadingIds(Node* doc) {
  std::vector<const Node*> with_id;
  std::vector<Node*> todo;
  CollectHeadings(doc, &with_id, &todo);
  // Called again after the plugins, when most pages have no new heading:
  // then the set of ids is not worth making.
  if (todo.empty()) return;
  std::set<std::string> used;
  for (const Node* h : with_id) used.insert(h->id);
  for (Node* h : todo) {
    std::string base = Slugify(PlainText(*h));
    // An id must start with a letter (HTML's valid-id, CSS selectors, and
    // `#1-x` is not a valid selector): "1. Doelen" becomes "kop-1-doelen".
    if (base.empty())
      base = "kop";
    else if (base[0] >= '0' && base[0] <= '9')
      base = "kop-" + base;
    std::string id = base;
    for (int k = 2; used.count(id); ++k) id = base + "-" + std::to_string(k);
    used.insert(id);
    h->id = id;
  }
}

}  // namespace ww
