// data_format: YAML, TOML and JSON text into a Value.
//
// Used for front matter, site.toml and data files. Parse errors become
// diagnostics at the right line of the *file* (line_offset is added, so front
// matter errors point into the Markdown file, not into the extracted block).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "diagnostics.h"
#include "value.h"

namespace ww {

enum class DataFormat { kYaml, kToml, kJson };

// The most keys one table (front matter, or any table in a data file) may
// have; beyond, ParseData reports an error at the first key too many.
// Reading stays linear up to here (docs/content.md, "Limits").
inline constexpr size_t kMaxKeys = 100'000;

// Picks the format from a file name ending (.yaml/.yml, .toml, .json); false if none.
bool DataFormatFromPath(std::string_view path, DataFormat* format);

// YAML goes to ParseFlatYaml first, then (when that declines) to yaml-cpp;
// `fast_yaml = false` sends all of it to yaml-cpp (for the tests that compare
// the two).
std::optional<Value> ParseData(std::string_view text, DataFormat format, const std::string& path, int line_offset,
                               Diagnostics* diags, bool fast_yaml = true);

// Flat YAML, the shape of nearly all front matter: one `key: value` per line
// with plain or quoted text, numbers, dates, true/false, `[a, b]` lists.
// Gives the Value yaml-cpp would, about ten times faster; nullopt for
// anything else (nesting, block lists, comments, escapes, multi-line text,
// repeated keys, tabs and other odd characters, an empty text).
std::optional<Value> ParseFlatYaml(std::string_view text);

// The 1-based line in `text` where the field `dotted_key` ("title",
// "theme.name") is written, or 0 when the text does not parse or has no such
// field. For messages about a field's value, found after ParseData succeeded.
int FindKeyLine(std::string_view text, DataFormat format, std::string_view dotted_key);

}  // namespace ww
