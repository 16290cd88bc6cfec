#include "site/git_dates.h"

#include <filesystem>

namespace ww {

std::map<std::string, std::string> GitHistory::LastChanged(const std::string& site_dir) const {
  std::map<std::string, std::string> dates;
  // One git call for the whole history: newest first, so the first date seen
  // for a file is its last change. Each commit is a line "\x01DATE" followed
  // by the names of the files it touched.
  std::string log, err;
  processes_.Run(
      {"git", "-C", site_dir, "log", "--no-renames", "--relative", "--format=%x01%cs", "--name-only", "--", "."}, &log,
      &err);
  std::string current;
  size_t pos = 0;
  while (pos < log.size()) {
    size_t end = log.find('\n', pos);
    if (end == std::string::npos) end = log.size();
    std::string line = log.substr(pos, end - pos);
    pos = end + 1;
    while (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '\x01') {
      current = line.substr(1);
      continue;
    }
    if (!current.empty()) dates.emplace(line, current);
  }
  return dates;
}

std::string GitHistory::Stamp(const std::string& site_dir) const {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::absolute(site_dir.empty() ? "." : site_dir, ec).lexically_normal();
  if (ec) return "";
  if (!dir.has_filename()) dir = dir.parent_path();  // "/a/b/" → "/a/b"
  for (;;) {
    fs::path dot_git = dir / ".git";
    fs::path git_dir;
    if (disk_.IsDir(dot_git.string())) {
      git_dir = dot_git;
    } else if (disk_.IsFile(dot_git.string())) {  // a worktree: "gitdir: PATH"
      std::string text, err;
      disk_.ReadFile(dot_git.string(), &text, &err);
      std::string line = text.substr(0, text.find('\n'));
      if (!line.starts_with("gitdir: ")) return "";
      git_dir = fs::path(line.substr(8));
      if (git_dir.is_relative()) git_dir = dir / git_dir;
    }
    // Every commit, checkout, reset and pull adds a line to logs/HEAD, so its
    // time moves with the history. The stamp is only compared with the last
    // one in the same process, never shown or stored.
    if (!git_dir.empty()) {
      long long t = disk_.MTime((git_dir / "logs" / "HEAD").string());
      if (t < 0) return git_dir.string() + ":?";
      return git_dir.string() + ":" + std::to_string(t);
    }
    if (!dir.has_relative_path()) return "";  // reached the root
    dir = dir.parent_path();
  }
}

std::map<std::string, std::string> LastChangedFromGit(const std::string& site_dir) {
  RealDisk disk;
  return GitHistory(disk, Processes::Default()).LastChanged(site_dir);
}

std::string GitHistoryStamp(const std::string& site_dir) {
  RealDisk disk;
  return GitHistory(disk, Processes::Default()).Stamp(site_dir);
}

}  // namespace ww
