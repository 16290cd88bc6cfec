// overlays: the layers a site is made of, and which one each file comes from.
//
// A site is a stack of layers, lowest first:
//   1. built in: the project's own themes/NAME/ and plugins/;
//   2. the site folder: themes/NAME/ and plugins/ beside site.toml;
//   3. each content source of site.toml `[content] sources`, in order. A
//      source's files are content (pages, data files, static files), except
//      its top-level folders themes/ and plugins/, which overlay the theme
//      and the plugins the way the site folder's do.
// One rule for every kind of file: when several layers hold a file at the
// same path (within content, within the theme, within plugins/), the highest
// layer's file wins, whole; every other file of the lower layers stays.
// A page is hidden by an overlay page with `hidden: true` (content_tree).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "disk.h"
#include "site/config.h"

namespace ww {

struct Layer {
  std::string dir;      // on disk
  std::string display;  // for messages, relative to the site folder: "school/themes/default"
  std::string label;    // the content source's name ("school"), "site" or "built in"
  bool builtin = false;
};

struct LayeredFile {
  std::string disk_path;  // where to read it
  std::string display;    // for messages: "school/themes/default/assets/logo.svg"
  std::string label;      // its layer's label
  bool builtin = false;
  std::vector<std::string> replaced;  // display paths of the versions it hides, highest first
};

// By path within the layer: "rol/taken.md", "templates/page.mustache", "form.lua".
using LayeredFiles = std::map<std::string, LayeredFile>;

// Top-level folders of a content source that are not content, and its base
// manifest (base.toml).
bool IsOverlayFolder(std::string_view content_rel);

// Lists every file of the layers, the highest layer's file winning per path.
// Symlinks out of a layer are reported and left out; a content source's
// themes/ and plugins/ are left out when skip_overlay_folders is set.
LayeredFiles MergeLayers(Disk& disk, const std::vector<Layer>& layers, bool skip_overlay_folders, Diagnostics* diags);

// True when the layer's folder, with every symlink resolved, lies inside the
// site folder; else reports that it does not. Every folder the site names
// (content/, a content source, plugins/, themes/NAME) is checked with it, so
// that a link at the top cannot bring in a folder from elsewhere.
bool LayerInsideSite(Disk& disk, const std::string& site_dir, const Layer& layer, Diagnostics* diags);

// The content sources, lowest first (missing folders are left to the caller,
// and so is LayerInsideSite).
std::vector<Layer> ContentLayers(const std::string& site_dir, const SiteConfig& config);

// The files of the theme config.theme from every layer that has it (the
// theme is found when at least one layer has it).
struct ThemeFiles {
  std::string name;
  std::string display;  // "themes/default": how the theme is named in messages
  LayeredFiles files;   // "templates/page.mustache", "assets/style.css", "i18n/nl.toml"
  const LayeredFile* Find(const std::string& rel) const;
};
std::optional<ThemeFiles> GatherTheme(Disk& disk, const std::string& site_dir, const SiteConfig& config,
                                      const std::string& builtin_themes_dir, Diagnostics* diags);
// One folder as a whole theme (tests, and themes outside any site).
ThemeFiles ThemeFromDir(Disk& disk, const std::string& dir, const std::string& display);

// The plugins: *.lua directly in each layer's plugins/ folder, by file name.
LayeredFiles GatherPlugins(Disk& disk, const std::string& site_dir, const SiteConfig& config,
                           const std::string& builtin_plugins_dir, Diagnostics* diags);

// "school/a.md (replaces base/a.md)": where a file comes from, for explain.
std::string DescribeOrigin(const LayeredFile& f);

}  // namespace ww
