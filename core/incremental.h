// incremental: what `wegwijzer serve` reuses from the last good build when it
// builds the same site into the same folder again. The rule: a change to
// anything but page bodies (settings, theme, plugins, data, static files, any
// front matter: the "skeleton") renders everything again; otherwise only the
// pages whose body changed are rendered, and the plugin states, the results
// of their page hooks, every other page's part in the site-wide steps and the
// unchanged search shards are kept. The output must be the same as a full
// build's (tests/unit/incremental_test.cpp checks that).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "disk.h"
#include "markdown/links.h"
#include "search/search_index.h"
#include "search/search_shards.h"
#include "site/config.h"
#include "site/content_tree.h"
#include "site/overlays.h"

namespace ww {

class PluginHost;
class PluginWorker;

// What rendering one page gave the site-wide steps after it. The cache keeps
// it, so a page whose body did not change is not rendered again.
struct RenderedPage {
  size_t body_hash = 0;
  std::set<std::string> anchors;       // the page's own, for links into it
  std::vector<AnchorRef> anchor_refs;  // its links to anchors in other pages
  std::vector<ExternalLink> external;
  PreparedSearchDoc search;  // only when the build keeps it (a cache): to write its shard again
  size_t search_text_bytes = 0;
  std::string print_body;  // for the print edition
};

// What a good build leaves for the next one (BuildOptions::cache). Made and
// kept by the caller between builds; its contents are this module's
// business only. Not thread-safe: one build at a time.
class BuildCache {
 public:
  BuildCache();
  ~BuildCache();
  BuildCache(const BuildCache&) = delete;
  BuildCache& operator=(const BuildCache&) = delete;

 private:
  friend class IncrementalBuild;
  struct State;
  std::unique_ptr<State> state_;
};

// One build's use of the cache, asked step by step in the pipeline's order.
// Without a cache every answer is "do it all" and nothing is remembered. The
// cache changes in Remember, after a good build, and otherwise only in what
// holds whatever the build's outcome: the pages read from disk and the dates
// from git.
class IncrementalBuild {
 public:
  // out_dir: the output folder; a rebuild keeps files there, so it must exist.
  IncrementalBuild(BuildCache* cache, Disk& disk, std::string out_dir);
  ~IncrementalBuild();
  IncrementalBuild(const IncrementalBuild&) = delete;
  IncrementalBuild& operator=(const IncrementalBuild&) = delete;

  // Whether this build keeps its pages' Markdown and search texts for the
  // next one (there is a cache).
  bool keeps() const { return cache_ != nullptr; }

  // 1. The content tree. After an edit of page bodies only (changed_paths,
  // see BuildOptions) with git's history as at the last build (git_stamp):
  // the last good build's tree with those bodies read again, and the
  // warnings its pages had. Otherwise nullopt, and the last tree is dropped:
  // read the whole tree, with reads() so unchanged files are not parsed again.
  std::optional<SiteTree> TreeWithNewBodies(const std::vector<std::string>* changed_paths, const std::string& git_stamp,
                                            Diagnostics* diags);
  PageReadCache* reads();  // null without a cache
  // The last build's dates from git when git's history is known and
  // unchanged (GitHistoryStamp), else null: ask git.
  const std::map<std::string, std::string>* GitDates(const std::string& git_stamp) const;
  void KeepGitDates(const std::string& git_stamp, const std::map<std::string, std::string>& dates);

  // 2. Plugins. When the skeleton is the last good build's, that build's
  // plugin states are reused: the results of its page hooks are put into
  // `tree`, their warnings into diags, and its workers (one per thread) are
  // rebound to `tree` and returned. Otherwise nullptr: the caller runs the
  // start hooks (then KeepHookResults) and makes new workers (see Remember).
  std::vector<std::unique_ptr<PluginWorker>>* ReusePlugins(const SiteConfig& config, bool include_drafts,
                                                           const ThemeFiles& theme, const PluginHost& plugins,
                                                           SiteTree* tree, Diagnostics* diags);
  bool reused() const { return reused_; }
  // The pages the start hooks changed (by index; their fields are taken from
  // the tree after a good build) and the hooks' warnings, to replay on reuse.
  void KeepHookResults(std::vector<int> changed, std::vector<Diagnostic> warnings);

  // 3. Pages. By page index: what the last good build rendered for a page
  // whose body is unchanged, when the plugins are reused; null where the
  // page must be rendered.
  std::vector<std::shared_ptr<RenderedPage>> UnchangedPages(const SiteTree& tree) const;
  // 4. The last good build's search shards, when the plugins are reused.
  // SearchShards::Plan takes the index out of it (see SearchShardMemory).
  SearchShardMemory* LastShards();

  // After a good build (committed): what the next build may reuse. Takes
  // `tree`, and `plugins` and `workers` (the ones this build made) unless it
  // reused the last build's; takes nothing without a cache, so the caller's
  // objects are destroyed in the caller's order (workers before their host).
  // rendered[page] says which of `pages` this build made.
  void Remember(SiteTree&& tree, std::unique_ptr<PluginHost>&& plugins,
                std::vector<std::unique_ptr<PluginWorker>>&& workers,
                const std::vector<std::shared_ptr<RenderedPage>>& pages, const std::vector<char>& rendered,
                SearchShardMemory&& shards);

 private:
  BuildCache::State* cache_;  // null: nothing to reuse or remember
  Disk& disk_;
  std::string out_dir_;
  bool bodies_only_ = false;  // the tree is the last build's (TreeWithNewBodies)
  bool reused_ = false;
  size_t skeleton_ = 0;
  std::vector<int> hooked_;                // KeepHookResults
  std::vector<Diagnostic> hook_warnings_;  // KeepHookResults
};

}  // namespace ww
