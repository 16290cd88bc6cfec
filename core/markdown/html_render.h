// html_render: our document model into HTML.
//
// Escapes all text. Raw HTML written in content is dropped (with its text
// escaped and shown) unless the site opts in; HTML made by plugins (RawBlock,
// RawInline) is trusted. Links with a javascript:, vbscript: or data: URL are
// never made clickable.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "markdown/document.h"

namespace ww {

struct RenderOptions {
  bool allow_raw_html = false;
  std::string footnotes_label = "Voetnoten";
  std::string backref_label = "Terug naar de tekst";
  std::string table_label = "Tabel";  // tables are named "Tabel: <heading above>"
  std::string table_context;          // added to table names, when several pages share one document
  std::string task_done_label = "gedaan", task_todo_label = "nog te doen";  // task list boxes
  std::string id_prefix;  // for footnote ids, when several pages share one document
};

// The document's HTML, its footnotes gathered at the end. Thread-safe: each
// call has its own state (footnote numbers, table names).
std::string RenderHtml(const Node& doc, const RenderOptions& options);
// Renders a list of nodes (blocks or inlines) as a fragment.
std::string RenderFragment(const std::vector<Node>& nodes, const RenderOptions& options);

struct TocEntry {
  int level;
  std::string text;
  std::string anchor;
};
// Headings of level min..max in document order.
std::vector<TocEntry> CollectToc(const Node& doc, int min_level = 2, int max_level = 3);

// Escapes & < > " and ', so the result is safe as element text and as a
// quoted attribute value alike. `apostrophe` is the entity for ' (templates
// write kainjow's "&apos;", render/mustache.h).
void AppendEscaped(std::string& out, std::string_view text, const char* apostrophe = "&#39;");
std::string EscapeHtml(std::string_view text);
// How many bytes at the start of text hold none of & < > " ': the run an
// escaper can copy at once.
size_t PlainHtmlRun(std::string_view text);
// True for URLs that may become a link or image source.
bool IsSafeUrl(std::string_view url);

}  // namespace ww
