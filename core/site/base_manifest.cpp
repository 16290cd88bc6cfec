#include "site/base_manifest.h"

#include "site/data_format.h"

namespace ww {

std::optional<BaseManifest> ReadBaseManifest(Disk& disk, const std::string& source_dir, const std::string& display,
                                             Diagnostics* diags) {
  std::string path = JoinPath(source_dir, kBaseManifestFile);
  if (!disk.IsFile(path)) return std::nullopt;
  std::string text, err;
  if (!disk.ReadFile(path, &text, &err)) {
    diags->Error(display, 0, 0, err);
    return std::nullopt;
  }
  auto parsed = ParseData(text, DataFormat::kToml, display, 0, diags);
  if (!parsed) return std::nullopt;
  BaseManifest m;
  bool ok = true;
  auto field = [&](const char* key, std::string* out, bool required) {
    const Value* v = parsed->Get(key);
    if (v && v->is_string() && !v->as_string().empty()) {
      *out = v->as_string();
      return;
    }
    if (!v && !required) return;
    int line = v ? FindKeyLine(text, DataFormat::kToml, key) : 1;
    diags->Error(display, line, 0,
                 std::string(key) + (v ? " must be text in quotes" : " is missing") +
                     ": a base states its name and version, like name = \"Wegwijzer netwerk\" and version = \"1.0\"");
    ok = false;
  };
  field("name", &m.name, true);
  field("version", &m.version, true);
  field("licence", &m.licence, false);
  field("url", &m.url, false);
  // Shown as a link in every page's footer: a web address, nothing a browser would run.
  if (!m.url.empty() && !m.url.starts_with("https://") && !m.url.starts_with("http://")) {
    diags->Warning(display, FindKeyLine(text, DataFormat::kToml, "url"), 0,
                   "url must be a web address starting with https://; it is left out of the colophon");
    m.url.clear();
  }
  for (const auto& entry : parsed->as_object())
    if (const std::string& key = entry.first; key != "name" && key != "version" && key != "licence" && key != "url")
      diags->Warning(display, FindKeyLine(text, DataFormat::kToml, key), 0,
                     "unknown key '" + key + "' is ignored; a base states name, version, licence and url");
  if (ok && m.licence.empty())
    diags->Warning(display, 1, 0,
                   "no licence: schools cannot tell what they may do with this base; add licence = \"...\" (for "
                   "example \"CC BY-SA 4.0\")");
  if (!ok) return std::nullopt;
  return m;
}

const BaseManifest* FindBase(const std::vector<BaseManifest>& bases, const std::string& source) {
  for (const BaseManifest& b : bases)
    if (b.source == source) return &b;
  return nullptr;
}

std::string BaseLabel(const BaseManifest& base) { return base.name + " " + base.version; }

}  // namespace ww
