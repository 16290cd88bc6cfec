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

}  // namespace ww
