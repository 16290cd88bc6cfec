#include "plugins/plugin_host.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "lua/lua_runtime.h"
#include "markdown/html_render.h"
#include "markdown/markdown.h"
#include "plugins/plugin_view.h"
#include "publish/output.h"
#include "site/overlays.h"
#include "slug.h"

namespace ww {

namespace {

// Marks an error a plugin reported itself with wegwijzer.fail(), so it is not reported twice.
constexpr const char* kReported = "\x01reported";
// After this many errors from one plugin (in one worker), its hooks are skipped.
constexpr int kMaxErrorsPerPlugin = 20;
// Directives whose output holds directives again, at most this deep.
constexpr int kMaxDirectiveDepth = 8;

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
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

// Nodes a plugin made without a line get the line of the block they replace,
// so messages about them (a broken link) point into the page.
void InheritLine(std::vector<Node>& nodes, int line) {
  for (Node& n : nodes) {
    if (n.line == 0) n.line = line;
    InheritLine(n.children, n.line);
  }
}

// 12345.678 → "12.345,68" (nl) or "12,345.68" (en). Four-digit numbers are
// not grouped (Dutch usage: "1250", not "1.250"), so years stay years.
std::string DutchNumber(double v, int decimals, const std::string& language) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-∞" : "∞";
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", decimals < 0 ? 2 : decimals, v);
  std::string s = buf;
  bool negative = s[0] == '-';
  if (negative) s.erase(0, 1);
  if (s.find_first_not_of("0.") == std::string::npos) negative = false;  // no "-0"
  std::string whole = s, frac;
  if (size_t dot = s.find('.'); dot != std::string::npos) {
    whole = s.substr(0, dot);
    frac = s.substr(dot + 1);
  }
  if (decimals < 0)
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  bool nl = language != "en";
  if (whole.size() > 4) {
    size_t first = whole.size() % 3 ? whole.size() % 3 : 3;
    std::string grouped = whole.substr(0, first);
    for (size_t i = first; i < whole.size(); i += 3) grouped += (nl ? '.' : ',') + whole.substr(i, 3);
    whole = grouped;
  }
  std::string out = (negative ? "-" : "") + whole;
  if (!frac.empty()) out += (nl ? ',' : '.') + frac;
  return out;
}

// A site-root-relative path a page may load, or "" when it is not one.
std::string AssetPath(const std::string& s) {
  if (s.find("://") != std::string::npos || s.rfind("//", 0) == 0) return "";
  std::string norm = NormalizePath(s);
  if (norm.empty() || norm[0] == '/') return "";
  return norm;
}

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

struct PluginHost::Shared {
  Disk* disk;
  SiteConfig config;
  std::string site_dir;
  std::shared_ptr<LazySite> site;
  LuaLimits limits;

  LuaState::ApiValueMaker SiteMaker() const {
    if (!site) return [] { return std::make_shared<const Value>(); };
    return [s = site] { return s->Get(); };
  }
};

struct PluginWorker::Impl {
  const PluginHost::Shared* shared = nullptr;
  const std::vector<PluginInfo>* plugins = nullptr;
  const SiteTree* tree = nullptr;
  std::unique_ptr<LuaState> lua;
  struct Loaded {
    int id = -1;
    std::string filter;  // front-matter key the page must have
    std::set<NodeType> node_hooks;
    bool document_hook = false, page_hook = false, setup = false, finish = false;
    std::vector<std::string> directives, helpers;
    int errors = 0;
    bool stopped = false;  // hit a limit or too many errors: skipped from then on
  };
  std::vector<Loaded> loaded;  // parallel to *plugins
  std::map<std::string, size_t> directive_owner;

  // The call in progress, for warn/fail/use_script.
  const Page* page = nullptr;
  PageExtras* extras = nullptr;
  Diagnostics* diags = nullptr;
  OutputDir* output = nullptr;  // only during finish
  size_t current = 0;           // plugin index
  int line = 0;                 // source line of the node being handled

  const PluginInfo& info() const { return (*plugins)[current]; }

  std::string Where() const { return page ? page->source_path : info().path; }

  bool Runs(size_t i) const { return loaded[i].id >= 0 && !loaded[i].stopped; }

