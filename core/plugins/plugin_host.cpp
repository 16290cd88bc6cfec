#include "plugins/plugin_host.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <tuple>
#include <utility>

#include "lua/lua_runtime.h"
#include "plugins/directives.h"
#include "plugins/node_hooks.h"
#include "plugins/plugin_state.h"
#include "plugins/plugin_view.h"
#include "site/overlays.h"

namespace ww {

// A worker is one plugin state; the host's own (main_) is one too.
struct PluginWorker::Impl : PluginState {
  using PluginState::PluginState;
};

namespace {

// [plugins] disabled and order: the ordered plugins first, in the given
// order; then the rest by name. A name that matches no plugin is a warning.
std::vector<PluginInfo> Order(std::map<std::string, PluginInfo> by_name, const SiteConfig& config,
                              const std::string& toml, Diagnostics* diags) {
  for (const std::string& name : config.plugins_disabled) {
    if (!by_name.erase(name))
      diags->Warning(toml, 0, 0, "plugins.disabled names \"" + name + "\", but there is no such plugin");
  }
  std::vector<PluginInfo> out;
  for (const std::string& name : config.plugins_order) {
    auto it = by_name.find(name);
    if (it == by_name.end()) {
      diags->Warning(toml, 0, 0, "plugins.order names \"" + name + "\", but there is no such (enabled) plugin");
      continue;
    }
    out.push_back(std::move(it->second));
    by_name.erase(it);
  }
  for (auto& [name, p] : by_name) out.push_back(std::move(p));
  return out;
}

// [plugins] instructions, memory_mb and seconds; a value out of range is an error
// and leaves the default in place.
LuaLimits ReadLimits(const SiteConfig& config, const std::string& toml, Diagnostics* diags) {
  LuaLimits limits;
  if (const Value* v = config.raw.Find("plugins.instructions")) {
    if (v->is_int() && v->as_int() >= 10'000)
      limits.instructions = v->as_int();
    else
      diags->Error(toml, 0, 0, "plugins.instructions must be a whole number of at least 10000 (default 200000000)");
  }
  if (const Value* v = config.raw.Find("plugins.memory_mb")) {
    if (v->is_int() && v->as_int() >= 1 && v->as_int() <= (1 << 20))
      limits.memory_bytes = static_cast<size_t>(v->as_int()) << 20;
    else
      diags->Error(toml, 0, 0, "plugins.memory_mb must be a whole number of megabytes, at least 1 (default 256)");
  }
  if (const Value* v = config.raw.Find("plugins.seconds")) {
    if (v->is_int() && v->as_int() >= 1 && v->as_int() <= 3600)
      limits.seconds = static_cast<double>(v->as_int());
    else
      diags->Error(toml, 0, 0, "plugins.seconds must be a whole number of seconds from 1 to 3600 (default 20)");
  }
  return limits;
}

// page(page) of plugin i for p. The hook gets a copy of the page; only the
// fields a page hook may change are copied back (not its place in the
// tree). *changed (when not null) tells whether the hook changed anything.
void RunPageHook(PluginState& m, size_t i, const SiteTree& tree, Page& p, Diagnostics* diags, bool* changed) {
  m.call.current = i;
  m.call.page = &p;
  m.call.line = 0;
  m.call.diags = diags;
  LuaValue r;
  LuaError e;
  Value before = PageValue(tree, p);
  if (!m.lua->Call(m.loaded[i].id, "", "page", {LuaValue::Of(before)}, &r, &e, true)) {
    m.Report(e, "page hook");
    return;
  }
  if (r.kind != LuaValue::Kind::kValue || !r.value.is_object()) {
    diags->Error(m.info().path, 0, 0,
                 "plugin '" + m.info().name + "': the page hook for " + p.source_path +
                     " must return nothing (changes to its argument are kept) or the page table");
    return;
  }
  Value v = InAuthorOrder(before, std::move(r.value));
  if (std::string bad = CheckPageFields(v); !bad.empty()) {
    LuaError wrong;
    std::tie(wrong.file, wrong.line) = m.lua->LastFunction();
    wrong.message = "the page it gave back is wrong: " + bad;
    m.Report(wrong, "page hook");
    return;
  }
  if (changed) *changed = !(v == before);
  if (const Value* t = v.Get("title"); t && t->is_string()) p.title = t->as_string();
  if (const Value* s = v.Get("summary"); s && s->is_string()) p.summary = s->as_string();
  if (const Value* mt = v.Get("meta"); mt && mt->is_object()) p.meta = *mt;
  if (const Value* t = v.Get("tags"); t && t->is_array()) {
    p.tags.clear();
    for (const Value& tag : t->as_array()) p.tags.push_back(tag.ToText());
  }
}

}  // namespace

// ---- PluginHost

std::unique_ptr<PluginHost> PluginHost::Load(Disk& disk, const SiteConfig& config, const std::string& site_dir,
                                             const std::string& builtin_dir, Diagnostics* diags) {
  std::unique_ptr<PluginHost> host(new PluginHost());
  // The built-in plugins, then the site's and each content source's
  // plugins/ (overlays.h): a plugin of the same name replaces the one below.
  std::map<std::string, PluginInfo> by_name;
  for (const auto& [rel, f] : GatherPlugins(disk, site_dir, config, builtin_dir, diags)) {
    PluginInfo p;
    p.name = rel.substr(0, rel.size() - 4);
    p.path = f.display;
    p.builtin = f.builtin;
    std::string err;
    if (!disk.ReadFile(f.disk_path, &p.source, &err)) {
      diags->Error(p.path, 0, 0, err);
      continue;
    }
    by_name[p.name] = std::move(p);
  }

  std::string toml = JoinPath(site_dir, "site.toml");
  host->plugins_ = Order(std::move(by_name), config, toml, diags);
  if (const Value* opts = config.plugin_options.is_object() ? &config.plugin_options : nullptr)
    for (const auto& option : opts->as_object()) {
      const std::string& name = option.first;  // clang 14 cannot capture a structured binding
      bool known = std::any_of(host->plugins_.begin(), host->plugins_.end(), [&](auto& p) { return p.name == name; });
      if (!known) diags->Warning(toml, 0, 0, "[plugins.options." + name + "] is for a plugin that is not loaded");
    }

  host->shared_ = std::make_unique<Shared>();
  host->shared_->disk = &disk;
  host->shared_->config = config;
  host->shared_->site_dir = site_dir;
  host->shared_->limits = ReadLimits(config, toml, diags);
  return host;
}

PluginHost::~PluginHost() = default;

void PluginHost::Start(SiteTree* tree, Diagnostics* diags, std::vector<int>* changed) {
  shared_->site = std::make_shared<LazySite>(shared_->config, *tree);

  main_.reset(new PluginWorker());
  main_->impl_ = std::make_unique<PluginWorker::Impl>(*shared_, plugins_, *tree);
  PluginState& m = *main_->impl_;
  if (!m.Init(diags)) return;
  m.Setup(diags);

  // page(page) after front matter, in one state and in reading order: may
  // change title, summary, tags and front matter. A plugin with a filter
  // sees only the pages whose front matter has its key (by then).
  bool hooks_ran = false;
  for (int index : tree->reading_order) {
    Page& p = tree->pages[index];
    for (size_t i = 0; i < m.loaded.size(); ++i) {
      if (!m.Runs(i) || !m.loaded[i].page_hook || !m.Applies(m.loaded[i], p)) continue;
      hooks_ran = true;
      bool page_changed = false;
      RunPageHook(m, i, *tree, p, diags, changed ? &page_changed : nullptr);
      if (page_changed && (changed->empty() || changed->back() != index)) changed->push_back(index);
    }
  }
  m.call.page = nullptr;
  // The site as changed by the page hooks, for the render workers and finish.
  if (hooks_ran) {
    shared_->site = std::make_shared<LazySite>(shared_->config, *tree);
    LuaError e;
    m.lua->SetApiValue("site", shared_->SiteMaker(), &e);
  }
  // `serve` keeps these states for its next builds, and its tree moves in
  // between: the site is made now, while the tree is where it points.
  if (changed) shared_->site->Get();
}

std::unique_ptr<PluginWorker> PluginHost::NewWorker(const SiteTree& tree, Diagnostics* diags) const {
  std::unique_ptr<PluginWorker> w(new PluginWorker());
  w->impl_ = std::make_unique<PluginWorker::Impl>(*shared_, plugins_, tree);
  // Load errors and setup messages were reported by the main state already.
  Diagnostics scratch;
  w->impl_->Init(nullptr);
  w->impl_->Setup(&scratch);
  return w;
}

void PluginHost::Finish(const SiteTree& tree, OutputDir* out, Diagnostics* diags) {
  if (!main_) return;
  PluginState& m = *main_->impl_;
  m.call.tree = &tree;
  m.call.diags = diags;
  m.call.output = out;
  m.call.page = nullptr;
  m.call.line = 0;
  for (size_t i = 0; i < m.loaded.size(); ++i) {
    if (!m.Runs(i) || !m.loaded[i].finish) continue;
    m.call.current = i;
    LuaValue r;
    LuaError e;
    if (!m.lua->Call(m.loaded[i].id, "", "finish", {LuaValue::Api("site")}, &r, &e)) m.Report(e, "finish");
  }
  m.call.output = nullptr;
}

// ---- PluginWorker

PluginWorker::~PluginWorker() = default;

void PluginWorker::Rebind(const SiteTree& tree) { impl_->call.tree = &tree; }

void PluginWorker::Transform(Node* doc, const Page& page, PageExtras* extras, Diagnostics* diags) {
  PluginState& m = *impl_;
  if (m.loaded.empty()) return;
  m.call.page = &page;
  m.call.extras = extras;
  m.call.diags = diags;
  LazyPageValue page_value(*m.call.tree, page);
  // Directives first, so node hooks also see the nodes directives made.
  if (!m.directive_owner.empty()) ExpandDirectives(m, doc->children, page_value);
  for (size_t i = 0; i < m.loaded.size(); ++i) {
    const PluginState::Loaded& l = m.loaded[i];
    if (!m.Runs(i) || !m.Applies(l, page)) continue;
    m.call.current = i;
    if (!l.node_hooks.empty()) RunNodeHooks(m, i, doc->children, page_value);
    RunDocumentHook(m, i, doc, page_value);
  }
  // (Headings a hook added or replaced get their anchors from the caller:
  // build.cpp's AssignHeadingIds after this.)
  m.call.page = nullptr;
  m.call.extras = nullptr;
  m.call.line = 0;
}

std::map<std::string, TemplateHelper> PluginWorker::Helpers(const Page& page, Diagnostics* diags) {
  std::map<std::string, TemplateHelper> out;
  PluginState& m = *impl_;
  for (size_t i = 0; i < m.loaded.size(); ++i) {
    for (const std::string& name : m.loaded[i].helpers) {
      // Runs when the template reaches the helper, in this worker's thread.
      out.emplace(name, [&m, i, name, &page, diags](const std::string& text) -> std::string {
        if (!m.Runs(i)) return "";
        m.call.current = i;
        m.call.page = &page;
        m.call.diags = diags;
        m.call.line = 0;
        LuaValue r;
        LuaError e;
        std::string html;
        bool ok = m.lua->Call(m.loaded[i].id, "helpers", name,
                              {LuaValue::Of(text), LuaValue::Of(PageValue(*m.call.tree, page))}, &r, &e);
        // Text (the template escapes it), a number, or nothing.
        const Value& v = r.value;
        if (ok && r.kind != LuaValue::Kind::kNil &&
            (r.kind != LuaValue::Kind::kValue ||
             !(v.is_string() || v.is_int() || (v.is_double() && std::isfinite(v.as_double()))))) {
          ok = false;
          std::tie(e.file, e.line) = m.lua->LastFunction();
          e.kind = LuaError::Kind::kRuntime;
          e.message = std::string("a helper returns text, not ") + (r.kind == LuaValue::Kind::kNodes ? "nodes"
                                                                    : v.is_number()                  ? "NaN or infinity"
                                                                    : v.is_bool()                    ? "a boolean"
                                                                                                     : "a table");
        }
        if (!ok)
          m.Report(e, "template helper '" + name + "'");
        else if (r.kind == LuaValue::Kind::kValue)
          html = v.ToText();
        m.call.page = nullptr;
        return html;
      });
    }
  }
  return out;
}

}  // namespace ww
