#include "publish/base_pack.h"

#include <cctype>

#include "publish/pack.h"
#include "site/overlays.h"
#include "slug.h"

namespace ww {

bool WriteBaseZip(Disk& disk, const std::string& site_dir, const SiteConfig& config,
                  const std::string& builtin_themes_dir, const std::string& builtin_plugins_dir,
                  const std::string& zip_path, BasePackResult* result, std::string* err, Diagnostics* diags) {
  // The highest source's manifest is the base this site is: a network's base
  // built on a regional one is packed under its own name.
  if (config.bases.empty()) {
    *err = "this site states no base: put a " + std::string(kBaseManifestFile) + " with name, version and licence in " +
           config.sources.back().dir + "/ (content.md, \"Overlays\")";
    return false;
  }
  const BaseManifest& base = config.bases.back();
  result->manifest = JoinPath(base.source, kBaseManifestFile);
  std::vector<ZipEntry> entries{{kBaseManifestFile, JoinPath(site_dir, result->manifest), ""}};
  for (const auto& [rel, f] : MergeLayers(disk, ContentLayers(site_dir, config), true, diags))
    entries.push_back({rel, f.disk_path, ""});
  // Theme files and plugins of the site folder and the sources, merged the
  // same way; a folder that is the built-in one (the handbook's own site
  // folder is) stays out.
  for (auto [sub, builtin_dir] :
       {std::pair{"themes", &builtin_themes_dir}, std::pair{"plugins", &builtin_plugins_dir}}) {
    std::vector<Layer> layers;
    // A plain variable: clang 14 (the fuzz build) cannot capture a structured binding.
    const std::string* builtin = builtin_dir;
    auto add = [&](const std::string& dir, const std::string& display) {
      if (disk.IsDir(dir) && (builtin->empty() || disk.RealPath(dir) != disk.RealPath(*builtin)))
        layers.push_back({dir, display, display, false});
    };
    add(JoinPath(site_dir, sub), sub);
    for (const ContentSource& s : config.sources) add(JoinPath(JoinPath(site_dir, s.dir), sub), JoinPath(s.dir, sub));
    for (const auto& [rel, f] : MergeLayers(disk, layers, false, diags))
      entries.push_back({JoinPath(sub, rel), f.disk_path, ""});
  }
  if (!WriteZip(disk, entries, zip_path, err)) return false;
  result->files = entries.size();
  return true;
}

std::string BaseZipName(const BaseManifest& base) {
  std::string name = Slugify(base.name), version;
  for (char c : base.version) version += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '-';
  return (name.empty() ? "basis" : name) + (version.empty() ? "" : "-" + version) + ".zip";
}

}  // namespace ww
