#include "markdown/html_render.h"

#include <algorithm>
#include <cctype>
#include <map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ww {

size_t PlainHtmlRun(std::string_view text) {
  // Sixteen bytes at a time where SSE2 is (every x86-64): escaping the text
  // of every page byte by byte was 4 % of a 10k build (bench/, perf).
  const char* p = text.data();
  const size_t n = text.size();
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
                quot = _mm_set1_epi8('"'), apos = _mm_set1_epi8('\'');
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, lt)),
                               _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, quot)),
                                            _mm_cmpeq_epi8(v, apos)));
    if (int mask = _mm_movemask_epi8(hit)) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < n; ++i) {
    char c = p[i];
    if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') break;
  }
  return i;
}

void AppendEscaped(std::string& out, std::string_view text, const char* apostrophe) {
  // Runs without a special character are appended at once (most text).
  // Quotes too: the same escaper fills attribute values, so no text can end
  // the attribute it is put in.
  while (!text.empty()) {
    size_t special = PlainHtmlRun(text);
    out.append(text.data(), special);
    if (special == text.size()) return;
    switch (text[special]) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += apostrophe;
        break;
    }
    text.remove_prefix(special + 1);
  }
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  AppendEscaped(out, text);
  return out;
}

// An allow list, not a block list: a scheme not named here might run script
// in some browser.
bool IsSafeUrl(std::string_view url) {
  // Browsers ignore leading spaces and control characters and tabs/newlines inside the scheme.
  std::string scheme;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20) continue;
    if (c == ':') break;
    if (c == '/' || c == '?' || c == '#') return true;  // no scheme: relative
    scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // Longer than every scheme that runs script (javascript, vbscript, data).
    if (scheme.size() > 16) return true;
  }
  if (url.find(':') == std::string_view::npos) return true;
  return scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel";
}

namespace {

// One document's HTML. It numbers footnotes and names tables across the
// whole document, so each document (and thread) has a renderer of its own.
class Renderer {
 public:
  Renderer(const RenderOptions& o) : opt_(o) {}

  void Blocks(const std::vector<Node>& nodes, bool tight = false) {
    for (const Node& n : nodes) Render(n, tight);
  }

  void Render(const Node& n, bool tight) {
    switch (n.type) {
      case NodeType::kDocument:
        Blocks(n.children);
        break;
      case NodeType::kParagraph:
        // The items of a tight list hold their text without <p> (CommonMark).
        if (tight) {
          Inlines(n.children);
        } else {
          out_ += "<p>";
          Inlines(n.children);
          out_ += "</p>\n";
        }
        break;
      case NodeType::kHeading: {
        // A plugin may set any level; HTML has h1 to h6.
        std::string tag = "h" + std::to_string(n.level < 1 ? 1 : n.level > 6 ? 6 : n.level);
        out_ += "<" + tag;
        if (!n.id.empty()) {
          out_ += " id=\"";
          AppendEscaped(out_, n.id);
          out_ += '"';
        }
        Class(n);
        out_ += ">";
        Inlines(n.children);
        out_ += "</" + tag + ">\n";
        last_heading_ = PlainText(n);
        break;
      }
      case NodeType::kBlockQuote:
        out_ += "<blockquote>\n";
        Blocks(n.children);
        out_ += "</blockquote>\n";
        break;
      case NodeType::kList: {
        bool tasks = false;
        for (const Node& c : n.children) tasks |= c.task >= 0;
        const char* tag = n.ordered ? "ol" : "ul";
        out_ += "<";
        out_ += tag;
        if (n.ordered && n.start != 1) out_ += " start=\"" + std::to_string(n.start) + "\"";
        if (tasks)
          out_ += " class=\"contains-task-list\"";
        else
          Class(n);
        out_ += ">\n";
        for (const Node& item : n.children) Render(item, n.tight);
        out_ += "</";
        out_ += tag;
        out_ += ">\n";
        break;
      }
      case NodeType::kItem:
        if (n.task >= 0) {
          // A record of what the Markdown says, so disabled; and named, as a
          // bare check box means nothing to a screen reader.
          out_ += "<li class=\"task-list-item\"><input type=\"checkbox\" disabled";
          if (n.task == 1) out_ += " checked";
          out_ += " aria-label=\"";
          AppendEscaped(out_, n.task == 1 ? opt_.task_done_label : opt_.task_todo_label);
          out_ += "\"> ";
        } else {
          out_ += "<li";
          Class(n);
          out_ += ">";
        }
        Blocks(n.children, tight);
        out_ += "</li>\n";
        break;
      case NodeType::kCodeBlock: {
        out_ += "<pre><code";
        // The info string's first word is the language (CommonMark); the
        // rest is for directives.
        std::string lang = n.info.substr(0, n.info.find(' '));
        if (!lang.empty()) {
          out_ += " class=\"language-";
          AppendEscaped(out_, lang);
          out_ += '"';
        }
        out_ += ">";
        AppendEscaped(out_, n.text);
        out_ += "</code></pre>\n";
        break;
      }
      case NodeType::kHtmlBlock:
        if (opt_.allow_raw_html) {
          out_ += n.text;
        } else {
          // Shown as text, so an author sees what was not published.
          out_ += "<pre class=\"raw-html-dropped\"><code>";
          AppendEscaped(out_, n.text);
          out_ += "</code></pre>\n";
        }
        break;
      case NodeType::kRawBlock:  // trusted: only plugins make Raw nodes
        out_ += n.text;
        if (!n.text.empty() && n.text.back() != '\n') out_ += '\n';
        break;
      case NodeType::kDirective:  // an unknown directive is shown as code
        out_ += "<pre><code>";
        AppendEscaped(out_, n.text);
        out_ += "</code></pre>\n";
        break;
      case NodeType::kThematicBreak:
        out_ += "<hr>\n";
        break;
      case NodeType::kTable:
        Table(n);
        break;
      case NodeType::kFootnoteDefinition:
        footnote_defs_.push_back(&n);
        break;
      default:
        Inline(n);
    }
  }

