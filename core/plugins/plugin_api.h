// plugin_api: the wegwijzer.* functions a plugin can call (docs/plugins.md,
// "The wegwijzer API"): escape, slug, json, number, hash, url, warn, fail,
// use_script, use_style, data, read_file, markdown, render, text and
// write_file. (wegwijzer.site and wegwijzer.config are data, not functions:
// plugin_state sets them.)
//
// The functions reach the engine only through a PluginCall: the build's
// fixed facts, and the hook call in progress, which the hook runner updates
// before every call. A function that refuses raises a Lua error in the
// calling plugin with a message that says what to do instead.
#pragma once

#include <string>
#include <vector>

#include "diagnostics.h"
#include "disk.h"
#include "lua/lua_runtime.h"
#include "plugins/plugin_host.h"
#include "site/config.h"
#include "site/content_tree.h"

namespace ww {

class OutputDir;

// Everything a wegwijzer.* function may read, and where it reports.
struct PluginCall {
  // Fixed for the life of the Lua state.
  Disk* disk = nullptr;
  const SiteConfig* config = nullptr;
  const std::string* site_dir = nullptr;             // read_file reads inside it only
  const std::vector<PluginInfo>* plugins = nullptr;  // in run order

  // Set by the hook runner before each call.
  const SiteTree* tree = nullptr;  // a newer one after PluginWorker::Rebind
  size_t current = 0;              // index in *plugins of the plugin being called
  const Page* page = nullptr;      // null in setup and finish
  PageExtras* extras = nullptr;    // only while a page is transformed
  Diagnostics* diags = nullptr;
  OutputDir* output = nullptr;  // only during finish
  int line = 0;                 // source line of the node being handled; 0 when none

  const PluginInfo& plugin() const { return (*plugins)[current]; }
  // The file a message about this call names: the page, else the plugin.
  const std::string& Where() const { return page ? page->source_path : plugin().path; }
};

// wegwijzer.fail() reports its message itself, then raises an error holding
// this marker; a runner that finds it in LuaError::message reports nothing
// more, so the error is counted once.
inline constexpr const char* kReportedByPlugin = "\x01reported";

// Adds every wegwijzer.* function to `lua`. REQUIRES: *call outlives lua;
// call->tree and call->diags are set whenever a plugin runs.
void AddPluginApi(LuaState* lua, const PluginCall* call);

// wegwijzer.number: 12345.678 → "12.345,68" (nl, and any language but "en")
// or "12,345.68" (en). decimals < 0 drops trailing zeros of two decimals.
// Four-digit whole parts are not grouped (Dutch usage: "1250", not
// "1.250"), so years stay years.
std::string DutchNumber(double v, int decimals, const std::string& language);

// The site-root-relative path a page may load ("assets/forms.js"), or ""
// when `s` is a URL (any scheme: data:, javascript:), absolute, or leaves
// the site.
std::string AssetPath(const std::string& s);

}  // namespace ww
