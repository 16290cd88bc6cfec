// base_manifest: what a shared base pack says about itself. A content source
// whose top holds `base.toml` is a base: a regional network's handbook that
// schools build on. The file names the base, its version and its licence:
//
//   name = "Wegwijzer intern begeleiders"   # required
//   version = "2.1"                         # required: any text; raise it with each release
//   licence = "CC BY-SA 4.0"                # what schools may do with it
//   url = "https://netwerk.example/wegwijzer"   # optional: where to get it
//
// base.toml is no content (overlays: not a data file, not published). The
// colophon in every page's footer and the print edition's title page name
// each base of a site; base_lock records the version a school copied from.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "disk.h"

namespace ww {

inline constexpr const char* kBaseManifestFile = "base.toml";

struct BaseManifest {
  std::string source;  // the content source that holds it: "netwerk", as in [content] sources
  std::string name, version, licence, url;
};

// Reads SOURCE_DIR/base.toml; nullopt when there is none, or (with an error
// in diags at its line) when it is not a valid manifest. `display` names the
// file in messages ("netwerk/base.toml").
std::optional<BaseManifest> ReadBaseManifest(Disk& disk, const std::string& source_dir, const std::string& display,
                                             Diagnostics* diags);

// The one whose source is `source`, or nullptr.
const BaseManifest* FindBase(const std::vector<BaseManifest>& bases, const std::string& source);

// "Wegwijzer intern begeleiders 2.1": how messages name a base.
std::string BaseLabel(const BaseManifest& base);

}  // namespace ww
