#include "git_dates.h"

#include <cstdio>

namespace ww {

namespace {

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

}  // namespace

std::map<std::string, std::string> LastChangedFromGit(const std::string& site_dir) {
  std::map<std::string, std::string> dates;
  // One git call for the whole history: newest first, so the first date seen
  // for a file is its last change.
  std::string cmd = "git -C " + ShellQuote(site_dir) +
                    " log --no-renames --relative --format=%x01%cs --name-only -- . 2>/dev/null";
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

}  // namespace ww
