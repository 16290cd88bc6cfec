#include "site/base_lock.h"

#include <algorithm>
#include <cstdio>

#include "sha256.h"
#include "site/data_format.h"
#include "text_diff.h"

namespace ww {

namespace {

// A TOML basic string.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The content path of what a person typed: "school/zorg/route.md" and
// "zorg/route.md" both give "zorg/route.md" (the longest source in front wins:
// "netwerk/content" before "netwerk").
std::string ContentPath(const SiteConfig& config, const std::string& given) {
  std::string path = NormalizePath(given);
  size_t best = 0;
  for (const ContentSource& s : config.sources)
    if (s.dir.size() > best && path.starts_with(s.dir + "/")) best = s.dir.size();
  return best ? path.substr(best + 1) : path;
}

// What the commands share: the school's layer, the layers below it, the path.
struct Place {
  std::string rel;             // content path
  std::string school_file;     // on disk
  std::string school_display;  // "school/zorg/route.md"
  int base = -1;               // index into config.sources of the highest lower layer that has rel
  std::string base_file, base_display;
};

Place Locate(Disk& disk, const std::string& site_dir, const SiteConfig& config, const std::string& rel) {
  Place p;
  p.rel = rel;
  const ContentSource& top = config.sources.back();
  p.school_display = JoinPath(top.dir, rel);
  p.school_file = JoinPath(site_dir, p.school_display);
  for (int i = static_cast<int>(config.sources.size()) - 2; i >= 0; --i) {
    std::string display = JoinPath(config.sources[i].dir, rel);
    // As the build: a file that links out of its layer is none of the base's.
    if (disk.IsFile(JoinPath(site_dir, display)) &&
        disk.IsInside(JoinPath(site_dir, config.sources[i].dir), JoinPath(site_dir, display))) {
      p.base = i;
      p.base_display = display;
      p.base_file = JoinPath(site_dir, display);
      break;
    }
  }
  return p;
}

std::string CopyFile(const std::string& site_dir, const std::string& rel) {
  return JoinPath(JoinPath(site_dir, kBaseCopyDir), rel);
}

// "Netwerk IB 1.0" for a record, or the source's name when it had no manifest.
std::string RecordLabel(const LockedPage& r) {
  return r.base_name.empty() ? r.base : r.base_name + (r.base_version.empty() ? "" : " " + r.base_version);
}

std::string SourceLabel(const SiteConfig& config, const std::string& source) {
  const BaseManifest* m = FindBase(config.bases, source);
  return m ? BaseLabel(*m) : source;
}

// Checks what every command needs; false with *err.
bool Prepare(const SiteConfig& config, const std::string& given, std::string* rel, std::string* err) {
  if (config.sources.size() < 2) {
    *err =
        "this site has one content source, so there is no base to take a page from; list the base's folder "
        "before the school's own in site.toml, e.g. [content] sources = [\"netwerk\", \"school\"]";
    return false;
  }
  *rel = ContentPath(config, given);
  if (rel->empty() || (*rel)[0] == '/' || IsOverlayFolder(*rel)) {
    *err = given + " is no content path; give a page's path within the content, e.g. zorg/route.md";
    return false;
  }
  return true;
}

bool LoadLock(Disk& disk, const std::string& site_dir, BaseLock* lock, std::string* err) {
  Diagnostics d;
  auto l = ReadBaseLock(disk, site_dir, &d);
  if (!l) {
    std::vector<Diagnostic> all = d.Sorted();
    *err = all.empty() ? "cannot read " + JoinPath(site_dir, kBaseLockFile) : all.front().Format();
    return false;
  }
  *lock = std::move(*l);
  return true;
}

// Records the base's text for p (the copy in base-lock/, then the lock).
bool Record(Disk& disk, const std::string& site_dir, const SiteConfig& config, const Place& p,
            const std::string& base_text, BaseLock lock, std::string* err) {
  LockedPage r;
  r.path = p.rel;
  r.base = config.sources[p.base].dir;
  if (const BaseManifest* m = FindBase(config.bases, r.base)) {
    r.base_name = m->name;
    r.base_version = m->version;
  }
  r.sha256 = Sha256Hex(base_text);
  lock.Put(std::move(r));
  return disk.WriteFile(CopyFile(site_dir, p.rel), base_text, err) &&
         disk.WriteFile(JoinPath(site_dir, kBaseLockFile), FormatBaseLock(lock), err);
}

}  // namespace

const LockedPage* BaseLock::Find(const std::string& path) const {
  auto it = std::lower_bound(pages.begin(), pages.end(), path,
                             [](const LockedPage& p, const std::string& k) { return p.path < k; });
  return it != pages.end() && it->path == path ? &*it : nullptr;
}

void BaseLock::Put(LockedPage page) {
  auto it = std::lower_bound(pages.begin(), pages.end(), page.path,
                             [](const LockedPage& p, const std::string& k) { return p.path < k; });
  if (it != pages.end() && it->path == page.path)
    *it = std::move(page);
  else
    pages.insert(it, std::move(page));
}

std::optional<BaseLock> ReadBaseLock(Disk& disk, const std::string& site_dir, Diagnostics* diags) {
  std::string path = JoinPath(site_dir, kBaseLockFile);
  BaseLock lock;
  if (!disk.IsFile(path)) return lock;
  std::string text, err;
  if (!disk.ReadFile(path, &text, &err)) {
    diags->Error(path, 0, 0, err);
    return std::nullopt;
  }
  auto parsed = ParseData(text, DataFormat::kToml, path, 0, diags);
  if (!parsed) return std::nullopt;
  // The line of each [[page]], in order: the records' places for messages.
  std::vector<int> lines;
  int n = 0;
  for (std::string_view l : SplitLines(text)) {
    ++n;
    size_t a = l.find_first_not_of(" \t");
    if (a != std::string_view::npos && l.substr(a).starts_with("[[page]]")) lines.push_back(n);
  }
  const Value* list = parsed->Get("page");
  if (!list) return lock;
  bool ok = list->is_array();
  for (size_t i = 0; ok && i < list->as_array().size(); ++i) {
    const Value& v = list->as_array()[i];
    int line = i < lines.size() ? lines[i] : 0;
    LockedPage r;
    r.line = line;
    if (!v.is_object() || v.GetString("path").empty() || v.GetString("sha256").size() != 64) {
      diags->Error(path, line, 0,
                   "each [[page]] needs path and sha256 (64 hex digits), as wegwijzer override writes them; restore "
                   "base-lock.toml from git, or run wegwijzer override --accept PATH again");
      return std::nullopt;
    }
    r.path = NormalizePath(v.GetString("path"));
    r.base = v.GetString("base");
    r.base_name = v.GetString("base_name");
    r.base_version = v.GetString("base_version");
    r.sha256 = v.GetString("sha256");
    lock.Put(std::move(r));
  }
  if (!ok) {
    diags->Error(path, FindKeyLine(text, DataFormat::kToml, "page"), 0,
                 "page must be a list of [[page]] tables, as wegwijzer override writes them");
    return std::nullopt;
  }
  return lock;
}

std::string FormatBaseLock(const BaseLock& lock) {
  std::string s =
      "# The base pages this site took over with `wegwijzer override`, and the base version each was\n"
      "# copied from. Written by wegwijzer: commit it with base-lock/ (the base's text as copied).\n";
  for (const LockedPage& r : lock.pages) {
    s += "\n[[page]]\npath = " + Quote(r.path) + "\nbase = " + Quote(r.base) + "\n";
    if (!r.base_name.empty()) s += "base_name = " + Quote(r.base_name) + "\n";
    if (!r.base_version.empty()) s += "base_version = " + Quote(r.base_version) + "\n";
    s += "sha256 = " + Quote(r.sha256) + "\n";
  }
  return s;
}

void CheckOverrides(Disk& disk, const std::string& site_dir, const SiteConfig& config, const SiteTree& tree,
                    Diagnostics* diags) {
  if (config.sources.size() < 2) return;
  auto lock = ReadBaseLock(disk, site_dir, diags);
  if (!lock) return;
  std::string lock_path = JoinPath(site_dir, kBaseLockFile);
  for (const LockedPage& r : lock->pages) {
    Place p = Locate(disk, site_dir, config, r.path);
    if (!disk.IsFile(p.school_file)) {
      diags->Warning(lock_path, r.line, 0,
                     r.path + ": " + p.school_display +
                         " is gone, so this record guards nothing; remove its [[page]] block (and " +
                         JoinPath(kBaseCopyDir, r.path) + ")");
      continue;
    }
    std::string now, copy, err;
    if (p.base < 0 || !disk.ReadFile(p.base_file, &now, &err)) {
      diags->Warning(p.school_display, 1, 0,
                     "was copied from " + JoinPath(r.base, r.path) + " (" + RecordLabel(r) +
                         "), which the base no longer has; this page is now the school's own: remove its record "
                         "from " +
                         std::string(kBaseLockFile));
      continue;
    }
    if (Sha256Hex(now) == r.sha256) continue;
    int line = disk.ReadFile(CopyFile(site_dir, r.path), &copy, &err) ? std::max(1, FirstChangedLine(copy, now)) : 1;
    diags->Warning(p.school_display, 1, 0,
                   "replaces " + p.base_display + ":" + std::to_string(line) + ", which changed since it was copied (" +
                       RecordLabel(r) + ", now " + SourceLabel(config, config.sources[p.base].dir) +
                       "); see what changed with `wegwijzer diff " + r.path +
                       "`, take what you need into this file, then run `wegwijzer override --accept " + r.path + "`");
  }
  const std::string& top = config.sources.back().label;
  for (const auto& [rel, f] : tree.origins) {
    if (f.label != top || f.replaced.empty() || !rel.ends_with(".md") || !tree.by_rel.count(rel) || lock->Find(rel))
      continue;
    diags->Warning(f.display, 1, 0,
                   "replaces " + f.replaced.front() + ":1 without a record in " + kBaseLockFile +
                       ", so a change to that base page would go unnoticed; record the base as it is now with "
                       "`wegwijzer override --accept " +
                       rel + "` (or delete this file to use the base's page)");
  }
}

bool OverridePage(Disk& disk, const std::string& site_dir, const SiteConfig& config, const std::string& path,
                  std::string* note, std::string* err) {
  std::string rel;
  BaseLock lock;
  if (!Prepare(config, path, &rel, err) || !LoadLock(disk, site_dir, &lock, err)) return false;
  Place p = Locate(disk, site_dir, config, rel);
  // A folder of the school's layer that links elsewhere would take the copy out of the site.
  if (!disk.IsInside(JoinPath(site_dir, config.sources.back().dir), p.school_file)) {
    *err = p.school_display + " lies outside " + config.sources.back().dir + "/ (a symbolic link); nothing was written";
    return false;
  }
  if (disk.IsFile(p.school_file) || disk.IsDir(p.school_file)) {
    *err = p.school_display + " exists already and is never overwritten; to record the base as it is now for it, " +
           "run wegwijzer override --accept " + rel;
    return false;
  }
  std::string text;
  if (p.base < 0) {
    *err = "no base layer has " + rel + " (looked in every content source below " + config.sources.back().dir +
           "); check the path with wegwijzer explain " + rel;
    return false;
  }
  if (!disk.ReadFile(p.base_file, &text, err) || !disk.WriteFile(p.school_file, text, err) ||
      !Record(disk, site_dir, config, p, text, std::move(lock), err))
    return false;
  *note = "copied " + p.base_display + " (" + SourceLabel(config, config.sources[p.base].dir) + ") to " +
          p.school_display + " and recorded it in " + kBaseLockFile + "; edit " + p.school_display +
          ", and commit it with " + kBaseLockFile + " and " + kBaseCopyDir + "/";
  return true;
}

bool AcceptBasePage(Disk& disk, const std::string& site_dir, const SiteConfig& config, const std::string& path,
                    std::string* note, std::string* err) {
  std::string rel;
  BaseLock lock;
  if (!Prepare(config, path, &rel, err) || !LoadLock(disk, site_dir, &lock, err)) return false;
  Place p = Locate(disk, site_dir, config, rel);
  if (!disk.IsFile(p.school_file)) {
    *err = p.school_display + " does not exist, so there is nothing to accept; copy the base's page first with " +
           "wegwijzer override " + rel;
    return false;
  }
  if (p.base < 0) {
    *err = "no base layer has " + rel + "; " + p.school_display + " is the school's own page and needs no record";
    return false;
  }
  std::string text;
  if (!disk.ReadFile(p.base_file, &text, err)) return false;
  const LockedPage* old = lock.Find(rel);
  if (old && old->sha256 == Sha256Hex(text) && old->base == config.sources[p.base].dir) {
    *note = rel + ": the record already holds " + p.base_display + " as it is now; nothing to do";
    return true;
  }
  if (!Record(disk, site_dir, config, p, text, std::move(lock), err)) return false;
  *note = "recorded " + p.base_display + " (" + SourceLabel(config, config.sources[p.base].dir) + ") for " +
          p.school_display + " in " + kBaseLockFile + "; builds stop warning about it until the base changes again";
  return true;
}

bool DiffBasePage(Disk& disk, const std::string& site_dir, const SiteConfig& config, const std::string& path,
                  std::string* diff, std::string* err) {
  std::string rel;
  BaseLock lock;
  if (!Prepare(config, path, &rel, err) || !LoadLock(disk, site_dir, &lock, err)) return false;
  const LockedPage* r = lock.Find(rel);
  Place p = Locate(disk, site_dir, config, rel);
  if (!r && !disk.IsFile(p.school_file)) {
    *err = p.school_display + " does not exist: the site shows the base's page as it is, so there is nothing to " +
           "compare; take it over with wegwijzer override " + rel;
    return false;
  }
  if (!r) {
    *err = rel + " has no record in " + std::string(kBaseLockFile) +
           ", so there is no earlier base text to compare with; start tracking it with wegwijzer override "
           "--accept " +
           rel;
    return false;
  }
  std::string copy_display = JoinPath(kBaseCopyDir, rel), copy, now;
  if (!disk.ReadFile(CopyFile(site_dir, rel), &copy, err) || Sha256Hex(copy) != r->sha256) {
    *err = copy_display + " is " + (copy.empty() && !disk.IsFile(CopyFile(site_dir, rel)) ? "missing" : "changed") +
           ", so the base's text as copied is unknown; restore it from git, or record the base as it is now with "
           "wegwijzer override --accept " +
           rel;
    return false;
  }
  if (p.base < 0) {
    *err = "no base layer has " + rel + " any more (it was copied from " + JoinPath(r->base, rel) + ")";
    return false;
  }
  if (!disk.ReadFile(p.base_file, &now, err)) return false;
  *diff = UnifiedDiff(copy, now, copy_display + "\t(" + RecordLabel(*r) + ", as copied)",
                      p.base_display + "\t(" + SourceLabel(config, config.sources[p.base].dir) + ", now)");
  return true;
}

}  // namespace ww
