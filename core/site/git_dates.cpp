#include "site/git_dates.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace ww {

namespace {

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

}  // namespace

std::map<std::string, std::string> LastChangedFromGit(const std::string& site_dir) {
  std::map<std::string, std::string> dates;
  // One git call for the whole history: newest first, so the first date seen
  // for a file is its last change.
  std::string cmd =
      "git -C " + ShellQuote(site_dir) + " log --no-renames --relative --format=%x01%cs --name-only -- . 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return dates;
  char buf[4096];
  std::string current;
  while (std::fgets(buf, sizeof buf, p)) {
    std::string line(buf);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '\x01') {
      current = line.substr(1);
      continue;
    }
    if (!current.empty()) dates.emplace(line, current);
  }
  pclose(p);
  return dates;
}

std::string GitHistoryStamp(const std::string& site_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = fs::absolute(site_dir.empty() ? "." : site_dir, ec).lexically_normal();
  if (ec) return "";
  if (!dir.has_filename()) dir = dir.parent_path();  // "/a/b/" → "/a/b"
  for (;;) {
    std::error_code e;
    fs::path dot_git = dir / ".git";
    fs::path git_dir;
    if (fs::is_directory(dot_git, e)) {
      git_dir = dot_git;
    } else if (fs::is_regular_file(dot_git, e)) {  // a worktree: "gitdir: PATH"
      std::ifstream in(dot_git);
      std::string line;
      std::getline(in, line);
      if (line.rfind("gitdir: ", 0) != 0) return "";
      git_dir = fs::path(line.substr(8));
      if (git_dir.is_relative()) git_dir = dir / git_dir;
    }
    if (!git_dir.empty()) {
      auto t = fs::last_write_time(git_dir / "logs" / "HEAD", e);
      if (e) return git_dir.string() + ":?";  // no reflog: never treated as unchanged
      return git_dir.string() + ":" + std::to_string(t.time_since_epoch().count());
    }
    if (!dir.has_relative_path()) return "";  // reached the root
    dir = dir.parent_path();
  }
}

}  // namespace ww
