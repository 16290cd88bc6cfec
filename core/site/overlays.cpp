#include "site/overlays.h"

namespace ww {

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// True when a and b name the same folder (symlinks resolved on a real disk).
// IsInside is strict (no folder is inside itself), hence a name within each.
bool SameDir(const Disk& disk, const std::string& a, const std::string& b) {
  return disk.IsInside(a, JoinPath(b, "x")) && disk.IsInside(b, JoinPath(a, "x"));
}

// Appends a layer unless it is missing or the same folder as one already there
// (the handbook's own site folder is also the project's built-in layer).
// A layer of the site that lies outside it is refused (LayerInsideSite).
void AddLayer(Disk& disk, std::vector<Layer>* layers, Layer l, const std::string& site_dir, Diagnostics* diags) {
  if (!disk.IsDir(l.dir)) return;
  if (!l.builtin && !LayerInsideSite(disk, site_dir, l, diags)) return;
  for (Layer& e : *layers)
    if (SameDir(disk, e.dir, l.dir)) {
      e = std::move(l);  // the site's name for it, not "built in"
      return;
    }
  layers->push_back(std::move(l));
}

// The layers of one kind: the built-in folder, the site's, each source's.
std::vector<Layer> KindLayers(Disk& disk, const std::string& site_dir, const SiteConfig& config,
                              const std::string& builtin, const std::string& sub, Diagnostics* diags) {
  std::vector<Layer> layers;
  if (!builtin.empty()) AddLayer(disk, &layers, {builtin, sub, "built in", true}, site_dir, diags);
  AddLayer(disk, &layers, {JoinPath(site_dir, sub), sub, "site", false}, site_dir, diags);
  for (const ContentSource& s : config.sources)
    AddLayer(disk, &layers, {JoinPath(JoinPath(site_dir, s.dir), sub), JoinPath(s.dir, sub), s.label, false}, site_dir,
             diags);
  return layers;
}

}  // namespace

// IsInside resolves every link on the way, so content/ -> /elders, or
// themes/ -> ~/, is caught as well as a link further down.
bool LayerInsideSite(Disk& disk, const std::string& site_dir, const Layer& layer, Diagnostics* diags) {
  if (disk.IsInside(site_dir, layer.dir)) return true;
  diags->Error(JoinPath(layer.display, ""), 0, 0,
               "this folder is a symbolic link to " + disk.RealPath(layer.dir) +
                   ", outside the site folder; nothing in it is used or published: move the folder into the site "
                   "folder, or copy the files in");
  return false;
}

// At the top of a source only: content/rol/themes/ is content. The base
// manifest describes the source (base_manifest.h); it is no data file.
bool IsOverlayFolder(std::string_view rel) {
  return rel.starts_with("themes/") || rel.starts_with("plugins/") || rel == kBaseManifestFile;
}

// Layers come lowest first, so a later file replaces the one there, and
// takes over the chain of files that one had replaced: highest first.
LayeredFiles MergeLayers(Disk& disk, const std::vector<Layer>& layers, bool skip_overlay_folders, Diagnostics* diags) {
  LayeredFiles files;
  for (const Layer& layer : layers) {
    for (const FileEntry& f : disk.ListFiles(layer.dir)) {
      if (skip_overlay_folders && IsOverlayFolder(f.rel)) continue;
      std::string display = JoinPath(layer.display, f.rel);
      if (f.escapes_root) {
        diags->Error(display, 0, 0,
                     skip_overlay_folders
                         ? "symbolic link leads outside the content folder and is not published; copy the file in "
                           "instead"
                         : "symbolic link leads outside " + layer.display +
                               " and is not used; copy the file in "
                               "instead");
        continue;
      }
      LayeredFile next{JoinPath(layer.dir, f.rel), display, layer.label, layer.builtin, {}};
      // One lookup, hinted: ListFiles is sorted, so the first layer appends.
      auto it = files.lower_bound(f.rel);
      if (it != files.end() && it->first == f.rel) {
        next.replaced = {it->second.display + (it->second.builtin ? " (built in)" : "")};
        next.replaced.insert(next.replaced.end(), it->second.replaced.begin(), it->second.replaced.end());
        it->second = std::move(next);
      } else {
        files.emplace_hint(it, f.rel, std::move(next));
      }
    }
  }
  return files;
}

std::vector<Layer> ContentLayers(const std::string& site_dir, const SiteConfig& config) {
  std::vector<Layer> layers;
  for (const ContentSource& s : config.sources) layers.push_back({JoinPath(site_dir, s.dir), s.dir, s.label, false});
  return layers;
}

const LayeredFile* ThemeFiles::Find(const std::string& rel) const {
  auto it = files.find(rel);
  return it == files.end() ? nullptr : &it->second;
}

std::optional<ThemeFiles> GatherTheme(Disk& disk, const std::string& site_dir, const SiteConfig& config,
                                      const std::string& builtin_themes_dir, Diagnostics* diags) {
  const std::string& name = config.theme;
  ThemeFiles theme;
  theme.name = name;
  theme.display = "themes/" + name;
  std::vector<Layer> layers;
  // One folder name: site.toml cannot point the theme outside themes/.
  if (!name.empty() && name.find('/') == std::string::npos && name[0] != '.') {
    std::string builtin = builtin_themes_dir.empty() ? "" : JoinPath(builtin_themes_dir, name);
    layers = KindLayers(disk, site_dir, config, builtin, theme.display, diags);
  }
  if (layers.empty()) {
    diags->Error(JoinPath(site_dir, "site.toml"), 0, 0,
                 "theme \"" + name + "\" not found in themes/; use an existing theme folder name");
    return std::nullopt;
  }
  theme.files = MergeLayers(disk, layers, false, diags);
  return theme;
}

// One layer, nothing replaced. With no Diagnostics to report to, a link out
// of the folder is left out unreported.
ThemeFiles ThemeFromDir(Disk& disk, const std::string& dir, const std::string& display) {
  ThemeFiles theme;
  theme.name = BaseName(display);
  theme.display = display;
  for (const FileEntry& f : disk.ListFiles(dir))
    if (!f.escapes_root) theme.files[f.rel] = {JoinPath(dir, f.rel), JoinPath(display, f.rel), "", false, {}};
  return theme;
}

LayeredFiles GatherPlugins(Disk& disk, const std::string& site_dir, const SiteConfig& config,
                           const std::string& builtin_plugins_dir, Diagnostics* diags) {
  std::vector<Layer> layers = KindLayers(disk, site_dir, config, builtin_plugins_dir, "plugins", diags);
  LayeredFiles all = MergeLayers(disk, layers, false, diags);
  LayeredFiles plugins;
  // Directly in plugins/ only: a file in a sub-folder (plugins/lib/x.lua) is
  // no plugin.
  for (auto& [rel, f] : all)
    if (rel.find('/') == std::string::npos && EndsWith(rel, ".lua")) plugins.emplace(rel, std::move(f));
  return plugins;
}

std::string DescribeOrigin(const LayeredFile& f) {
  std::string s = f.display + (f.builtin ? " (built in)" : "");
  for (size_t i = 0; i < f.replaced.size(); ++i) s += (i == 0 ? " (replaces " : ", ") + f.replaced[i];
  if (!f.replaced.empty()) s += ")";
  return s;
}

}  // namespace ww
