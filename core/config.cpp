#include "config.h"

#include "data_format.h"

namespace ww {

namespace {

bool StringList(const Value& root, std::string_view key, const std::string& path, const std::string& text,
                std::vector<std::string>* out, Diagnostics* diags) {
  const Value* v = root.Find(key);
  if (!v) return true;
  if (!v->is_array()) {
    diags->Error(path, FindKeyLine(text, DataFormat::kToml, key), 0,
                 std::string(key) + " must be a list of names, like [\"a\", \"b\"]");
    return false;
  }
  for (const Value& e : v->as_array()) {
    if (!e.is_string()) {
      diags->Error(path, FindKeyLine(text, DataFormat::kToml, key), 0,
                   std::string(key) + " must hold only names in quotes");
      return false;
    }
    out->push_back(e.as_string());
  }
  return true;
}

}  // namespace

std::optional<SiteConfig> LoadConfig(Disk& disk, const std::string& site_dir, Diagnostics* diags) {
  std::string path = JoinPath(site_dir, "site.toml");
  std::string text, err;
  if (!disk.ReadFile(path, &text, &err)) {
    diags->Error(path, 0, 0,
                 "no site.toml here; run wegwijzer in a site folder or pass -s SITE_DIR (a folder with "
                 "site.toml and content/)");
    return std::nullopt;
  }
  auto parsed = ParseData(text, DataFormat::kToml, path, 0, diags);
  if (!parsed) return std::nullopt;
  SiteConfig c;
  c.raw = *parsed;
  const Value& r = c.raw;
  auto str = [&](std::string_view key, std::string* out) {
    const Value* v = r.Find(key);
    if (!v) return;
    if (!v->is_string()) {
      diags->Error(path, FindKeyLine(text, DataFormat::kToml, key), 0,
                   std::string(key) + " must be text in quotes, not " + v->type_name());
      return;
    }
    *out = v->as_string();
  };
  str("title", &c.title);
  str("description", &c.description);
  str("language", &c.language);
  str("organisation", &c.organisation);
  str("logo", &c.logo);
  // `theme = "default"`, or a [theme] table with name and colors.
  if (const Value* t = r.Get("theme"); t && t->is_object()) {
    c.theme = t->GetString("name", "default");
  } else {
    str("theme", &c.theme);
  }
  str("base_url", &c.base_url);
  if (const Value* v = r.Find("markup.unsafe_html")) c.unsafe_html = v->is_bool() && v->as_bool();
  if (c.language != "nl" && c.language != "en")
    diags->Error(path, FindKeyLine(text, DataFormat::kToml, "language"), 0,
                 "language \"" + c.language + "\" has no UI strings; use \"nl\" or \"en\"");

  std::vector<std::string> sources;
  StringList(r, "content.sources", path, text, &sources, diags);
  if (sources.empty()) sources.push_back("content");
  for (const std::string& s : sources) {
    std::string norm = NormalizePath(s);
    if (norm.empty() || norm[0] == '/') {
      diags->Error(path, FindKeyLine(text, DataFormat::kToml, "content.sources"), 0,
                   "content source \"" + s + "\" must be a folder inside the site folder");
      continue;
    }
    c.sources.push_back({norm, norm});
  }
  StringList(r, "plugins.disabled", path, text, &c.plugins_disabled, diags);
  StringList(r, "plugins.order", path, text, &c.plugins_order, diags);
  StringList(r, "plugins.allow", path, text, &c.plugins_allow, diags);
  if (const Value* v = r.Find("plugins.options"); v && v->is_object()) c.plugin_options = *v;
  if (const Value* v = r.Find("theme.colors"); v && v->is_object()) c.colors = *v;
  if (const Value* v = r.Find("params"); v && v->is_object()) c.params = *v;
  if (diags->HasErrors()) return std::nullopt;
  return c;
}

}  // namespace ww
