#include "plugins/plugin_api.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "markdown/html_render.h"
#include "markdown/markdown.h"
#include "publish/output.h"
#include "slug.h"

namespace ww {

namespace {

using Args = std::vector<LuaValue>;
// A wegwijzer.* function that reads the call in progress.
using CallFunction = bool (*)(const PluginCall& call, const Args& args, LuaValue* result, std::string* err);

// Lua passes missing arguments as nothing at all: they read as "".
std::string FirstText(const Args& a) { return a.empty() ? "" : a[0].value.ToText(); }

// warn(message, line) and fail(message, line): the line defaults to the
// node being handled, so messages point into the page without the plugin
// having to know where it is.
int LineArg(const PluginCall& c, const Args& a, size_t i) {
  return a.size() > i && a[i].value.is_number() ? static_cast<int>(a[i].value.as_int()) : c.line;
}

bool EmptyTable(const Value& v) {
  return (v.is_object() && v.as_object().empty()) || (v.is_array() && v.as_array().empty());
}

bool Escape(const Args& a, LuaValue* r, std::string*) {
  *r = LuaValue::Of(EscapeHtml(FirstText(a)));
  return true;
}

bool Slug(const Args& a, LuaValue* r, std::string*) {
  *r = LuaValue::Of(Slugify(FirstText(a)));
  return true;
}

bool Json(const Args& a, LuaValue* r, std::string*) {
  *r = LuaValue::Of(a.empty() ? std::string("null") : a[0].value.ToJson());
  return true;
}

bool Number(const PluginCall& c, const Args& a, LuaValue* r, std::string* err) {
  if (a.empty() || !a[0].value.is_number()) {
    *err = "expects a number";
    return false;
  }
  int decimals = -1;
  if (a.size() > 1 && a[1].value.is_number())
    decimals = static_cast<int>(std::clamp<int64_t>(a[1].value.as_int(), 0, 10));
  *r = LuaValue::Of(DutchNumber(a[0].value.as_double(), decimals, c.config->language));
  return true;
}

// A short stable id from text (FNV-1a, 32 bits, hex): ids that follow
// content, not position, so they survive pages being reordered.
bool Hash(const Args& a, LuaValue* r, std::string*) {
  std::string s = FirstText(a);
  uint32_t h = 2166136261u;
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", h);
  *r = LuaValue::Of(std::string(buf));
  return true;
}

// The URL of a page (by its content path, "rol/functie.md", or a folder for
// its section page) or of a site file, relative to the current page.
bool Url(const PluginCall& c, const Args& a, LuaValue* r, std::string* err) {
  std::string target = FirstText(a);
  std::string anchor;
  if (size_t h = target.find('#'); h != std::string::npos) {
    anchor = target.substr(h);
    target = target.substr(0, h);
  }
  while (!target.empty() && target[0] == '/') target.erase(0, 1);
  std::string from = c.page ? c.page->out_path : "index.html";  // setup and finish: from the root
  const SiteTree& tree = *c.tree;
  auto it = tree.by_rel.find(target);
  if (it == tree.by_rel.end()) it = tree.by_rel.find(JoinPath(target, "_index.md"));
  if (it != tree.by_rel.end()) {
    *r = LuaValue::Of(RelativeUrl(from, tree.pages[it->second].out_path) + anchor);
    return true;
  }
  // Not a page: a file the site has, or of a kind the build makes. Any
  // other name is taken for a mistyped page path, and the error says how to
  // give one.
  std::string asset = AssetPath(target);
  if (!asset.empty() && (asset.starts_with("assets/") || tree.static_paths.count(asset) || asset.ends_with(".html") ||
                         asset.ends_with(".js") || asset.ends_with(".css") || asset.ends_with(".json"))) {
    *r = LuaValue::Of(RelativeUrl(from, asset) + anchor);
    return true;
  }
  *err = "no page \"" + target + "\" in the site (give its path in content/, e.g. \"rol/functie.md\")";
  return false;
}

bool Warn(const PluginCall& c, const Args& a, LuaValue*, std::string*) {
  c.diags->Warning(c.Where(), LineArg(c, a, 1), 0, "plugin '" + c.plugin().name + "': " + FirstText(a));
  return true;
}

bool Fail(const PluginCall& c, const Args& a, LuaValue*, std::string* err) {
  c.diags->Error(c.Where(), LineArg(c, a, 1), 0, "plugin '" + c.plugin().name + "': " + FirstText(a));
  *err = kReportedByPlugin;
  return false;
}

// use_script and use_style: each file once per page, in the order first
// asked; only a file the site publishes (a theme asset, a content file, a
// file the build writes), so a page never loads a missing file, another
// site's, or code in a data: or javascript: URL.
bool UseAsset(const PluginCall& c, const Args& a, std::string* err, bool script) {
  std::string given = FirstText(a);
  std::string s = AssetPath(given);
  if (s.empty()) {
    *err = "\"" + given +
           "\" is not a file of this site; give a path from the site root, such as "
           "\"assets/forms.js\" (pages never load files from other sites)";
    return false;
  }
  if (!c.extras) return true;  // outside a page: nothing to load it into
  if (!c.tree->theme_assets.count(s) && !c.tree->static_paths.count(s)) {
    *err = "\"" + s +
           "\" is not a file this site publishes; put it in the theme's assets/ folder or in the content, or "
           "fix the path";
    return false;
  }
  auto& list = script ? c.extras->scripts : c.extras->styles;
  if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
  return true;
}

bool UseScript(const PluginCall& c, const Args& a, LuaValue*, std::string* err) { return UseAsset(c, a, err, true); }

bool UseStyle(const PluginCall& c, const Args& a, LuaValue*, std::string* err) { return UseAsset(c, a, err, false); }

bool Data(const PluginCall& c, const Args& a, LuaValue* r, std::string* err) {
  std::string key = FirstText(a);
  const Value* v = c.tree->data.Get(key);
  if (!v) {
    *err = "no data file \"" + key +
           "\" (data files are .toml, .yaml or .json files in content/; the key is "
           "their path without the extension)";
    return false;
  }
  *r = LuaValue::Of(*v);
  return true;
}

// Files inside the site folder only; never outside it, not even through a
// symlink (IsInside resolves them).
bool ReadFile(const PluginCall& c, const Args& a, LuaValue* r, std::string* err) {
  std::string rel = FirstText(a);
  std::string norm = NormalizePath(rel);
  std::string full = JoinPath(*c.site_dir, norm);
  if (norm.empty() || norm[0] == '/' || !c.disk->IsInside(*c.site_dir, full)) {
    *err = "\"" + rel + "\" is outside the site folder; plugins may only read files inside it";
    return false;
  }
  // Refused from its size before it is read: the text would only reach the
  // state's memory cap after costing its size twice outside it.
  constexpr size_t kMaxReadFileBytes = 16u << 20;
  std::string text;
  bool too_big = false;
  if (!c.disk->ReadFileAtMost(full, kMaxReadFileBytes, &text, err, &too_big)) {
    if (too_big) *err += "; read_file reads files of at most 16 MB: split the file";
    return false;
  }
  *r = LuaValue::Of(text);
  return true;
}

// Markdown into a list of nodes; an optional line number makes node lines
// file lines. Its one warning (nesting too deep, flattened to text) is not
// passed on; its one error (a table beyond the limits) is the call's.
bool Markdown(const PluginCall& c, const Args& a, LuaValue* r, std::string* err) {
  std::string text = FirstText(a);
  int first = a.size() > 1 && a[1].value.is_number() ? static_cast<int>(a[1].value.as_int()) : 1;
  Diagnostics scratch;
  Node doc = ParseMarkdown(text, first, c.Where(), &scratch);
  for (const Diagnostic& d : scratch.Sorted())
    if (d.severity == Severity::kError) {
      *err = "line " + std::to_string(d.line) + ": " + d.message;
      return false;
    }
  *r = LuaValue::OfNodes(std::move(doc.children));
  return true;
}

// Nodes into HTML, with the site's unsafe_html setting, as the page itself
// is rendered. Text is refused rather than passed through unescaped.
bool Render(const PluginCall& c, const Args& a, LuaValue* r, std::string* err) {
  if (a.empty() || a[0].kind == LuaValue::Kind::kNil) {
    *r = LuaValue::Of(std::string());
    return true;
  }
  if (a[0].kind != LuaValue::Kind::kNodes) {
    if (!EmptyTable(a[0].value)) {
      *err = "expects a node or a list of nodes (use wegwijzer.escape for text)";
      return false;
    }
    *r = LuaValue::Of(std::string());
    return true;
  }
  RenderOptions opt;
  opt.allow_raw_html = c.config->unsafe_html;
  *r = LuaValue::Of(RenderFragment(a[0].nodes, opt));
  return true;
}

// The plain text of nodes, blocks joined by one space; text stays text.
bool Text(const Args& a, LuaValue* r, std::string*) {
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
}

// Only finish may write: by then every page is in the staging folder, so a
// plugin can neither overwrite one nor be overwritten by one.
bool WriteFile(const PluginCall& c, const Args& a, LuaValue*, std::string* err) {
  if (!c.output) {
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
  if (c.disk->IsFile(JoinPath(c.output->staging(), rel))) {
    *err = "refusing to write \"" + rel + "\": the build already wrote that file (a page or an asset)";
    return false;
  }
  return c.output->Write(rel, a[1].value.ToText(), err);
}

// What the build wrote into the output, read back in finish: a plugin that
// makes a file out of pages or assets (the form plugin's single-file forms)
// reads them as published, whichever theme or overlay supplied them.
bool ReadOutput(const PluginCall& c, const Args& a, LuaValue* r, std::string* err) {
  if (!c.output) {
    *err = "the output can only be read in the finish hook";
    return false;
  }
  std::string rel = NormalizePath(FirstText(a));
  if (rel.empty() || rel[0] == '/' || rel.starts_with("../") || rel == "..") {
    *err = "\"" + FirstText(a) + "\" is outside the output folder";
    return false;
  }
  std::string full = JoinPath(c.output->staging(), rel);
  if (!c.disk->IsFile(full)) {
    *err = "\"" + rel + "\" is not in the output (yet): finish reads what the build wrote";
    return false;
  }
  std::string text;
  if (!c.disk->ReadFile(full, &text, err)) return false;
  *r = LuaValue::Of(text);
  return true;
}

}  // namespace

void AddPluginApi(LuaState* lua, const PluginCall* call) {
  auto with_call = [call](CallFunction fn) -> HostFunction {
    return [fn, call](const Args& a, LuaValue* r, std::string* err) { return fn(*call, a, r, err); };
  };
  lua->AddHostFunction("escape", Escape);
  lua->AddHostFunction("slug", Slug);
  lua->AddHostFunction("json", Json);
  lua->AddHostFunction("number", with_call(Number));
  lua->AddHostFunction("hash", Hash);
  lua->AddHostFunction("url", with_call(Url));
  lua->AddHostFunction("warn", with_call(Warn));
  lua->AddHostFunction("fail", with_call(Fail));
  lua->AddHostFunction("use_script", with_call(UseScript));
  lua->AddHostFunction("use_style", with_call(UseStyle));
  lua->AddHostFunction("data", with_call(Data));
  lua->AddHostFunction("read_file", with_call(ReadFile));
  // Parsing is work in C++ that grows with the text: about as much per byte
  // as 8 VM instructions (measured; the nodes it gives are charged as they
  // are pushed).
  lua->AddHostFunction("markdown", with_call(Markdown), /*takes_nodes=*/false, /*steps_per_byte=*/8);
  // render and text take nodes as nodes; every other function gets data.
  lua->AddHostFunction("render", with_call(Render), /*takes_nodes=*/true);
  lua->AddHostFunction("text", Text, /*takes_nodes=*/true);
  lua->AddHostFunction("write_file", with_call(WriteFile));
  lua->AddHostFunction("read_output", with_call(ReadOutput));
}

std::string DutchNumber(double v, int decimals, const std::string& language) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-∞" : "∞";
  // %f of the largest double has 309 digits before the point.
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

std::string AssetPath(const std::string& s) {
  if (s.find("://") != std::string::npos || s.starts_with("//") || HasUrlScheme(s)) return "";
  std::string norm = NormalizePath(s);
  if (norm.empty() || norm[0] == '/') return "";
  return norm;
}

}  // namespace ww
