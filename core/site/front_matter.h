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

}  // namespace ww
