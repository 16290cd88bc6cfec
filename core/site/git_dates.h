// git_dates: the date each file was last changed, from the site's git
// history, for pages that do not say so in front matter (`lastmod`).
//
// git is asked through Processes and the repository's files are read through
// Disk, so tests can stand in for a missing or failing git.
#pragma once

#include <map>
#include <string>

#include "disk.h"
#include "process.h"

namespace ww {

class GitHistory {
 public:
  GitHistory(Disk& disk, Processes& processes) : disk_(disk), processes_(processes) {}

  // Maps paths relative to site_dir ("content/rol/functie.md") to the ISO
  // date (YYYY-MM-DD) of the last commit that touched them. Never an error:
  // empty when site_dir is in no git work tree, git is not installed or fails
  // before it prints anything (what it printed before failing is used).
  // Thread-safe as far as the Processes is.
  std::map<std::string, std::string> LastChanged(const std::string& site_dir) const;

  // Something that changes whenever the history LastChanged reads may have
  // changed (a commit, checkout, reset, pull): the modification time of the
  // repository's HEAD log, after the git folder's path. "" when site_dir is in
  // no git repository; ends in "?" when the repository has no HEAD log, so
  // that it is never taken as unchanged. `wegwijzer serve` asks git again only
  // after a commit, not on every save.
  std::string Stamp(const std::string& site_dir) const;

 private:
  Disk& disk_;
  Processes& processes_;
};

// GitHistory on the real disk and processes.
std::map<std::string, std::string> LastChangedFromGit(const std::string& site_dir);
std::string GitHistoryStamp(const std::string& site_dir);

}  // namespace ww
