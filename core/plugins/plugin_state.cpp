#include "plugins/plugin_state.h"

#include <cctype>

namespace ww {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Every name a plugin's top-level function may have, for the "did you mean"
// hint: the plain hooks, then every node type.
const std::vector<std::string>& HookNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v = {"setup", "page", "finish"};
    for (int i = 0;; ++i) {
      std::string n = NodeTypeName(static_cast<NodeType>(i));
      if (n == "Unknown") break;
      v.push_back(n);
    }
    return v;
  }();
  return names;
}

}  // namespace

LuaState::ApiValueMaker PluginHost::Shared::SiteMaker() const {
  if (!site) return [] { return std::make_shared<const Value>(); };
  // Holds this LazySite, not `this`: Start replaces shared.site once the
  // page hooks ran, and a state reads the site it was given until told anew.
  return [s = site] { return s->Get(); };
}

PluginState::PluginState(const PluginHost::Shared& s, const std::vector<PluginInfo>& plugins, const SiteTree& tree)
    : shared(&s) {
  call.disk = s.disk;
  call.config = &s.config;
  call.site_dir = &s.site_dir;
  call.plugins = &plugins;
  call.tree = &tree;
}

bool PluginState::Init(Diagnostics* report) {
  lua = std::make_unique<LuaState>(shared->limits);
  if (!lua->ok()) {
    if (report)
      report->Error("site.toml", 0, 0,
                    "plugins cannot run: the Lua interpreter could not start within [plugins] memory_mb");
    return false;
  }
  AddPluginApi(lua.get(), &call);
  LuaError e;
  if (!lua->SetApiValue("site", shared->SiteMaker(), &e) || !lua->SetApiValue("config", shared->config.params, &e)) {
    if (report) report->Error("site.toml", 0, 0, "plugins cannot run: " + e.message);
    return false;
  }
  loaded.assign(call.plugins->size(), Loaded());
  bool ok = true;
  for (size_t i = 0; i < call.plugins->size(); ++i) {
    call.current = i;
    if (!Load(i, report)) ok = false;
  }
  return ok;
}

bool PluginState::Load(size_t i, Diagnostics* report) {
  const PluginInfo& p = (*call.plugins)[i];
  Loaded& l = loaded[i];
  LuaError e;
  l.id = lua->LoadPlugin(p.path, p.source, &e);
  if (l.id < 0) {
    if (report) report->Error(e.file.empty() ? p.path : e.file, e.line, 0, "plugin '" + p.name + "': " + e.message);
    return false;
  }
  SortFunctions(i, report);
  l.directives = lua->Functions(l.id, "directives");
  l.helpers = lua->Functions(l.id, "helpers");
  for (const std::string& d : l.directives) directive_owner.emplace(d, i);  // first in order wins
  Value filter = lua->Field(l.id, "filter");
  if (filter.is_string())
    l.filter = filter.as_string();
  else if (!filter.is_null() && report)
    report->Warning(p.path, 0, 0, "plugin '" + p.name + "': filter must be the name of a front-matter key");
  return true;
}

// A top-level function that is no hook would never run; most often it is a
// hook's name misspelt (heading for Heading), so that is what the warning
// suggests.
void PluginState::SortFunctions(size_t i, Diagnostics* report) {
  const PluginInfo& p = (*call.plugins)[i];
  Loaded& l = loaded[i];
  for (const std::string& fn : lua->Functions(l.id)) {
    NodeType t;
    if (fn == "Document")
      l.document_hook = true;
    else if (fn == "page")
      l.page_hook = true;
    else if (fn == "setup")
      l.setup = true;
    else if (fn == "finish")
      l.finish = true;
    else if (NodeTypeFromName(fn, &t))
      l.node_hooks.insert(t);
    else if (report) {
      std::string hint;
      for (const std::string& h : HookNames())
        if (Lower(h) == Lower(fn)) hint = " (did you mean '" + h + "'?)";
      report->Warning(p.path, 0, 0,
                      "plugin '" + p.name + "' has a function '" + fn + "' that is not a hook" + hint +
                          "; hooks are setup, page, finish, Document and node types such as Heading; put "
                          "other functions in local variables (see docs/plugins.md)");
    }
  }
}

void PluginState::Setup(Diagnostics* d) {
  call.diags = d;
  for (size_t i = 0; i < loaded.size(); ++i) {
    if (!Runs(i) || !loaded[i].setup) continue;
    call.current = i;
    const Value* opts = shared->config.plugin_options.Get((*call.plugins)[i].name);
    LuaValue r;
    LuaError e;
    if (!lua->Call(loaded[i].id, "", "setup", {LuaValue::Api("site"), LuaValue::Of(opts ? *opts : Value::MakeObject())},
                   &r, &e))
      Report(e, "setup");
  }
}

void PluginState::Report(const LuaError& e, const std::string& what) {
  Loaded& l = loaded[call.current];
  if (e.message.find(kReportedByPlugin) != std::string::npos) return;
  const PluginInfo& p = info();
  std::string file = e.file.empty() ? p.path : e.file;
  std::string msg = "plugin '" + p.name + "' failed in " + what;
  if (call.page) msg += " for " + call.page->source_path + (call.line ? ":" + std::to_string(call.line) : "");
  msg += ": " + e.message;
  if (e.kind == LuaError::Kind::kInstructions)
    msg += " (the limit is set by [plugins] instructions = N in site.toml)";
  else if (e.kind == LuaError::Kind::kMemory)
    msg += " (the limit is set by [plugins] memory_mb = N in site.toml)";
  if (!e.called_from.empty()) msg += "; called from " + e.called_from;
  // A plugin at a limit would hit it again on every page, each time after
  // burning the whole budget; one that keeps failing would bury the other
  // messages. Either is skipped rather than run on.
  bool limit = e.kind == LuaError::Kind::kInstructions || e.kind == LuaError::Kind::kMemory;
  if (limit || ++l.errors >= kMaxErrorsPerPlugin) {
    l.stopped = true;
    msg += limit ? "; the plugin is skipped for the rest of this build"
                 : "; after this many errors the plugin is skipped for the rest of this build";
  }
  call.diags->Error(file, e.line, 0, msg);
}

}  // namespace ww
