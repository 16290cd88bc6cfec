#include "disk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <vector>

#include "parallel.h"

namespace fs = std::filesystem;

namespace ww {

std::string NormalizePath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  bool absolute = !path.empty() && path[0] == '/';
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    if (part == "..") {
      // Above its start a path names nothing inside the site: "" lets the
      // caller refuse it (a link or alias out of the site), never clamp it.
      if (parts.empty()) return "";
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out = absolute ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) out += '/';
    out += parts[k];
  }
  return out;
}

// "." adds nothing, so paths under the current folder read in messages as
// the user typed them ("content/a.md", not "./content/a.md").
std::string JoinPath(std::string_view a, std::string_view b) {
  if (a.empty() || a == ".") return std::string(b);
  if (b.empty()) return std::string(a);
  std::string out(a);
  if (out.back() != '/') out += '/';
  out += b;
  return out;
}

std::string DirName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? "" : std::string(path.substr(0, slash));
}

std::string BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool PathWithin(std::string_view outer, std::string_view inner) {
  if (outer.empty() || outer == "/") return true;
  if (!inner.starts_with(outer)) return false;
  // A common prefix is not enough: "site" does not hold "site-old".
  return inner.size() == outer.size() || inner[outer.size()] == '/';
}

// ---- RealDisk

namespace {

// What a path that is no regular file is, for the message that refuses it.
const char* KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

bool RefuseSize(const std::string& path, unsigned long long size, size_t max_bytes, std::string* err, bool* too_big) {
  if (size <= max_bytes) return false;
  *err = path + " is " + MegabytesText(size) + ", more than the " + MegabytesText(max_bytes) + " it may be";
  if (too_big) *too_big = true;
  return true;
}

}  // namespace

std::string MegabytesText(unsigned long long bytes) {
  unsigned long long mb = bytes / (1024 * 1024);
  return std::to_string(mb ? mb : 1) + " MB";
}

bool RealDisk::ReadFile(const std::string& path, std::string* contents, std::string* err) {
  return ReadFileAtMost(path, static_cast<size_t>(-1), contents, err, nullptr);
}

bool RealDisk::ReadFileAtMost(const std::string& path, size_t max_bytes, std::string* contents, std::string* err,
                              bool* too_big) {
  if (too_big) *too_big = false;
  // Looked at before it is opened: opening a FIFO waits for a writer (for
  // ever), and opening some devices does something.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    *err = "cannot read " + path + ": it is " + KindOf(st.st_mode) + ", not a file; put a plain file there";
    return false;
  }
  // POSIX calls rather than iostreams: a build reads thousands of small files
  // and the stream machinery was a visible part of its time (bench/).
  // O_NONBLOCK: should the path become a FIFO after the stat, open() still
  // returns, and the fstat below refuses it.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    *err = "cannot read " + path + ": " + std::strerror(errno);
    return false;
  }
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    *err = "cannot read " + path + ": it is " + KindOf(st.st_mode) + ", not a file; put a plain file there";
    ::close(fd);
    return false;
  }
  if (RefuseSize(path, static_cast<unsigned long long>(st.st_size), max_bytes, err, too_big)) {
    ::close(fd);
    return false;
  }
  contents->clear();
  // st_size is a hint only (a file may grow while it is read). One byte
  // more, so that the read that finds the end needs no bigger buffer.
  contents->resize(st.st_size > 0 ? static_cast<size_t>(st.st_size) + 1 : 4096);
  size_t used = 0;
  // A file that gave all st_size bytes in one read is read to its end
  // without a second read() to see it (a build reads thousands of files).
  bool whole_at_once = st.st_size > 0;
  for (;;) {
    if (used == contents->size()) contents->resize(contents->size() * 2);
    ssize_t n = ::read(fd, contents->data() + used, contents->size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *err = "cannot read " + path + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
    if (whole_at_once && used == static_cast<size_t>(st.st_size)) break;
    whole_at_once = false;
    // A file that grows while it is read is held to the limit as well.
    if (RefuseSize(path, used, max_bytes, err, too_big)) {
      contents->clear();
      ::close(fd);
      return false;
    }
  }
  contents->resize(used);
  ::close(fd);
  return true;
}

