// libFuzzer target: a page's Markdown through the project's built-in plugins
// (plugins/*.lua: callout, form, trajectcalculator, recent), as a build does
// for each page: directives and node hooks, heading ids, links, HTML.
//
// The site around the page is made once: a site.toml, a home page, a plain
// page, a self-assessment and a checklist (front matter `form:`), and the
// handbook's trajecten.toml, so the calculator has its data. The first byte of
// an input picks one of the three pages; the rest is its Markdown body.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.h"
#include "disk.h"
#include "markdown/html_render.h"
#include "markdown/links.h"
#include "markdown/markdown.h"
#include "plugins/plugin_host.h"
#include "site/config.h"
#include "site/content_tree.h"
#include "utf8.h"

namespace {

std::string ReadSource(const std::string& rel) {
  std::ifstream in(std::string(WW_SOURCE_DIR) + "/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Site {
  ww::MemoryDisk disk;
  ww::Diagnostics diags;
  std::optional<ww::SiteConfig> config;
  std::optional<ww::SiteTree> tree;
  std::unique_ptr<ww::PluginHost> host;
  std::unique_ptr<ww::PluginWorker> worker;
  std::vector<const ww::Page*> pages;  // a plain page, a self-assessment, a checklist

  Site() {
    disk.files["site/site.toml"] = "title = \"Fuzz\"\nlanguage = \"nl\"\n";
    disk.files["site/content/_index.md"] = "---\ntitle: Start\n---\n";
    disk.files["site/content/1-zorgroute/_index.md"] = "---\ntitle: Zorgroute\n---\n";
    disk.files["site/content/1-zorgroute/pagina.md"] = "---\ntitle: Pagina\n---\n";
    disk.files["site/content/1-zorgroute/zelf.md"] =
        "---\ntitle: Zelf\nform:\n  id: zelf\n  type: scale\n  scale: [Onvoldoende, Matig, Voldoende, Goed]\n"
        "  group_level: 2\n  reflection: true\n  name_field: Naam\n  note: true\n  action: true\n---\n";
    disk.files["site/content/1-zorgroute/lijst.md"] =
        "---\ntitle: Lijst\nform:\n  id: lijst\n  type: checklist\n  group_level: 2\n  note: true\n---\n";
    disk.files["site/content/1-zorgroute/trajecten.toml"] = ReadSource("content/1-zorgroute/trajecten.toml");
    for (const char* p : {"callout", "form", "recent", "trajectcalculator"})
      disk.files[std::string("builtin/") + p + ".lua"] = ReadSource(std::string("plugins/") + p + ".lua");
    config = ww::LoadConfig(disk, "site", &diags);
    if (config) tree = ww::BuildContentTree(disk, "site", *config, {}, &diags);
    if (tree) host = ww::PluginHost::Load(disk, *config, "site", "builtin", &diags);
    if (!host || diags.HasErrors()) __builtin_trap();  // the fixture itself is broken
    host->Start(&*tree, &diags);
    worker = host->NewWorker(*tree, &diags);
    for (const char* rel : {"1-zorgroute/pagina.md", "1-zorgroute/zelf.md", "1-zorgroute/lijst.md"})
      for (const ww::Page& p : tree->pages)
        if (p.rel == rel) pages.push_back(&p);
    if (pages.size() != 3 || diags.HasErrors()) __builtin_trap();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Site* site = new Site;  // once; never freed, so no leak is reported per input
  if (size == 0) return 0;
  // The first byte picks the page, so the form plugin sees the body too.
  const ww::Page& page = *site->pages[data[0] % site->pages.size()];
  std::string text = ww::CleanSource(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  if (ww::FindInvalidUtf8(text) != std::string::npos) return 0;
  ww::Diagnostics diags;
  ww::Node doc = ww::ParseMarkdown(text, page.body_line, page.source_path, &diags);
  ww::PageExtras extras;
  site->worker->Transform(&doc, page, &extras, &diags);
  ww::AssignHeadingIds(&doc);
  std::vector<ww::AnchorRef> refs;
  ww::RewriteLinks(&doc, *site->tree, page, &diags, &refs);
  std::string html = ww::RenderHtml(doc, ww::RenderOptions{});
  // Plugins may only add data scripts, and the data never holds a '<' (JSON
  // escapes it): content can never start a script of its own.
  for (size_t at = html.find("<script"); at != std::string::npos; at = html.find("<script", at + 1)) {
    constexpr std::string_view kData = "<script type=\"application/json\"";
    if (html.compare(at, kData.size(), kData) != 0) __builtin_trap();
    size_t open_end = html.find('>', at), close = html.find("</script>", at);
    if (open_end == std::string::npos || close == std::string::npos) __builtin_trap();
    if (html.find('<', open_end + 1) < close) __builtin_trap();
  }
  return 0;
}
