#include "plugin_host.h"

#include <algorithm>
#include <functional>
#include <set>

#include "html_render.h"
#include "i18n.h"
#include "lua_runtime.h"
#include "markdown.h"
#include "output.h"
#include "slug.h"

namespace ww {

namespace {

// Marks an error a plugin reported itself with wegwijzer.fail(), so it is not reported twice.
constexpr const char* kReported = "\x01reported";

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// `callout type=let-op title="Let op"` → name "callout" and its arguments.
void ParseInfo(const std::string& info, std::string* name, std::vector<std::pair<std::string, std::string>>* args) {
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
    while (i < n && info[i] != '=' && info[i] != ' ') key += info[i++];
    if (i < n && info[i] == '=') {
      ++i;
      if (i < n && (info[i] == '"' || info[i] == '\'')) {
        char q = info[i++];
        while (i < n && info[i] != q) value += info[i++];
        ++i;
      } else {
        while (i < n && info[i] != ' ') value += info[i++];
      }
    } else {
      value = "true";
    }
    if (!key.empty()) args->emplace_back(key, value);
  }
}

Value PageValue(const Page& p) {
  Value v;
  v.Set("title", p.title);
  v.Set("summary", p.summary);
  v.Set("path", p.rel);
  v.Set("source", p.source_path);
  v.Set("url", p.out_path);
  v.Set("kind", p.kind == PageKind::kHome ? "home" : p.kind == PageKind::kSection ? "section" : "page");
  v.Set("date", p.date);
  v.Set("updated", p.lastmod.empty() ? p.date : p.lastmod);
  Value tags = Value::MakeArray();
  for (const std::string& t : p.tags) tags.Push(t);
  v.Set("tags", std::move(tags));
  v.Set("meta", p.meta);
  return v;
}

}  // namespace

struct PluginHost::Shared {
  Disk* disk;
  SiteConfig config;
  std::string site_dir;
  Value site;  // the site tree as plugins see it
  LuaLimits limits;
};

struct PluginWorker::Impl {
  const PluginHost::Shared* shared = nullptr;
  const std::vector<PluginInfo>* plugins = nullptr;
  const SiteTree* tree = nullptr;
  std::unique_ptr<LuaState> lua;
  struct Loaded {
    int id = -1;
    std::string filter;                 // front-matter key the page must have
    std::set<NodeType> node_hooks;
    bool document_hook = false, page_hook = false, setup = false, finish = false;
    std::vector<std::string> directives, helpers;
  };
  std::vector<Loaded> loaded;  // parallel to *plugins
  std::map<std::string, size_t> directive_owner;

  // The call in progress, for warn/fail/use_script.
  const Page* page = nullptr;
  PageExtras* extras = nullptr;
  Diagnostics* diags = nullptr;
  OutputDir* output = nullptr;  // only during finish
  size_t current = 0;           // plugin index

  const PluginInfo& info() const { return (*plugins)[current]; }

  std::string Where() const { return page ? page->source_path : info().path; }

  void Report(const LuaError& e, const std::string& what) {
    if (e.message.rfind(kReported, 0) == 0 || e.message.find(kReported) != std::string::npos) return;
    std::string file = e.file.empty() ? info().path : e.file;
    diags->Error(file, e.line, 0,
                 "plugin '" + info().name + "' failed in " + what + (page ? " for " + page->source_path : "") +
                     ": " + e.message);
  }

