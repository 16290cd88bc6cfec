#include "render/page_context.h"

#include "publish/print_edition.h"
#include "render/i18n.h"
#include "slug.h"

namespace ww {

PageContextBuilder::PageContextBuilder(const SiteConfig& config, const SiteTree& tree, const Value& strings,
                                       const Navigation& nav, const SiteMenus* menus, const std::string& build_date)
    : config_(config), tree_(tree), strings_(strings), nav_(nav), menus_(menus) {
  // What is the same on every page is built once; For() copies it and adds
  // the page's own (the logo's URL, the menus' URLs) relative to that page.
  site_.Set("title", config.title);
  site_.Set("description", config.description);
  site_.Set("language", config.language);
  site_.Set("organisation", config.organisation);
  site_.Set("has_logo", !config.logo.empty());
  site_.Set("search", config.search);  // [search] enabled = false: no index, so no search box
  site_.Set("params", config.params);
  // The colophon: the bases this site is built on and the site's own licence
  // (base_manifest.h), for the footer of every page.
  Value bases = Value::MakeArray();
  for (const BaseManifest& b : config.bases) {
    Value v;
    v.Set("name", b.name);
    v.Set("version", b.version);
    v.Set("licence", b.licence);
    v.Set("url", b.url);
    bases.Push(std::move(v));
  }
  site_.Set("has_bases", !config.bases.empty());
  site_.Set("bases", std::move(bases));
  site_.Set("licence", config.licence);
  site_.Set("has_colophon", !config.bases.empty() || !config.licence.empty());
  build_year_ = build_date.substr(0, build_date.find('-'));  // "2025-01-31" → "2025"
}

// A link to another page as templates show it (prev/next, children): the
// URL is relative, so the site works from any folder and from file://.
Value PageContextBuilder::Link(const Page& from, const Page& to) const {
  Value v;
  v.Add("title", to.title);
  v.Add("url", RelativeUrl(from.out_path, to.out_path));
  v.Add("summary", to.summary);
  v.Add("is_section", to.kind != PageKind::kPage);
  return v;
}

// The print editions the build writes (it lists them among the site's files
// when [print] is on): the whole book for the footer, and the edition of the
// top-level section that holds the page, with that section's title.
void PageContextBuilder::SetPrintLinks(const Page& page, Value* site) const {
  bool whole = tree_.static_paths.count("print.html") > 0;
  site->Add("has_print", whole);
  site->Add("print_url", whole ? RelativeUrl(page.out_path, "print.html") : "");
  int top = page.index;
  while (top >= 0 && tree_.pages[top].parent > 0) top = tree_.pages[top].parent;
  std::string part;
  if (top > 0 && tree_.pages[top].kind == PageKind::kSection) part = PrintEditionPath(tree_.pages[top]);
  bool has_part = !part.empty() && tree_.static_paths.count(part) > 0;
  site->Add("has_print_section", has_part);
  site->Add("print_section_url", has_part ? RelativeUrl(page.out_path, part) : "");
  site->Add("print_section_title", has_part ? tree_.pages[top].title : "");
}

Value PageContextBuilder::For(const Page& page, std::string content_html, const std::vector<TocEntry>& toc,
                              const PageExtras& extras, bool with_nav) const {
  std::string root = RootPrefix(page.out_path);
  // Built with Add, not Set: every key is new, so none is looked for first
  // (a page's context has about 80 of them).
  Value ctx = Value::MakeObject();
  ctx.as_object().reserve(8);
  ctx.Add("root", root);
  Value site = site_;
  site.as_object().reserve(site.as_object().size() + 11);
  site.Add("logo", config_.logo.empty() ? "" : root + config_.logo);
  // Links from site.toml [menu], relative to this page; the theme shows them.
  for (auto [key, links] : {std::pair{"menu_header", menus_ ? &menus_->header : nullptr},
                            std::pair{"menu_footer", menus_ ? &menus_->footer : nullptr}}) {
    Value list = Value::MakeArray();
    if (links)
      for (const MenuLink& l : *links) {
        Value item;
        item.Add("title", l.title);
        item.Add("url", RelativeUrl(page.out_path, l.out_path));
        item.Add("is_current", l.out_path == page.out_path);
        list.Push(std::move(item));
      }
    site.Add(std::string("has_") + key, !list.as_array().empty());
    site.Add(key, std::move(list));
  }
  site.Add("search_url", menus_ && !menus_->search_path.empty() ? RelativeUrl(page.out_path, menus_->search_path) : "");
  SetPrintLinks(page, &site);
  ctx.Add("site", std::move(site));

  Value p = Value::MakeObject();
  p.as_object().reserve(25);
  p.Add("title", page.title);
  p.Add("summary", page.summary);
  p.Add("kind", page.kind == PageKind::kHome ? "home" : page.kind == PageKind::kSection ? "section" : "page");
  p.Add("is_home", page.kind == PageKind::kHome);
  p.Add("is_section", page.kind == PageKind::kSection);
  p.Add("content", std::move(content_html));
  p.Add("url", EncodeUrlPath(BaseName(page.out_path)));  // a URL, so "één.html" is encoded
  p.Add("date", page.date);
  p.Add("date_nl", FormatDate(page.date, config_.language));
  // Sharing metadata: who made it, where it comes from, its licence, when it last changed.
  const std::string& updated = page.lastmod.empty() ? page.date : page.lastmod;  // as content_tree.h says
  p.Add("lastmod", updated);
  p.Add("lastmod_nl", FormatDate(updated, config_.language));
  std::string author = page.meta.GetString("author");
  std::string organisation = page.meta.GetString("organisation", page.meta.GetString("organization"));
  std::string source = page.meta.GetString("source");
  std::string licence = page.meta.GetString("licence", page.meta.GetString("license"));
  p.Add("author", author);
  p.Add("organisation", organisation);
  p.Add("source", source);
  p.Add("licence", licence);
  p.Add("has_meta",
        !author.empty() || !organisation.empty() || !source.empty() || !licence.empty() || IsIsoDate(updated));
  Value tags = Value::MakeArray();
  for (const std::string& t : page.tags) {
    Value tag;
    tag.Add("name", t);
    tags.Push(std::move(tag));
  }
  p.Add("has_tags", !page.tags.empty());
  p.Add("tags", std::move(tags));
  Value toc_list = Value::MakeArray();
  for (const TocEntry& e : toc) {
    Value item;
    item.Add("level", e.level);
    item.Add("text", e.text);
    item.Add("anchor", e.anchor);
    item.Add("is_sub", e.level > 2);
    toc_list.Push(std::move(item));
  }
  p.Add("has_toc", toc.size() >= 2);
  p.Add("toc", std::move(toc_list));
  Value children = Value::MakeArray();
  for (int c : page.children) children.Push(Link(page, tree_.pages[c]));
  p.Add("has_children", !page.children.empty());
  p.Add("children", std::move(children));
  Value scripts = Value::MakeArray();
  for (const std::string& s : extras.scripts) {
    Value v;
    v.Add("src", root + s);
    scripts.Push(std::move(v));
  }
  p.Add("scripts", std::move(scripts));
  Value styles = Value::MakeArray();
  for (const std::string& s : extras.styles) {
    Value v;
    v.Add("href", root + s);
    styles.Push(std::move(v));
  }
  p.Add("styles", std::move(styles));
  p.Add("params", page.meta);
  ctx.Add("page", std::move(p));

  if (with_nav) ctx.Add("nav", nav_.For(page));
  std::vector<int> chain;
  for (int i = page.index; i >= 0; i = tree_.pages[i].parent) chain.insert(chain.begin(), i);
  Value crumbs = Value::MakeArray();
  for (size_t k = 0; k < chain.size(); ++k) {
    Value c = Link(page, tree_.pages[chain[k]]);
    c.Set("title", NavTitle(tree_.pages[chain[k]]));  // a trail of short names, as in the sidebar
    c.Add("is_last", k + 1 == chain.size());
    crumbs.Push(std::move(c));
  }
  ctx.Add("has_breadcrumbs", chain.size() > 1);
  ctx.Add("breadcrumbs", std::move(crumbs));
  if (page.prev >= 0) ctx.Add("prev", Link(page, tree_.pages[page.prev]));
  if (page.next >= 0) ctx.Add("next", Link(page, tree_.pages[page.next]));
  return ctx;
}

Value PageContextBuilder::Shared() const {
  Value shared;
  shared.Set("t", strings_);
  shared.Set("build_year", build_year_);
  shared.Set("generator", "Wegwijzer " WW_VERSION);
  return shared;
}

// An alias page only sends the reader on: it needs the site's name for its
// card and the target, not the page's body, navigation or menus.
Value PageContextBuilder::Redirect(const Page& page, const std::string& alias) const {
  Value ctx;
  std::string root = RootPrefix(alias);
  ctx.Set("root", root);
  ctx.Set("site", site_);
  ctx.Set("target", RelativeUrl(alias, page.out_path));
  Value p;
  p.Set("title", page.title);
  ctx.Set("page", std::move(p));
  return ctx;
}

// A small theme may have only page.mustache: a home page falls back to the
// section layout, anything else to the page layout.
std::string PageContextBuilder::LayoutFor(const Page& page, const Theme& theme) const {
  if (!page.layout.empty()) return page.layout;  // a missing layout is reported by Render
  const char* kind = page.kind == PageKind::kHome ? "home" : page.kind == PageKind::kSection ? "section" : "page";
  if (theme.Has(kind)) return kind;
  if (page.kind == PageKind::kHome && theme.Has("section")) return "section";
  return "page";
}

std::string PageContextBuilder::BrandCss() const {
  std::string css = "/* Brand colours from site.toml [theme.colors]. */\n:root {\n";
  for (const auto& [name, v] : config_.colors.as_object()) {
    std::string value = v.ToText();
    // Only plain colour values: no way to smuggle other CSS in through site.toml.
    bool safe = !value.empty();
    for (char c : value)
      safe &= std::isalnum(static_cast<unsigned char>(c)) || c == '#' || c == '(' || c == ')' || c == ',' || c == '.' ||
              c == ' ' || c == '%';
    bool name_ok = !name.empty();
    for (char c : name) name_ok &= std::isalnum(static_cast<unsigned char>(c)) || c == '-';
    if (safe && name_ok) css += "  --kleur-" + name + ": " + value + ";\n";
  }
  css += "}\n";
  return css;
}

}  // namespace ww
