// base_lock: the base pages a school took over, and whether they changed in
// the base since.
//
// `wegwijzer override PATH` copies a base page into the school's own layer
// (the last content source) and records where it came from in base-lock.toml
// beside site.toml, committed with the site:
//
//   [[page]]
//   path = "zorg/route.md"            # the content path
//   base = "netwerk"                  # the content source it was copied from
//   base_name = "Netwerk IB"          # and that base's base.toml, then
//   base_version = "1.0"
//   sha256 = "9f86d0…"                # of the base's file as copied
//
// and keeps the base's text as copied in base-lock/PATH, so that
// `wegwijzer diff PATH` can show what changed in the base since, without git.
// Every build then warns (CheckOverrides) when a recorded base page changed
// since, and when a school page replaces a base page with no record.
// `override --accept PATH` records the base as it is now. Nothing here ever
// overwrites a file of the school's own layer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diagnostics.h"
#include "disk.h"
#include "site/config.h"
#include "site/content_tree.h"

namespace ww {

inline constexpr const char* kBaseLockFile = "base-lock.toml";
inline constexpr const char* kBaseCopyDir = "base-lock";

struct LockedPage {
  std::string path;  // content path: "zorg/route.md"
  std::string base;  // the content source it was copied from
  std::string base_name, base_version;
  std::string sha256;  // of the base's text as copied
  int line = 0;        // its [[page]] line in base-lock.toml, for messages
};

struct BaseLock {
  std::vector<LockedPage> pages;  // sorted by path
  const LockedPage* Find(const std::string& path) const;
  void Put(LockedPage page);  // adds or replaces the record of page.path
};

// SITE_DIR/base-lock.toml; an empty lock when there is none. nullopt (errors
// in diags, at their line) when it cannot be read.
std::optional<BaseLock> ReadBaseLock(Disk& disk, const std::string& site_dir, Diagnostics* diags);
// The lock's text, as WriteBaseLock writes it (sorted, so diffs stay small).
std::string FormatBaseLock(const BaseLock& lock);

// Every build: a warning (so --strict makes it an error) for
//  - a recorded page whose base file changed since it was copied, at the
//    school's file, naming the base file at its first changed line;
//  - a published page of the school's layer that replaces a page of a lower
//    layer without a record;
//  - a record whose school file or base file is gone.
// Only sites with two content sources or more have anything to check.
void CheckOverrides(Disk& disk, const std::string& site_dir, const SiteConfig& config, const SiteTree& tree,
                    Diagnostics* diags);

// The commands. PATH is a content path, also with a source in front
// ("school/zorg/route.md"). Each returns false with *err (one line a person
// can act on) and changes nothing on disk then; *note says what was done.
//
// override: copies the base's PATH into the school's layer and records it.
// Refuses when the school's layer has PATH already.
bool OverridePage(Disk& disk, const std::string& site_dir, const SiteConfig& config, const std::string& path,
                  std::string* note, std::string* err);
// override --accept: records the base's PATH as it is now for the school's
// own version (which must exist); the drift warning is gone until the base
// changes again.
bool AcceptBasePage(Disk& disk, const std::string& site_dir, const SiteConfig& config, const std::string& path,
                    std::string* note, std::string* err);
// diff: what changed in the base's PATH since it was copied (or last
// accepted), as a unified diff; "" when nothing did.
bool DiffBasePage(Disk& disk, const std::string& site_dir, const SiteConfig& config, const std::string& path,
                  std::string* diff, std::string* err);

}  // namespace ww