  void AddApi() {
    auto& L = *lua;
    L.AddHostFunction("escape", [](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
      *r = LuaValue::Of(EscapeHtml(a.empty() ? "" : a[0].value.ToText()));
      return true;
    });
    L.AddHostFunction("slug", [](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
      *r = LuaValue::Of(Slugify(a.empty() ? "" : a[0].value.ToText()));
      return true;
    });
    L.AddHostFunction("json", [](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
      *r = LuaValue::Of(a.empty() ? std::string("null") : a[0].value.ToJson());
      return true;
    });
    L.AddHostFunction("number", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string* err) {
      if (a.empty() || !a[0].value.is_number()) {
        *err = "expects a number";
        return false;
      }
      *r = LuaValue::Of(FormatNumber(a[0].value.as_double(), shared->config.language));
      return true;
    });
    // A short stable id from text (FNV-1a, 32 bits, hex): ids that follow content, not position.
    L.AddHostFunction("hash", [](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
      std::string s = a.empty() ? "" : a[0].value.ToText();
      uint32_t h = 2166136261u;
      for (unsigned char c : s) {
        h ^= c;
        h *= 16777619u;
      }
      char buf[9];
      std::snprintf(buf, sizeof buf, "%08x", h);
      *r = LuaValue::Of(std::string(buf));
      return true;
    });
    // The URL of a page (by its content path, "rol/functie.md") from the current page.
    L.AddHostFunction("url", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string* err) {
      std::string target = a.empty() ? "" : a[0].value.ToText();
      std::string anchor;
      if (size_t h = target.find('#'); h != std::string::npos) {
        anchor = target.substr(h);
        target = target.substr(0, h);
      }
      std::string from = page ? page->out_path : "index.html";
      auto it = tree->by_rel.find(target);
      if (it == tree->by_rel.end()) it = tree->by_rel.find(JoinPath(target, "_index.md"));
      if (it != tree->by_rel.end()) {
        *r = LuaValue::Of(RelativeUrl(from, tree->pages[it->second].out_path) + anchor);
        return true;
      }
      if (target.rfind("assets/", 0) == 0 || tree->static_paths.count(target) || EndsWith(target, ".html") ||
          EndsWith(target, ".js") || EndsWith(target, ".css")) {
        *r = LuaValue::Of(RelativeUrl(from, NormalizePath(target)) + anchor);
        return true;
      }
      *err = "no page " + target + " in the site";
      return false;
    });
    L.AddHostFunction("warn", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
      int line = a.size() > 1 && a[1].value.is_number() ? static_cast<int>(a[1].value.as_int()) : 0;
      diags->Warning(Where(), line, 0, "plugin '" + info().name + "': " + (a.empty() ? "" : a[0].value.ToText()));
      return true;
    });
    L.AddHostFunction("fail", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string* err) {
      int line = a.size() > 1 && a[1].value.is_number() ? static_cast<int>(a[1].value.as_int()) : 0;
      diags->Error(Where(), line, 0, "plugin '" + info().name + "': " + (a.empty() ? "" : a[0].value.ToText()));
      *err = kReported;
      return false;
    });
    L.AddHostFunction("use_script", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
      std::string s = a.empty() ? "" : a[0].value.ToText();
      if (extras && std::find(extras->scripts.begin(), extras->scripts.end(), s) == extras->scripts.end())
        extras->scripts.push_back(s);
      return true;
    });
    L.AddHostFunction("use_style", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
      std::string s = a.empty() ? "" : a[0].value.ToText();
      if (extras && std::find(extras->styles.begin(), extras->styles.end(), s) == extras->styles.end())
        extras->styles.push_back(s);
      return true;
    });
    L.AddHostFunction("data", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string* err) {
      std::string key = a.empty() ? "" : a[0].value.ToText();
      const Value* v = tree->data.Get(key);
      if (!v) {
        *err = "no data file \"" + key + "\" (data files are .toml, .yaml or .json files in content/; the key is "
               "their path without the extension)";
        return false;
      }
      *r = LuaValue::Of(*v);
      return true;
    });
    // Files inside the site folder only; never outside it, not even through a symlink.
    L.AddHostFunction("read_file", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string* err) {
      std::string rel = a.empty() ? "" : a[0].value.ToText();
      std::string norm = NormalizePath(rel);
      std::string full = JoinPath(shared->site_dir, norm);
      if (norm.empty() || norm[0] == '/' || !shared->disk->IsInside(shared->site_dir, full)) {
        *err = "\"" + rel + "\" is outside the site folder; plugins may only read files inside it";
        return false;
      }
      std::string text;
      if (!shared->disk->ReadFile(full, &text, err)) return false;
      *r = LuaValue::Of(text);
      return true;
    });
    L.AddHostFunction("markdown", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
      std::string text = a.empty() ? "" : a[0].value.ToText();
      Diagnostics scratch;
      Node doc = ParseMarkdown(text, 1, Where(), &scratch);
      *r = LuaValue::OfNodes(std::move(doc.children));
      if (r->nodes.empty()) *r = LuaValue::Of(Value::MakeArray());
      return true;
    });
    L.AddHostFunction("render", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
      RenderOptions opt;
      opt.allow_raw_html = shared->config.unsafe_html;
      *r = LuaValue::Of(a.empty() || a[0].kind != LuaValue::Kind::kNodes ? std::string()
                                                                          : RenderFragment(a[0].nodes, opt));
      return true;
    });
    L.AddHostFunction("text", [](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
      std::string out;
      if (!a.empty() && a[0].kind == LuaValue::Kind::kNodes)
        for (const Node& n : a[0].nodes) {
          if (!out.empty()) out += ' ';
          out += PlainText(n);
        }
      else if (!a.empty()) out = a[0].value.ToText();
      *r = LuaValue::Of(out);
      return true;
    });
    L.AddHostFunction("write_file", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string* err) {
      if (!output) {
        *err = "files can only be written in the finish hook";
        return false;
      }
      if (a.size() < 2) {
        *err = "expects a path and the text to write";
        return false;
      }
      return output->Write(a[0].value.ToText(), a[1].value.ToText(), err);
    });
  }

  bool Init(Diagnostics* report) {
    lua = std::make_unique<LuaState>(shared->limits);
    AddApi();
    lua->SetApiValue("site", shared->site);
    lua->SetApiValue("config", shared->config.params);
    loaded.resize(plugins->size());
    bool ok = true;
    for (size_t i = 0; i < plugins->size(); ++i) {
      current = i;
      const PluginInfo& p = (*plugins)[i];
      LuaError e;
      Loaded& l = loaded[i];
      l.id = lua->LoadPlugin(p.path, p.source, &e);
      if (l.id < 0) {
        if (report) report->Error(e.file.empty() ? p.path : e.file, e.line, 0, "plugin '" + p.name + "': " + e.message);
        ok = false;
        continue;
      }
      for (const std::string& fn : lua->Functions(l.id)) {
        NodeType t;
        if (fn == "Document") l.document_hook = true;
        else if (fn == "page") l.page_hook = true;
        else if (fn == "setup") l.setup = true;
        else if (fn == "finish") l.finish = true;
        else if (NodeTypeFromName(fn, &t)) l.node_hooks.insert(t);
        else if (report)
          report->Warning(p.path, 0, 0, "plugin '" + p.name + "' has a function '" + fn +
                                            "' that is not a hook; hooks are setup, page, finish, Document and node "
                                            "types such as Heading (see docs/plugins.md)");
      }
      l.directives = lua->Functions(l.id, "directives");
      l.helpers = lua->Functions(l.id, "helpers");
      for (const std::string& d : l.directives) directive_owner.emplace(d, i);  // first in order wins
      Value filter = lua->Field(l.id, "filter");
      if (filter.is_string()) l.filter = filter.as_string();
    }
    return ok;
  }

  void Setup(Diagnostics* d) {
    diags = d;
    for (size_t i = 0; i < loaded.size(); ++i) {
      if (loaded[i].id < 0 || !loaded[i].setup) continue;
      current = i;
      const Value* opts = shared->config.plugin_options.Get((*plugins)[i].name);
      LuaValue r;
      LuaError e;
      if (!lua->Call(loaded[i].id, "", "setup", {LuaValue::Of(shared->site), LuaValue::Of(opts ? *opts : Value::MakeObject())},
                     &r, &e))
        Report(e, "setup");
    }
  }

  bool Applies(const Loaded& l, const Page& p) const { return l.filter.empty() || p.meta.Get(l.filter); }

  // Applies plugin i's typed hooks bottom-up over `nodes`.
  void Walk(std::vector<Node>& nodes, size_t i, Value& page_value) {
    for (size_t k = 0; k < nodes.size();) {
      Walk(nodes[k].children, i, page_value);
      if (!loaded[i].node_hooks.count(nodes[k].type)) {
        ++k;
        continue;
      }
      LuaValue r;
      LuaError e;
      if (!lua->Call(loaded[i].id, "", NodeTypeName(nodes[k].type), {LuaValue::OfNodes({nodes[k]}), LuaValue::Of(page_value)},
                     &r, &e)) {
        Report(e, std::string(NodeTypeName(nodes[k].type)) + " hook");
        ++k;
        continue;
      }
      if (r.kind == LuaValue::Kind::kNil) {
        ++k;
      } else if (r.kind == LuaValue::Kind::kNodes) {
        size_t count = r.nodes.size();
        nodes.erase(nodes.begin() + static_cast<long>(k));
        nodes.insert(nodes.begin() + static_cast<long>(k), std::make_move_iterator(r.nodes.begin()),
                     std::make_move_iterator(r.nodes.end()));
        k += count;
      } else if ((r.value.is_array() && r.value.as_array().empty()) ||
                 (r.value.is_object() && r.value.as_object().empty())) {
        nodes.erase(nodes.begin() + static_cast<long>(k));  // {} deletes
      } else {
        diags->Error(info().path, 0, 0,
                     "plugin '" + info().name + "': the " + NodeTypeName(nodes[k].type) + " hook for " +
                         page->source_path + " must return nothing, a node, or a list of nodes");
        ++k;
      }
    }
  }

  void Directives(std::vector<Node>& nodes, Value& page_value) {
    for (size_t k = 0; k < nodes.size();) {
      Node& n = nodes[k];
      if (n.type != NodeType::kCodeBlock) {
        Directives(n.children, page_value);
        ++k;
        continue;
      }
      std::string name;
      std::vector<std::pair<std::string, std::string>> args;
      ParseInfo(n.info, &name, &args);
      auto owner = directive_owner.find(name);
      if (owner == directive_owner.end()) {
        ++k;
        continue;
      }
      current = owner->second;
      Node d;
      d.type = NodeType::kDirective;
      d.info = name;
      d.text = n.text;
      d.args = args;
      d.line = n.line;
      d.col = n.col;
      LuaValue r;
      LuaError e;
      if (!lua->Call(loaded[current].id, "directives", name, {LuaValue::OfNodes({d}), LuaValue::Of(page_value)}, &r,
                     &e)) {
        Report(e, "directive '" + name + "' (line " + std::to_string(n.line) + ")");
        ++k;
        continue;
      }
      if (r.kind == LuaValue::Kind::kNil) {
        ++k;
        continue;
      }
      std::vector<Node> replacement;
      if (r.kind == LuaValue::Kind::kNodes) {
        replacement = std::move(r.nodes);
      } else {
        Node raw;
        raw.type = NodeType::kRawBlock;
        raw.text = r.value.ToText();
        raw.line = n.line;
        replacement.push_back(std::move(raw));
      }
      size_t count = replacement.size();
      nodes.erase(nodes.begin() + static_cast<long>(k));
      nodes.insert(nodes.begin() + static_cast<long>(k), std::make_move_iterator(replacement.begin()),
                   std::make_move_iterator(replacement.end()));
      k += count;
    }
  }
};

