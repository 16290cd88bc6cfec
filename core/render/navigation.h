// navigation: the site's navigation tree as HTML, rendered once per build.
//
// The tree is rendered once with root-relative URLs; each page gets it with
// its own relative prefix and its own entry marked aria-current="page". Large
// sections are not listed in full in every sidebar (that makes the output
// grow with pages²): past kMaxListed pages the sidebar links to the section
// page, which lists them all.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "site/content_tree.h"

namespace ww {

class Navigation {
 public:
  static constexpr size_t kMaxListed = 40;

  Navigation(const SiteTree& tree, const std::string& more_label);
  // The nav HTML for `page`: its links relative to it, its own entry marked
  // aria-current. Thread-safe.
  std::string For(const Page& page) const;

 private:
  std::string html_;  // URLs written as "\x01" + root-relative path
  mutable std::mutex mu_;
  mutable std::map<std::string, std::string> by_prefix_;  // cache per folder depth
};

}  // namespace ww