  // A wide table scrolls inside its wrapper, so the wrapper takes keyboard
  // focus, and a focusable element needs a name: the wrapper is a named
  // <section> (a region landmark). Landmark names must be unique in a page, so
  // the name comes from the heading above the table, the page (in a document
  // of several pages) and a number when that is still not enough.
  void Table(const Node& n) {
    std::string label = opt_.table_label;
    if (!last_heading_.empty()) label += ": " + last_heading_;
    if (!opt_.table_context.empty()) label += " – " + opt_.table_context;
    if (int k = ++table_labels_[label]; k > 1) label += " (" + std::to_string(k) + ")";
    out_ += "<section class=\"table-wrap\" tabindex=\"0\" aria-label=\"";
    AppendEscaped(out_, label);
    // A table of three or more columns is laid out as one block per row on a
    // narrow screen (style.css, .table--stack): each body cell then shows its
    // column's header, which it carries as data-label.
    std::vector<std::string> labels;
    if (!n.children.empty() && n.children.front().header && n.children.front().children.size() >= 3) {
      for (const Node& cell : n.children.front().children) labels.push_back(PlainText(cell));
    }
    out_ += labels.empty() ? "\"><table>\n" : "\"><table class=\"table--stack\">\n";
    bool in_body = false;
    for (const Node& row : n.children) {
      if (row.header)
        out_ += "<thead>\n";
      else if (!in_body) {
        out_ += "<tbody>\n";
        in_body = true;
      }
      out_ += "<tr>";
      size_t col = 0;
      for (const Node& cell : row.children) {
        const char* tag = row.header ? "th" : "td";
        out_ += "<";
        out_ += tag;
        if (row.header) out_ += " scope=\"col\"";
        char a = col < n.align.size() ? n.align[col] : 0;
        if (a == 'c')
          out_ += " class=\"align-center\"";
        else if (a == 'r')
          out_ += " class=\"align-right\"";
        if (!row.header && col < labels.size() && !labels[col].empty()) {
          out_ += " data-label=\"";
          AppendEscaped(out_, labels[col]);
          out_ += "\"";
        }
        out_ += ">";
        Inlines(cell.children);
        out_ += "</";
        out_ += tag;
        out_ += ">";
        ++col;
      }
      out_ += "</tr>\n";
      if (row.header) out_ += "</thead>\n";
    }
    if (in_body) out_ += "</tbody>\n";
    out_ += "</table></section>\n";
  }

  void Inlines(const std::vector<Node>& nodes) {
    for (const Node& n : nodes) Inline(n);
  }

