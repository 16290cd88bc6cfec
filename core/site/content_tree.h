// content_tree: the site's pages, sections and files, gathered from the
// content sources (overlays), with their front matter, output paths, order,
// and the reading order (prev/next).
//
// Built once before any page is rendered (pages are read in parallel, the
// tree is assembled on one thread); afterwards it is read-only, so render
// workers can share it without locks.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "diagnostics.h"
#include "disk.h"
#include "site/config.h"
#include "site/overlays.h"
#include "value.h"

namespace ww {

enum class PageKind { kHome, kSection, kPage };

struct Page {
  int index = 0;
  PageKind kind = PageKind::kPage;
  std::string rel;           // within the content tree: "rol/functie.md", "rol/_index.md"
  std::string source_path;   // for messages, relative to the site dir: "content/rol/functie.md"
  std::string disk_path;     // where to read it
  std::string source_label;  // the content source it came from (overlays)
  std::string out_path;      // "rol/functie.html", "rol/index.html", "index.html"
  std::string dir;           // content folder: "rol" ("" at the top)

  Value meta = Value::MakeObject();  // front matter as written
  std::string title, summary, date, layout;
  std::string lastmod;  // last change: front matter `lastmod`, else git history, else `date`
  int64_t weight = 0;
  bool draft = false;
  bool generated = false;  // a section without _index.md
  std::vector<std::string> tags;
  std::vector<std::string> aliases;  // output paths of redirect pages
  // Markdown after the front matter; shared, so copying a page (the read
  // cache of `serve` does, for every page on every rebuild) is cheap.
  std::shared_ptr<const std::string> body = std::make_shared<const std::string>();
  size_t front_matter_hash = 0;  // of the front matter as written, for incremental builds
  size_t body_hash = 0;          // of body
  int body_line = 1;

  int parent = -1;            // the section (or home) that lists it
  std::vector<int> children;  // sections and pages in order (for home and sections)
  int prev = -1, next = -1;   // reading order
};

// The page's name in navigation (sidebar, breadcrumbs, [menu] links): its
// front matter `nav_title` when given, else its title. The page's own <h1>,
// <title> and the print edition keep the full title.
inline std::string NavTitle(const Page& p) { return p.meta.GetString("nav_title", p.title); }

// The search page the engine made because the site has none: it hangs below
// the home page but is in no navigation, reading order or print edition.
inline bool IsGeneratedSearchPage(const Page& p) { return p.generated && p.layout == "search"; }

struct StaticFile {
  std::string rel;  // "img/logo.png" (also its output path)
  std::string disk_path;
};

struct SiteTree {
  std::vector<Page> pages;                      // pages[0] is the home page
  std::unordered_map<std::string, int> by_rel;  // "rol/functie.md" → index (every link looks up here)
  std::vector<StaticFile> statics;
  std::set<std::string> static_paths;
  // The theme's files the build publishes ("assets/forms.js"), set by the
  // build before the pages are rendered: what wegwijzer.use_script may load.
  std::set<std::string> theme_assets;
  // Files the build would write but site.toml turned off: "feed.xml" →
  // "[feed] enabled = false", so a link to one says why it is missing.
  std::map<std::string, std::string> turned_off;
  Value data = Value::MakeObject();                 // data files: "1-zorgroute/trajecten" → value
  std::map<std::string, std::string> data_sources;  // data key → file, for messages
  std::vector<int> reading_order;                   // depth-first: home, section, its pages, ...
  LayeredFiles origins;  // content rel → where it comes from (DescribeOrigin says it in words)

  const Page& home() const { return pages[0]; }
};

// Pages as read from disk (front matter parsed, fields checked), by disk
// path, for the next build: a page whose file has the same modification time
// is not read again. Kept by `wegwijzer serve` between rebuilds.
struct PageReadCache {
  struct Entry {
    long long mtime = -1;
    bool ok = false;
    Page page;
    std::vector<Diagnostic> diagnostics;  // replayed, so warnings are not lost on a cache hit
  };
  std::unordered_map<std::string, Entry> by_disk_path;
};

struct TreeOptions {
  bool include_drafts = false;
  int jobs = 1;                         // threads that read pages; 0 = one per core
  PageReadCache* read_cache = nullptr;  // optional: reuse pages whose file did not change
  // Add a search page (zoeken.html, layout search) when search is on and the
  // site has none: the theme's search box leads there. Only for a theme that
  // has a search layout.
  bool add_search_page = false;
};

// Reads `page` from disk again for a rebuild after an edit. When only the
// body changed (same front matter, byte for byte), updates the body and
// returns true; otherwise returns false and leaves the page as it was (the
// caller then builds the whole tree again). Never reports: a file that does
// not read cleanly returns false, and the full build reports it.
bool ReloadBody(Disk& disk, Page* page);

// Gathers, reads and parses front matter of everything in the content
// sources. Reports problems (bad front matter, duplicate output paths, unsafe
// slugs or aliases, links out of the site) into diags; returns nullopt only
// when nothing sensible can be built.
std::optional<SiteTree> BuildContentTree(Disk& disk, const std::string& site_dir, const SiteConfig& config,
                                         const TreeOptions& options, Diagnostics* diags);

}  // namespace ww
