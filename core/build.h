// build: the whole build, top to bottom, in one function.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "disk.h"
#include "markdown/links.h"

namespace ww {

class BuildCache;  // incremental.h
class Clock;       // clock.h
class Processes;   // process.h

struct BuildOptions {
  std::string site_dir = ".";
  std::string out_dir;              // default: SITE_DIR/site (DefaultOutDir)
  std::string builtin_themes_dir;   // the built-in themes/, below the site's own
  std::string builtin_plugins_dir;  // the built-in plugins/, loaded before the site's
  // Replace an existing non-empty output folder that has no mark of an
  // earlier build (--force). The folders of the site are refused all the same.
  bool force_output = false;
  bool include_drafts = false;
  int jobs = 0;               // 0 = one per core
  bool progress = false;      // show progress on a terminal
  bool use_git_dates = true;  // last-changed dates from git for pages without `lastmod`
  bool timings = false;       // --timings: print how long each step of the pipeline took
  // --strict (or strict = true in site.toml): every warning is an error, so
  // nothing is published while there is one (for CI).
  bool strict = false;
  // Incremental builds (wegwijzer serve): with a cache from the previous build
  // of the same site into the same folder, only pages whose source changed are
  // rendered again, and only changed files are replaced. Anything else that
  // changed (config, theme, plugins, data, static files, any front matter)
  // renders everything again.
  BuildCache* cache = nullptr;
  // With a cache: the files that changed since the last build, as absolute
  // paths, when the caller knows them all and none was added, removed or
  // renamed (serve learns this from inotify). When they are all pages whose
  // front matter stayed the same, the previous tree is reused and only their
  // bodies are read again. nullptr: unknown, look at every file.
  const std::vector<std::string>* changed_paths = nullptr;
  // The OS the build asks, behind interfaces so that tests can fix the date
  // and stand in for a missing or failing git. nullptr: the real ones
  // (Clock::Default(), Processes::Default()). Both must outlive the build.
  const Clock* clock = nullptr;    // the build's date: feed, print edition, footer year
  Processes* processes = nullptr;  // git for the dates, and whether a killed build's pid still runs
};

struct BuildResult {
  bool ok = false;
  bool refused_output = false;  // the output folder may not be written (wrong usage: exit 2)
  bool strict = false;          // warnings were errors (--strict or site.toml strict = true)
  size_t pages = 0;
  size_t files = 0;
  size_t bytes = 0;
  double seconds = 0;
  size_t rendered = 0;  // pages rendered (fewer than `pages` in an incremental build)
  size_t search_index_bytes = 0, search_text_bytes = 0;
  size_t search_docs_reused = 0;             // doc chunks taken unchanged from the last good site
  std::vector<ExternalLink> external_links;  // for `wegwijzer check`
};

// Builds the site in options.site_dir into options.out_dir. On any error the
// previous output folder is left as it was. All problems go into diags.
BuildResult Build(const BuildOptions& options, Disk& disk, Diagnostics* diags);

}  // namespace ww