  void Inline(const Node& n) {
    switch (n.type) {
      case NodeType::kText:
        AppendEscaped(out_, n.text);
        break;
      case NodeType::kSoftBreak:
        out_ += '\n';
        break;
      case NodeType::kLineBreak:
        out_ += "<br>\n";
        break;
      case NodeType::kCode:
        out_ += "<code>";
        AppendEscaped(out_, n.text);
        out_ += "</code>";
        break;
      case NodeType::kHtmlInline:
        if (opt_.allow_raw_html)
          out_ += n.text;
        else
          AppendEscaped(out_, n.text);
        break;
      case NodeType::kRawInline:
        out_ += n.text;
        break;
      case NodeType::kEmph:
        Wrap("em", n);
        break;
      case NodeType::kStrong:
        Wrap("strong", n);
        break;
      case NodeType::kStrikethrough:
        Wrap("del", n);
        break;
      // An unsafe URL is never clickable: a link keeps only its text, an
      // image is left out.
      case NodeType::kLink:
        if (!IsSafeUrl(n.url)) {
          Inlines(n.children);
          break;
        }
        out_ += "<a href=\"";
        AppendEscaped(out_, n.url);
        out_ += '"';
        if (!n.title.empty()) {
          out_ += " title=\"";
          AppendEscaped(out_, n.title);
          out_ += '"';
        }
        Class(n);
        out_ += ">";
        Inlines(n.children);
        out_ += "</a>";
        break;
      case NodeType::kImage:
        if (!IsSafeUrl(n.url)) break;
        out_ += "<img src=\"";
        AppendEscaped(out_, n.url);
        out_ += "\" alt=\"";
        AppendEscaped(out_, PlainText(n));
        out_ += '"';
        if (!n.title.empty()) {
          out_ += " title=\"";
          AppendEscaped(out_, n.title);
          out_ += '"';
        }
        // The room the image takes while it loads (the theme's CSS scales it).
        if (n.width > 0 && n.height > 0)
          out_ += " width=\"" + std::to_string(n.width) + "\" height=\"" + std::to_string(n.height) + "\"";
        out_ += " loading=\"lazy\">";
        break;
      // Numbered in the order the reader meets them. A footnote referred to
      // again gets fnref-ID-2 and on, so every id on the page stays unique;
      // id_prefix keeps the pages of one print edition apart.
      case NodeType::kFootnoteReference: {
        auto [it, added] = footnote_numbers_.emplace(n.id, static_cast<int>(footnote_numbers_.size()) + 1);
        int& refs = footnote_refs_[n.id];
        ++refs;
        std::string id = opt_.id_prefix + Slug(n.id);
        out_ += "<sup class=\"footnote-ref\"><a href=\"#fn-" + id + "\" id=\"fnref-" + id;
        if (refs > 1) out_ += "-" + std::to_string(refs);
        out_ += "\">" + std::to_string(it->second) + "</a></sup>";
        break;
      }
      default:
        Blocks({n});
    }
  }

  void Wrap(const char* tag, const Node& n) {
    out_ += "<";
    out_ += tag;
    out_ += ">";
    Inlines(n.children);
    out_ += "</";
    out_ += tag;
    out_ += ">";
  }

  void Class(const Node& n) {
    if (n.cls.empty()) return;
    out_ += " class=\"";
    AppendEscaped(out_, n.cls);
    out_ += '"';
  }

  // A footnote label may hold anything; the ids made from it are written
  // without escaping, so only [A-Za-z0-9-] may come out.
  static std::string Slug(const std::string& label) {
    std::string out;
    for (char c : label) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
    return out;
  }

  void Footnotes() {
    if (footnote_defs_.empty()) return;
    // In order of first reference; unreferenced definitions last.
    std::vector<std::pair<int, const Node*>> defs;
    int extra = 1000;  // past every referenced footnote, in the order written
    for (const Node* d : footnote_defs_) {
      auto it = footnote_numbers_.find(d->id);
      defs.push_back({it == footnote_numbers_.end() ? extra++ : it->second, d});
    }
    std::sort(defs.begin(), defs.end(), [](auto& a, auto& b) { return a.first < b.first; });
    out_ += "<section class=\"footnotes\" aria-label=\"";
    AppendEscaped(out_, opt_.footnotes_label);
    out_ += "\">\n<ol>\n";
    for (auto& [num, d] : defs) {
      std::string id = opt_.id_prefix + Slug(d->id);
      out_ += "<li id=\"fn-" + id + "\">";
      Blocks(d->children);
      if (footnote_numbers_.count(d->id)) {
        out_ += "<a href=\"#fnref-" + id + "\" class=\"footnote-backref\" aria-label=\"";
        AppendEscaped(out_, opt_.backref_label);
        out_ += "\">↩</a>";
      }
      out_ += "</li>\n";
    }
    out_ += "</ol>\n</section>\n";
  }

  std::string Take() { return std::move(out_); }

 private:
  const RenderOptions& opt_;
  std::string out_;
  std::vector<const Node*> footnote_defs_;
  std::string last_heading_;                 // text of the last heading, to name tables
  std::map<std::string, int> table_labels_;  // how often each table name was used
  std::map<std::string, int> footnote_numbers_;
  std::map<std::string, int> footnote_refs_;
};

}  // namespace

std::string RenderHtml(const Node& doc, const RenderOptions& options) {
  Renderer r(options);
  r.Render(doc, false);
  r.Footnotes();
  return r.Take();
}

std::string RenderFragment(const std::vector<Node>& nodes, const RenderOptions& options) {
  Renderer r(options);
  r.Blocks(nodes);
  r.Footnotes();
  return r.Take();
}

// A heading without an id cannot be linked to, so it is not listed.
static void Toc(const Node& n, int lo, int hi, std::vector<TocEntry>* out) {
  if (n.type == NodeType::kHeading && n.level >= lo && n.level <= hi && !n.id.empty()) {
    out->push_back({n.level, PlainText(n), n.id});
    return;
  }
  for (const Node& c : n.children) Toc(c, lo, hi, out);
}

std::vector<TocEntry> CollectToc(const Node& doc, int min_level, int max_level) {
  std::vector<TocEntry> out;
  Toc(doc, min_level, max_level, &out);
  return out;
}

}  // namespace ww
