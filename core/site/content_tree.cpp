#include "site/content_tree.h"

#include <algorithm>
#include <unordered_map>

#include "nfc.h"
#include "parallel.h"
#include "site/data_format.h"
#include "site/file_names.h"
#include "site/front_matter.h"
#include "site/known_keys.h"
#include "site/overlays.h"
#include "site/page_dates.h"
#include "slug.h"
#include "utf8.h"

namespace ww {

namespace {

constexpr size_t kMaxSourceBytes = 8 * 1024 * 1024;  // a Markdown page larger than this is refused

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string StripExt(std::string_view s) {
  size_t dot = s.rfind('.');
  size_t slash = s.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return std::string(s);
  return std::string(s.substr(0, dot));
}

// The line of front matter field `key` in the page's file, for messages
// (front matter starts on line 2); 2 when it cannot be found.
int FieldLine(Disk& disk, const Page& p, std::string_view key) {
  std::string raw, err;
  if (!disk.ReadFile(p.disk_path, &raw, &err)) return 2;
  std::string text = CleanSource(raw);
  size_t start = text.find('\n');
  if (start == std::string::npos) return 2;
  std::string_view block = std::string_view(text).substr(start + 1);
  size_t len = 0;  // lines 2 .. body_line - 2; the closing fence is on body_line - 1
  for (int line = 2; line < p.body_line - 1; ++line) {
    size_t eol = block.find('\n', len);
    len = eol == std::string_view::npos ? block.size() : eol + 1;
  }
  DataFormat format = text.compare(0, 3, "+++") == 0 ? DataFormat::kToml : DataFormat::kYaml;
  int line = FindKeyLine(block.substr(0, len), format, key);
  return line > 0 ? line + 1 : 2;
}

// Reads one page's front matter and checks the fields Wegwijzer knows.
bool ReadPage(Disk& disk, Page* p, Diagnostics* diags) {
  std::string raw, err;
  bool too_big = false;
  if (!disk.ReadFileAtMost(p->disk_path, kMaxSourceBytes, &raw, &err, &too_big)) {
    diags->Error(p->source_path, 0, 0,
                 too_big ? err + "; pages may be at most 8 MB: split it into several pages" : err);
    return false;
  }
  if (size_t bad = FindInvalidUtf8(raw); bad != std::string::npos) {
    int line, col;
    LineColOf(raw, bad, &line, &col);
    diags->Error(p->source_path, line, col, "invalid UTF-8 byte; save the file as UTF-8 (Unicode) in your editor");
    return false;
  }
  std::string text = ToNfc(CleanSource(std::move(raw)));  // raw is not read again
  auto fm = SplitFrontMatter(text, p->source_path, diags);
  if (!fm) return false;
  p->meta = fm->data;
  // Without a title in the front matter, a first "# heading" is the title
  // (and leaves the body). It counts as front matter for a rebuild: a new
  // heading is a new title, which the navigation of every page shows.
  std::string_view body = fm->body;
  int body_line = fm->body_line;
  std::string heading_title;
  if (const Value* t = p->meta.Get("title"); !t || (t->is_string() && t->as_string().empty()))
    heading_title = TakeTitleHeading(body, &body, &body_line);
  p->front_matter_hash =
      std::hash<std::string_view>{}(std::string_view(text).substr(0, static_cast<size_t>(body.data() - text.data())));
  p->body = std::make_shared<const std::string>(body);
  p->body_hash = std::hash<std::string_view>{}(body);
  p->body_line = body_line;

  auto type_error = [&](const char* field, const char* want, const Value& got) {
    diags->Error(p->source_path, FieldLine(disk, *p, field), 1,
                 std::string("front matter field '") + field + "' must be " + want + ", not " + got.type_name());
  };
  bool ok = true;
  for (const auto& [key, v] : p->meta.as_object()) {
    if (key == "title" || key == "summary" || key == "layout" || key == "slug" || key == "description") {
      if (!v.is_string() && !v.is_number()) {
        type_error(key.c_str(), "text", v);
        ok = false;
      }
    } else if (key == "weight") {
      if (!v.is_int()) {
        type_error("weight", "a whole number", v);
        ok = false;
      }
    } else if (key == "draft" || key == "hidden") {
      if (!v.is_bool()) {
        type_error(key.c_str(), "true or false", v);
        ok = false;
      }
    } else if (key == "tags" || key == "aliases") {
      bool list_ok = v.is_array();
      if (list_ok)
        for (const Value& e : v.as_array()) list_ok &= e.is_string();
      if (!list_ok) {
        type_error(key.c_str(), "a list of texts, like [a, b]", v);
        ok = false;
      }
    } else if (key == "date" || key == "lastmod") {
      if (!v.is_string()) {
        type_error(key.c_str(), "a date like 2024-01-31", v);
        ok = false;
      }
    } else if (std::string near = FrontMatterSuggestion(key); !near.empty()) {
      diags->Warning(p->source_path, FieldLine(disk, *p, key), 1,
                     "unknown front matter field '" + key + "' is ignored; did you mean '" + near + "'?");
    }
  }
  if (!ok) return false;
  p->title = p->meta.GetString("title");
  p->summary = p->meta.GetString("summary", p->meta.GetString("description"));
  p->date = p->meta.GetString("date");
  p->lastmod = p->meta.GetString("lastmod");
  // A date that is no date is left out (page, feed, sitemap), and said.
  for (auto [field, value] : {std::pair{"date", &p->date}, std::pair{"lastmod", &p->lastmod}}) {
    std::string fix;
    if (value->empty() || CheckDate(*value, &fix)) continue;
    diags->Warning(p->source_path, FieldLine(disk, *p, field), 1,
                   std::string(field) + ": " + fix + "; until then the page is shown without this date");
    value->clear();
  }
  p->layout = p->meta.GetString("layout");
  p->weight = p->meta.GetInt("weight");
  p->draft = p->meta.GetBool("draft");
  if (const Value* t = p->meta.Get("tags"))
    for (const Value& e : t->as_array()) p->tags.push_back(e.as_string());
  if (p->title.empty()) p->title = heading_title;
  if (p->title.empty()) {
    std::string stem = BaseName(StripExt(p->rel));
    if (stem == "_index") stem = BaseName(p->dir);
    p->title = stem.empty() ? "Start" : TitleFromFileName(stem);
    // A page that only hides its base version (overlays) needs no title.
    if (!p->meta.GetBool("hidden"))
      diags->Warning(p->source_path, 1, 1,
                     "page has no title; add 'title: ...' to its front matter, or begin the text with '# Title'");
  }
  return true;
}

}  // namespace

bool ReloadBody(Disk& disk, Page* page) {
  Page fresh;
  fresh.rel = page->rel;
  fresh.source_path = page->source_path;
  fresh.disk_path = page->disk_path;
  fresh.source_label = page->source_label;
  fresh.dir = page->dir;
  Diagnostics local;
  if (!ReadPage(disk, &fresh, &local) || local.ErrorCount() > 0) return false;
  if (fresh.front_matter_hash != page->front_matter_hash) return false;
  page->body = std::move(fresh.body);
  page->body_hash = fresh.body_hash;
  page->body_line = fresh.body_line;
  return true;
}

std::optional<SiteTree> BuildContentTree(Disk& disk, const std::string& site_dir, const SiteConfig& config,
                                         const TreeOptions& options, Diagnostics* diags) {
  // 1. Gather (overlays.h): later sources replace files with the same path.
  SiteTree tree;
  std::vector<Layer> layers;
  for (const Layer& l : ContentLayers(site_dir, config)) {
    if (disk.IsDir(l.dir)) {
      if (LayerInsideSite(disk, site_dir, l, diags)) layers.push_back(l);
    } else
      diags->Error(JoinPath(l.display, ""), 0, 0,
                   "content folder is missing; create it, or fix content.sources in site.toml");
  }
  if (layers.empty()) return std::nullopt;
  LayeredFiles files = CheckFileNames(MergeLayers(disk, layers, true, diags), diags);

  // 2. Read pages (in parallel: reading and parsing front matter is most of
  //    this step), then sort pages, data and static files on one thread.
  std::vector<Page> read;
  // (A Page is large: growing the vector moves them all. The section pages
  // made in step 3 are added to this vector too.)
  read.reserve(files.size() + 64);
  for (auto& [rel, g] : files) {
    if (!EndsWith(rel, ".md")) continue;
    Page& p = read.emplace_back();
    p.rel = rel;
    p.source_path = g.display;
    p.disk_path = g.disk_path;
    p.source_label = g.label;
    p.dir = DirName(rel);
  }
  std::vector<char> read_ok(read.size(), 0);
  std::vector<long long> mtimes(read.size(), -1);
  std::vector<char> hit(read.size(), 0);  // taken from the cache unchanged
  std::vector<std::vector<Diagnostic>> read_diags(read.size());
  PageReadCache* cache = options.read_cache;
  ParallelFor(read.size(), options.jobs, [&](int, size_t i) {
    if (cache) {
      mtimes[i] = disk.MTime(read[i].disk_path);
      auto it = cache->by_disk_path.find(read[i].disk_path);  // read-only while workers run
      if (it != cache->by_disk_path.end() && it->second.mtime == mtimes[i] && mtimes[i] >= 0 &&
          it->second.page.source_path == read[i].source_path) {
        hit[i] = 1;
        read[i] = it->second.page;
        read_ok[i] = it->second.ok;
        read_diags[i] = it->second.diagnostics;
        return;
      }
    }
    Diagnostics local;
    read_ok[i] = ReadPage(disk, &read[i], &local);
    read_diags[i] = local.Sorted();
  });
  std::unordered_map<std::string, PageReadCache::Entry> fresh;  // pages that are gone drop out
  for (size_t i = 0; i < read.size(); ++i) {
    for (const Diagnostic& d : read_diags[i]) diags->Add(d);
    if (!cache || mtimes[i] < 0) continue;
    if (hit[i])
      fresh.insert(cache->by_disk_path.extract(read[i].disk_path));  // unchanged: keep the entry, no copy
    else
      fresh[read[i].disk_path] = {mtimes[i], read_ok[i] != 0, read[i], read_diags[i]};
  }
  if (cache) cache->by_disk_path = std::move(fresh);

  // The pages that are published are moved to the front of `read`, in place:
  // a Page is large, and another vector of them would be fresh memory
  // (page faults) and 10,000 moves more.
  std::set<std::string> section_dirs;
  size_t next_read = 0, kept = 0;
  for (auto& [rel, g] : files) {
    if (EndsWith(rel, ".md")) {
      Page& p = read[next_read];
      bool ok = read_ok[next_read++];
      if (!ok) continue;
      bool is_index = BaseName(rel) == "_index.md";
      if (p.meta.GetBool("hidden")) continue;  // an overlay hides this page
      if (p.draft && !options.include_drafts) continue;
      if (is_index) {
        p.kind = p.dir.empty() ? PageKind::kHome : PageKind::kSection;
        p.out_path = p.dir.empty() ? "index.html" : p.dir + "/index.html";
        section_dirs.insert(p.dir);
      } else {
        std::string stem = BaseName(StripExt(rel));
        if (const Value* s = p.meta.Get("slug")) {
          std::string slug = s->ToText();
          if (slug.empty() || slug.find('/') != std::string::npos || slug.find("..") != std::string::npos ||
              slug[0] == '.') {
            diags->Error(p.source_path, FieldLine(disk, p, "slug"), 1,
                         "slug \"" + slug + "\" must be one plain name without '/' or '..', like \"mijn-pagina\"");
            continue;
          }
          stem = slug;
        }
        if (stem == "index") {
          diags->Error(p.source_path, 1, 1,
                       "a page named index.md would overwrite its section's page; rename it, or use _index.md for "
                       "the section's own text");
          continue;
        }
        p.out_path = JoinPath(p.dir, stem + ".html");
      }
      if (&read[kept] != &p) read[kept] = std::move(p);
      ++kept;
    } else if (DataFormat fmt; DataFormatFromPath(rel, &fmt)) {
      std::string text, err;
      bool too_big = false;
      if (!disk.ReadFileAtMost(g.disk_path, kMaxSourceBytes, &text, &err, &too_big)) {
        diags->Error(g.display, 0, 0,
                     too_big ? err + "; data files may be at most 8 MB: split it into several files" : err);
        continue;
      }
      if (size_t bad = FindInvalidUtf8(text); bad != std::string::npos) {
        int line, col;
        LineColOf(text, bad, &line, &col);
        diags->Error(g.display, line, col, "invalid UTF-8 byte; save the file as UTF-8");
        continue;
      }
      if (auto v = ParseData(ToNfc(CleanSource(text)), fmt, g.display, 0, diags)) {
        std::string key = StripExt(rel);
        tree.data.Set(key, std::move(*v));
        tree.data_sources[key] = g.display;
      }
    } else {
      tree.statics.push_back({rel, g.disk_path});
      tree.static_paths.insert(rel);
    }
  }

  read.erase(read.begin() + static_cast<std::ptrdiff_t>(kept), read.end());
  std::vector<Page> pages = std::move(read);

  // 3. Sections for every folder that holds pages, also without an _index.md.
  // By index: the loop appends to `pages` (the new sections' folders are
  // covered by the inner loop).
  for (size_t i = 0, n = pages.size(); i < n; ++i)
    for (std::string d = pages[i].dir;; d = DirName(d)) {
      if (!section_dirs.count(d)) {
        Page s;
        s.kind = d.empty() ? PageKind::kHome : PageKind::kSection;
        s.rel = JoinPath(d, "_index.md");
        s.dir = d;
        s.source_path = JoinPath(config.sources.back().dir, s.rel);
        s.out_path = d.empty() ? "index.html" : d + "/index.html";
        s.generated = true;
        s.title = d.empty() ? config.title : TitleFromFileName(BaseName(d));
        section_dirs.insert(d);
        pages.push_back(std::move(s));
      }
      if (d.empty()) break;
    }
  if (pages.empty()) {
    Page home;
    home.kind = PageKind::kHome;
    home.rel = "_index.md";
    home.out_path = "index.html";
    home.title = config.title;
    home.generated = true;
    pages.push_back(std::move(home));
  }
  // The search box of every page leads to the site's search page (layout:
  // search). A site without one gets it from the engine, so a theme works for
  // any site; it is reached from the box, not listed in the navigation.
  if (config.search && options.add_search_page) {
    const std::string search_rel = config.language == "en" ? "search.md" : "zoeken.md";
    bool has_search = false;  // (a page of that name with another layout is the author's choice)
    for (const Page& p : pages) has_search |= p.layout == "search" || p.rel == search_rel;
    if (!has_search) {
      Page s;
      s.rel = search_rel;
      s.source_path = JoinPath(config.sources.back().dir, s.rel);
      s.out_path = StripExt(search_rel) + ".html";
      s.title = config.language == "en" ? "Search" : "Zoeken";
      s.layout = "search";
      s.meta.Set("nosearch", true);
      s.generated = true;
      pages.push_back(std::move(s));
    }
  }

  // Home first, then by path: stable indices for a stable build.
  // (Sorted by index, then each page moved once, cycle by cycle, in place.)
  {
    std::vector<size_t> order(pages.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
      const Page& a = pages[x];
      const Page& b = pages[y];
      if ((a.kind == PageKind::kHome) != (b.kind == PageKind::kHome)) return a.kind == PageKind::kHome;
      return a.rel < b.rel;
    });
    std::vector<char> placed(pages.size(), 0);  // pages[j] is to become the old pages[order[j]]
    for (size_t i = 0; i < pages.size(); ++i) {
      if (placed[i]) continue;
      Page first = std::move(pages[i]);
      for (size_t j = i;;) {
        placed[j] = 1;
        size_t from = order[j];
        if (from == i) {
          pages[j] = std::move(first);
          break;
        }
        pages[j] = std::move(pages[from]);
        j = from;
      }
    }
  }
  std::map<std::string, int> section_of_dir;
  std::map<std::string, int> by_out;
  for (size_t i = 0; i < pages.size(); ++i) {
    Page& p = pages[i];
    p.index = static_cast<int>(i);
    tree.by_rel[p.rel] = p.index;
    if (p.kind != PageKind::kPage) section_of_dir[p.dir] = p.index;
  }

