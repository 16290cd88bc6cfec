#include "site/front_matter.h"

#include "site/data_format.h"

namespace ww {

std::optional<FrontMatter> SplitFrontMatter(std::string_view source, const std::string& path, Diagnostics* diags) {
  FrontMatter fm;
  fm.body = source;
  std::string_view fence;
  // The source is clean (utf8.h): '\n' is the only line end to expect.
  if (source.substr(0, 4) == "---\n" || source == "---")
    fence = "---";
  else if (source.substr(0, 4) == "+++\n" || source == "+++")
    fence = "+++";
  else
    return fm;

  // Find the closing fence: a line that is exactly the fence.
  size_t pos = 4, line = 2;
  while (pos <= source.size()) {
    size_t eol = source.find('\n', pos);
    std::string_view l = source.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    if (l == fence || (fence == "---" && l == "...")) {  // "...": YAML's end of document
      std::string_view block = pos > 4 ? source.substr(4, pos - 4) : std::string_view();
      DataFormat format = fence == "---" ? DataFormat::kYaml : DataFormat::kToml;
      // Offset 1: the block starts on the file's second line, so a message
      // points into the Markdown file.
      auto data = ParseData(block, format, path, 1, diags);
      if (!data) return std::nullopt;
      if (data->is_null()) data = Value::MakeObject();  // an empty block: no fields, no error
      if (!data->is_object()) {
        diags->Error(path, 2, 1,
                     "front matter must be a list of 'key: value' fields, not " + std::string(data->type_name()));
        return std::nullopt;
      }
      fm.data = std::move(*data);
      fm.body = eol == std::string_view::npos ? std::string_view() : source.substr(eol + 1);
      fm.body_line = static_cast<int>(line) + 1;
      return fm;
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
    ++line;
  }
  diags->Error(path, 1, 1,
               "front matter starts with '" + std::string(fence) + "' but is never closed; add a line with only '" +
                   std::string(fence) + "' after the last field");
  return std::nullopt;
}

std::string TakeTitleHeading(std::string_view body, std::string_view* rest, int* lines) {
  size_t pos = 0;
  int skipped = 0;
  for (;;) {  // blank lines first
    size_t eol = body.find('\n', pos);
    std::string_view row = body.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    if (row.find_first_not_of(" \t\r") != std::string_view::npos || eol == std::string_view::npos) break;
    pos = eol + 1;
    ++skipped;
  }
  size_t eol = body.find('\n', pos);
  std::string_view row = body.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
  // An ATX heading of level 1 (CommonMark: up to three spaces, '#', then a space).
  size_t indent = row.find_first_not_of(' ');
  if (indent == std::string_view::npos || indent > 3 || row.substr(indent, 2) != "# ") return "";
  std::string_view text = row.substr(indent + 2);
  auto trim = [](std::string_view t) {
    size_t a = t.find_first_not_of(" \t\r");
    if (a == std::string_view::npos) return std::string_view();
    size_t b = t.find_last_not_of(" \t\r");
    return t.substr(a, b - a + 1);
  };
  text = trim(text);
  // A closing run of '#' after a space is not part of the heading.
  if (size_t hashes = text.find_last_not_of('#');
      hashes != std::string_view::npos && hashes + 1 < text.size() && (text[hashes] == ' ' || text[hashes] == '\t'))
    text = trim(text.substr(0, hashes));
  // The title is plain text: emphasis and code marks are Markdown, not words.
  std::string title;
  for (char c : text)
    if (c != '*' && c != '`') title += c;
  if (trim(title).empty()) return "";
  *rest = eol == std::string_view::npos ? body.substr(body.size()) : body.substr(eol + 1);
  *lines += skipped + 1;
  return std::string(trim(title));
}

}  // namespace ww