// ---- PluginHost

std::unique_ptr<PluginHost> PluginHost::Load(Disk& disk, const SiteConfig& config, const std::string& site_dir,
                                             const std::string& builtin_dir, Diagnostics* diags) {
  std::unique_ptr<PluginHost> host(new PluginHost());
  std::map<std::string, PluginInfo> by_name;
  auto scan = [&](const std::string& dir, const std::string& display, bool builtin) {
    if (dir.empty() || !disk.IsDir(dir)) return;
    for (const FileEntry& f : disk.ListFiles(dir)) {
      if (f.rel.find('/') != std::string::npos || !EndsWith(f.rel, ".lua")) continue;
      if (f.escapes_root) {
        diags->Error(JoinPath(display, f.rel), 0, 0, "plugin is a symbolic link out of the site; copy it in instead");
        continue;
      }
      PluginInfo p;
      p.name = f.rel.substr(0, f.rel.size() - 4);
      p.path = JoinPath(display, f.rel);
      p.builtin = builtin;
      std::string err;
      if (!disk.ReadFile(JoinPath(dir, f.rel), &p.source, &err)) {
        diags->Error(p.path, 0, 0, err);
        continue;
      }
      by_name[p.name] = std::move(p);  // the site's plugin replaces a built-in one
    }
  };
  scan(builtin_dir, "plugins", true);
  std::string site_plugins = JoinPath(site_dir, "plugins");
  if (NormalizePath(site_plugins) != NormalizePath(builtin_dir)) scan(site_plugins, "plugins", false);

  for (const std::string& name : config.plugins_disabled) {
    if (!by_name.erase(name))
      diags->Warning(JoinPath(site_dir, "site.toml"), 0, 0,
                     "plugins.disabled names \"" + name + "\", but there is no such plugin");
  }
  // Ordered ones first, in the given order; then the rest by name.
  for (const std::string& name : config.plugins_order) {
    auto it = by_name.find(name);
    if (it == by_name.end()) {
      diags->Warning(JoinPath(site_dir, "site.toml"), 0, 0,
                     "plugins.order names \"" + name + "\", but there is no such (enabled) plugin");
      continue;
    }
    host->plugins_.push_back(std::move(it->second));
    by_name.erase(it);
  }
  for (auto& [name, p] : by_name) host->plugins_.push_back(std::move(p));

  host->shared_ = std::make_unique<Shared>();
  host->shared_->disk = &disk;
  host->shared_->config = config;
  host->shared_->site_dir = site_dir;
  if (const Value* v = config.raw.Find("plugins.instructions"); v && v->is_number())
    host->shared_->limits.instructions = v->as_int();
  if (const Value* v = config.raw.Find("plugins.memory_mb"); v && v->is_number())
    host->shared_->limits.memory_bytes = static_cast<size_t>(v->as_int()) << 20;
  return host;
}