bool RealDisk::WriteFile(const std::string& path, std::string_view contents, std::string* err) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 && errno == ENOENT) {  // create the folders only when they are missing
    std::string dir = DirName(path);
    if (!dir.empty() && !MakeDirs(dir, err)) return false;
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }
  if (fd < 0) {
    *err = "cannot write " + path + ": " + std::strerror(errno);
    return false;
  }
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *err = "cannot write " + path + ": " + (n < 0 ? std::strerror(errno) : "disk full?");
      ::close(fd);
      return false;
    }
    done += static_cast<size_t>(n);
  }
  // close() may report a write the kernel delayed (a full disk, NFS): the
  // file is then not what we wrote, so it counts as a failed write.
  if (::close(fd) != 0) {
    *err = "cannot write " + path + ": " + std::strerror(errno) + " (disk full?)";
    return false;
  }
  return true;
}

namespace {

// True when the regular file at `path` holds exactly `contents`. Reads it
// only when the sizes agree; any error counts as "different".
bool SameContents(const std::string& path, std::string_view contents) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  struct stat st;
  bool same = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) == contents.size();
  char buf[1 << 16];
  size_t done = 0;
  while (same && done < contents.size()) {
    ssize_t n = ::read(fd, buf, std::min(sizeof buf, contents.size() - done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || std::memcmp(buf, contents.data() + done, static_cast<size_t>(n)) != 0) same = false;
    if (n > 0) done += static_cast<size_t>(n);
  }
  ::close(fd);
  return same;
}

}  // namespace

bool RealDisk::WriteOrLink(const std::string& path, std::string_view contents, const std::string& same_as, bool* linked,
                           std::string* err) {
  *linked = false;
  if (!same_as.empty() && SameContents(same_as, contents)) {
    int rc = ::link(same_as.c_str(), path.c_str());
    if (rc != 0 && errno == ENOENT) {  // the folder is missing (or same_as went: then we write)
      std::string dir = DirName(path), ignored;
      if (!dir.empty() && MakeDirs(dir, &ignored)) rc = ::link(same_as.c_str(), path.c_str());
    }
    if (rc == 0) {
      *linked = true;
      return true;
    }
  }
  return WriteFile(path, contents, err);
}

bool RealDisk::IsFile(const std::string& path) const {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

bool RealDisk::IsDir(const std::string& path) const {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

namespace {

// True when the folder link `link` (below base) points at base or at a folder
// on its own path, so following it would walk the same files forever.
bool IsLinkLoop(const fs::path& base, const fs::path& link, const fs::path& target) {
  std::error_code ec;
  fs::path prefix = base;
  if (fs::weakly_canonical(prefix, ec) == target) return true;
  for (const fs::path& part : link.parent_path().lexically_relative(base)) {
    if (part == ".") continue;
    prefix /= part;
    if (fs::weakly_canonical(prefix, ec) == target) return true;
  }
  return false;
}

}  // namespace

std::vector<FileEntry> RealDisk::ListFiles(const std::string& root) const {
  std::vector<FileEntry> out;
  std::error_code ec;
  // Resolved first, so the test below that a link's target starts with base
  // compares two resolved paths.
  fs::path base = fs::weakly_canonical(root, ec);
  if (ec || !fs::is_directory(base, ec)) return out;
  std::string base_str = base.string() + "/";
  auto it = fs::recursive_directory_iterator(
      base, fs::directory_options::follow_directory_symlink | fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code e;  // per entry: a broken link must not end the walk
    const fs::path& p = it->path();
    // Lexically: fs::relative would resolve the symlinks in p. Every path the
    // walk yields starts with base + "/", so cutting it off is enough (and
    // much cheaper than lexically_relative on 10,000 files).
    const std::string& full = p.native();
    std::string rel = full.compare(0, base_str.size(), base_str) == 0 ? full.substr(base_str.size())
                                                                      : p.lexically_relative(base).generic_string();
    std::string name = p.filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(e)) it.disable_recursion_pending();
      continue;
    }
    // A symlink leading out of the site must never be followed or published.
    if (it->is_symlink(e)) {
      fs::path target = fs::weakly_canonical(p, e);
      std::string t = target.string();
      if (!e && it->is_directory(e) && IsLinkLoop(base, p, target)) {
        it.disable_recursion_pending();
        continue;
      }
      if (e || t.compare(0, base_str.size(), base_str) != 0) {
        out.push_back({rel, true});
        if (it->is_directory(e)) it.disable_recursion_pending();
        continue;
      }
    }
    if (it.depth() > 64) {  // a deeper loop of links inside the root
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(e)) out.push_back({rel, false});
  }
  // The walk yields the file system's own order, which differs between
  // machines; what the build does with the list must not.
  std::sort(out.begin(), out.end(), [](const FileEntry& a, const FileEntry& b) { return a.rel < b.rel; });
  return out;
}

