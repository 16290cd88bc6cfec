// front_matter: splits a Markdown file into its front matter and body.
//
// YAML between '---' lines or TOML between '+++' lines, at the very top of the
// file. A file without front matter is all body.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "diagnostics.h"
#include "value.h"

namespace ww {

struct FrontMatter {
  Value data = Value::MakeObject();  // always an object
  std::string_view body;             // points into the source text
  int body_line = 1;                 // 1-based line in the file where body starts
};

// `source` must be clean (see utf8.h). Returns nullopt after reporting an error.
std::optional<FrontMatter> SplitFrontMatter(std::string_view source, const std::string& path, Diagnostics* diags);

// A page without a title in its front matter may start with a level-1
// heading ("# Eerste week", after blank lines only): that heading is its
// title, and it is taken out of the body, so the page has one <h1> (the
// template's). Returns the heading's text, or "" when the body starts with
// anything else; then *rest and *lines are left as they were. Otherwise
// *rest is the body after the heading's line and *lines grows by the lines
// taken.
std::string TakeTitleHeading(std::string_view body, std::string_view* rest, int* lines);

}  // namespace ww
