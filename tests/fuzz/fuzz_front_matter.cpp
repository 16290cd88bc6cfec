// libFuzzer target: a whole Markdown source file through the same checks a page
// gets: UTF-8, cleaning, front matter (YAML/TOML), Markdown.
#include <cstddef>
#include <cstdint>
#include <string>

#include "diagnostics.h"
#include "markdown/markdown.h"
#include "site/front_matter.h"
#include "utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string raw(reinterpret_cast<const char*>(data), size);
  if (ww::FindInvalidUtf8(raw) != std::string::npos) return 0;
  std::string text = ww::CleanSource(raw);
  ww::Diagnostics diags;
  auto fm = ww::SplitFrontMatter(text, "fuzz.md", &diags);
  if (fm) ww::ParseMarkdown(fm->body, fm->body_line, "fuzz.md", &diags);
  return 0;
}
