// libFuzzer target: Markdown (with directive blocks) into our model and HTML,
// with and without raw HTML, plus the table of contents and the print edition's
// link rewriting.
#include <cstddef>
#include <cstdint>
#include <string>

#include "diagnostics.h"
#include "markdown/html_render.h"
#include "markdown/markdown.h"
#include "utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text = ww::CleanSource(std::string(reinterpret_cast<const char*>(data), size));
  if (ww::FindInvalidUtf8(text) != std::string::npos) return 0;
  ww::Diagnostics diags;
  ww::Node doc = ww::ParseMarkdown(text, 1, "fuzz.md", &diags);
  ww::RenderOptions opt;
  std::string safe = ww::RenderHtml(doc, opt);
  // Content can never produce a script element or an event handler attribute by default.
  if (safe.find("<script") != std::string::npos) __builtin_trap();
  opt.allow_raw_html = true;
  ww::RenderHtml(doc, opt);
  ww::CollectToc(doc);
  ww::PlainText(doc);
  return 0;
}