PluginHost::~PluginHost() = default;

void PluginHost::Start(SiteTree* tree, Diagnostics* diags) {
  // The site as plugins see it.
  Value site;
  site.Set("title", shared_->config.title);
  site.Set("language", shared_->config.language);
  site.Set("params", shared_->config.params);
  site.Set("data", tree->data);
  Value pages = Value::MakeArray();
  Value sections = Value::MakeArray();
  Value tags = Value::MakeObject();
  for (int i : tree->reading_order) {
    const Page& p = tree->pages[i];
    Value v;
    v.Set("title", p.title);
    v.Set("summary", p.summary);
    v.Set("path", p.rel);
    v.Set("url", p.out_path);
    v.Set("kind", p.kind == PageKind::kHome ? "home" : p.kind == PageKind::kSection ? "section" : "page");
    v.Set("date", p.date);
    v.Set("updated", p.lastmod.empty() ? p.date : p.lastmod);
    v.Set("section", p.parent >= 0 ? tree->pages[p.parent].rel : "");
    Value t = Value::MakeArray();
    for (const std::string& tag : p.tags) {
      t.Push(tag);
      Value* list = tags.Get(tag);
      if (!list) list = &tags.Set(tag, Value::MakeArray());
      list->Push(p.rel);
    }
    v.Set("tags", std::move(t));
    if (p.kind != PageKind::kPage) sections.Push(p.rel);
    pages.Push(std::move(v));
  }
  site.Set("pages", std::move(pages));
  site.Set("sections", std::move(sections));
  site.Set("tags", std::move(tags));
  shared_->site = std::move(site);

  main_.reset(new PluginWorker());
  main_->impl_ = std::make_unique<PluginWorker::Impl>();
  auto& m = *main_->impl_;
  m.shared = shared_.get();
  m.plugins = &plugins_;
  m.tree = tree;
  if (!m.Init(diags)) return;
  m.Setup(diags);

  // page(page) after front matter: may change title, summary, tags and front matter.
  for (Page& p : tree->pages) {
    for (size_t i = 0; i < m.loaded.size(); ++i) {
      if (m.loaded[i].id < 0 || !m.loaded[i].page_hook) continue;
      m.current = i;
      m.page = &p;
      m.diags = diags;
      LuaValue r;
      LuaError e;
      if (!m.lua->Call(m.loaded[i].id, "", "page", {LuaValue::Of(PageValue(p))}, &r, &e, true)) {
        m.Report(e, "page hook");
        continue;
      }
      if (r.kind != LuaValue::Kind::kValue || !r.value.is_object()) continue;
      const Value& v = r.value;
      if (const Value* t = v.Get("title"); t && t->is_string()) p.title = t->as_string();
      if (const Value* s = v.Get("summary"); s && s->is_string()) p.summary = s->as_string();
      if (const Value* m2 = v.Get("meta"); m2 && m2->is_object()) p.meta = *m2;
      if (const Value* t = v.Get("tags"); t && t->is_array()) {
        p.tags.clear();
        for (const Value& e2 : t->as_array()) p.tags.push_back(e2.ToText());
      }
    }
  }
  m.page = nullptr;
}

