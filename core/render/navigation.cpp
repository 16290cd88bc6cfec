#include "render/navigation.h"

#include "markdown/html_render.h"
#include "slug.h"

namespace ww {

namespace {

// Stands where the current page's own item goes when the cap left it out of
// its section's list: just before "Alle pagina's (N)", so a reader on page
// 500 still sees where they are. For() removes it from every nav it returns.
constexpr char kOwnSlot = '\x02';

}  // namespace

Navigation::Navigation(const SiteTree& tree, const std::string& more_label) {
  root_open_ = "<ul class=\"nav-root\">\n<li><a href=\"\x01index.html\">";
  AppendEscaped(root_open_, NavTitle(tree.home()));
  root_open_ += "</a></li>\n";
  sections_[0];  // the home page always has a (possibly empty) list
  // One pass over the tree, once per build: only each section's listed
  // children are kept, so a page's nav is later assembled from O(path) lists.
  for (const Page& s : tree.pages) {
    if (s.kind == PageKind::kPage || s.children.empty()) continue;
    Section& sec = sections_[s.index];
    sec.parent = s.parent;
    size_t pages = 0;
    for (int c : s.children) pages += tree.pages[c].kind == PageKind::kPage;
    size_t listed = 0;
    for (int c : s.children) {
      const Page& p = tree.pages[c];
      if (p.kind == PageKind::kPage && listed++ >= kMaxListed) continue;
      Item item;
      item.open = "<li><a href=\"\x01";
      item.open += EncodeUrlPath(p.out_path);
      item.open += "\">";
      AppendEscaped(item.open, NavTitle(p));
      item.open += "</a>";
      if (p.kind == PageKind::kSection && !p.children.empty()) item.section = p.index;
      sec.items.push_back(std::move(item));
    }
    if (pages > kMaxListed) {
      sec.more = "<li class=\"nav-more\"><a href=\"\x01";
      sec.more += EncodeUrlPath(s.out_path);
      sec.more += "\">";
      AppendEscaped(sec.more, more_label + " (" + std::to_string(pages) + ")");
      sec.more += "</a></li>\n";
    }
  }
}

// Writes the items of section `s` (= path[depth]), unfolding the one child
// that is the next section on the path. Other sections stay a bare link.
void Navigation::Unfold(int s, const std::vector<int>& path, size_t depth, std::string& out) const {
  const Section& sec = sections_.at(s);
  int next = depth + 1 < path.size() ? path[depth + 1] : -1;
  for (const Item& item : sec.items) {
    out += item.open;
    if (item.section >= 0 && item.section == next) {
      out += "<ul>\n";
      Unfold(next, path, depth + 1, out);
      out += "</ul>\n";
    }
    out += "</li>\n";
  }
  if (!sec.more.empty()) {
    if (next < 0) out += kOwnSlot;
    out += sec.more;
  }
}

std::string Navigation::Assemble(int s, const std::string& prefix) const {
  std::vector<int> path;  // home first, `s` last
  for (int at = s; at >= 0; at = sections_.at(at).parent) path.insert(path.begin(), at);
  std::string html = root_open_;
  Unfold(0, path, 0, html);
  html += "</ul>\n";
  std::string out;
  out.reserve(html.size() + 64 * prefix.size());
  for (char c : html) {
    if (c == '\x01')
      out += prefix;
    else
      out += c;
  }
  return out;
}

std::string Navigation::For(const Page& page) const {
  // A section page shows its own list; a page, or a section with nothing in
  // it, shows the list it is in.
  int s = page.kind == PageKind::kPage ? page.parent : page.index;
  if (!sections_.count(s)) s = page.parent;
  if (s < 0 || !sections_.count(s)) s = 0;
  std::string prefix = RootPrefix(page.out_path);
  std::string nav;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find({s, prefix});
    if (it == cache_.end()) it = cache_.emplace(std::pair{s, prefix}, Assemble(s, prefix)).first;
    nav = it->second;
  }
  std::string url = prefix + EncodeUrlPath(page.out_path);
  std::string needle = "href=\"" + url + "\"";
  bool listed = nav.find(needle) != std::string::npos;
  if (size_t slot = nav.find(kOwnSlot); slot != std::string::npos) {
    std::string own;
    if (!listed && page.kind == PageKind::kPage && !IsGeneratedSearchPage(page)) {
      own = "<li><a href=\"" + url + "\">";
      AppendEscaped(own, NavTitle(page));
      own += "</a></li>\n";
      listed = true;
    }
    nav.replace(slot, 1, own);
  }
  if (size_t at = nav.find(needle); listed && at != std::string::npos)
    nav.insert(at + needle.size(), " aria-current=\"page\"");
  return nav;
}

}  // namespace ww
