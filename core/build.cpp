#include "build.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "clock.h"
#include "incremental.h"
#include "markdown/html_render.h"
#include "markdown/links.h"
#include "markdown/markdown.h"
#include "markdown/page_checks.h"
#include "parallel.h"
#include "plugins/plugin_host.h"
#include "process.h"
#include "publish/feeds.h"
#include "publish/output.h"
#include "publish/print_edition.h"
#include "render/i18n.h"
#include "render/navigation.h"
#include "render/page_context.h"
#include "render/template.h"
#include "search/search_index.h"
#include "search/search_shards.h"
#include "search/search_text.h"
#include "site/base_lock.h"
#include "site/config.h"
#include "site/content_tree.h"
#include "site/git_dates.h"
#include "site/menus.h"
#include "site/overlays.h"

namespace ww {

namespace {

// `--timings`: where the time goes, step by step (bench/README.md uses it).
// CPU time is shown beside wall time: on a busy machine only it is steady.
class StepTimer {
 public:
  explicit StepTimer(bool print) : print_(print), start_(Steady::now()), lap_(start_), lap_cpu_(ProcessCpuMs()) {}

  // Ends the step `name`, which began where the last one ended.
  void operator()(const char* name) {
    if (!print_) return;
    auto now = Steady::now();
    double cpu = ProcessCpuMs();
    std::fprintf(stderr, "  %-28s %8.1f ms wall %8.1f ms CPU\n", name,
                 std::chrono::duration<double, std::milli>(now - lap_).count(), cpu - lap_cpu_);
    lap_ = now;
    lap_cpu_ = cpu;
  }
  double Seconds() const { return std::chrono::duration<double>(Steady::now() - start_).count(); }

 private:
  // Not ww::Clock: durations need a clock that never jumps, not the date.
  using Steady = std::chrono::steady_clock;
  static double ProcessCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
  }
  bool print_;
  Steady::time_point start_, lap_;
  double lap_cpu_;
};

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

// The pages' last-changed dates from git, for pages without `lastmod`. Git
// runs as a process of its own: asked when this is made, before the content
// is read, and waited for in ApplyTo, after it, so neither waits for the other.
class GitDates {
 public:
  // wanted: false when the tree needs no dates (--no-git-dates, or a reused
  // tree that has them already).
  // REQUIRES: git outlives this (the future's destructor waits for git's
  // thread, which uses it, when ApplyTo is never reached).
  GitDates(bool wanted, const GitHistory& git, const std::string& site_dir, std::string stamp, IncrementalBuild* inc)
      : wanted_(wanted), stamp_(std::move(stamp)), inc_(inc), cached_(inc->GitDates(stamp_)) {
    // stamp "": the site is in no git repository, so there are no dates to ask for.
    if (wanted_ && !stamp_.empty() && !cached_)
      pending_ = std::async(std::launch::async, [&git, site_dir] { return git.LastChanged(site_dir); });
  }

  void ApplyTo(SiteTree* tree) {
    if (!wanted_) return;
    std::map<std::string, std::string> fresh;
    const std::map<std::string, std::string>* dates = cached_ ? cached_ : &fresh;
    if (!cached_ && pending_.valid()) {
      fresh = pending_.get();
      inc_->KeepGitDates(stamp_, fresh);
    }
    for (Page& p : tree->pages)
      if (p.lastmod.empty())
        if (auto it = dates->find(p.source_path); it != dates->end()) p.lastmod = it->second;
  }

