#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <mutex>
#include <set>

#include "slug.h"

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
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK) out += NodeLiteral(n);
    else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) out += ' ';
    else if (t == CMARK_NODE_PARAGRAPH && !out.empty()) out += ' ';
  }
  cmark_iter_free(it);
  return out;
}

struct Converter {
  int line_offset;
  const std::string& path;
  Diagnostics* diags;
  bool warned_depth = false;

  Node Convert(cmark_node* n, int depth) {
    Node out;
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
      Node text;
      text.type = NodeType::kText;
      text.text = FlattenText(n);
      if (out.type == NodeType::kText) return text;
      out.children.push_back(std::move(text));
      return out;
    }
    const char* type_string = cmark_node_get_type_string(n);
    std::string ts = type_string ? type_string : "";
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_DOCUMENT: out.type = NodeType::kDocument; break;
      case CMARK_NODE_BLOCK_QUOTE: out.type = NodeType::kBlockQuote; break;
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
        return out;
      }
      case CMARK_NODE_HTML_BLOCK: out.type = NodeType::kHtmlBlock; out.text = NodeLiteral(n); return out;
      case CMARK_NODE_PARAGRAPH: out.type = NodeType::kParagraph; break;
      case CMARK_NODE_HEADING:
        out.type = NodeType::kHeading;
        out.level = cmark_node_get_heading_level(n);
        break;
      case CMARK_NODE_THEMATIC_BREAK: out.type = NodeType::kThematicBreak; return out;
      case CMARK_NODE_FOOTNOTE_DEFINITION:
        out.type = NodeType::kFootnoteDefinition;
        out.id = NodeLiteral(n);
        break;
      case CMARK_NODE_TEXT: out.type = NodeType::kText; out.text = NodeLiteral(n); return out;
      case CMARK_NODE_SOFTBREAK: out.type = NodeType::kSoftBreak; return out;
      case CMARK_NODE_LINEBREAK: out.type = NodeType::kLineBreak; return out;
      case CMARK_NODE_CODE: out.type = NodeType::kCode; out.text = NodeLiteral(n); return out;
      case CMARK_NODE_HTML_INLINE: out.type = NodeType::kHtmlInline; out.text = NodeLiteral(n); return out;
      case CMARK_NODE_EMPH: out.type = NodeType::kEmph; break;
      case CMARK_NODE_STRONG: out.type = NodeType::kStrong; break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE: {
        out.type = cmark_node_get_type(n) == CMARK_NODE_LINK ? NodeType::kLink : NodeType::kImage;
        const char* url = cmark_node_get_url(n);
        const char* title = cmark_node_get_title(n);
        out.url = url ? url : "";
        out.title = title ? title : "";
        break;
      }
      case CMARK_NODE_FOOTNOTE_REFERENCE:
        out.type = NodeType::kFootnoteReference;
        out.id = NodeLiteral(n);
        return out;
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
            return out;
          }
        }
    }
    for (cmark_node* c = cmark_node_first_child(n); c; c = cmark_node_next(c))
      out.children.push_back(Convert(c, depth + 1));
    return out;
  }

  static bool IsBlockNode(cmark_node* n) {
    return (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
  }
};

}  // namespace

Node ParseMarkdown(std::string_view body, int first_line, const std::string& path, Diagnostics* diags) {
  std::call_once(g_extensions_once, [] { cmark_gfm_core_extensions_ensure_registered(); });
  int options = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE;
  cmark_parser* parser = cmark_parser_new(options);
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"})
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser, ext);
  cmark_parser_feed(parser, body.data(), body.size());
  cmark_node* root = cmark_parser_finish(parser);
  Converter conv{first_line - 1, path, diags};
  Node doc = conv.Convert(root, 0);
  cmark_node_free(root);
  cmark_parser_free(parser);
  AssignHeadingIds(&doc);
  return doc;
}

static void CollectIds(Node* n, std::set<std::string>* used, std::vector<Node*>* todo) {
  if (n->type == NodeType::kHeading) {
    if (!n->id.empty()) used->insert(n->id);
    else todo->push_back(n);
  }
  for (Node& c : n->children) CollectIds(&c, used, todo);
}

void AssignHeadingIds(Node* doc) {
  std::set<std::string> used;
  std::vector<Node*> todo;
  CollectIds(doc, &used, &todo);
  for (Node* h : todo) {
    std::string base = Slugify(PlainText(*h));
    if (base.empty()) base = "kop";
    std::string id = base;
    for (int k = 2; used.count(id); ++k) id = base + "-" + std::to_string(k);
    used.insert(id);
    h->id = id;
  }
}

}  // namespace ww
