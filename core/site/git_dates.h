// git_dates: the date each file was last changed, from the site's git
// history, for pages that do not say so in front matter (`lastmod`).
#pragma once

#include <map>
#include <string>

namespace ww {

// Maps paths relative to site_dir ("content/rol/functie.md") to the ISO date
// (YYYY-MM-DD) of the last commit that touched them. Empty when site_dir is
// not in a git work tree or git is not installed: never an error.
std::map<std::string, std::string> LastChangedFromGit(const std::string& site_dir);

// Something that changes whenever the history LastChangedFromGit reads may
// have changed (a commit, checkout, reset, pull): the modification time of
// the repository's HEAD log. "" when site_dir is in no git repository, so
// `wegwijzer serve` asks git again only after a commit, not on every save.
std::string GitHistoryStamp(const std::string& site_dir);

}  // namespace ww
