#include "site/config.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "nfc.h"
#include "site/data_format.h"
#include "site/known_keys.h"

namespace ww {

namespace {

// A list setting reports a wrong shape at its line and keeps the default,
// so one mistake does not hide the other settings' errors.
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

// Relative luminance of "#rgb" or "#rrggbb" (WCAG 2.1); false for other colours.
bool Luminance(const std::string& c, double* out) {
  std::string hex = c.size() == 4 && c[0] == '#'   ? std::string{c[1], c[1], c[2], c[2], c[3], c[3]}
                    : c.size() == 7 && c[0] == '#' ? c.substr(1)
                                                   : "";
  if (hex.empty() || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) return false;
  double rgb[3];
  for (int i = 0; i < 3; ++i) {
    double v = std::stoi(hex.substr(static_cast<size_t>(i) * 2, 2), nullptr, 16) / 255.0;
    rgb[i] = v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  }
  *out = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  return true;
}

// [theme.colors]: plain CSS colour values only (they go into assets/brand.css),
// and the default theme's two colours with enough contrast on white.
void CheckColors(const Value& colors, const std::string& path, const std::string& text, Diagnostics* diags) {
  for (const auto& [name, v] : colors.as_object()) {
    std::string key = "theme.colors." + name;
    int line = FindKeyLine(text, DataFormat::kToml, key);
    std::string value = v.is_string() ? v.as_string() : "";
    bool ok = !value.empty() && !name.empty();
    for (char c : value)
      ok &= std::isalnum(static_cast<unsigned char>(c)) || c == '#' || c == '(' || c == ')' || c == ',' || c == '.' ||
            c == ' ' || c == '%';
    for (char c : name) ok &= std::isalnum(static_cast<unsigned char>(c)) || c == '-';
    if (!ok) {
      diags->Error(path, line, 0, key + " must be a CSS colour in quotes, like \"#1d5e8c\" or \"rgb(29, 94, 140)\"");
      continue;
    }
    double lum;
    double need = name == "primair" ? 4.5 : name == "accent" ? 3.0 : 0;
    if (need > 0 && Luminance(value, &lum)) {
      double ratio = 1.05 / (lum + 0.05);
      if (ratio < need) {
        char msg[300];
        std::snprintf(msg, sizeof msg,
                      "%s %s has a contrast of %.1f:1 on white; %s needs at least %.1f:1 (WCAG AA): choose a "
                      "darker colour (check with themes/default/tools/contrast.js)",
                      key.c_str(), value.c_str(), ratio,
                      name == "primair" ? "link text and white text on buttons" : "the accent bar and chart marks",
                      need);
        diags->Warning(path, line, 0, msg);
      }
    }
  }
}

}  // namespace

std::optional<SiteConfig> LoadConfig(Disk& disk, const std::string& site_dir, Diagnostics* diags) {
  std::string path = JoinPath(site_dir, "site.toml");
  std::string text, err;
  // Settings, not content: a site.toml of more than 1 MB is no site.toml.
  constexpr size_t kMaxConfigBytes = 1u << 20;
  bool too_big = false;
  if (!disk.ReadFileAtMost(path, kMaxConfigBytes, &text, &err, &too_big)) {
    std::vector<std::string> names = disk.ListDir(site_dir);
    if (too_big || std::binary_search(names.begin(), names.end(), "site.toml"))  // there, but no file to read
      diags->Error(path, 0, 0,
                   err + (too_big ? "; site.toml holds settings only: check that this is the right file" : ""));
    else
      diags->Error(path, 0, 0,
                   "no site.toml here; run wegwijzer in a site folder or pass -s SITE_DIR (a folder with "
                   "site.toml and content/)");
    return std::nullopt;
  }
  text = ToNfc(text);  // as the content is (nfc.h): a title in site.toml matches one in a page
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
  str("licence", &c.licence);
  str("logo", &c.logo);
  if (!c.logo.empty()) {
    c.logo_line = FindKeyLine(text, DataFormat::kToml, "logo");
    std::string norm = NormalizePath(c.logo);
    if (norm.empty() || norm[0] == '/' || c.logo.find("://") != std::string::npos)
      diags->Error(path, c.logo_line, 0,
                   "logo \"" + c.logo +
                       "\" must be a file of the site, like \"assets/logo.svg\" (no web address: the "
                       "site works offline)");
    c.logo = norm;
  }
  // `theme = "default"`, or a [theme] table with name and colors (both forms
  // are in use by sites made before [theme.colors] existed).
  if (const Value* t = r.Get("theme"); t && t->is_object()) {
    c.theme = t->GetString("name", "default");
  } else {
    str("theme", &c.theme);
  }
  str("base_url", &c.base_url);
  if (const Value* v = r.Find("markup.unsafe_html")) c.unsafe_html = v->is_bool() && v->as_bool();
  auto flag = [&](std::string_view key, bool* out) {
    const Value* v = r.Find(key);
    if (!v) return false;
    if (!v->is_bool()) {
      diags->Error(path, FindKeyLine(text, DataFormat::kToml, key), 0,
                   std::string(key) + " must be true or false (no quotes), not " + v->type_name());
      return false;
    }
    *out = v->as_bool();
    return true;
  };
  flag("search.enabled", &c.search);
  bool feed_set = flag("feed.enabled", &c.feed);
  bool sitemap_set = flag("sitemap.enabled", &c.sitemap);
  if (bool print = false; flag("print.enabled", &print)) c.print = print;
  flag("strict", &c.strict);
  if (const Value* v = r.Find("images.max_kb")) {
    if (v->is_int() && v->as_int() >= 0)
      c.image_max_kb = v->as_int();
    else
      diags->Error(path, FindKeyLine(text, DataFormat::kToml, "images.max_kb"), 0,
                   "images.max_kb must be a whole number of kilobytes (no quotes), like 500; 0 turns the check off");
  }
  CheckSiteKeys(r, text, path, diags);
  // On by default, the feed and sitemap would carry relative URLs, which
  // feed readers and search engines cannot follow. Said once; writing
  // `enabled = true` keeps them as they are, on purpose.
  std::vector<std::string> relative;
  if (c.base_url.empty() && c.feed && !feed_set) relative.push_back("feed.xml");
  if (c.base_url.empty() && c.sitemap && !sitemap_set) relative.push_back("sitemap.xml");
  if (!relative.empty()) {
    bool both = relative.size() == 2;
    std::string files = both ? "feed.xml and sitemap.xml" : relative[0];
    std::string off = both                        ? "[feed] and [sitemap] enabled = false"
                      : relative[0] == "feed.xml" ? "[feed] enabled = false"
                                                  : "[sitemap] enabled = false";
    diags->Warning(path, 0, 0,
                   files + (both ? " are" : " is") +
                       " written by default, but without base_url with relative links that feed readers and search "
                       "engines cannot follow; set base_url = \"https://...\" (the site's address), or for a site on "
                       "a USB stick or in a ZIP set " +
                       off + " (enabled = true keeps " + (both ? "them" : "it") + " as " +
                       (both ? "they are" : "it is") + ")");
  }
  if (c.language != "nl" && c.language != "en")
    diags->Error(path, FindKeyLine(text, DataFormat::kToml, "language"), 0,
                 "language \"" + c.language + "\" has no UI strings; use \"nl\" or \"en\"");

  // Content sources stay inside the site folder: the output guard, overlays
  // and the symlink rule all reason about the site as one folder tree.
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
    // A source that is a base says so in its base.toml (base_manifest.h).
    if (auto base = ReadBaseManifest(disk, JoinPath(site_dir, norm), JoinPath(norm, kBaseManifestFile), diags)) {
      base->source = norm;
      c.bases.push_back(std::move(*base));
    }
  }
  // [menu] names pages; whether they exist is known only once the content
  // is read (site/menus.h), so only the shape is checked here.
  StringList(r, "menu.header", path, text, &c.menu_header, diags);
  StringList(r, "menu.footer", path, text, &c.menu_footer, diags);
  c.menu_header_line = FindKeyLine(text, DataFormat::kToml, "menu.header");
  c.menu_footer_line = FindKeyLine(text, DataFormat::kToml, "menu.footer");
  StringList(r, "plugins.disabled", path, text, &c.plugins_disabled, diags);
  StringList(r, "plugins.order", path, text, &c.plugins_order, diags);
  StringList(r, "plugins.allow", path, text, &c.plugins_allow, diags);
  if (const Value* v = r.Find("plugins.options"); v && v->is_object()) c.plugin_options = *v;
  if (const Value* v = r.Find("theme.colors"); v && v->is_object()) {
    c.colors = *v;
    CheckColors(c.colors, path, text, diags);
  }
  if (const Value* v = r.Find("params"); v && v->is_object()) c.params = *v;
  if (diags->HasErrors()) return std::nullopt;
  return c;
}

}  // namespace ww
