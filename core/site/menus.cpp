#include "site/menus.h"

namespace ww {

namespace {

// Entries are looked up in the tree, not on disk: a page that is a draft,
// hidden by an overlay or missing is no page of the built site, and its link
// would lead nowhere.
std::vector<MenuLink> Resolve(const std::vector<std::string>& entries, const char* key, int line, const SiteTree& tree,
                              const std::string& site_toml, Diagnostics* diags) {
  std::vector<MenuLink> links;
  for (const std::string& entry : entries) {
    std::string rel = NormalizePath(entry);
    auto it = tree.by_rel.find(rel);
    // "over/" or "over" mean the section, as they would in a link.
    if (it == tree.by_rel.end()) it = tree.by_rel.find(JoinPath(rel, "_index.md"));
    if (it == tree.by_rel.end()) {
      diags->Error(site_toml, line, 0,
                   std::string("[menu] ") + key + " names \"" + entry +
                       "\", which is no page of the site; write a content path like \"over/privacy.md\", create "
                       "the page, or remove the entry");
      continue;
    }
    const Page& p = tree.pages[it->second];
    std::string title = NavTitle(p);
    links.push_back({title, p.out_path});
  }
  return links;
}

}  // namespace

SiteMenus ResolveMenus(const SiteConfig& config, const SiteTree& tree, const std::string& site_toml,
                       Diagnostics* diags) {
  SiteMenus m;
  m.header = Resolve(config.menu_header, "header", config.menu_header_line, tree, site_toml, diags);
  m.footer = Resolve(config.menu_footer, "footer", config.menu_footer_line, tree, site_toml, diags);
  // The page with layout search wins; the site's own zoeken.html (another
  // layout, the author's choice) is the fallback the search box has always
  // led to. Without search there is no box, so no target.
  if (config.search) {
    const std::string own = config.language == "en" ? "search.html" : "zoeken.html";
    for (const Page& p : tree.pages)
      if (p.layout == "search" || (m.search_path.empty() && p.out_path == own)) {
        m.search_path = p.out_path;
        if (p.layout == "search") break;
      }
  }
  return m;
}

}  // namespace ww
