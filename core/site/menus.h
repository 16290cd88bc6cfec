// menus: the links every page carries besides the navigation — the header
// and footer links of site.toml [menu], and the search page the search box
// leads to — resolved against the content tree once per build.
//
// A theme links no page of its own (a site may not have it); it shows these.
#pragma once

#include <string>
#include <vector>

#include "diagnostics.h"
#include "site/config.h"
#include "site/content_tree.h"

namespace ww {

struct MenuLink {
  std::string title;     // the page's nav_title, else its title
  std::string out_path;  // "over/privacy.html", relative to the site root
};

struct SiteMenus {
  std::vector<MenuLink> header, footer;
  std::string search_path;  // the search page's output path; "" without search
};

// Each [menu] entry names a page by its path in the content, as a Markdown
// link would from the top ("over/privacy.md"); an entry that names no
// published page is an error at its line in site.toml.
SiteMenus ResolveMenus(const SiteConfig& config, const SiteTree& tree, const std::string& site_toml,
                       Diagnostics* diags);

}  // namespace ww
