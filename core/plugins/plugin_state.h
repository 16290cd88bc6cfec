// plugin_state: one Lua state with every plugin of the build loaded into it,
// which hooks each plugin has, and what happens when one of them fails.
//
// Loading a plugin runs its file and sorts the functions it returns into
// hooks (setup, page, finish, Document, node types such as Heading),
// directives and template helpers; a function that is none of these is a
// warning. A failed call becomes one error naming the plugin, the page and
// the line. A plugin that hits the instruction or memory limit, or fails
// kMaxErrorsPerPlugin times, is skipped in this state from then on.
//
// The host keeps one state for setup, page and finish, and each render
// worker has its own. Thread-compatible: use a state from one thread only.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "lua/lua_runtime.h"
#include "plugins/plugin_api.h"
#include "plugins/plugin_host.h"
#include "plugins/plugin_view.h"

namespace ww {

// What every Lua state of one host reads: the site's config and folder, the
// site as plugins see it, and the limits of each state.
struct PluginHost::Shared {
  Disk* disk;
  SiteConfig config;
  std::string site_dir;
  std::shared_ptr<LazySite> site;  // replaced once the page hooks changed the pages
  LuaLimits limits;

  // wegwijzer.site, made when first read (an empty value before Start).
  LuaState::ApiValueMaker SiteMaker() const;
};

// After this many errors from one plugin (in one state), its hooks are skipped.
inline constexpr int kMaxErrorsPerPlugin = 20;

struct PluginState {
  // What one plugin brought, parallel to the host's plugin list.
  struct Loaded {
    int id = -1;         // in the LuaState; -1 when the file did not load
    std::string filter;  // front-matter key the page must have
    std::set<NodeType> node_hooks;
    bool document_hook = false, page_hook = false, setup = false, finish = false;
    std::vector<std::string> directives, helpers;
    int errors = 0;
    bool stopped = false;  // hit a limit or too many errors: skipped from then on
  };

  // REQUIRES: shared, plugins and tree outlive this (tree until the next
  // Rebind); then Init before anything else.
  PluginState(const PluginHost::Shared& shared, const std::vector<PluginInfo>& plugins, const SiteTree& tree);
  PluginState(const PluginState&) = delete;  // the API functions point at `call`
  PluginState& operator=(const PluginState&) = delete;

  // Starts the Lua state, adds the wegwijzer API and data, and loads every
  // plugin. Problems go to `report`; nullptr drops them (a render worker's
  // state, whose problems the host's state reported already). False when the
  // state could not start or a plugin did not load; the others still run.
  bool Init(Diagnostics* report);
  // setup(site, options) of every plugin that has it; errors go to `d`.
  void Setup(Diagnostics* d);

  bool Runs(size_t i) const { return loaded[i].id >= 0 && !loaded[i].stopped; }
  // The plugin's filter holds for page p (its front matter has the key).
  bool Applies(const Loaded& l, const Page& p) const { return l.filter.empty() || p.meta.Get(l.filter); }
  const PluginInfo& info() const { return call.plugin(); }

  // Reports a failed call of the current plugin (`what`: "Heading hook") to
  // call.diags, unless the plugin reported it itself with wegwijzer.fail;
  // counts it and stops the plugin at a limit or after too many errors.
  void Report(const LuaError& e, const std::string& what);

  const PluginHost::Shared* shared;
  PluginCall call;  // the call in progress; the hook runners set it
  std::unique_ptr<LuaState> lua;
  std::vector<Loaded> loaded;                     // parallel to *call.plugins
  std::map<std::string, size_t> directive_owner;  // directive name → plugin index; the first in order wins

 private:
  bool Load(size_t i, Diagnostics* report);
  void SortFunctions(size_t i, Diagnostics* report);
};

}  // namespace ww
