// site_fixture: a small site on a MemoryDisk for tests that run the whole
// build (ww::Build) or its stages, and helpers to look at the diagnostics.
#pragma once

#include <string>
#include <vector>

#include "build.h"
#include "diagnostics.h"
#include "disk.h"

namespace ww::testing {

// A site in "site/" with a minimal theme "mini" (page, section, home and
// redirect templates, a partial and UI strings), so tests do not depend on
// the project's default theme.
inline void AddMiniSite(MemoryDisk* disk, const std::string& toml_extra = "") {
  auto& f = disk->files;
  // The feed and sitemap on on purpose (relative URLs: no base_url), so that
  // only a test about them meets the warning that they are on by default.
  std::string on;
  for (const char* table : {"[feed]", "[sitemap]"})
    if (toml_extra.find(table) == std::string::npos) on += std::string(table) + "\nenabled = true\n";
  f["site/site.toml"] = "title = \"Proef\"\ntheme = \"mini\"\n" + on + "[print]\nenabled = false\n" + toml_extra;
  f["site/themes/mini/templates/page.mustache"] =
      "<title>{{page.title}}</title>\n{{> nav}}\n<main>{{{page.content}}}</main>\n";
  f["site/themes/mini/templates/section.mustache"] =
      "<title>{{page.title}}</title>\n{{> nav}}\n<main>{{{page.content}}}</main>\n"
      "<ul>{{#page.children}}<li><a href=\"{{url}}\">{{title}}</a></li>{{/page.children}}</ul>\n";
  f["site/themes/mini/templates/redirect.mustache"] = "<meta http-equiv=\"refresh\" content=\"0; url={{target}}\">\n";
  f["site/themes/mini/templates/partials/nav.mustache"] = "<nav>{{{nav}}}</nav>";
  f["site/themes/mini/i18n/nl.toml"] = "nav_all_pages = \"Alle pagina's\"\n";
  f["site/themes/mini/assets/mini.css"] = "body{}\n";
}

// A mark as an earlier build leaves in its output folder `dir` (output.h), so
// that a test may put an "earlier site" there for the build to replace.
inline std::string OutputMarkText(const std::string& dir) {
  std::string base = dir.substr(dir.rfind('/') + 1);
  return "wegwijzer-output\nfor " + base + "\nself " + base + "\npid 1\nstage site\n";
}
inline void MarkAsOutput(MemoryDisk* disk, const std::string& dir) {
  disk->files[dir + "/.wegwijzer-output"] = OutputMarkText(dir);
}

inline BuildOptions MemoryBuildOptions() {
  BuildOptions o;
  o.site_dir = "site";
  o.out_dir = "out";
  o.jobs = 1;
  o.use_git_dates = false;
  return o;
}

// Builds site/ into out/ on the disk; diags collects everything.
inline BuildResult BuildMemorySite(MemoryDisk* disk, Diagnostics* diags, BuildOptions o = MemoryBuildOptions()) {
  return Build(o, *disk, diags);
}

// The first diagnostic (sorted) whose message contains `needle`, or nullptr.
inline const Diagnostic* FindDiag(const std::vector<Diagnostic>& all, const std::string& needle) {
  for (const Diagnostic& d : all)
    if (d.message.find(needle) != std::string::npos) return &d;
  return nullptr;
}

// All diagnostics, one per line, for failure messages.
inline std::string DumpDiags(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.Sorted()) out += d.Format() + "\n";
  return out;
}

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace ww::testing
