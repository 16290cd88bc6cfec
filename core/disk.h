// Disk: the file system behind an interface (as ninja's DiskInterface and
// LevelDB's Env), so tests can run on an in-memory disk and inject faults.
//
// Paths are plain strings with '/' separators. Errors come back as values:
// a false return plus a message in *err that a person can act on.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ww {

struct FileEntry {
  std::string rel;            // path relative to the walked root, '/'-separated
  bool escapes_root = false;  // a symlink (or path) that leads outside the root
};

class Disk {
 public:
  virtual ~Disk() = default;
  // Reads a regular file whole. Anything else (a FIFO, a device, a socket, a
  // folder) is refused before it is read, so no file can hang a build.
  virtual bool ReadFile(const std::string& path, std::string* contents, std::string* err) = 0;
  // ReadFile, and a file of more than max_bytes is refused from its size
  // before a byte is read (*too_big set, *err says the size), so a 1 GB
  // file costs no memory. too_big may be null.
  virtual bool ReadFileAtMost(const std::string& path, size_t max_bytes, std::string* contents, std::string* err,
                              bool* too_big) = 0;
  // Creates missing parent folders.
  virtual bool WriteFile(const std::string& path, std::string_view contents, std::string* err) = 0;
  // Like WriteFile, but when the file `same_as` already holds exactly these
  // bytes, path becomes a hard link of it instead: a rebuild of an unchanged
  // page then writes nothing, and removing the old site afterwards frees no
  // blocks (on ext4 that removal cost as much as writing). Falls back to
  // WriteFile wherever a link cannot be made (FAT, another file system). Only
  // for files that are never modified in place afterwards (the output).
  // *linked says which happened. The default (MemoryDisk) always writes.
  virtual bool WriteOrLink(const std::string& path, std::string_view contents, const std::string& same_as, bool* linked,
                           std::string* err) {
    (void)same_as;
    *linked = false;
    return WriteFile(path, contents, err);
  }
  virtual bool IsFile(const std::string& path) const = 0;
  virtual bool IsDir(const std::string& path) const = 0;
  // Every regular file below root, sorted by path. Hidden files and folders
  // (starting with '.') are skipped. Symlinks that resolve outside root are
  // listed with escapes_root set, so the caller can refuse them with a message.
  virtual std::vector<FileEntry> ListFiles(const std::string& root) const = 0;
  // The names of the files and folders directly in dir (hidden ones too, not
  // "." or ".."), sorted; empty when dir does not exist. "" is the current folder.
  virtual std::vector<std::string> ListDir(const std::string& dir) const = 0;
  virtual bool MakeDirs(const std::string& path, std::string* err) = 0;
  virtual bool Rename(const std::string& from, const std::string& to, std::string* err) = 0;
  virtual bool RemoveAll(const std::string& path, std::string* err) = 0;
  // Modification time in nanoseconds since the epoch, or -1 when missing.
  virtual long long MTime(const std::string& path) const = 0;
  // True when path, with symlinks resolved, lies inside root.
  virtual bool IsInside(const std::string& root, const std::string& path) const = 0;
  // path made absolute with every symlink in its existing part resolved, so
  // two names of one folder compare equal (the output guard needs this).
  virtual std::string RealPath(const std::string& path) const = 0;
  // True when path itself is a symbolic link (not followed).
  virtual bool IsSymlink(const std::string& path) const = 0;
};

// The real file system.
class RealDisk : public Disk {
 public:
  bool ReadFile(const std::string& path, std::string* contents, std::string* err) override;
  bool ReadFileAtMost(const std::string& path, size_t max_bytes, std::string* contents, std::string* err,
                      bool* too_big) override;
  bool WriteFile(const std::string& path, std::string_view contents, std::string* err) override;
  bool WriteOrLink(const std::string& path, std::string_view contents, const std::string& same_as, bool* linked,
                   std::string* err) override;
  bool IsFile(const std::string& path) const override;
  bool IsDir(const std::string& path) const override;
  std::vector<FileEntry> ListFiles(const std::string& root) const override;
  std::vector<std::string> ListDir(const std::string& dir) const override;
  bool MakeDirs(const std::string& path, std::string* err) override;
  bool Rename(const std::string& from, const std::string& to, std::string* err) override;
  bool RemoveAll(const std::string& path, std::string* err) override;
  long long MTime(const std::string& path) const override;
  bool IsInside(const std::string& root, const std::string& path) const override;
  std::string RealPath(const std::string& path) const override;
  bool IsSymlink(const std::string& path) const override;
};

// An in-memory file system for tests. Folders exist implicitly. Its methods
// may be called from several threads (the build writes from its workers);
// touch `files` directly only while no build runs.
class MemoryDisk : public Disk {
 public:
  std::map<std::string, std::string> files;
  std::string fail_writes_under;  // inject: writes below this prefix fail

  bool ReadFile(const std::string& path, std::string* contents, std::string* err) override;
  bool ReadFileAtMost(const std::string& path, size_t max_bytes, std::string* contents, std::string* err,
                      bool* too_big) override;
  bool WriteFile(const std::string& path, std::string_view contents, std::string* err) override;
  bool IsFile(const std::string& path) const override;
  bool IsDir(const std::string& path) const override;
  std::vector<FileEntry> ListFiles(const std::string& root) const override;
  std::vector<std::string> ListDir(const std::string& dir) const override;
  bool MakeDirs(const std::string& path, std::string* err) override;
  bool Rename(const std::string& from, const std::string& to, std::string* err) override;
  bool RemoveAll(const std::string& path, std::string* err) override;
  long long MTime(const std::string& path) const override;
  bool IsInside(const std::string& root, const std::string& path) const override;
  // Paths are relative to the disk's root ""; there are no links.
  std::string RealPath(const std::string& path) const override;
  bool IsSymlink(const std::string&) const override { return false; }

 private:
  mutable std::mutex mu_;
};

// "12 MB" for messages about a size limit (whole MB, at least 1).
std::string MegabytesText(unsigned long long bytes);

// "a/b/../c" → "a/c"; returns "" when the path climbs above its start.
std::string NormalizePath(std::string_view path);
std::string JoinPath(std::string_view a, std::string_view b);
std::string DirName(std::string_view path);   // "a/b/c.md" → "a/b", "c.md" → ""
std::string BaseName(std::string_view path);  // "a/b/c.md" → "c.md"
// True when `inner` is `outer` or lies below it (both normalised; "" and "/"
// are roots that hold everything).
bool PathWithin(std::string_view outer, std::string_view inner);

}  // namespace ww
