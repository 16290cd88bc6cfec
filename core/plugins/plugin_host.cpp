#include "plugins/plugin_host.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <utility>

#include "lua/lua_runtime.h"
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

// [plugins] instructions and memory_mb; a value out of range is an error
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
  if (changed) *changed = !(v == before);
  if (const Value* t = v.Get("title"); t && t->is_string()) p.title = t->as_string();
  if (const Value* s = v.Get("summary"); s && s->is_string()) p.summary = s->as_string();
  if (const Value* mt = v.Get("meta"); mt && mt->is_object()) p.meta = *mt;
  if (const Value* t = v.Get("tags"); t && t->is_array()) {
    p.tags.clear();
    for (const Value& tag : t->as_array()) p.tags.push_back(tag.ToText());
  }
}

// ---- node hooks

// The mistake is the plugin's, so the message is filed under its file; the
// page and line say which call it was.
void BadReturn(const PluginState& s, const Value& v, const std::string& what) {
  std::string got = v.type_name();
  if (const Value* t = v.Get("type"); t && t->is_string())
    got = "a table whose type \"" + t->as_string() + "\" is not a node type";
  const PluginCall& c = s.call;
  c.diags->Error(s.info().path, 0, 0,
                 "plugin '" + s.info().name + "': " + what + " for " + c.page->source_path +
                     (c.line ? ":" + std::to_string(c.line) : "") +
                     " must return nothing (keep the node), a node, a list of nodes, or {} (delete it); it "
                     "returned " +
                     got);
}

void InheritLine(std::vector<Node>& nodes, int line) {
  for (Node& n : nodes) {
    // A node with a line of its own passes that on instead: it is closer.
    if (n.line == 0) n.line = line;
    InheritLine(n.children, n.line);
  }
}

void RunNodeHooks(PluginState& s, size_t i, std::vector<Node>& nodes, LazyPageValue& page) {
  // k only moves forward past what a hook returned, so a hook never sees
  // its own output (a hook that wraps an Emph in an Emph would loop).
  for (size_t k = 0; k < nodes.size();) {
    if (!s.Runs(i)) return;  // stopped at a limit: every further call would fail the same way
    // Children first, so a parent's hook sees its children as their hooks left them.
    RunNodeHooks(s, i, nodes[k].children, page);
    if (!s.loaded[i].node_hooks.count(nodes[k].type)) {
      ++k;
      continue;
    }
    const char* type = NodeTypeName(nodes[k].type);
    s.call.line = nodes[k].line;
    LuaValue r;
    LuaError e;
    if (!s.lua->Call(s.loaded[i].id, "", type, {LuaValue::OfNode(nodes[k]), LuaValue::Of(page.get())}, &r, &e)) {
      s.Report(e, std::string(type) + " hook");
      ++k;
      continue;
    }
    if (r.kind == LuaValue::Kind::kNil) {
      ++k;
    } else if (r.kind == LuaValue::Kind::kNodes) {
      InheritLine(r.nodes, nodes[k].line);
      size_t count = r.nodes.size();
      nodes.erase(nodes.begin() + static_cast<long>(k));
      nodes.insert(nodes.begin() + static_cast<long>(k), std::make_move_iterator(r.nodes.begin()),
                   std::make_move_iterator(r.nodes.end()));
      k += count;
    } else if ((r.value.is_array() && r.value.as_array().empty()) ||
               (r.value.is_object() && r.value.as_object().empty())) {
      nodes.erase(nodes.begin() + static_cast<long>(k));  // {} deletes
    } else {
      BadReturn(s, r.value, std::string("the ") + type + " hook");
      ++k;
    }
  }
}

void RunDocumentHook(PluginState& s, size_t i, Node* doc, LazyPageValue& page) {
  const PluginState::Loaded& l = s.loaded[i];
  if (!l.document_hook || !s.Runs(i)) return;
  s.call.line = 0;  // the whole page: messages get no line
  LuaValue r;
  LuaError e;
  if (!s.lua->Call(l.id, "", "Document", {LuaValue::OfNode(*doc), LuaValue::Of(page.get())}, &r, &e)) {
    s.Report(e, "Document hook");
  } else if (r.kind == LuaValue::Kind::kNodes && r.nodes.size() == 1 && r.nodes[0].type == NodeType::kDocument) {
    *doc = std::move(r.nodes[0]);
  } else if (r.kind != LuaValue::Kind::kNil) {
    s.call.diags->Error(s.info().path, 0, 0,
                        "plugin '" + s.info().name + "': the Document hook for " + s.call.page->source_path +
                            " must return nothing (keep the document) or a node of type Document");
  }
}

// ---- directives

// Directives whose output holds directives again, at most this deep.
constexpr int kMaxDirectiveDepth = 8;

bool EmptyTable(const Value& v) {
  return (v.is_object() && v.as_object().empty()) || (v.is_array() && v.as_array().empty());
}

void ExpandDirectives(PluginState& s, std::vector<Node>& nodes, LazyPageValue& page, int depth = 0);

