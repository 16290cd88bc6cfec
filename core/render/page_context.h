// page_context: the template context of each page (see docs/architecture.md
// for every name a template can use).
#pragma once

#include <string>
#include <vector>

#include "clock.h"
#include "markdown/html_render.h"
#include "plugins/plugin_host.h"
#include "render/navigation.h"
#include "render/template.h"
#include "site/config.h"
#include "site/content_tree.h"
#include "site/menus.h"
#include "value.h"

namespace ww {

class PageContextBuilder {
 public:
  // menus: the [menu] links and the search page (site/menus.h); nullptr: none.
  // build_date: the day of the build (YYYY-MM-DD, as UtcDate gives it), whose
  // year is `build_year`; the build passes the date of its own clock.
  PageContextBuilder(const SiteConfig& config, const SiteTree& tree, const Value& strings, const Navigation& nav,
                     const SiteMenus* menus = nullptr, const std::string& build_date = UtcDate(Clock::Default().Now()));

  // The context for one page. Thread-safe (reads shared state only).
  // with_nav = false leaves out `nav` (the layout never shows it: a copy of
  // the whole navigation per page is not free).
  Value For(const Page& page, std::string content_html, const std::vector<TocEntry>& toc,
            const PageExtras& extras, bool with_nav = true) const;
  // What every page's context has in common, for Theme::SetShared: the UI
  // strings (`t`), `build_year` and `generator`. For() and Redirect() leave
  // these out.
  Value Shared() const;
  // The context for a redirect page at `alias` that points to `page`.
  Value Redirect(const Page& page, const std::string& alias) const;
  // "home", "section" or "page", or the page's own layout.
  std::string LayoutFor(const Page& page, const Theme& theme) const;
  // CSS custom properties for the brand colours in site.toml.
  std::string BrandCss() const;

 private:
  Value Link(const Page& from, const Page& to) const;
  // site.has_print, print_url, has_print_section, print_section_url,
  // print_section_title: the print editions this page may offer.
  void SetPrintLinks(const Page& page, Value* site) const;

  const SiteConfig& config_;
  const SiteTree& tree_;
  const Value& strings_;
  const Navigation& nav_;
  const SiteMenus* menus_;
  Value site_;  // the parts of `site` that are the same on every page
  std::string build_year_;
};

}  // namespace ww