  // 4. Output paths must be unique; aliases must stay inside the site.
  // `field`: the front-matter field that chose the path, for the message's line.
  auto claim = [&](const std::string& out, int owner, const std::string& what, const char* field) {
    auto [it, added] = by_out.emplace(out, owner);
    if (!added) {
      const Page& p = pages[owner];
      diags->Error(p.source_path, p.meta.Get(field) ? FieldLine(disk, p, field) : 1, 1,
                   what + " " + out + " is also written by " + pages[it->second].source_path +
                       "; give one of them another file name or slug");
    }
    if (tree.static_paths.count(out))
      diags->Error(pages[owner].source_path, 1, 1, what + " " + out + " would overwrite a file with the same name");
  };
  for (Page& p : pages) {
    claim(p.out_path, p.index, "output file", "slug");
    if (const Value* a = p.meta.Get("aliases")) {
      for (const Value& e : a->as_array()) {
        std::string alias = e.as_string();
        while (!alias.empty() && alias[0] == '/') alias.erase(0, 1);
        std::string norm = NormalizePath(alias);
        if (norm.empty() || alias.find("..") != std::string::npos) {
          diags->Error(p.source_path, FieldLine(disk, p, "aliases"), 1,
                       "alias \"" + e.as_string() + "\" leads outside the site; use a path like \"oud/pagina\"");
          continue;
        }
        if (!EndsWith(norm, ".html")) norm += ".html";
        claim(norm, p.index, "alias", "aliases");
        p.aliases.push_back(norm);
      }
    }
  }

