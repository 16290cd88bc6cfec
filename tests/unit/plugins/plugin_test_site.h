// plugin_test_site: a small site on a MemoryDisk, built with ww::Build, with
// plugins dropped into its plugins/ folder (and builtin/ playing the
// project's own plugins folder). Shared by the tests of core/plugins/, which
// mostly test end to end: a plugin as a site author writes it, the pages as
// the build writes them.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "build.h"
#include "diagnostics.h"
#include "disk.h"

namespace ww::plugin_test {

inline std::string ReadSourceFile(const std::string& rel) {
  std::ifstream in(std::string(WW_SOURCE_DIR) + "/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

inline const char* kTemplate =
    "<title>{{page.title}}</title>\n"
    "{{#page.scripts}}<script src=\"{{src}}\"></script>\n{{/page.scripts}}"
    "{{#page.styles}}<link rel=\"stylesheet\" href=\"{{href}}\">\n{{/page.styles}}"
    "{{#page.tags}}<tag>{{name}}</tag>\n{{/page.tags}}"
    "<main>\n{{{page.content}}}</main>\n";

// A site in memory: site/ holds site.toml, content/, plugins/ and a tiny
// theme; builtin/ plays the project's own plugins folder.
struct Site {
  MemoryDisk disk;
  std::unique_ptr<Diagnostics> diags_ = std::make_unique<Diagnostics>();
  BuildResult result;
  std::string extra_toml;

  Site() {
    for (const char* kind : {"home", "section", "page"})
      Add(std::string("themes/mini/templates/") + kind + ".mustache", kTemplate);
    Add("themes/mini/i18n/nl.toml", "");
    Page("_index.md", "Home", "Welkom.\n");
  }
  void Add(const std::string& rel, const std::string& text) { disk.files["site/" + rel] = text; }
  void Builtin(const std::string& name, const std::string& source) { disk.files["builtin/" + name + ".lua"] = source; }
  void Plugin(const std::string& name, const std::string& source) { Add("plugins/" + name + ".lua", source); }
  void Page(const std::string& rel, const std::string& title, const std::string& body, const std::string& fm = "") {
    Add("content/" + rel, "---\ntitle: \"" + title + "\"\n" + fm + "---\n" + body);
  }

  bool Build(int jobs = 2) {
    disk.files["site/site.toml"] = "title = \"Test\"\n" + extra_toml + "\n[theme]\nname = \"mini\"\n";
    diags_ = std::make_unique<Diagnostics>();
    BuildOptions opt;
    opt.site_dir = "site";
    opt.out_dir = "out";
    opt.builtin_plugins_dir = "builtin";
    opt.jobs = jobs;
    result = ww::Build(opt, disk, diags_.get());
    return result.ok;
  }
  std::string Out(const std::string& rel) {
    auto it = disk.files.find("out/" + rel);
    return it == disk.files.end() ? std::string("<missing>") : it->second;
  }
  // The content of <main> in an output page.
  std::string Main(const std::string& rel) {
    std::string html = Out(rel);
    size_t a = html.find("<main>\n"), b = html.find("</main>");
    return a == std::string::npos || b == std::string::npos ? html : html.substr(a + 7, b - a - 7);
  }
  std::string Messages() const {
    std::string out;
    for (const Diagnostic& d : diags_->Sorted()) out += d.Format() + "\n";
    return out;
  }
};

// Builds the site; on failure the test stops and shows the messages.
inline void Builds(Site& site, int jobs = 2) {
  bool built = site.Build(jobs);
  INFO(site.Messages());
  REQUIRE(built);
}

}  // namespace ww::plugin_test
