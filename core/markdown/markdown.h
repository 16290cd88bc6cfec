// markdown: GitHub-flavoured Markdown (cmark-gfm) into our document model.
//
// cmark-gfm stays inside this module. Tables, strikethrough, autolinks, task
// lists and footnotes are on. Raw HTML is kept as HtmlBlock/HtmlInline nodes;
// whether it is published is html_render's decision, not the parser's.
#pragma once

#include <string>
#include <string_view>

#include "diagnostics.h"
#include "markdown/document.h"

namespace ww {

// Parses `body` (clean UTF-8). `first_line` is the file line the body starts
// on, so node positions are file positions. Never fails: Markdown has no syntax
// errors; nesting deeper than a sane limit is flattened to text with a warning.
Node ParseMarkdown(std::string_view body, int first_line, const std::string& path, Diagnostics* diags);

// Gives every heading a unique anchor id (Slugify of its text, with "kop-"
// before one that starts with a digit, "kop" for an empty one; "-2", "-3" for
// repeats) unless a plugin already set one.
void AssignHeadingIds(Node* doc);

}  // namespace ww
