// plugin_host: finds, orders and runs the Lua plugins' hooks over a build.
//
// Hooks (see docs/plugins.md): setup(site, options) at site start; page(page)
// after front matter; typed node hooks (Heading = function(node, page) ...)
// and Document(doc, page) over the Markdown tree; directives (a fenced block
// whose info string names one); helpers for templates; finish(site) at the end.
//
// Each render worker gets its own PluginWorker (its own Lua state), so no
// plugin ever sees another page's half-built state and no lock is needed.
// This module decides *what* runs when; core/lua/ (behind lua_runtime.h) is
// the only code that touches the Lua stack. Its parts: plugin_state (one Lua state with every
// plugin loaded, and the error policy), directives and node_hooks (over a
// page's Markdown tree), plugin_view (the site and a page as plugins see
// them) and plugin_api (the wegwijzer.* functions plugins call).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "disk.h"
#include "markdown/document.h"
#include "render/template.h"
#include "site/config.h"
#include "site/content_tree.h"

namespace ww {

class LuaState;
class OutputDir;

// What a page's plugins asked for besides its HTML.
struct PageExtras {
  std::vector<std::string> scripts;  // site-root-relative, e.g. "assets/forms.js"
  std::vector<std::string> styles;
};

struct PluginInfo {
  std::string name;
  std::string path;  // for messages: "plugins/callout.lua"
  std::string source;
  bool builtin = false;
};

class PluginWorker;

class PluginHost {
 public:
  // Loads BUILTIN_DIR/*.lua, then SITE/plugins/*.lua (a site plugin replaces
  // a built-in one of the same name); applies [plugins] disabled and order.
  static std::unique_ptr<PluginHost> Load(Disk& disk, const SiteConfig& config, const std::string& site_dir,
                                          const std::string& builtin_dir, Diagnostics* diags);
  ~PluginHost();

  const std::vector<PluginInfo>& plugins() const { return plugins_; }

  // setup() of every plugin, then page() for every page. May change a page's
  // front matter, title, summary and tags (not its place in the tree).
  // `changed` (optional) receives the index of every page a hook changed.
  void Start(SiteTree* tree, Diagnostics* diags, std::vector<int>* changed = nullptr);

  // A worker with its own Lua state; use it from one thread only.
  std::unique_ptr<PluginWorker> NewWorker(const SiteTree& tree, Diagnostics* diags) const;

  // finish(site) of every plugin; files they write go into the output.
  void Finish(const SiteTree& tree, OutputDir* out, Diagnostics* diags);

  // Lua states also need the site's data and config (plugin_state.h).
  struct Shared;

 private:
  PluginHost() = default;
  std::vector<PluginInfo> plugins_;
  std::unique_ptr<Shared> shared_;
  std::unique_ptr<PluginWorker> main_;  // for setup, page and finish
};

class PluginWorker {
 public:
  ~PluginWorker();
  // Runs directives and node hooks over doc for page.
  void Transform(Node* doc, const Page& page, PageExtras* extras, Diagnostics* diags);
  // Template helpers for page: {{#helpers.name}}text{{/helpers.name}}.
  std::map<std::string, TemplateHelper> Helpers(const Page& page, Diagnostics* diags);
  // Points the worker at a newer tree of the same site (an incremental build
  // whose front matter, data and plugins are unchanged keeps its workers).
  void Rebind(const SiteTree& tree);

 private:
  friend class PluginHost;
  PluginWorker() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ww