  void Report(const LuaError& e, const std::string& what) {
    Loaded& l = loaded[current];
    if (e.message.find(kReported) != std::string::npos) return;
    std::string file = e.file.empty() ? info().path : e.file;
    std::string msg = "plugin '" + info().name + "' failed in " + what;
    if (page) msg += " for " + page->source_path + (line ? ":" + std::to_string(line) : "");
    msg += ": " + e.message;
    if (e.kind == LuaError::Kind::kInstructions)
      msg += " (the limit is set by [plugins] instructions = N in site.toml)";
    else if (e.kind == LuaError::Kind::kMemory)
      msg += " (the limit is set by [plugins] memory_mb = N in site.toml)";
    if (!e.called_from.empty()) msg += "; called from " + e.called_from;
    bool limit = e.kind == LuaError::Kind::kInstructions || e.kind == LuaError::Kind::kMemory;
    if (limit || ++l.errors >= kMaxErrorsPerPlugin) {
      l.stopped = true;
      msg += limit ? "; the plugin is skipped for the rest of this build"
                   : "; after this many errors the plugin is skipped for the rest of this build";
    }
    diags->Error(file, e.line, 0, msg);
  }

  int LineArg(const std::vector<LuaValue>& a, size_t i) const {
    return a.size() > i && a[i].value.is_number() ? static_cast<int>(a[i].value.as_int()) : line;
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
      int decimals = -1;
      if (a.size() > 1 && a[1].value.is_number())
        decimals = static_cast<int>(std::clamp<int64_t>(a[1].value.as_int(), 0, 10));
      *r = LuaValue::Of(DutchNumber(a[0].value.as_double(), decimals, shared->config.language));
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
      while (!target.empty() && target[0] == '/') target.erase(0, 1);
      std::string from = page ? page->out_path : "index.html";
      auto it = tree->by_rel.find(target);
      if (it == tree->by_rel.end()) it = tree->by_rel.find(JoinPath(target, "_index.md"));
      if (it != tree->by_rel.end()) {
        *r = LuaValue::Of(RelativeUrl(from, tree->pages[it->second].out_path) + anchor);
        return true;
      }
      std::string asset = AssetPath(target);
      if (!asset.empty() &&
          (asset.rfind("assets/", 0) == 0 || tree->static_paths.count(asset) || EndsWith(asset, ".html") ||
           EndsWith(asset, ".js") || EndsWith(asset, ".css") || EndsWith(asset, ".json"))) {
        *r = LuaValue::Of(RelativeUrl(from, asset) + anchor);
        return true;
      }
      *err = "no page \"" + target + "\" in the site (give its path in content/, e.g. \"rol/functie.md\")";
      return false;
    });
    L.AddHostFunction("warn", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
      diags->Warning(Where(), LineArg(a, 1), 0,
                     "plugin '" + info().name + "': " + (a.empty() ? "" : a[0].value.ToText()));
      return true;
    });
    L.AddHostFunction("fail", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string* err) {
      diags->Error(Where(), LineArg(a, 1), 0,
                   "plugin '" + info().name + "': " + (a.empty() ? "" : a[0].value.ToText()));
      *err = kReported;
      return false;
    });
    auto use = [this](bool script) {
      return [this, script](const std::vector<LuaValue>& a, LuaValue* r, std::string* err) {
        std::string given = a.empty() ? "" : a[0].value.ToText();
        std::string s = AssetPath(given);
        if (s.empty()) {
          *err = "\"" + given +
                 "\" is not a file of this site; give a path from the site root, such as "
                 "\"assets/forms.js\" (pages never load files from other sites)";
          return false;
        }
        if (!extras) return true;  // outside a page: nothing to load it into
        auto& list = script ? extras->scripts : extras->styles;
        if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
        return true;
      };
    };
    L.AddHostFunction("use_script", use(true));
    L.AddHostFunction("use_style", use(false));
    L.AddHostFunction("data", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string* err) {
      std::string key = a.empty() ? "" : a[0].value.ToText();
      const Value* v = tree->data.Get(key);
      if (!v) {
        *err = "no data file \"" + key +
               "\" (data files are .toml, .yaml or .json files in content/; the key is "
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
    // Markdown into a list of nodes; an optional line number makes node lines file lines.
    L.AddHostFunction("markdown", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
      std::string text = a.empty() ? "" : a[0].value.ToText();
      int first = a.size() > 1 && a[1].value.is_number() ? static_cast<int>(a[1].value.as_int()) : 1;
      Diagnostics scratch;
      Node doc = ParseMarkdown(text, first, Where(), &scratch);
      *r = LuaValue::OfNodes(std::move(doc.children));
      return true;
    });
    L.AddHostFunction(
        "render",
        [this](const std::vector<LuaValue>& a, LuaValue* r, std::string* err) {
          if (a.empty() || a[0].kind == LuaValue::Kind::kNil) {
            *r = LuaValue::Of(std::string());
            return true;
          }
          if (a[0].kind != LuaValue::Kind::kNodes) {
            bool empty = (a[0].value.is_object() && a[0].value.as_object().empty()) ||
                         (a[0].value.is_array() && a[0].value.as_array().empty());
            if (!empty) {
              *err = "expects a node or a list of nodes (use wegwijzer.escape for text)";
              return false;
            }
            *r = LuaValue::Of(std::string());
            return true;
          }
          RenderOptions opt;
          opt.allow_raw_html = shared->config.unsafe_html;
          *r = LuaValue::Of(RenderFragment(a[0].nodes, opt));
          return true;
        },
        true);
    L.AddHostFunction(
        "text",
        [](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
          std::string out;
          if (!a.empty() && a[0].kind == LuaValue::Kind::kNodes)
            for (const Node& n : a[0].nodes) {
              std::string t = PlainText(n);
              if (!out.empty() && !t.empty()) out += ' ';
              out += t;
            }
          else if (!a.empty() && a[0].value.is_string())
            out = a[0].value.as_string();
          *r = LuaValue::Of(out);
          return true;
        },
        true);
    L.AddHostFunction("write_file", [this](const std::vector<LuaValue>& a, LuaValue* r, std::string* err) {
      if (!output) {
        *err = "files can only be written in the finish hook";
        return false;
      }
      if (a.size() < 2 || !a[0].value.is_string() || !(a[1].value.is_string() || a[1].value.is_number())) {
        *err = "expects a path and the text to write, e.g. wegwijzer.write_file(\"data/x.json\", text)";
        return false;
      }
      std::string rel = NormalizePath(a[0].value.as_string());
      if (rel.empty() || rel[0] == '/') {
        *err = "refusing to write \"" + a[0].value.as_string() + "\": outside the output folder";
        return false;
      }
      if (shared->disk->IsFile(JoinPath(output->staging(), rel))) {
        *err = "refusing to write \"" + rel + "\": the build already wrote that file (a page or an asset)";
        return false;
      }
      return output->Write(rel, a[1].value.ToText(), err);
    });
  }

  bool Init(Diagnostics* report) {
    lua = std::make_unique<LuaState>(shared->limits);
    if (!lua->ok()) {
      if (report)
        report->Error("site.toml", 0, 0,
                      "plugins cannot run: the Lua interpreter could not start within [plugins] memory_mb");
      return false;
    }
    AddApi();
    LuaError e;
    if (!lua->SetApiValue("site", shared->SiteMaker(), &e) || !lua->SetApiValue("config", shared->config.params, &e)) {
      if (report) report->Error("site.toml", 0, 0, "plugins cannot run: " + e.message);
      return false;
    }
    loaded.assign(plugins->size(), Loaded());
    bool ok = true;
    for (size_t i = 0; i < plugins->size(); ++i) {
      current = i;
      const PluginInfo& p = (*plugins)[i];
      Loaded& l = loaded[i];
      l.id = lua->LoadPlugin(p.path, p.source, &e);
      if (l.id < 0) {
        if (report) report->Error(e.file.empty() ? p.path : e.file, e.line, 0, "plugin '" + p.name + "': " + e.message);
        ok = false;
        continue;
      }
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
      l.directives = lua->Functions(l.id, "directives");
      l.helpers = lua->Functions(l.id, "helpers");
      for (const std::string& d : l.directives) directive_owner.emplace(d, i);  // first in order wins
      Value filter = lua->Field(l.id, "filter");
      if (filter.is_string())
        l.filter = filter.as_string();
      else if (!filter.is_null() && report)
        report->Warning(p.path, 0, 0, "plugin '" + p.name + "': filter must be the name of a front-matter key");
    }
    return ok;
  }

  void Setup(Diagnostics* d) {
    diags = d;
    for (size_t i = 0; i < loaded.size(); ++i) {
      if (!Runs(i) || !loaded[i].setup) continue;
      current = i;
      const Value* opts = shared->config.plugin_options.Get((*plugins)[i].name);
      LuaValue r;
      LuaError e;
      if (!lua->Call(loaded[i].id, "", "setup",
                     {LuaValue::Api("site"), LuaValue::Of(opts ? *opts : Value::MakeObject())}, &r, &e))
        Report(e, "setup");
    }
  }

  bool Applies(const Loaded& l, const Page& p) const { return l.filter.empty() || p.meta.Get(l.filter); }

  // Applies plugin i's typed hooks bottom-up over `nodes`.
  void Walk(std::vector<Node>& nodes, size_t i, LazyPageValue& page_value) {
    for (size_t k = 0; k < nodes.size();) {
      if (!Runs(i)) return;
      Walk(nodes[k].children, i, page_value);
      if (!loaded[i].node_hooks.count(nodes[k].type)) {
        ++k;
        continue;
      }
      const char* type = NodeTypeName(nodes[k].type);
      line = nodes[k].line;
      LuaValue r;
      LuaError e;
      if (!lua->Call(loaded[i].id, "", type, {LuaValue::OfNode(nodes[k]), LuaValue::Of(page_value.get())}, &r, &e)) {
        Report(e, std::string(type) + " hook");
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
        BadReturn(r.value, std::string("the ") + type + " hook");
        ++k;
      }
    }
  }

  void BadReturn(const Value& v, const std::string& what) {
    std::string got = v.type_name();
    if (const Value* t = v.Get("type"); t && t->is_string())
      got = "a table whose type \"" + t->as_string() + "\" is not a node type";
    diags->Error(info().path, 0, 0,
                 "plugin '" + info().name + "': " + what + " for " + page->source_path +
                     (line ? ":" + std::to_string(line) : "") +
                     " must return nothing (keep the node), a node, a list of nodes, or {} (delete it); it "
                     "returned " +
                     got);
  }

  void Directives(std::vector<Node>& nodes, LazyPageValue& page_value, int depth) {
    for (size_t k = 0; k < nodes.size();) {
      Node& n = nodes[k];
      if (n.type != NodeType::kCodeBlock) {
        Directives(n.children, page_value, depth);
        ++k;
        continue;
      }
      std::string name;
      std::vector<std::pair<std::string, std::string>> args;
      ParseInfo(n.info, &name, &args);
      auto owner = directive_owner.find(name);
      if (owner == directive_owner.end() || !Runs(owner->second)) {
        ++k;
        continue;
      }
      current = owner->second;
      line = n.line;
      if (depth >= kMaxDirectiveDepth) {
        diags->Error(page->source_path, n.line, n.col,
                     "directive '" + name + "' is nested more than " + std::to_string(kMaxDirectiveDepth) +
                         " deep; does the plugin '" + info().name + "' put its own directive in its output?");
        ++k;
        continue;
      }
      Node d;
      d.type = NodeType::kDirective;
      d.info = name;
      d.text = n.text;
      d.args = args;
      d.line = n.line;
      d.col = n.col;
      LuaValue r;
      LuaError e;
      if (!lua->Call(loaded[current].id, "directives", name, {LuaValue::OfNode(d), LuaValue::Of(page_value.get())}, &r,
                     &e)) {
        Report(e, "directive '" + name + "'");
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
        InheritLine(replacement, n.line);
        Directives(replacement, page_value, depth + 1);
      } else if (r.value.is_string()) {
        Node raw;
        raw.type = NodeType::kRawBlock;
        raw.text = r.value.as_string();
        raw.line = n.line;
        replacement.push_back(std::move(raw));
      } else if (!((r.value.is_object() && r.value.as_object().empty()) ||
                   (r.value.is_array() && r.value.as_array().empty()))) {
        diags->Error(info().path, 0, 0,
                     "plugin '" + info().name + "': directive '" + name + "' for " + page->source_path + ":" +
                         std::to_string(n.line) +
                         " must return HTML text, a node, a list of nodes, {} (remove the block) or nothing (keep "
                         "it as code); it returned " +
                         r.value.type_name());
        ++k;
        continue;
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
  for (const std::string& name : config.plugins_disabled) {
    if (!by_name.erase(name))
      diags->Warning(toml, 0, 0, "plugins.disabled names \"" + name + "\", but there is no such plugin");
  }
  // Ordered ones first, in the given order; then the rest by name.
  for (const std::string& name : config.plugins_order) {
    auto it = by_name.find(name);
    if (it == by_name.end()) {
      diags->Warning(toml, 0, 0, "plugins.order names \"" + name + "\", but there is no such (enabled) plugin");
      continue;
    }
    host->plugins_.push_back(std::move(it->second));
    by_name.erase(it);
  }
  for (auto& [name, p] : by_name) host->plugins_.push_back(std::move(p));
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
  LuaLimits& limits = host->shared_->limits;
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
  return host;
}

PluginHost::~PluginHost() = default;

void PluginHost::Start(SiteTree* tree, Diagnostics* diags, std::vector<int>* changed) {
  shared_->site = std::make_shared<LazySite>(shared_->config, *tree);

  main_.reset(new PluginWorker());
  main_->impl_ = std::make_unique<PluginWorker::Impl>();
  auto& m = *main_->impl_;
  m.shared = shared_.get();
  m.plugins = &plugins_;
  m.tree = tree;
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
      m.current = i;
      m.page = &p;
      m.line = 0;
      m.diags = diags;
      LuaValue r;
      LuaError e;
      Value before = PageValue(*tree, p);
      if (!m.lua->Call(m.loaded[i].id, "", "page", {LuaValue::Of(before)}, &r, &e, true)) {
        m.Report(e, "page hook");
        continue;
      }
      if (r.kind != LuaValue::Kind::kValue || !r.value.is_object()) {
        diags->Error(m.info().path, 0, 0,
                     "plugin '" + m.info().name + "': the page hook for " + p.source_path +
                         " must return nothing (changes to its argument are kept) or the page table");
        continue;
      }
      Value v = InAuthorOrder(before, std::move(r.value));
      if (changed && !(v == before) && (changed->empty() || changed->back() != index)) changed->push_back(index);
      if (const Value* t = v.Get("title"); t && t->is_string()) p.title = t->as_string();
      if (const Value* s = v.Get("summary"); s && s->is_string()) p.summary = s->as_string();
      if (const Value* mt = v.Get("meta"); mt && mt->is_object()) p.meta = *mt;
      if (const Value* t = v.Get("tags"); t && t->is_array()) {
        p.tags.clear();
        for (const Value& tag : t->as_array()) p.tags.push_back(tag.ToText());
      }
    }
  }
  m.page = nullptr;
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
  m.tree = &tree;
  m.diags = diags;
  m.output = out;
  m.page = nullptr;
  m.line = 0;
  for (size_t i = 0; i < m.loaded.size(); ++i) {
    if (!m.Runs(i) || !m.loaded[i].finish) continue;
    m.current = i;
    LuaValue r;
    LuaError e;
    if (!m.lua->Call(m.loaded[i].id, "", "finish", {LuaValue::Api("site")}, &r, &e)) m.Report(e, "finish");
  }
  m.output = nullptr;
}