// The directive's node, as the plugin gets it: the block's text and place,
// with the info string taken apart.
Node DirectiveNode(const Node& block, const std::string& name,
                   const std::vector<std::pair<std::string, std::string>>& args) {
  Node d;
  d.type = NodeType::kDirective;
  d.info = name;
  d.text = block.text;
  d.args = args;
  d.line = block.line;
  d.col = block.col;
  return d;
}

// What directive `name` returned for `block`, as the nodes to put in its
// place; false (and a message) when it keeps the block.
bool Replacement(PluginState& s, const std::string& name, const Node& block, LuaValue r, LazyPageValue& page, int depth,
                 std::vector<Node>* out) {
  if (r.kind == LuaValue::Kind::kNil) return false;
  if (r.kind == LuaValue::Kind::kNodes) {
    *out = std::move(r.nodes);
    InheritLine(*out, block.line);
    ExpandDirectives(s, *out, page, depth + 1);
    return true;
  }
  if (r.value.is_string()) {
    Node raw;
    raw.type = NodeType::kRawBlock;
    raw.text = r.value.as_string();
    raw.line = block.line;
    out->push_back(std::move(raw));
    return true;
  }
  if (EmptyTable(r.value)) return true;  // removes the block
  s.call.diags->Error(s.info().path, 0, 0,
                      "plugin '" + s.info().name + "': directive '" + name + "' for " + s.call.page->source_path + ":" +
                          std::to_string(block.line) +
                          " must return HTML text, a node, a list of nodes, {} (remove the block) or nothing (keep "
                          "it as code); it returned " +
                          r.value.type_name());
  return false;
}

void ParseDirectiveInfo(const std::string& info, std::string* name,
                        std::vector<std::pair<std::string, std::string>>* args) {
  size_t i = 0, n = info.size();
  auto skip_ws = [&] {
    while (i < n && (info[i] == ' ' || info[i] == '\t')) ++i;
  };
  skip_ws();
  while (i < n && info[i] != ' ' && info[i] != '\t') *name += info[i++];
  while (true) {
    skip_ws();
    if (i >= n) break;
    std::string key, value;
    while (i < n && info[i] != '=' && info[i] != ' ' && info[i] != '\t') key += info[i++];
    if (i < n && info[i] == '=') {
      ++i;
      if (i < n && (info[i] == '"' || info[i] == '\'')) {
        char q = info[i++];
        while (i < n && info[i] != q) value += info[i++];
        ++i;
      } else {
        while (i < n && info[i] != ' ' && info[i] != '\t') value += info[i++];
      }
    } else {
      value = "true";
    }
    if (!key.empty()) args->emplace_back(key, value);
  }
}

void ExpandDirectives(PluginState& s, std::vector<Node>& nodes, LazyPageValue& page, int depth) {
  for (size_t k = 0; k < nodes.size();) {
    Node& n = nodes[k];
    if (n.type != NodeType::kCodeBlock) {
      ExpandDirectives(s, n.children, page, depth);
      ++k;
      continue;
    }
    std::string name;
    std::vector<std::pair<std::string, std::string>> args;
    ParseDirectiveInfo(n.info, &name, &args);
    auto owner = s.directive_owner.find(name);
    if (owner == s.directive_owner.end() || !s.Runs(owner->second)) {
      ++k;
      continue;
    }
    s.call.current = owner->second;
    s.call.line = n.line;
    // A directive that returns itself would otherwise recurse until the
    // stack runs out; the likeliest cause is named in the message.
    if (depth >= kMaxDirectiveDepth) {
      s.call.diags->Error(s.call.page->source_path, n.line, n.col,
                          "directive '" + name + "' is nested more than " + std::to_string(kMaxDirectiveDepth) +
                              " deep; does the plugin '" + s.info().name + "' put its own directive in its output?");
      ++k;
      continue;
    }
    LuaValue r;
    LuaError e;
    if (!s.lua->Call(s.loaded[s.call.current].id, "directives", name,
                     {LuaValue::OfNode(DirectiveNode(n, name, args)), LuaValue::Of(page.get())}, &r, &e)) {
      s.Report(e, "directive '" + name + "'");
      ++k;
      continue;
    }
    std::vector<Node> replacement;
    if (!Replacement(s, name, n, std::move(r), page, depth, &replacement)) {
      ++k;
      continue;
    }
    // What replaced the block is not looked at again: its directives were
    // expanded one level deeper already.
    size_t count = replacement.size();
    nodes.erase(nodes.begin() + static_cast<long>(k));
    nodes.insert(nodes.begin() + static_cast<long>(k), std::make_move_iterator(replacement.begin()),
                 std::make_move_iterator(replacement.end()));
    k += count;
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
        if (!m.lua->Call(m.loaded[i].id, "helpers", name,
                         {LuaValue::Of(text), LuaValue::Of(PageValue(*m.call.tree, page))}, &r, &e))
          m.Report(e, "template helper '" + name + "'");
        else if (r.kind == LuaValue::Kind::kValue)
          html = r.value.ToText();
        m.call.page = nullptr;
        return html;
      });
    }
  }
  return out;
}

}  // namespace ww