 private:
  bool wanted_;
  std::string stamp_;
  IncrementalBuild* inc_;
  const std::map<std::string, std::string>* cached_;  // no commit since the last build
  std::future<std::map<std::string, std::string>> pending_;
};

// The logo is shown on every page: it must be a file the site publishes.
bool CheckLogo(const std::string& site_dir, const SiteConfig& config, const SiteTree& tree, const ThemeFiles& theme,
               Diagnostics* diags) {
  if (config.logo.empty() || tree.static_paths.count(config.logo) ||
      (config.logo.starts_with("assets/") && theme.Find(config.logo)))
    return true;
  diags->Error(JoinPath(site_dir, "site.toml"), config.logo_line, 0,
               "logo \"" + config.logo + "\" is not a file of the site; put it in a content folder (e.g. " +
                   config.sources.back().dir + "/" + config.logo + ") or fix 'logo'");
  return false;
}

// A theme links only what every site has, or what this one has: each fixed
// link of its templates must lead to a page, a file of the content, a theme
// asset or a file the build writes (AddBuildFiles has added those).
void CheckThemeLinks(const Theme& theme, const SiteTree& tree, const ThemeFiles& files, Diagnostics* diags) {
  // The pages the links name, found in one pass over the pages (a set of
  // every page's path cost serve 7 % of a one-page rebuild at 10k pages).
  auto page_path = [](const std::string& t) { return t.empty() || t.back() == '/' ? t + "index.html" : t; };
  std::unordered_map<std::string, bool> pages;
  for (const ThemeLink& l : theme.links()) pages.emplace(page_path(l.target), false);
  if (!pages.empty())
    for (const Page& p : tree.pages)
      if (auto it = pages.find(p.out_path); it != pages.end()) it->second = true;
  for (const ThemeLink& l : theme.links()) {
    const std::string& t = l.target;
    if (pages.at(page_path(t)) || tree.static_paths.count(t) || t == "assets/brand.css" ||
        (t.starts_with("assets/") && files.Find(t)))
      continue;
    diags->Error(
        l.file, l.line, l.col,
        "link to " + t + ": this site has no such page or file; link pages through site.toml [menu], or create it");
  }
}

// The plugins' start hooks and their page hooks over the tree, then one
// worker per thread: a Lua state of its own with the site converted into it,
// made side by side like the pages they render. False when a hook failed.
bool StartPlugins(PluginHost& plugins, int jobs, SiteTree* tree, IncrementalBuild* inc,
                  std::vector<std::unique_ptr<PluginWorker>>* workers, Diagnostics* diags) {
  Diagnostics hook_diags;
  std::vector<int> changed;
  plugins.Start(tree, &hook_diags, inc->keeps() ? &changed : nullptr);
  for (const Diagnostic& d : hook_diags.Sorted()) diags->Add(d);
  if (diags->HasErrors()) return false;
  inc->KeepHookResults(std::move(changed), hook_diags.Sorted());
  workers->resize(jobs);
  ParallelFor(jobs, jobs, [&](int, size_t w) { (*workers)[w] = plugins.NewWorker(*tree, diags); });
  return true;
}

RenderOptions MakeRenderOptions(const SiteConfig& config, const Value& strings) {
  RenderOptions o;
  o.allow_raw_html = config.unsafe_html;
  o.footnotes_label = strings.GetString("footnotes", "Voetnoten");
  o.backref_label = strings.GetString("footnote_back", "Terug naar de tekst");
  o.table_label = strings.GetString("table", "Tabel");
  o.task_done_label = strings.GetString("task_done", "gedaan");
  o.task_todo_label = strings.GetString("task_todo", "nog te doen");
  return o;
}

// Files the build writes itself may be linked to from content; a link to
// one that site.toml turned off is told why it is missing.
void AddBuildFiles(const SiteConfig& config, bool print, SiteTree* tree) {
  for (auto [on, file, setting] :
       {std::tuple{config.feed, "feed.xml", "[feed]"}, std::tuple{config.sitemap, "sitemap.xml", "[sitemap]"},
        std::tuple{config.search, "search-index.js", "[search]"}}) {
    if (on)
      tree->static_paths.insert(file);
    else
      tree->turned_off[file] = std::string(setting) + " enabled = false";
  }
  // (search-terms-N.js and search-docs-N.js too, but nobody links to those)
  if (print) {
    tree->static_paths.insert("print.html");
    for (int c : tree->home().children)
      if (tree->pages[c].kind == PageKind::kSection) tree->static_paths.insert(PrintEditionPath(tree->pages[c]));
  }
}

// A page, an alias or a static file on a path the build writes itself (the
// feed, the sitemap, the search index, the print editions, brand.css) would
// be overwritten by it, or overwrite it: an error, as two pages on one path
// are. (The search page the engine adds is a page, and content_tree checks it.)
void CheckEngineFilePaths(const SiteConfig& config, bool print, const SiteTree& tree, Diagnostics* diags) {
  std::map<std::string, std::string> engine;  // path -> what writes it
  if (config.feed) engine["feed.xml"] = "the feed ([feed] in site.toml)";
  if (config.sitemap) engine["sitemap.xml"] = "the sitemap ([sitemap] in site.toml)";
  if (config.search) engine["search-index.js"] = "the search index ([search] in site.toml)";
  if (print) {
    engine["print.html"] = "the print edition ([print] in site.toml)";
    for (int c : tree.home().children)
      if (tree.pages[c].kind == PageKind::kSection)
        engine[PrintEditionPath(tree.pages[c])] = "the print edition of " + tree.pages[c].source_path;
  }
  engine["assets/brand.css"] = "the site's colours ([theme.colors] in site.toml)";
  auto writer = [&](const std::string& out) -> std::string {
    if (auto it = engine.find(out); it != engine.end()) return it->second;
    // search-terms-N.js and search-docs-N.js: any N, as their number depends on the site's size.
    std::string_view v = out;
    for (std::string_view prefix : {"search-terms-", "search-docs-"}) {
      if (!config.search || !v.starts_with(prefix) || !v.ends_with(".js") || v.size() <= prefix.size() + 3) continue;
      std::string_view n = v.substr(prefix.size(), v.size() - prefix.size() - 3);
      if (n.find_first_not_of("0123456789") == std::string_view::npos)
        return "the search index ([search] in site.toml)";
    }
    return "";
  };
  auto report = [&](const std::string& where, const std::string& what, const std::string& out) {
    if (std::string w = writer(out); !w.empty())
      diags->Error(where, 1, 1,
                   what + " " + out + " is also written by Wegwijzer itself, for " + w +
                       "; give the file another name (or slug), or turn that off in site.toml");
  };
  for (const Page& p : tree.pages) {
    if (p.generated) continue;
    report(p.source_path, "output file", p.out_path);
    for (const std::string& a : p.aliases) report(p.source_path, "alias", a);
  }
  for (const StaticFile& f : tree.statics) {
    auto it = tree.origins.find(f.rel);
    std::string where = it != tree.origins.end() ? it->second.display : f.rel;
    if (std::string w = writer(f.rel); !w.empty())
      diags->Error(where, 0, 0,
                   "file " + f.rel + " is also written by Wegwijzer itself, for " + w +
                       "; rename the file, or turn that off in site.toml");
  }
}

// The theme's assets the build will publish (CopyStaticFiles), and the
// colours it writes: a page's plugins may load them (wegwijzer.use_script).
void AddThemeAssets(const ThemeFiles& theme, SiteTree* tree) {
  for (const auto& [rel, f] : theme.files)
    if (rel.starts_with("assets/")) tree->theme_assets.insert(rel);
  tree->theme_assets.insert("assets/brand.css");
}

// What every page's rendering shares. The render threads only read it, but
// for `out`, `search` and `diags`, whose calls here are thread-safe.
struct PageRenderer {
  const SiteTree& tree;
  const Theme& theme;
  const PageContextBuilder& contexts;
  const RenderOptions& options;
  const PageCheckOptions& checks;  // the author's mistakes to warn about (page_checks.h)
  ImageFiles& images;              // the site's images, each read once for its size
  bool print;                      // make the page's part of the print edition
  bool keep;                       // keep its Markdown and search text for the next build (serve)
  SearchShards& search;
  OutputDir& out;
  Diagnostics* diags;
};

// Parses the page, lets the plugins transform it, and writes it and its
// redirects (aliases) into the staging folder. Returns what the site-wide
// steps need of it. `page` is the tree's: its body is dropped once parsed.
std::shared_ptr<RenderedPage> RenderPage(const PageRenderer& r, Page& page, PluginWorker& worker) {
  auto entry = std::make_shared<RenderedPage>();
  entry->body_hash = page.body_hash;
  Node doc = ParseMarkdown(*page.body, page.body_line, page.source_path, r.diags);
  // Nothing reads the Markdown again unless serve keeps it for the next
  // build: at 100,000 pages it is 380 MB of a build's peak memory.
  if (!r.keep) page.body.reset();
  // From the Markdown before plugins turn parts of it into widgets.
  if (r.search.Holds(page.index)) {
    PreparedSearchDoc prepared = SearchIndex::Prepare(ExtractSearchDoc(doc, page));
    entry->search_text_bytes = prepared.text_bytes;
    if (r.keep)
      entry->search = std::move(prepared);  // the shards are filled from it
    else
      r.search.Add(page.index, std::move(prepared));
  }
  PageExtras extras;
  worker.Transform(&doc, page, &extras, r.diags);
  AssignHeadingIds(&doc);  // headings that node hooks and directives made have none yet
  CheckPage(&doc, r.tree, page, r.checks, &r.images, r.diags);
  if (r.print) entry->print_body = RenderForPrint(doc, r.tree, page, r.options);
  RewriteLinks(&doc, r.tree, page, r.diags, &entry->anchor_refs, &entry->external);
  entry->anchors = CollectAnchors(doc);
  std::string body = RenderHtml(doc, r.options);
  std::string layout = r.contexts.LayoutFor(page, r.theme);
  Value ctx = r.contexts.For(page, std::move(body), CollectToc(doc), extras, r.theme.Uses(layout, "nav"));
  auto html = r.theme.Render(layout, std::move(ctx), worker.Helpers(page, r.diags), page.source_path, r.diags);
  std::string err;
  if (html && !r.out.Write(page.out_path, *html, &err)) r.diags->Error(page.source_path, 0, 0, err);
  for (const std::string& alias : page.aliases) {
    auto redirect = r.theme.Render(r.theme.Has("redirect") ? "redirect" : layout, r.contexts.Redirect(page, alias), {},
                                   page.source_path, r.diags);
    if (redirect && !r.out.Write(alias, *redirect, &err)) r.diags->Error(page.source_path, 0, 0, err);
  }
  return entry;
}

// "N/TOTAL pages" on a terminal while a large site renders. Pages a rebuild
// does not render are not counted.
class Progress {
 public:
  Progress(bool show, size_t total) : show_(show && total >= 500), total_(total) {}
  void Tick() {  // thread-safe
    size_t n = ++done_;
    if (show_ && (n % 250 == 0 || n == total_)) std::fprintf(stderr, "\r%zu/%zu pages", n, total_);
  }
  void Done() {
    if (show_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  bool show_;
  size_t total_;
  std::atomic<size_t> done_{0};
};

// Links to anchors in other pages, checked once every page is parsed; and
// the external links, for `wegwijzer check`.
void CheckAnchors(const SiteTree& tree, const std::vector<std::shared_ptr<RenderedPage>>& pages,
                  std::vector<ExternalLink>* external, Diagnostics* diags) {
  for (const auto& page : pages) {
    for (const AnchorRef& r : page->anchor_refs)
      if (!pages[r.target]->anchors.count(r.anchor))
        diags->Error(r.from_path, r.line, r.col,
                     "link to #" + r.anchor + " in " + tree.pages[r.target].source_path +
                         ": that page has no heading with this anchor; check the spelling " + AnchorHint(r.anchor));
    external->insert(external->end(), page->external.begin(), page->external.end());
  }
}

// The content's static files, then the theme's assets that no content file
// of the same path replaces (content wins, overlays.h).
void CopyStaticFiles(const SiteTree& tree, const ThemeFiles& theme, OutputDir* out, Diagnostics* diags) {
  std::string err;
  for (const StaticFile& f : tree.statics)
    if (!out->Copy(f.disk_path, f.rel, &err)) diags->Error(f.rel, 0, 0, err);
  for (const auto& [rel, f] : theme.files) {
    if (!rel.starts_with("assets/") || tree.static_paths.count(rel)) continue;
    if (rel == "assets/brand.css") {
      diags->Warning(f.display, 0, 0,
                     "not published: the engine writes assets/brand.css from [theme.colors] in site.toml; set the "
                     "colours there, or put the CSS in another file");
      continue;
    }
    if (!out->Copy(f.disk_path, rel, &err)) diags->Error(f.display, 0, 0, err);
  }
}

}  // namespace

BuildResult Build(const BuildOptions& opt, Disk& disk, Diagnostics* diags) {
  StepTimer step(opt.timings);
  BuildResult result;
  const Clock& clock = opt.clock ? *opt.clock : Clock::Default();
  Processes& processes = opt.processes ? *opt.processes : Processes::Default();
  // Read once: the feed, the print edition and the footer's year then agree,
  // even for a build that runs past midnight.
  const std::string today = UtcDate(clock.Now());
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

  // 3. Gather content (overlays), read front matter, order the tree; then the
  //    dates from git. After an edit of page bodies only (serve knows), the
  //    last build's tree is reused with those bodies read again (incremental.h).
  int jobs = JobCount(opt.jobs);
  IncrementalBuild inc(opt.cache, disk, out_dir);
  // The repository is found on the build's disk, and git run through its
  // processes, so a test's site in memory can have a history of its own.
  GitHistory git(disk, processes);
  std::string git_stamp = opt.use_git_dates ? git.Stamp(opt.site_dir) : "";
  std::optional<SiteTree> tree = inc.TreeWithNewBodies(opt.changed_paths, git_stamp, diags);
  bool bodies_only = tree.has_value();
  GitDates git_dates(opt.use_git_dates && !bodies_only, git, opt.site_dir, git_stamp, &inc);
  if (!bodies_only) {
    TreeOptions tree_options{opt.include_drafts, jobs, inc.reads()};
    tree_options.add_search_page = theme && theme->Has("search");
    tree = BuildContentTree(disk, opt.site_dir, *config, tree_options, diags);
  }
  if (!tree || !theme || !plugins || diags->HasErrors()) return result;
  if (!CheckLogo(opt.site_dir, *config, *tree, *theme_files, diags)) return result;
  // A school's own page that hides a changed base page, or one with no record (site/base_lock.h).
  CheckOverrides(disk, opt.site_dir, *config, *tree, diags);
  step("content read");
  git_dates.ApplyTo(&*tree);
  step("dates from git");

  // 4. Plugin hooks at site start and per page (after front matter), and a
  //    plugin worker per thread. A rebuild whose inputs other than page bodies
  //    did not change keeps the last build's hook results and workers.
  std::vector<std::unique_ptr<PluginWorker>> new_workers;  // (after plugins, tree: destroyed before them)
  auto* workers = inc.ReusePlugins(*config, opt.include_drafts, *theme_files, *plugins, &*tree, diags);
  if (!workers) {
    if (!StartPlugins(*plugins, jobs, &*tree, &inc, &new_workers, diags)) return result;
    workers = &new_workers;
  }
  step("plugin start hooks");

  // 5. Render the pages into a staging folder, in parallel: every page, or,
  //    in such a rebuild, those whose body changed.
  std::vector<std::shared_ptr<RenderedPage>> pages = inc.UnchangedPages(*tree);
  std::vector<char> rendered(pages.size());
  for (size_t i = 0; i < pages.size(); ++i) rendered[i] = !pages[i];
  OutputDir out(disk, out_dir, processes);
  if (std::string err; !out.Begin(&err)) {
    diags->Error(out_dir, 0, 0, err);
    return result;
  }
  step("cache check, staging");
  Navigation nav(*tree, strings.GetString("nav_all_pages", "Alle pagina's"));
  SiteMenus menus = ResolveMenus(*config, *tree, JoinPath(opt.site_dir, "site.toml"), diags);
  PageContextBuilder contexts(*config, *tree, strings, nav, &menus, today);
  theme->SetShared(contexts.Shared());  // the same on every page: converted once, not per page
  RenderOptions render_options = MakeRenderOptions(*config, strings);
  // The print edition holds every page in one document: on for handbooks,
  // off by default for very large sites (site.toml: [print] enabled = true).
  bool print = config->print.value_or(tree->pages.size() <= 2000);
  CheckEngineFilePaths(*config, print, *tree, diags);  // reported with the rest; the build fails at the end
  AddBuildFiles(*config, print, &*tree);
  AddThemeAssets(*theme_files, &*tree);
  CheckThemeLinks(*theme, *tree, *theme_files, diags);  // reported with the rest; the build fails at the end
  SearchShards search(*tree, *config, /*add_at_once=*/!inc.keeps(), diags);
  step("navigation");
  PageCheckOptions checks{config->unsafe_html, ThemeImagePolicy(disk, *theme_files), config->image_max_kb};
  ImageFiles images(disk);
  PageRenderer renderer{*tree,       *theme, contexts, render_options, checks, images, print,
                        inc.keeps(), search, out,      diags};
  Progress progress(opt.progress, tree->pages.size());
  ParallelFor(tree->pages.size(), jobs, [&](int w, size_t i) {
    if (!rendered[i]) return;
    pages[i] = RenderPage(renderer, tree->pages[i], *(*workers)[w]);
    progress.Tick();
  });
  progress.Done();
  step("pages rendered");

  // 6. Anchors in other pages, now that every page is parsed.
  CheckAnchors(*tree, pages, &result.external_links, diags);
  step("anchors checked");

  // 7. Search index, feeds, print edition, static files, theme assets, brand
  //    colours, plugins' extra files.
  auto write = [&](const std::string& rel, const std::string& text) {
    if (std::string err; !out.Write(rel, text, &err)) diags->Error(out_dir, 0, 0, err);
  };
  auto search_text = [&](int page) -> const PreparedSearchDoc& { return pages[page]->search; };
  search.Plan(inc.LastShards(), rendered, search_text, jobs);
  step("search words, dictionary");
  // A doc chunk is at most 20 pages of snippets; far larger is not ours.
  auto previous = [&](const std::string& rel, std::string* text) { return out.ReadPrevious(rel, 64 << 20, text); };
  result.search_index_bytes = search.Write(write, search_text, jobs, previous);
  for (int i : search.pages()) result.search_text_bytes += pages[i]->search_text_bytes;
  result.search_docs_reused = search.docs_reused();
  step("search index");
  std::vector<std::string> print_bodies;
  if (print)
    for (const auto& page : pages) print_bodies.push_back(page->print_body);
  if (config->feed) write("feed.xml", RenderAtomFeed(*tree, *config, today));
  if (config->sitemap) write("sitemap.xml", RenderSitemap(*tree, *config));
  step("feed, sitemap");
  if (print)
    for (const PrintFile& f : AssemblePrintEditions(*tree, *config, strings, print_bodies, today))
      write(f.path, f.html);
  step("print editions");
  if (!inc.reused()) CopyStaticFiles(*tree, *theme_files, &out, diags);  // else unchanged: they stay
  // After the theme's assets, so the site's colours are what is published.
  write("assets/brand.css", contexts.BrandCss());
  step("static files, assets");
  if (!inc.reused()) plugins->Finish(*tree, &out, diags);  // else its files are in place already
  step("plugin finish hooks");

  // 8. Swap the new site in, only when everything succeeded; a rebuild puts
  //    its files into the last site. Then remember what the next may reuse.
  //    Strict (CI): a warning stops the site as an error would.
  result.strict = opt.strict || config->strict;
  if (result.strict) diags->WarningsToErrors();
  if (diags->HasErrors()) return result;
  if (std::string err; inc.reused() ? !out.CommitInto(&err) : !out.Commit(&err)) {
    diags->Error(out_dir, 0, 0, err + "; the previous site is unchanged");
    return result;
  }
  step("committed");
  result.ok = true;
  result.pages = tree->pages.size();
  for (char r : rendered) result.rendered += r;
  result.files = out.files_written();
  result.bytes = out.bytes_written();
  inc.Remember(std::move(*tree), std::move(plugins), std::move(new_workers), pages, rendered, search.TakeMemory());
  result.seconds = step.Seconds();
  return result;
}

}  // namespace ww
