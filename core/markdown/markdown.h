// markdown: GitHub-flavoured Markdown (cmark-gfm) into our document model.
//
// cmark-gfm stays inside this module. Tables, strikethrough, autolinks, task
// lists and footnotes are on. Raw HTML is kept as HtmlBlock/HtmlInline nodes;
// whether it is published is html_render's decision, not the parser's.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "diagnostics.h"
#include "markdown/document.h"

namespace ww {

// Tables beyond these are refused before parsing (docs/content.md,
// "Tables"): cmark-gfm's time grows with the square of a row's width (3,000
// columns took 6 s for 20 rows, 30 s and 2.5 GB for more), and every cell,
// even one GFM fills in for a short row, becomes a node.
inline constexpr size_t kMaxTableColumns = 100;
inline constexpr size_t kMaxTableCells = 200'000;

// Parses `body` (clean UTF-8). `first_line` is the file line the body starts
// on, so node positions are file positions. Markdown has no syntax errors:
// nesting deeper than a sane limit is flattened to text with a warning. The
// one error is a table beyond the limits above, reported at its line; the
// document is then empty.
Node ParseMarkdown(std::string_view body, int first_line, const std::string& path, Diagnostics* diags);

// Gives every heading a unique anchor id (Slugify of its text, with "kop-"
// before one that starts with a digit, "kop" for an empty one; "-2", "-3" for
// repeats) unless a plugin already set one.
void AssignHeadingIds(Node* doc);

}  // namespace ww
