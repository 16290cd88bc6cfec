// base_pack: `wegwijzer pack --base`: a site's sources as one ZIP that
// schools unpack into a folder and list as a content source, below their own
// (content.md, "Overlays"). The archive holds, at its top:
//   base.toml            the manifest (name, version, licence; base_manifest.h)
//   zorg/route.md, ...   every content file, the layers merged as a build does
//   themes/, plugins/    the site's and its sources' theme files and plugins
//                        (not Wegwijzer's built-in ones: every school has those)
// so the unpacked folder is a content source whose top-level themes/ and
// plugins/ overlay the school's theme and plugins, as for any source.
#pragma once

#include <string>

#include "diagnostics.h"
#include "disk.h"
#include "site/config.h"

namespace ww {

struct BasePackResult {
  size_t files = 0;
  std::string manifest;  // the base.toml packed: "netwerk/base.toml"
};

// Writes the ZIP (replacing zip_path). False with *err when the site states
// no base (no content source holds base.toml), or the ZIP cannot be written.
// Files that link out of their layer are left out, reported in diags.
bool WriteBaseZip(Disk& disk, const std::string& site_dir, const SiteConfig& config,
                  const std::string& builtin_themes_dir, const std::string& builtin_plugins_dir,
                  const std::string& zip_path, BasePackResult* result, std::string* err, Diagnostics* diags);

// "netwerk-ib-2.1.zip": the default file name for a base.
std::string BaseZipName(const BaseManifest& base);

}  // namespace ww