std::vector<std::string> RealDisk::ListDir(const std::string& dir) const {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir.empty() ? "." : dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec))
    out.push_back(it->path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

bool RealDisk::MakeDirs(const std::string& path, std::string* err) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) {
    *err = "cannot create folder " + path + ": " + ec.message();
    return false;
  }
  return true;
}

bool RealDisk::Rename(const std::string& from, const std::string& to, std::string* err) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) {
    *err = "cannot rename " + from + " to " + to + ": " + ec.message();
    return false;
  }
  return true;
}

bool RealDisk::RemoveAll(const std::string& path, std::string* err) {
  // A folder's entries are removed on all cores, each subtree by one: the
  // old site of a rebuild is 10,000 files, and removing it on one thread was
  // a twentieth of a 10k-page rebuild's wall time (bench/). A symlink is
  // removed, never followed (fs::remove_all does not follow them either).
  std::error_code ec;
  std::vector<fs::path> entries;
  if (fs::is_directory(fs::symlink_status(path, ec)))
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(it->path());
  std::mutex mu;
  std::string first_error;
  if (entries.size() > 1)
    ParallelFor(entries.size(), 0, [&](int, size_t i) {
      std::error_code e;
      fs::remove_all(entries[i], e);
      std::lock_guard<std::mutex> lock(mu);
      if (e && first_error.empty()) first_error = "cannot remove " + entries[i].string() + ": " + e.message();
    });
  ec.clear();
  fs::remove_all(path, ec);
  if (ec && first_error.empty()) first_error = "cannot remove " + path + ": " + ec.message();
  if (!first_error.empty()) {
    *err = first_error;
    return false;
  }
  return true;
}

long long RealDisk::MTime(const std::string& path) const {
  std::error_code ec;
  auto t = fs::last_write_time(path, ec);
  if (ec) return -1;
  // file_clock's epoch is not the Unix epoch (libstdc++: 2174), so convert.
  auto sys = std::chrono::file_clock::to_sys(t);
  return std::chrono::duration_cast<std::chrono::nanoseconds>(sys.time_since_epoch()).count();
}

bool RealDisk::IsInside(const std::string& root, const std::string& path) const {
  std::error_code ec;
  std::string r = fs::weakly_canonical(root, ec).string();
  if (ec) return false;
  std::string p = fs::weakly_canonical(path, ec).string();
  if (ec) return false;
  // Strictly below: root itself is not inside root, nor is "/site-old" inside "/site".
  return p.size() > r.size() && p.compare(0, r.size(), r) == 0 && p[r.size()] == '/';
}

std::string RealDisk::RealPath(const std::string& path) const {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path.empty() ? "." : path, ec), ec);
  if (ec) return NormalizePath(fs::absolute(path, ec).string());
  std::string s = p.string();
  // weakly_canonical keeps the '/' that ends a path whose end does not exist
  // yet ("out/"), which would make it differ from "out".
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

bool RealDisk::IsSymlink(const std::string& path) const {
  std::error_code ec;
  return fs::is_symlink(fs::symlink_status(path, ec));
}

// ---- MemoryDisk

std::string MemoryDisk::RealPath(const std::string& path) const { return NormalizePath(path); }

bool MemoryDisk::ReadFile(const std::string& path, std::string* contents, std::string* err) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files.find(NormalizePath(path));
  if (it == files.end()) {
    *err = "cannot read " + path + ": No such file or directory";
    return false;
  }
  *contents = it->second;
  return true;
}

