#include "incremental.h"

#include <filesystem>
#include <functional>
#include <unordered_map>
#include <utility>

#include "plugins/plugin_host.h"

namespace ww {

namespace {

// Everything a page's output can depend on besides its own body: settings,
// theme, plugins, data, static files and every page's front matter (titles and
// order show up in every page's navigation). Taken before the plugins' page
// hooks run: when it is unchanged, so are their results.
size_t SkeletonHash(Disk& disk, bool include_drafts, const SiteConfig& config, const ThemeFiles& theme,
                    const PluginHost& plugins, const SiteTree& tree) {
  std::string s = config.raw.ToJson();
  for (const BaseManifest& b : config.bases) s += "|" + b.source + ":" + b.name + ":" + b.version + ":" + b.licence;
  s += include_drafts ? "|drafts" : "|";
  for (const auto& [rel, f] : theme.files) s += "|" + f.display + ":" + std::to_string(disk.MTime(f.disk_path));
  for (const PluginInfo& p : plugins.plugins()) s += "|" + p.path + ":" + p.source;
  s += tree.data.ToJson();
  for (const StaticFile& f : tree.statics) s += "|" + f.rel + ":" + std::to_string(disk.MTime(f.disk_path));
  for (const Page& p : tree.pages) {
    s += "|" + p.rel + ">" + p.out_path + ":" + p.source_path + ":" + p.lastmod + ":" + std::to_string(p.parent) + ":" +
         std::to_string(p.front_matter_hash) + ":" + (p.generated ? "g" : "");
    for (const std::string& a : p.aliases) s += "," + a;
  }
  return std::hash<std::string>{}(s);
}

}  // namespace

struct BuildCache::State {
  struct Hooked {  // what the plugins' page hooks made of a page
    std::string title, summary;
    Value meta;
    std::vector<std::string> tags;
  };
  size_t skeleton = 0;                                // SkeletonHash of the last good build
  PageReadCache reads;                                // pages read from disk, reused when their file is unchanged
  std::optional<SiteTree> tree;                       // the last good build's tree (TreeWithNewBodies)
  std::unordered_map<std::string, int> page_by_path;  // absolute disk path → page index in `tree`
  std::string git_stamp;                              // GitHistoryStamp when git_dates were read
  std::map<std::string, std::string> git_dates;
  // The plugin states of the last full build and what their page hooks
  // changed; reused while the skeleton is unchanged. (workers after host:
  // they are destroyed first.)
  std::unique_ptr<PluginHost> host;
  std::vector<std::unique_ptr<PluginWorker>> workers;
  std::vector<std::pair<int, Hooked>> hooked;
  std::vector<Diagnostic> hook_diagnostics;
  SearchShardMemory shards;
  std::unordered_map<std::string, std::shared_ptr<RenderedPage>> pages;  // by content path
};

BuildCache::BuildCache() : state_(std::make_unique<State>()) {}
BuildCache::~BuildCache() = default;

IncrementalBuild::IncrementalBuild(BuildCache* cache, Disk& disk, std::string out_dir)
    : cache_(cache ? cache->state_.get() : nullptr), disk_(disk), out_dir_(std::move(out_dir)) {}

IncrementalBuild::~IncrementalBuild() = default;

std::optional<SiteTree> IncrementalBuild::TreeWithNewBodies(const std::vector<std::string>* changed_paths,
                                                            const std::string& git_stamp, Diagnostics* diags) {
  if (!cache_) return std::nullopt;
  // The reused tree carries the dates git gave the last build, and its
  // workers: without either (a failed build, another git history) read it all.
  bool bodies_only = cache_->tree && cache_->host && changed_paths && !changed_paths->empty() &&
                     git_stamp == cache_->git_stamp && disk_.IsDir(out_dir_);
  std::vector<std::pair<int, Page>> reloaded;
  if (bodies_only)
    for (const std::string& path : *changed_paths) {
      auto it = cache_->page_by_path.find(path);
      if (it == cache_->page_by_path.end()) {
        bodies_only = false;  // a new file, a data file, a template ...
        break;
      }
      Page p = cache_->tree->pages[it->second];
      if (!ReloadBody(disk_, &p)) {
        bodies_only = false;  // its front matter changed too
        break;
      }
      reloaded.emplace_back(it->second, std::move(p));
    }
  if (!bodies_only) {
    cache_->tree.reset();
    return std::nullopt;
  }
  bodies_only_ = true;
  std::optional<SiteTree> tree = std::move(cache_->tree);
  cache_->tree.reset();
  for (auto& [index, p] : reloaded) {
    tree->pages[index] = std::move(p);
    cache_->reads.by_disk_path.erase(tree->pages[index].disk_path);  // read again on a full build
  }
  for (const auto& [path, entry] : cache_->reads.by_disk_path)  // the same warnings as last time
    for (const Diagnostic& d : entry.diagnostics) diags->Add(d);
  return tree;
}

PageReadCache* IncrementalBuild::reads() { return cache_ ? &cache_->reads : nullptr; }

const std::map<std::string, std::string>* IncrementalBuild::GitDates(const std::string& git_stamp) const {
  // A stamp ending in '?' is a repository without a reflog: nothing tells
  // whether its history moved, so git is asked again.
  bool same = cache_ && !git_stamp.empty() && git_stamp.back() != '?' && git_stamp == cache_->git_stamp;
  return same ? &cache_->git_dates : nullptr;
}

void IncrementalBuild::KeepGitDates(const std::string& git_stamp, const std::map<std::string, std::string>& dates) {
  if (!cache_) return;
  cache_->git_stamp = git_stamp;
  cache_->git_dates = dates;
}

std::vector<std::unique_ptr<PluginWorker>>* IncrementalBuild::ReusePlugins(const SiteConfig& config,
                                                                           bool include_drafts, const ThemeFiles& theme,
                                                                           const PluginHost& plugins, SiteTree* tree,
                                                                           Diagnostics* diags) {
  if (!cache_) return nullptr;
  // A reused tree has the last skeleton by construction (only bodies changed).
  skeleton_ = bodies_only_ ? cache_->skeleton : SkeletonHash(disk_, include_drafts, config, theme, plugins, *tree);
  // A reusing build writes only what changed into the last site
  // (CommitInto): that site must still be there.
  reused_ = cache_->host && cache_->skeleton == skeleton_ && disk_.IsDir(out_dir_);
  if (!reused_) return nullptr;
  for (const auto& [index, fields] : cache_->hooked) {
    Page& p = tree->pages[index];
    p.title = fields.title;
    p.summary = fields.summary;
    p.meta = fields.meta;
    p.tags = fields.tags;
  }
  for (const Diagnostic& d : cache_->hook_diagnostics) diags->Add(d);
  // The workers hold the tree they were made for; this one is a new object
  // (read again, or moved out of the cache), if with the same pages.
  for (auto& w : cache_->workers) w->Rebind(*tree);
  return &cache_->workers;
}

void IncrementalBuild::KeepHookResults(std::vector<int> changed, std::vector<Diagnostic> warnings) {
  hooked_ = std::move(changed);
  hook_warnings_ = std::move(warnings);
}

std::vector<std::shared_ptr<RenderedPage>> IncrementalBuild::UnchangedPages(const SiteTree& tree) const {
  std::vector<std::shared_ptr<RenderedPage>> pages(tree.pages.size());
  if (!reused_) return pages;
  for (const Page& p : tree.pages) {
    auto it = cache_->pages.find(p.rel);
    // With the skeleton unchanged a page's output depends on its body alone
    // (the anchors of other pages are checked again by the build).
    if (it != cache_->pages.end() && it->second->body_hash == p.body_hash) pages[p.index] = it->second;
  }
  return pages;
}

SearchShardMemory* IncrementalBuild::LastShards() { return reused_ ? &cache_->shards : nullptr; }

void IncrementalBuild::Remember(SiteTree&& tree, std::unique_ptr<PluginHost>&& plugins,
                                std::vector<std::unique_ptr<PluginWorker>>&& workers,
                                const std::vector<std::shared_ptr<RenderedPage>>& pages,
                                const std::vector<char>& rendered, SearchShardMemory&& shards) {
  if (!cache_) return;
  cache_->skeleton = skeleton_;
  if (!bodies_only_) {  // (a reused tree has the same files)
    cache_->page_by_path.clear();
    for (const Page& p : tree.pages)
      if (!p.generated) {
        // serve names changed files by absolute path (inotify).
        std::error_code ec;
        cache_->page_by_path[std::filesystem::absolute(p.disk_path, ec).lexically_normal().string()] = p.index;
      }
  }
  cache_->shards = std::move(shards);
  if (!reused_) {
    cache_->workers.clear();  // (they point into the old host)
    cache_->host = std::move(plugins);
    cache_->workers = std::move(workers);
    cache_->hooked.clear();
    for (int index : hooked_) {
      const Page& p = tree.pages[index];
      cache_->hooked.push_back({index, {p.title, p.summary, p.meta, p.tags}});
    }
    // Only now: a failed build's hooks ran with other plugins, and a later
    // rebuild that reuses the last good build's must replay its warnings.
    cache_->hook_diagnostics = std::move(hook_warnings_);
    cache_->pages.clear();  // (a reusing build has the same pages)
  }
  for (const Page& p : tree.pages)
    if (rendered[p.index]) cache_->pages[p.rel] = pages[p.index];
  cache_->tree = std::move(tree);  // (the workers point into it: rebound on reuse)
}

}  // namespace ww