// ---- PluginWorker

PluginWorker::~PluginWorker() = default;

void PluginWorker::Rebind(const SiteTree& tree) { impl_->tree = &tree; }

void PluginWorker::Transform(Node* doc, const Page& page, PageExtras* extras, Diagnostics* diags) {
  Impl& m = *impl_;
  if (m.loaded.empty()) return;
  m.page = &page;
  m.extras = extras;
  m.diags = diags;
  LazyPageValue page_value(*m.tree, page);
  if (!m.directive_owner.empty()) m.Directives(doc->children, page_value, 0);
  for (size_t i = 0; i < m.loaded.size(); ++i) {
    const auto& l = m.loaded[i];
    if (!m.Runs(i) || !m.Applies(l, page)) continue;
    m.current = i;
    if (!l.node_hooks.empty()) m.Walk(doc->children, i, page_value);
    if (l.document_hook && m.Runs(i)) {
      m.line = 0;
      LuaValue r;
      LuaError e;
      if (!m.lua->Call(l.id, "", "Document", {LuaValue::OfNode(*doc), LuaValue::Of(page_value.get())}, &r, &e)) {
        m.Report(e, "Document hook");
      } else if (r.kind == LuaValue::Kind::kNodes && r.nodes.size() == 1 && r.nodes[0].type == NodeType::kDocument) {
        *doc = std::move(r.nodes[0]);
      } else if (r.kind != LuaValue::Kind::kNil) {
        diags->Error(m.info().path, 0, 0,
                     "plugin '" + m.info().name + "': the Document hook for " + page.source_path +
                         " must return nothing (keep the document) or a node of type Document");
      }
    }
  }
  // (Headings a hook added or replaced get their anchors from the caller:
  // build.cpp's AssignHeadingIds after this.)
  m.page = nullptr;
  m.extras = nullptr;
  m.line = 0;
}

std::map<std::string, TemplateHelper> PluginWorker::Helpers(const Page& page, Diagnostics* diags) {
  std::map<std::string, TemplateHelper> out;
  Impl& m = *impl_;
  for (size_t i = 0; i < m.loaded.size(); ++i) {
    for (const std::string& name : m.loaded[i].helpers) {
      out.emplace(name, [&m, i, name, &page, diags](const std::string& text) -> std::string {
        if (!m.Runs(i)) return "";
        m.current = i;
        m.page = &page;
        m.diags = diags;
        m.line = 0;
        LuaValue r;
        LuaError e;
        std::string html;
        if (!m.lua->Call(m.loaded[i].id, "helpers", name, {LuaValue::Of(text), LuaValue::Of(PageValue(*m.tree, page))},
                         &r, &e))
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
