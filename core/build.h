// build: the whole build, top to bottom, in one function.
#pragma once

#include <string>
#include <vector>

#include "diagnostics.h"
#include "disk.h"
#include "links.h"

namespace ww {

struct BuildOptions {
  std::string site_dir = ".";
  std::string out_dir;        // default: SITE_DIR/site
  std::string builtin_plugins_dir;  // the project's own plugins/, loaded before the site's
  bool include_drafts = false;
  int jobs = 0;               // 0 = one per core
  bool progress = false;      // show progress on a terminal
  bool use_git_dates = true;  // last-changed dates from git for pages without `lastmod`
};

struct BuildResult {
  bool ok = false;
  size_t pages = 0;
  size_t files = 0;
  size_t bytes = 0;
  double seconds = 0;
  size_t search_index_bytes = 0, search_text_bytes = 0;
  std::vector<ExternalLink> external_links;  // for `wegwijzer check`
};

// Builds the site in options.site_dir into options.out_dir. On any error the
// previous output folder is left as it was. All problems go into diags.
BuildResult Build(const BuildOptions& options, Disk& disk, Diagnostics* diags);

}  // namespace ww
