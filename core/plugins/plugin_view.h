// plugin_view: the site and its pages as plugins see them, as plain Values
// (docs/plugins.md, "The page table" and "wegwijzer.site"), and a page a
// plugin changed, read back in the author's key order.
//
// The page and site Values are copies: a plugin never holds a pointer into
// the SiteTree, so what it does to them changes the build only where the
// hook runner copies fields back (plugin_host's page hook).
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "site/config.h"
#include "site/content_tree.h"
#include "value.h"

namespace ww {

// A hook's page argument: title, summary, path, source, url, kind, date,
// updated (the date the page shows as last changed: `lastmod`, else git,
// else `date`), section, tags and meta (the front matter).
Value PageValue(const SiteTree& tree, const Page& page);

// wegwijzer.site: title, language, params, data, every page in reading order
// (without source and meta; with `updated` as in PageValue), the section paths, and the pages of each tag.
Value SiteValue(const SiteConfig& config, const SiteTree& tree);

// `after` (a plugin's version of `before`) with the keys of `before` in their
// old places and new keys after them: Lua tables have no key order, but the
// front matter the templates show has one. An empty table where a list was
// stays a list.
Value InAuthorOrder(const Value& before, Value after);

// What is wrong with the page a page hook gave back, or "" when nothing:
// title and summary are text (or numbers), tags a list of them, meta a
// table, and no number in meta is NaN or infinite. A wrong type is an
// error, never dropped or published as null.
std::string CheckPageFields(const Value& page);

// The site as plugins see it (SiteValue), made when the first plugin reads
// it, by whichever state on whichever thread that is: at 10,000 pages it
// takes longer than starting every plugin, and most sites have no plugin
// that reads it. Thread-safe. REQUIRES: config outlives this, and tree
// stays where it is until Get() was first called.
class LazySite {
 public:
  LazySite(const SiteConfig& config, const SiteTree& tree) : config_(config), tree_(&tree) {}
  std::shared_ptr<const Value> Get();

 private:
  std::once_flag once_;
  const SiteConfig& config_;
  const SiteTree* tree_;  // until made
  std::shared_ptr<const Value> value_;
};

// The page as hooks see it (PageValue), made when the first hook runs on
// it: most pages meet no hook at all. One thread only.
class LazyPageValue {
 public:
  LazyPageValue(const SiteTree& tree, const Page& page) : tree_(tree), page_(page) {}
  const Value& get() {
    if (!value_) value_ = PageValue(tree_, page_);
    return *value_;
  }

 private:
  const SiteTree& tree_;
  const Page& page_;
  std::optional<Value> value_;
};

}  // namespace ww
