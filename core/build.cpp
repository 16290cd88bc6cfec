#include "build.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <future>
#include <iterator>
#include <mutex>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "markdown/html_render.h"
#include "markdown/links.h"
#include "markdown/markdown.h"
#include "parallel.h"
#include "plugins/plugin_host.h"
#include "publish/feeds.h"
#include "publish/output.h"
#include "publish/print_edition.h"
#include "render/i18n.h"
#include "render/navigation.h"
#include "render/page_context.h"
#include "render/template.h"
#include "search/search_index.h"
#include "search/search_text.h"
#include "site/config.h"
#include "site/content_tree.h"
#include "site/git_dates.h"
#include "site/menus.h"
#include "site/overlays.h"

namespace ww {

namespace {

// Everything a page's output can depend on besides its own body: settings,
// theme, plugins, data, static files and every page's front matter (titles and
// order show up in every page's navigation). Taken before the plugins' page
// hooks run: when it is unchanged, so are their results.
size_t SkeletonHash(Disk& disk, const BuildOptions& opt, const SiteConfig& config, const ThemeFiles& theme,
                    const PluginHost& plugins, const SiteTree& tree) {
  std::string s = config.raw.ToJson();
  s += opt.include_drafts ? "|drafts" : "|";
  for (const auto& [rel, f] : theme.files) s += "|" + f.display + ":" + std::to_string(disk.MTime(f.disk_path));
  for (const PluginInfo& p : plugins.plugins()) s += "|" + p.path + ":" + p.source;
  s += tree.data.ToJson();
  for (const StaticFile& f : tree.statics) s += "|" + f.rel + ":" + std::to_string(disk.MTime(f.disk_path));
  for (const Page& p : tree.pages) {
    s += "|" + p.rel + ">" + p.out_path + ":" + p.source_path + ":" + p.lastmod + ":" + std::to_string(p.parent) + ":" +
         std::to_string(p.front_matter_hash) + ":" + (p.generated ? "g" : "");
    for (const std::string& a : p.aliases) s += "," + a;
  }
  return std::hash<std::string>{}(s);
}

// The folders a build reads: the output folder must keep clear of them.
std::vector<GuardedFolder> GuardedFolders(const BuildOptions& opt, const SiteConfig& config) {
  std::vector<GuardedFolder> g{{opt.site_dir, "the site folder", true},
                               {JoinPath(opt.site_dir, "themes"), "the site's themes folder"},
                               {JoinPath(opt.site_dir, "plugins"), "the site's plugins folder"}};
  for (const ContentSource& s : config.sources) g.push_back({JoinPath(opt.site_dir, s.dir), "the content source"});
  if (!opt.builtin_themes_dir.empty()) g.push_back({opt.builtin_themes_dir, "the built-in themes folder"});
  if (!opt.builtin_plugins_dir.empty()) g.push_back({opt.builtin_plugins_dir, "the built-in plugins folder"});
  return g;
}

double ProcessCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

std::string Today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

constexpr size_t kSearchShardPages = 500;

BuildCache::BuildCache() = default;
BuildCache::~BuildCache() = default;

// What one page contributed to the site-wide parts, kept for the next build.
struct BuildCache::PageEntry {
  size_t body_hash = 0;
  std::set<std::string> anchors;
  std::vector<AnchorRef> anchor_refs;
  std::vector<ExternalLink> external;
  PreparedSearchDoc search;  // only with a cache (serve): for rebuilding its shard
  size_t search_text_bytes = 0;
  bool searchable = false;
  std::string print_body;
};

BuildResult Build(const BuildOptions& opt, Disk& disk, Diagnostics* diags) {
  auto t0 = std::chrono::steady_clock::now();
  auto lap = t0;
  double lap_cpu = ProcessCpuMs();
  // `--timings`: where the time goes, step by step (bench/README.md uses it).
  // CPU time is shown beside wall time: on a busy machine only it is steady.
  auto step = [&](const char* name) {
    if (!opt.timings) return;
    auto now = std::chrono::steady_clock::now();
    double cpu = ProcessCpuMs();
    std::fprintf(stderr, "  %-28s %8.1f ms wall %8.1f ms CPU\n", name,
                 std::chrono::duration<double, std::milli>(now - lap).count(), cpu - lap_cpu);
    lap = now;
    lap_cpu = cpu;
  };
  BuildResult result;
  std::string out_dir = opt.out_dir.empty() ? DefaultOutDir(opt.site_dir) : opt.out_dir;

  // 1. Configuration, the output folder's safety, theme and UI strings.
  auto config = LoadConfig(disk, opt.site_dir, diags);
  if (!config) return result;
  if (std::string err; !CheckOutputFolder(disk, out_dir, GuardedFolders(opt, *config), opt.force_output, &err)) {
    diags->Error("", 0, 0, err);
    result.refused_output = true;
    return result;
  }
  // The theme's files come from every layer that has them (overlays.h).
  auto theme_files = GatherTheme(disk, opt.site_dir, *config, opt.builtin_themes_dir, diags);
  if (!theme_files) return result;
  auto theme = Theme::Load(disk, *theme_files, diags);
  Value strings = LoadStrings(disk, *theme_files, config->language, diags);

  step("config, theme, strings");
  // 2. Plugins: built-in ones, then the site's and each content source's (overlays.h).
  auto plugins = PluginHost::Load(disk, *config, opt.site_dir, opt.builtin_plugins_dir, diags);

  step("plugins loaded");
  // 3. Gather content (overlays), read front matter, order the tree.
  int jobs = JobCount(opt.jobs);
  // After an edit of page bodies only (serve says which files changed), the
  // last build's tree is reused with those bodies read again: no walk over
  // every file, and every later step knows nothing else changed.
  std::optional<SiteTree> tree;
  bool bodies_only = false;
  // "" = the site is in no git repository: then there are no dates to ask git for.
  std::string git_stamp = opt.use_git_dates ? GitHistoryStamp(opt.site_dir) : "";
  if (opt.cache && opt.cache->tree && opt.cache->host && opt.changed_paths && !opt.changed_paths->empty() &&
      git_stamp == opt.cache->git_stamp && disk.IsDir(out_dir)) {
    bodies_only = true;
    std::vector<std::pair<int, Page>> reloaded;
    for (const std::string& path : *opt.changed_paths) {
      auto it = opt.cache->page_by_path.find(path);
      if (it == opt.cache->page_by_path.end()) {
        bodies_only = false;
        break;
      }
      Page p = opt.cache->tree->pages[it->second];
      if (!ReloadBody(disk, &p)) {
        bodies_only = false;
        break;
      }
      reloaded.emplace_back(it->second, std::move(p));
    }
    if (bodies_only) {
      tree = std::move(opt.cache->tree);
      opt.cache->tree.reset();
      for (auto& [index, p] : reloaded) {
        tree->pages[index] = std::move(p);
        opt.cache->reads.by_disk_path.erase(tree->pages[index].disk_path);  // read again on a full build
      }
      for (const auto& [path, entry] : opt.cache->reads.by_disk_path)  // the same warnings as last time
        for (const Diagnostic& d : entry.diagnostics) diags->Add(d);
    }
  }
  // The dates from git come from a git process: asked for now, read after
  // the content (the build does not wait for git while it reads files).
  bool git_cached = opt.cache && !git_stamp.empty() && git_stamp.back() != '?' && git_stamp == opt.cache->git_stamp;
  std::future<std::map<std::string, std::string>> git_dates;
  if (opt.use_git_dates && !bodies_only && !git_stamp.empty() && !git_cached)
    git_dates = std::async(std::launch::async, LastChangedFromGit, opt.site_dir);
  if (!bodies_only) {
    if (opt.cache) opt.cache->tree.reset();
    TreeOptions tree_options{opt.include_drafts, jobs, opt.cache ? &opt.cache->reads : nullptr};
    tree_options.add_search_page = theme && theme->Has("search");
    tree = BuildContentTree(disk, opt.site_dir, *config, tree_options, diags);
  }
  if (!tree || !theme || !plugins || diags->HasErrors()) return result;
  // The logo is shown on every page: it must be a file the site publishes.
  if (!config->logo.empty() && !tree->static_paths.count(config->logo) &&
      !(config->logo.rfind("assets/", 0) == 0 && theme_files->Find(config->logo))) {
    diags->Error(JoinPath(opt.site_dir, "site.toml"), config->logo_line, 0,
                 "logo \"" + config->logo + "\" is not a file of the site; put it in a content folder (e.g. " +
                     config->sources.back().dir + "/" + config->logo + ") or fix 'logo'");
    return result;
  }
  step("content read");
  if (opt.use_git_dates && !bodies_only) {
    std::map<std::string, std::string> fresh_dates;
    const std::map<std::string, std::string>* dates = &fresh_dates;
    if (git_cached) {
      dates = &opt.cache->git_dates;  // no commit since the last build
    } else if (git_dates.valid()) {
      fresh_dates = git_dates.get();
      if (opt.cache) {
        opt.cache->git_stamp = git_stamp;
        opt.cache->git_dates = fresh_dates;
      }
    }
    for (Page& p : tree->pages)
      if (p.lastmod.empty())
        if (auto it = dates->find(p.source_path); it != dates->end()) p.lastmod = it->second;
  }

  step("dates from git");
  // 4. Plugin hooks at site start and per page (after front matter). An
  //    incremental build (`serve`) whose inputs other than page bodies did not
  //    change keeps the previous build's plugin states and hook results, and
  //    renders only the pages whose body changed.
  size_t skeleton = !opt.cache    ? 0
                    : bodies_only ? opt.cache->skeleton
                                  : SkeletonHash(disk, opt, *config, *theme_files, *plugins, *tree);
  bool incremental = opt.cache && opt.cache->host && opt.cache->skeleton == skeleton && disk.IsDir(out_dir);
  std::vector<std::unique_ptr<PluginWorker>> own_workers;
  std::vector<std::unique_ptr<PluginWorker>>* workers = &own_workers;
  std::vector<int> hooked;
  if (incremental) {
    for (const auto& [index, fields] : opt.cache->hooked) {
      Page& p = tree->pages[index];
      p.title = fields.title;
      p.summary = fields.summary;
      p.meta = fields.meta;
      p.tags = fields.tags;
    }
    for (const Diagnostic& d : opt.cache->hook_diagnostics) diags->Add(d);
    workers = &opt.cache->workers;
    for (auto& w : *workers) w->Rebind(*tree);
  } else {
    Diagnostics hook_diags;
    plugins->Start(&*tree, &hook_diags, opt.cache ? &hooked : nullptr);
    for (const Diagnostic& d : hook_diags.Sorted()) diags->Add(d);
    if (diags->HasErrors()) return result;
    if (opt.cache) opt.cache->hook_diagnostics = hook_diags.Sorted();
    // Each worker is a Lua state of its own with the site converted into it:
    // made side by side, like the pages they render.
    own_workers.resize(jobs);
    ParallelFor(jobs, jobs, [&](int, size_t w) { own_workers[w] = plugins->NewWorker(*tree, diags); });
  }
  step("plugin start hooks");

  // 5. Render every page into a staging folder, in parallel.
  std::vector<std::shared_ptr<BuildCache::PageEntry>> entries(tree->pages.size());
  std::vector<char> render(tree->pages.size(), 1);
  // Pages whose body did not change since the last build (serve) keep their
  // entries; the others' are made by the workers that render them.
  if (incremental)
    for (const Page& p : tree->pages) {
      auto it = opt.cache->pages.find(p.rel);
      if (it != opt.cache->pages.end() && it->second->body_hash == p.body_hash) {
        entries[p.index] = it->second;
        render[p.index] = 0;
      }
    }
  OutputDir out(disk, out_dir);
  std::string err;
  if (!out.Begin(&err)) {
    diags->Error(out_dir, 0, 0, err);
    return result;
  }
  step("cache check, staging");
  Navigation nav(*tree, strings.GetString("nav_all_pages", "Alle pagina's"));
  SiteMenus menus = ResolveMenus(*config, *tree, JoinPath(opt.site_dir, "site.toml"), diags);
  PageContextBuilder contexts(*config, *tree, strings, nav, &menus);
  RenderOptions render_options;
  render_options.allow_raw_html = config->unsafe_html;
  render_options.footnotes_label = strings.GetString("footnotes", "Voetnoten");
  render_options.backref_label = strings.GetString("footnote_back", "Terug naar de tekst");
  render_options.table_label = strings.GetString("table", "Tabel");
  render_options.task_done_label = strings.GetString("task_done", "gedaan");
  render_options.task_todo_label = strings.GetString("task_todo", "nog te doen");
  // The print edition holds every page in one document: on for handbooks,
  // off by default for very large sites (site.toml: [print] enabled = true).
  bool print = config->print.value_or(tree->pages.size() <= 2000);
  // Files the build writes itself may be linked to from content.
  for (auto [on, file, setting] :
       {std::tuple{config->feed, "feed.xml", "[feed]"}, std::tuple{config->sitemap, "sitemap.xml", "[sitemap]"},
        std::tuple{config->search, "search-index.js", "[search]"}}) {
    if (on)
      tree->static_paths.insert(file);
    else
      tree->turned_off[file] = std::string(setting) + " enabled = false";
  }
  // (search-index-N.js too, but nobody links to a shard)
  if (print) {
    tree->static_paths.insert("print.html");
    for (int c : tree->home().children)
      if (tree->pages[c].kind == PageKind::kSection) tree->static_paths.insert(PrintEditionPath(tree->pages[c]));
  }

  // The search index comes in shards of at most shard_pages pages in URL
  // order (search-index-N.js, searched as one by search.js): an incremental
  // build writes only the shards that hold a changed page. The split depends
  // only on the set of pages, which an incremental build does not change, so
  // it is planned here; a build without a cache adds each page to its shard
  // as soon as it is rendered and keeps nothing else of its text.
  std::vector<int> searchable;
  if (config->search)
    for (const Page& p : tree->pages)
      if (!p.meta.GetBool("nosearch")) searchable.push_back(p.index);
  std::sort(searchable.begin(), searchable.end(),
            [&](int a, int b) { return tree->pages[a].out_path < tree->pages[b].out_path; });
  size_t shard_pages = kSearchShardPages;  // site.toml [search] shard_pages (tests use small shards)
  if (const Value* v = config->raw.Find("search.shard_pages"); v && v->is_int() && v->as_int() > 0)
    shard_pages = static_cast<size_t>(v->as_int());
  size_t shard_count = (searchable.size() + shard_pages - 1) / shard_pages;
  std::vector<int> shard_of(tree->pages.size(), -1);
  for (size_t i = 0; i < searchable.size(); ++i) shard_of[searchable[i]] = static_cast<int>(i / shard_pages);
  std::vector<std::unique_ptr<SearchIndex>> shard_index(shard_count);
  std::vector<std::mutex> shard_mu(shard_count);
  bool add_at_once = !opt.cache;
  if (add_at_once)
    for (auto& ix : shard_index) ix = std::make_unique<SearchIndex>();

  step("navigation");
  std::atomic<size_t> done{0};
  bool show_progress = opt.progress && tree->pages.size() >= 500;

  ParallelFor(tree->pages.size(), jobs, [&](int w, size_t i) {
    if (!render[i]) return;
    const Page& page = tree->pages[i];
    entries[i] = std::make_shared<BuildCache::PageEntry>();
    BuildCache::PageEntry& entry = *entries[i];
    entry.body_hash = page.body_hash;
    Node doc = ParseMarkdown(*page.body, page.body_line, page.source_path, diags);
    // Nothing reads the Markdown again unless serve keeps it for the next
    // build: at 100,000 pages it is 380 MB of a build's peak memory.
    if (!opt.cache) tree->pages[i].body.reset();
    entry.searchable = shard_of[i] >= 0;
    if (entry.searchable) {
      PreparedSearchDoc prepared = SearchIndex::Prepare(ExtractSearchDoc(doc, page));
      entry.search_text_bytes = prepared.text_bytes;
      if (add_at_once) {
        std::lock_guard<std::mutex> lock(shard_mu[shard_of[i]]);
        shard_index[shard_of[i]]->Add(std::move(prepared));
      } else {
        entry.search = std::move(prepared);  // kept for the next incremental build
      }
    }
    PageExtras extras;
    (*workers)[w]->Transform(&doc, page, &extras, diags);
    AssignHeadingIds(&doc);  // headings that node hooks and directives made have none yet
    if (print) entry.print_body = RenderForPrint(doc, *tree, page, render_options);
    RewriteLinks(&doc, *tree, page, diags, &entry.anchor_refs, &entry.external);
    entry.anchors = CollectAnchors(doc);
    std::string body = RenderHtml(doc, render_options);
    std::string layout = contexts.LayoutFor(page, *theme);
    Value ctx = contexts.For(page, body, CollectToc(doc), extras, theme->Uses(layout, "nav"));
    auto html = theme->Render(layout, std::move(ctx), (*workers)[w]->Helpers(page, diags), page.source_path, diags);
    std::string werr;
    if (html && !out.Write(page.out_path, *html, &werr)) diags->Error(page.source_path, 0, 0, werr);
    for (const std::string& alias : page.aliases) {
      auto redirect = theme->Render(theme->Has("redirect") ? "redirect" : layout, contexts.Redirect(page, alias), {},
                                    page.source_path, diags);
      if (redirect && !out.Write(alias, *redirect, &werr)) diags->Error(page.source_path, 0, 0, werr);
    }
    size_t n = ++done;  // (pages skipped by an incremental build are not counted)
    if (show_progress && (n % 250 == 0 || n == tree->pages.size()))
      std::fprintf(stderr, "\r%zu/%zu pages", n, tree->pages.size());
  });
  if (show_progress) std::fprintf(stderr, "\r\033[K");

  step("pages rendered");
  // 6. Anchors in other pages, now that every page is parsed.
  for (const auto& entry : entries) {
    for (const AnchorRef& r : entry->anchor_refs)
      if (!entries[r.target]->anchors.count(r.anchor))
        diags->Error(r.from_path, r.line, r.col,
                     "link to #" + r.anchor + " in " + tree->pages[r.target].source_path +
                         ": that page has no heading with this anchor; check the spelling " + AnchorHint(r.anchor));
    result.external_links.insert(result.external_links.end(), entry->external.begin(), entry->external.end());
  }

  step("anchors checked");
  // 7. Search index, feeds, print edition, static files, theme assets, brand
  //    colours, plugins' extra files.
  std::string today = Today();
  auto write = [&](const std::string& rel, const std::string& text) {
    std::string werr;
    if (!out.Write(rel, text, &werr)) diags->Error(out_dir, 0, 0, werr);
  };
  // Which shards hold a changed page; then their words. A compound is split
  // into parts that are words anywhere on the site, so the dictionary is the
  // site's: kept as "in how many shards is this word", and when a word comes
  // or goes, every shard is written again (its compounds may split anew).
  bool same_shards =
      incremental && opt.cache->shard_bytes.size() == shard_count && opt.cache->shard_words.size() == shard_count;
  std::vector<size_t> shard_bytes(shard_count, 0);
  if (same_shards) shard_bytes = opt.cache->shard_bytes;
  std::vector<char> shard_dirty(shard_count, 1);
  auto fill = [&](size_t k) {
    shard_index[k] = std::make_unique<SearchIndex>();
    size_t from = k * shard_pages, to = std::min(searchable.size(), from + shard_pages);
    for (size_t i = from; i < to; ++i) shard_index[k]->Add(entries[searchable[i]]->search);
  };
  ParallelFor(shard_count, jobs, [&](int, size_t k) {
    if (same_shards) {
      size_t from = k * shard_pages, to = std::min(searchable.size(), from + shard_pages);
      bool changed = false;
      for (size_t i = from; i < to && !changed; ++i) changed = render[searchable[i]];
      shard_dirty[k] = changed;
    }
    if (shard_dirty[k] && !shard_index[k]) fill(k);
  });
  std::vector<std::vector<std::string>> shard_words(shard_count);
  if (same_shards) shard_words = opt.cache->shard_words;
  std::unordered_map<std::string, int> in_shards;
  if (same_shards) in_shards = opt.cache->word_shards;  // a copy: a failed build keeps the cache as it was
  bool dictionary_changed = !same_shards;
  for (size_t k = 0; k < shard_count; ++k) {
    if (!shard_dirty[k]) continue;
    std::vector<std::string> words = shard_index[k]->Words();
    std::sort(words.begin(), words.end());
    // Only the difference to the shard's last words counts (sorted lists).
    std::vector<std::string> gone, come;
    std::set_difference(shard_words[k].begin(), shard_words[k].end(), words.begin(), words.end(),
                        std::back_inserter(gone));
    std::set_difference(words.begin(), words.end(), shard_words[k].begin(), shard_words[k].end(),
                        std::back_inserter(come));
    for (const std::string& w : gone)
      if (--in_shards[w] == 0 && SearchIndex::IsCompoundPart(w)) dictionary_changed = true;
    for (const std::string& w : come)
      if (++in_shards[w] == 1 && SearchIndex::IsCompoundPart(w)) dictionary_changed = true;
    shard_words[k] = std::move(words);
  }
  std::unordered_set<std::string> dictionary;
  for (auto it = in_shards.begin(); it != in_shards.end();) {
    if (it->second <= 0) {
      it = in_shards.erase(it);
      continue;
    }
    if (SearchIndex::IsCompoundPart(it->first)) dictionary.insert(it->first);
    ++it;
  }
  step("search words, dictionary");
  ParallelFor(shard_count, jobs, [&](int, size_t k) {
    if (!shard_dirty[k] && !dictionary_changed) return;  // its file from the last build stays
    if (!shard_index[k]) fill(k);
    shard_index[k]->SetDictionary(&dictionary);
    std::string script = shard_index[k]->ToShardScript(k);
    shard_bytes[k] = script.size();
    write("search-index-" + std::to_string(k) + ".js", script);
    shard_index[k].reset();
  });
  if (config->search) {
    std::string manifest = SearchManifestScript(shard_count);
    write("search-index.js", manifest);
    result.search_index_bytes = manifest.size();
  }
  for (size_t b : shard_bytes) result.search_index_bytes += b;
  for (int i : searchable) result.search_text_bytes += entries[i]->search_text_bytes;
  step("search index");
  std::vector<std::string> print_bodies;
  if (print)
    for (const auto& entry : entries) print_bodies.push_back(entry->print_body);
  if (config->feed) write("feed.xml", RenderAtomFeed(*tree, *config, today));
  if (config->sitemap) write("sitemap.xml", RenderSitemap(*tree, *config));
  step("feed, sitemap");
  if (print)
    for (const PrintFile& f : AssemblePrintEditions(*tree, *config, strings, print_bodies, today))
      write(f.path, f.html);
  step("print editions");
  if (!incremental) {  // unchanged static files and assets stay where they are
    for (const StaticFile& f : tree->statics)
      if (!out.Copy(f.disk_path, f.rel, &err)) diags->Error(f.rel, 0, 0, err);
    for (const auto& [rel, f] : theme_files->files) {
      if (rel.rfind("assets/", 0) != 0 || tree->static_paths.count(rel)) continue;  // content wins (overlays.h)
      if (rel == "assets/brand.css") {
        diags->Warning(f.display, 0, 0,
                       "not published: the engine writes assets/brand.css from [theme.colors] in site.toml; set the "
                       "colours there, or put the CSS in another file");
        continue;
      }
      if (!out.Copy(f.disk_path, rel, &err)) diags->Error(f.display, 0, 0, err);
    }
  }
  // After the theme's assets, so the site's colours are what is published.
  write("assets/brand.css", contexts.BrandCss());
  step("static files, assets");
  if (!incremental) plugins->Finish(*tree, &out, diags);  // else its files are in place already

  step("plugin finish hooks");
  // 8. Swap the new site in, only when everything succeeded.
  if (diags->HasErrors()) return result;
  if (incremental ? !out.CommitInto(&err) : !out.Commit(&err)) {
    diags->Error(out_dir, 0, 0, err + "; the previous site is unchanged");
    return result;
  }
  step("committed");
  if (opt.cache) {
    opt.cache->skeleton = skeleton;
    if (!bodies_only) {
      opt.cache->page_by_path.clear();
      for (const Page& p : tree->pages)
        if (!p.generated) {
          std::error_code ec;
          opt.cache->page_by_path[std::filesystem::absolute(p.disk_path, ec).lexically_normal().string()] = p.index;
        }
    }
    opt.cache->shard_bytes = shard_bytes;
    opt.cache->shard_words = std::move(shard_words);
    opt.cache->word_shards = std::move(in_shards);
    if (!incremental) {
      opt.cache->workers.clear();  // (they point into the old host)
      opt.cache->host = std::move(plugins);
      opt.cache->workers = std::move(own_workers);
      opt.cache->hooked.clear();
      for (int index : hooked) {
        const Page& p = tree->pages[index];
        opt.cache->hooked.push_back({index, {p.title, p.summary, p.meta, p.tags}});
      }
    }
    if (!incremental) opt.cache->pages.clear();  // (an incremental build has the same pages)
    for (const Page& p : tree->pages)
      if (!incremental || render[p.index]) opt.cache->pages[p.rel] = entries[p.index];
  }
  result.ok = true;
  result.pages = tree->pages.size();
  if (opt.cache) opt.cache->tree = std::move(tree);  // (workers point into it: Rebind on reuse)
  for (char r : render) result.rendered += r;
  result.files = out.files_written();
  result.bytes = out.bytes_written();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace ww