std::unique_ptr<PluginWorker> PluginHost::NewWorker(const SiteTree& tree, Diagnostics* diags) const {
  std::unique_ptr<PluginWorker> w(new PluginWorker());
  w->impl_ = std::make_unique<PluginWorker::Impl>();
  auto& m = *w->impl_;
  m.shared = shared_.get();
  m.plugins = &plugins_;
  m.tree = &tree;
  // Load errors and setup messages were reported by the main state already.
  Diagnostics scratch;
  m.Init(nullptr);
  m.Setup(&scratch);
  return w;
}

void PluginHost::Finish(const SiteTree& tree, OutputDir* out, Diagnostics* diags) {
  if (!main_) return;
  auto& m = *main_->impl_;
  m.diags = diags;
  m.output = out;
  m.page = nullptr;
  for (size_t i = 0; i < m.loaded.size(); ++i) {
    if (m.loaded[i].id < 0 || !m.loaded[i].finish) continue;
    m.current = i;
    LuaValue r;
    LuaError e;
    if (!m.lua->Call(m.loaded[i].id, "", "finish", {LuaValue::Of(shared_->site)}, &r, &e)) m.Report(e, "finish");
  }
  m.output = nullptr;
}

// ---- PluginWorker

PluginWorker::~PluginWorker() = default;

