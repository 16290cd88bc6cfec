#include "disk.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

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

// ---- RealDisk

bool RealDisk::ReadFile(const std::string& path, std::string* contents, std::string* err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *err = "cannot read " + path + ": " + std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  *contents = std::move(ss).str();
  return true;
}

bool RealDisk::WriteFile(const std::string& path, std::string_view contents, std::string* err) {
  std::string dir = DirName(path);
  if (!dir.empty() && !MakeDirs(dir, err)) return false;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    *err = "cannot write " + path + ": " + std::strerror(errno);
    return false;
  }
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) {
    *err = "cannot write " + path + " (disk full?)";
    return false;
  }
  return true;
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
  fs::path base = fs::weakly_canonical(root, ec);
  if (ec || !fs::is_directory(base, ec)) return out;
  std::string base_str = base.string() + "/";
  auto it = fs::recursive_directory_iterator(
      base, fs::directory_options::follow_directory_symlink | fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code e;  // per entry: a broken link must not end the walk
    const fs::path& p = it->path();
    // Lexically: fs::relative would resolve the symlinks in p.
    std::string rel = p.lexically_relative(base).generic_string();
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
  std::sort(out.begin(), out.end(), [](const FileEntry& a, const FileEntry& b) { return a.rel < b.rel; });
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
  std::error_code ec;
  fs::remove_all(path, ec);
  if (ec) {
    *err = "cannot remove " + path + ": " + ec.message();
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
  return p.size() > r.size() && p.compare(0, r.size(), r) == 0 && p[r.size()] == '/';
}

// ---- MemoryDisk

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

bool MemoryDisk::WriteFile(const std::string& path, std::string_view contents, std::string* err) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string p = NormalizePath(path);
  if (!fail_writes_under.empty() && p.rfind(fail_writes_under, 0) == 0) {
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
    bool hidden = rel[0] == '.' || rel.find("/.") != std::string::npos;
    if (!hidden) out.push_back({rel, false});
  }
  return out;
}

bool MemoryDisk::MakeDirs(const std::string&, std::string*) { return true; }

bool MemoryDisk::Rename(const std::string& from, const std::string& to, std::string* err) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string f = NormalizePath(from), t = NormalizePath(to);
  std::map<std::string, std::string> moved;
  for (auto it = files.begin(); it != files.end();) {
    if (it->first == f || it->first.rfind(f + "/", 0) == 0) {
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
    if (it->first == p || it->first.rfind(p + "/", 0) == 0) it = files.erase(it);
    else ++it;
  }
  return true;
}

long long MemoryDisk::MTime(const std::string& path) const { return IsFile(path) ? 1 : -1; }

}  // namespace ww

namespace ww {
bool MemoryDisk::IsInside(const std::string& root, const std::string& path) const {
  std::string r = NormalizePath(root), p = NormalizePath(path);
  if (p.empty()) return false;
  return r.empty() || (p.size() > r.size() && p.compare(0, r.size(), r) == 0 && p[r.size()] == '/');
}
}  // namespace ww