bool MemoryDisk::ReadFileAtMost(const std::string& path, size_t max_bytes, std::string* contents, std::string* err,
                                bool* too_big) {
  if (too_big) *too_big = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = files.find(NormalizePath(path));
    if (it != files.end() && RefuseSize(path, it->second.size(), max_bytes, err, too_big)) return false;
  }
  return ReadFile(path, contents, err);
}

bool MemoryDisk::WriteFile(const std::string& path, std::string_view contents, std::string* err) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string p = NormalizePath(path);
  if (!fail_writes_under.empty() && p.starts_with(fail_writes_under)) {
    *err = "cannot write " + path + ": injected failure";
    return false;
  }
  files[p] = std::string(contents);
  return true;
}

bool MemoryDisk::IsFile(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  return files.count(NormalizePath(path)) > 0;
}

bool MemoryDisk::IsDir(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string prefix = NormalizePath(path);
  if (prefix.empty()) return !files.empty();
  prefix += '/';
  auto it = files.lower_bound(prefix);
  return it != files.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

std::vector<FileEntry> MemoryDisk::ListFiles(const std::string& root) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<FileEntry> out;
  std::string prefix = NormalizePath(root);
  if (!prefix.empty()) prefix += '/';
  for (auto it = files.lower_bound(prefix); it != files.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    std::string rel = it->first.substr(prefix.size());
    // RealDisk's rule: a file is hidden when any part of its path is.
    bool hidden = rel[0] == '.' || rel.find("/.") != std::string::npos;
    if (!hidden) out.push_back({rel, false});
  }
  return out;
}

std::vector<std::string> MemoryDisk::ListDir(const std::string& dir) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  std::string prefix = NormalizePath(dir);
  if (!prefix.empty()) prefix += '/';
  for (auto it = files.lower_bound(prefix); it != files.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    std::string name = it->first.substr(prefix.size(), it->first.find('/', prefix.size()) - prefix.size());
    out.push_back(name);
  }
  // Paths sort as "a-b/x" < "a/y", names as "a" < "a-b": sort the names.
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Folders exist through the files below them: there is nothing to make.
bool MemoryDisk::MakeDirs(const std::string&, std::string*) { return true; }

bool MemoryDisk::Rename(const std::string& from, const std::string& to, std::string* err) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string f = NormalizePath(from), t = NormalizePath(to);
  std::map<std::string, std::string> moved;
  for (auto it = files.begin(); it != files.end();) {
    if (it->first == f || it->first.starts_with(f + "/")) {
      moved[t + it->first.substr(f.size())] = std::move(it->second);
      it = files.erase(it);
    } else {
      ++it;
    }
  }
  if (moved.empty()) {
    *err = "cannot rename " + from + ": No such file or directory";
    return false;
  }
  // Like rename(2), a file that is already there is replaced (merge() would keep it).
  for (auto& [path, data] : moved) files[path] = std::move(data);
  return true;
}

bool MemoryDisk::RemoveAll(const std::string& path, std::string*) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string p = NormalizePath(path);
  for (auto it = files.begin(); it != files.end();) {
    if (it->first == p || it->first.starts_with(p + "/"))  // not "site-old" for "site"
      it = files.erase(it);
    else
      ++it;
  }
  return true;
}

// A stand-in for the modification time that changes whenever the contents do,
// so caches keyed on it behave as on a real disk. Shifted so that it is never
// negative, which would read as "missing" (-1).
long long MemoryDisk::MTime(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files.find(NormalizePath(path));
  if (it == files.end()) return -1;
  return static_cast<long long>(std::hash<std::string>{}(it->second) >> 1);
}

}  // namespace ww

namespace ww {
// No links on a MemoryDisk: comparing normalised paths is exact.
bool MemoryDisk::IsInside(const std::string& root, const std::string& path) const {
  std::string r = NormalizePath(root), p = NormalizePath(path);
  if (p.empty()) return false;
  return r.empty() || (p.size() > r.size() && p.compare(0, r.size(), r) == 0 && p[r.size()] == '/');
}
}  // namespace ww
