// libFuzzer target: a theme template (with partials) loaded and rendered.
#include <cstddef>
#include <cstdint>
#include <string>

#include "diagnostics.h"
#include "disk.h"
#include "render/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  // The first line (up to '\n') is a partial, the rest the page template.
  size_t nl = text.find('\n');
  ww::MemoryDisk disk;
  disk.files["t/templates/page.mustache"] = nl == std::string::npos ? text : text.substr(nl + 1);
  disk.files["t/templates/partials/p.mustache"] = nl == std::string::npos ? "" : text.substr(0, nl);
  ww::Diagnostics diags;
  auto theme = ww::Theme::Load(disk, "t", "themes/t", &diags);
  if (!theme) return 0;
  ww::Value ctx;
  ctx.Set("title", "<Titel & \"zo\">");
  ww::Value list = ww::Value::MakeArray();
  list.Push(ctx);
  ctx.Set("items", list);
  ctx.Set("flag", true);
  theme->Render("page", ctx, {}, "fuzz.md", &diags);
  return 0;
}