  // 5. Parents and children, ordered by weight (unweighted last), then title.
  for (Page& p : pages) {
    if (p.kind == PageKind::kHome) continue;
    std::string parent_dir = p.kind == PageKind::kSection ? DirName(p.dir) : p.dir;
    p.parent = section_of_dir.at(parent_dir);
  }
  for (Page& p : pages)
    if (p.parent >= 0 && !IsGeneratedSearchPage(p)) pages[p.parent].children.push_back(p.index);
  for (Page& p : pages) {
    std::sort(p.children.begin(), p.children.end(), [&](int a, int b) {
      const Page& x = pages[a];
      const Page& y = pages[b];
      bool xw = x.weight != 0, yw = y.weight != 0;
      if (xw != yw) return xw;
      if (x.weight != y.weight) return x.weight < y.weight;
      if (x.title != y.title) return x.title < y.title;
      return x.rel < y.rel;
    });
  }

  // 6. Reading order: depth first, a section before its pages.
  std::vector<int> stack = {0};
  while (!stack.empty()) {
    int i = stack.back();
    stack.pop_back();
    tree.reading_order.push_back(i);
    const auto& ch = pages[i].children;
    for (auto it = ch.rbegin(); it != ch.rend(); ++it) stack.push_back(*it);
  }
  for (size_t k = 0; k < tree.reading_order.size(); ++k) {
    Page& p = pages[tree.reading_order[k]];
    if (k > 0) p.prev = tree.reading_order[k - 1];
    if (k + 1 < tree.reading_order.size()) p.next = tree.reading_order[k + 1];
  }
  tree.pages = std::move(pages);
  tree.origins = std::move(files);  // (last: the steps above read it)
  return tree;
}

}  // namespace ww
