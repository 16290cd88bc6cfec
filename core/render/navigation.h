// navigation: each page's sidebar as HTML, bounded by what a reader can see.
//
// A page's nav holds the top-level entries (always), the path from the home
// page down to the page's section with every section on that path unfolded,
// and nothing of the other sections but their links. An unfolded section
// lists its sub-sections and at most kMaxListed pages; past that it links to
// the section page ("Alle pagina's (N)"), which lists them all. So what a
// page writes does not grow with the pages of other sections (a full sidebar
// on every page makes the output grow with pages²: 91 KB of a 100 KB page at
// 10,000 pages).
//
// Per page: top-level entries + Σ over the sections on its path of
// (sub-sections + min(pages, kMaxListed) + 1) links, plus its own link when
// the cap left it out.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "site/content_tree.h"

namespace ww {

class Navigation {
 public:
  static constexpr size_t kMaxListed = 40;

  // Reads what it needs from `tree` now (O(pages), once per build); `tree`
  // need not outlive the Navigation.
  Navigation(const SiteTree& tree, const std::string& more_label);
  // The nav HTML for `page` (a page of the tree given to the constructor),
  // with URLs relative to it and its own link marked aria-current="page".
  // Thread-safe. Each section's nav is assembled once per folder depth and
  // then copied: no work per page that grows with the site.
  std::string For(const Page& page) const;

 private:
  // One listed child of a section: `<li><a href="\x01path">Title</a>`
  // (URL as "\x01" + root-relative path), and its index when it is a
  // section that can be unfolded.
  struct Item {
    std::string open;
    int section = -1;
  };
  struct Section {
    int parent = -1;          // -1 for the home page
    std::vector<Item> items;  // children in order, pages capped at kMaxListed
    std::string more;         // the "Alle pagina's (N)" item, or empty
  };

  void Unfold(int s, const std::vector<int>& path, size_t depth, std::string& out) const;
  std::string Assemble(int s, const std::string& prefix) const;

  std::map<int, Section> sections_;  // home and every section that has children
  std::string root_open_;            // the nav-root list and its home item
  mutable std::mutex mu_;
  mutable std::map<std::pair<int, std::string>, std::string> cache_;  // (section, prefix) → nav
};

}  // namespace ww
