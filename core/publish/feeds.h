// feeds: the Atom feed of new and changed pages and the sitemap, for people
// and tools that follow the handbook for updates.
#pragma once

#include <string>

#include "site/config.h"
#include "site/content_tree.h"

namespace ww {

// feed.xml: the 50 most recently changed pages (lastmod, else date), newest first.
std::string RenderAtomFeed(const SiteTree& tree, const SiteConfig& config, const std::string& build_date);
// sitemap.xml: every page. URLs are absolute when site.toml sets base_url.
std::string RenderSitemap(const SiteTree& tree, const SiteConfig& config);
// XML-escapes text (also for attributes).
std::string EscapeXml(const std::string& s);

}  // namespace ww
