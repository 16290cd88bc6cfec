// config: site.toml into SiteConfig.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "disk.h"
#include "site/base_manifest.h"
#include "value.h"

namespace ww {

struct ContentSource {
  std::string dir;    // relative to the site dir
  std::string label;  // shown by --explain
};

struct SiteConfig {
  std::string title = "Wegwijzer";
  std::string description;
  std::string language = "nl";
  std::string organisation;
  std::string licence;  // the site's own licence, shown in the colophon beside its bases'
  std::string logo;     // a file of the built site, e.g. "assets/logo.svg"
  int logo_line = 0;    // its line in site.toml, for messages
  std::string theme = "default";
  std::string base_url;      // absolute URL for feeds and sitemap; may be empty
  bool unsafe_html = false;  // publish raw HTML written in content (opt-in)
  // What the build writes besides the pages ([search], [feed], [sitemap],
  // [print] enabled = true/false). A site that has its own search, or is
  // never put on a web server, can leave the index, feed or sitemap out.
  bool search = true;
  bool feed = true;
  bool sitemap = true;
  std::optional<bool> print;  // unset: on up to 2000 pages (build.cpp)
  // strict = true: every warning is an error, as with --strict (for CI).
  bool strict = false;
  // [images] max_kb: an image file larger than this gets a warning (slow on a
  // phone, heavy on a USB stick); 0 turns the warning off.
  int64_t image_max_kb = 500;
  std::vector<ContentSource> sources;  // in overlay order; later wins
  std::vector<BaseManifest> bases;     // the sources that are bases (their base.toml), lowest first
  // [menu] header / footer: content pages linked from every page's header or
  // footer, by their path in the content ("over/privacy.md"). A theme links
  // nothing of its own, so it suits any site (site/menus.h resolves them).
  std::vector<std::string> menu_header, menu_footer;
  int menu_header_line = 0, menu_footer_line = 0;
  std::vector<std::string> plugins_disabled;
  std::vector<std::string> plugins_order;
  std::vector<std::string> plugins_allow;      // capabilities granted to plugins: "read_files"
  Value plugin_options = Value::MakeObject();  // [plugins.options.NAME]
  Value colors = Value::MakeObject();          // [theme.colors]
  Value params = Value::MakeObject();          // [params], free for templates and plugins
  Value raw = Value::MakeObject();             // the whole file
};

// Reads SITE_DIR/site.toml. A missing file is an error with a hint.
std::optional<SiteConfig> LoadConfig(Disk& disk, const std::string& site_dir, Diagnostics* diags);

}  // namespace ww