void PluginWorker::Transform(Node* doc, const Page& page, PageExtras* extras, Diagnostics* diags) {
  Impl& m = *impl_;
  if (m.loaded.empty()) return;
  m.page = &page;
  m.extras = extras;
  m.diags = diags;
  Value page_value = PageValue(page);
  if (!m.directive_owner.empty()) m.Directives(doc->children, page_value);
  for (size_t i = 0; i < m.loaded.size(); ++i) {
    const auto& l = m.loaded[i];
    if (l.id < 0 || !m.Applies(l, page)) continue;
    m.current = i;
    if (!l.node_hooks.empty()) m.Walk(doc->children, i, page_value);
    if (l.document_hook) {
      LuaValue r;
      LuaError e;
      if (!m.lua->Call(l.id, "", "Document", {LuaValue::OfNodes({*doc}), LuaValue::Of(page_value)}, &r, &e)) {
        m.Report(e, "Document hook");
      } else if (r.kind == LuaValue::Kind::kNodes && r.nodes.size() == 1 &&
                 r.nodes[0].type == NodeType::kDocument) {
        *doc = std::move(r.nodes[0]);
        AssignHeadingIds(doc);
      } else if (r.kind != LuaValue::Kind::kNil) {
        diags->Error(page.source_path, 0, 0,
                     "plugin '" + m.info().name + "': the Document hook must return nothing or the document");
      }
    }
  }
  m.page = nullptr;
  m.extras = nullptr;
}

std::map<std::string, TemplateHelper> PluginWorker::Helpers(const Page& page, Diagnostics* diags) {
  std::map<std::string, TemplateHelper> out;
  Impl& m = *impl_;
  for (size_t i = 0; i < m.loaded.size(); ++i) {
    for (const std::string& name : m.loaded[i].helpers) {
      out.emplace(name, [&m, i, name, &page, diags](const std::string& text) -> std::string {
        m.current = i;
        m.page = &page;
        m.diags = diags;
        LuaValue r;
        LuaError e;
        std::string html;
        if (!m.lua->Call(m.loaded[i].id, "helpers", name, {LuaValue::Of(text), LuaValue::Of(PageValue(page))}, &r, &e))
          m.Report(e, "template helper '" + name + "'");
        else if (r.kind == LuaValue::Kind::kValue)
          html = r.value.ToText();
        m.page = nullptr;
        return html;
      });
    }
  }
  return out;
}

}  // namespace ww
