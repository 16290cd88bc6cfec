#include "render/navigation.h"

#include "markdown/html_render.h"
#include "slug.h"

namespace ww {

namespace {

void RenderItems(const SiteTree& tree, const Page& section, const std::string& more_label, std::string& out);

void RenderList(const SiteTree& tree, const Page& section, const std::string& more_label, std::string& out) {
  out += "<ul>\n";
  RenderItems(tree, section, more_label, out);
  out += "</ul>\n";
}

void RenderItems(const SiteTree& tree, const Page& section, const std::string& more_label, std::string& out) {
  size_t listed = 0;
  size_t pages = 0;
  for (int c : section.children) pages += tree.pages[c].kind == PageKind::kPage;
  for (int c : section.children) {
    const Page& p = tree.pages[c];
    if (p.kind == PageKind::kPage) {
      // Sections are always listed (they are few, and lead on); of a large
      // section's pages only the first kMaxListed, then one link to the
      // section page, which lists them all.
      if (pages > Navigation::kMaxListed && listed >= Navigation::kMaxListed) continue;
      ++listed;
    }
    // \x01: where each page's root prefix goes (Navigation::For).
    out += "<li><a href=\"\x01";
    out += EncodeUrlPath(p.out_path);
    out += "\">";
    AppendEscaped(out, p.title);
    out += "</a>";
    if (p.kind == PageKind::kSection && !p.children.empty()) RenderList(tree, p, more_label, out);
    out += "</li>\n";
  }
  if (pages > Navigation::kMaxListed) {
    out += "<li class=\"nav-more\"><a href=\"\x01";
    out += EncodeUrlPath(section.out_path);
    out += "\">";
    AppendEscaped(out, more_label + " (" + std::to_string(pages) + ")");
    out += "</a></li>\n";
  }
}

}  // namespace

Navigation::Navigation(const SiteTree& tree, const std::string& more_label) {
  html_ = "<ul class=\"nav-root\">\n<li><a href=\"\x01index.html\">";
  AppendEscaped(html_, tree.home().title);
  html_ += "</a></li>\n";
  RenderItems(tree, tree.home(), more_label, html_);
  html_ += "</ul>\n";
}

std::string Navigation::For(const Page& page) const {
  // One copy per folder depth (a handful per site), made once: the prefix
  // is all that differs between pages of the same depth.
  std::string prefix = RootPrefix(page.out_path);
  std::string base;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = by_prefix_.find(prefix);
    if (it == by_prefix_.end()) {
      std::string s;
      s.reserve(html_.size() + 4096);
      for (char c : html_) {
        if (c == '\x01')
          s += prefix;
        else
          s += c;
      }
      it = by_prefix_.emplace(prefix, std::move(s)).first;
    }
    base = it->second;
  }
  // find() takes the first link to the page: a large section's own entry
  // comes before its "all pages" link to the same page. A page the sidebar
  // leaves out gets no mark.
  std::string needle = "href=\"" + prefix + EncodeUrlPath(page.out_path) + "\"";
  if (size_t at = base.find(needle); at != std::string::npos) base.insert(at + needle.size(), " aria-current=\"page\"");
  return base;
}

}  // namespace ww
