#include "publish/print_edition.h"

#include <regex>
#include <set>

#include "render/i18n.h"
#include "slug.h"

namespace ww {

// By index, not by title: unique in the document whatever the titles say,
// and short, as every id of the page is prefixed with it.
std::string PrintAnchor(const Page& page) { return "p" + std::to_string(page.index); }

std::string PrintEditionPath(const Page& section) { return "print-" + Slugify(section.dir) + ".html"; }

namespace {

// The bases the edition is built on and the site's own licence, as the
// footer of every page names them (base_manifest.h).
std::string PrintColophon(const SiteConfig& config, const Value& strings) {
  std::string h;
  for (const BaseManifest& b : config.bases) {
    h += "<p class=\"print-cover__base\">" + EscapeHtml(strings.GetString("based_on", "Gebaseerd op")) + " " +
         EscapeHtml(b.name) + " " + EscapeHtml(strings.GetString("version", "versie")) + " " + EscapeHtml(b.version);
    if (!b.licence.empty())
      h += " (" + EscapeHtml(strings.GetString("licence", "licentie")) + ": " + EscapeHtml(b.licence) + ")";
    h += "</p>\n";
  }
  if (!config.licence.empty())
    h += "<p class=\"print-cover__licence\">" +
         EscapeHtml(strings.GetString("site_licence", "Licentie van deze site")) + ": " + EscapeHtml(config.licence) +
         "</p>\n";
  return h;
}

// Runs on the links as the author wrote them (RewriteLinks, which reports
// the broken ones, comes after): a link that leads nowhere is left as it is
// here and reported once, by the page's own rendering. Heading ids get the
// page's prefix, so the headings of all pages stay unique in one document.
void Rewrite(Node* n, const SiteTree& tree, const Page& page, const std::string& prefix) {
  if (n->type == NodeType::kHeading && !n->id.empty()) n->id = prefix + n->id;
  if ((n->type == NodeType::kLink || n->type == NodeType::kImage) && !n->url.empty() && !HasUrlScheme(n->url) &&
      !n->url.starts_with("//")) {
    std::string url = n->url, anchor;
    if (size_t h = url.find('#'); h != std::string::npos) {
      anchor = url.substr(h + 1);
      url = url.substr(0, h);
    }
    if (url.empty()) {
      n->url = "#" + prefix + anchor;
    } else {
      std::string target = url[0] == '/' ? NormalizePath(url.substr(1)) : NormalizePath(JoinPath(page.dir, url));
      auto it = tree.by_rel.find(target);
      if (it == tree.by_rel.end()) it = tree.by_rel.find(JoinPath(target, "_index.md"));
      if (it != tree.by_rel.end()) {
        const Page& to = tree.pages[it->second];
        // Into this document; AssemblePrintEditions sends the link back to the
        // site when the page is not in the edition.
        n->url = "#" + PrintAnchor(to) + (anchor.empty() ? "" : "-" + anchor);
      } else if (n->type == NodeType::kImage || tree.static_paths.count(target)) {
        n->url = EncodeUrlPath(target);  // the print edition lives at the site root
      }
    }
  }
  for (Node& c : n->children) Rewrite(&c, tree, page, prefix);
}

// The search page has nothing to print, and a page may leave itself out
// (front matter `print: false`, e.g. a list of recent changes): it is neither
// in the table of contents nor in the text, and links to it go to the site.
bool InPrint(const Page& p) { return p.layout != "search" && p.meta.GetBool("print", true); }

int Depth(const SiteTree& tree, const Page& p) {
  int d = 0;
  for (int i = p.parent; i >= 0; i = tree.pages[i].parent) ++d;
  return d;
}

}  // namespace

std::string RenderForPrint(Node doc, const SiteTree& tree, const Page& page, const RenderOptions& options) {
  Rewrite(&doc, tree, page, PrintAnchor(page) + "-");
  RenderOptions o = options;
  o.id_prefix = PrintAnchor(page) + "-";
  o.table_context = page.title;
  std::string html = RenderHtml(doc, o);
  // The page's links to its own anchors now carry the prefix; an id that a
  // plugin wrote into raw HTML (a callout's <aside id="noot-a1">) does not
  // yet: the first such id a link leads to gets it too.
  const std::string pre = PrintAnchor(page) + "-";
  const std::string href = "href=\"#" + pre;
  std::set<std::string> wanted;
  for (size_t at = html.find(href); at != std::string::npos; at = html.find(href, at)) {
    at += href.size();
    size_t end = html.find('"', at);
    if (end == std::string::npos) break;
    wanted.insert(html.substr(at, end - at));
  }
  for (const std::string& id : wanted) {
    if (id.empty() || html.find(" id=\"" + pre + id + "\"") != std::string::npos) continue;
    std::string plain = " id=\"" + id + "\"";
    if (size_t p = html.find(plain); p != std::string::npos) html.replace(p, plain.size(), " id=\"" + pre + id + "\"");
  }
  return html;
}

std::vector<PrintFile> AssemblePrintEditions(const SiteTree& tree, const SiteConfig& config, const Value& strings,
                                             const std::vector<std::string>& bodies, const std::string& build_date) {
  std::vector<PrintFile> files;
  // The whole handbook, then one edition per top-level section.
  std::vector<int> roots = {0};
  for (int c : tree.home().children)
    if (tree.pages[c].kind == PageKind::kSection) roots.push_back(c);

  for (int root : roots) {
    const Page& top = tree.pages[root];
    std::vector<int> order;
    bool inside = false;
    int root_depth = Depth(tree, top);
    // The reading order is depth-first: an edition is the run from its root
    // up to the next page that is no deeper than the root.
    for (int i : tree.reading_order) {
      if (i == root)
        inside = true;
      else if (inside && Depth(tree, tree.pages[i]) <= root_depth)
        break;
      if (inside && (i == root || InPrint(tree.pages[i]))) order.push_back(i);
    }
    std::string title = root == 0 ? config.title : top.title;
    std::string subtitle = root == 0 ? config.description : config.title;
    std::string lang = config.language;

    // Numbers: 1, 1.1, 1.1.1 … by depth below the edition's root.
    std::vector<std::string> numbers(tree.pages.size());
    std::vector<int> counters(16, 0);
    for (int i : order) {
      if (i == root) continue;
      int d = Depth(tree, tree.pages[i]) - root_depth;
      if (d < 1 || d >= 16) continue;  // past 15 levels: no number, no overflow
      ++counters[d];
      std::fill(counters.begin() + d + 1, counters.end(), 0);
      std::string num;
      for (int k = 1; k <= d; ++k) num += (k > 1 ? "." : "") + std::to_string(counters[k]);
      numbers[i] = num;
    }

    std::string h;
    h += "<!doctype html>\n<html lang=\"" + EscapeHtml(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; style-src "
         "'self'; img-src 'self' data:; form-action 'none'; base-uri 'none'\">\n";
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    h += "<title>" + EscapeHtml(title + " – " + strings.GetString("print_edition", "Afdrukversie")) + "</title>\n";
    h += "<link rel=\"stylesheet\" href=\"assets/style.css\">\n<link rel=\"stylesheet\" href=\"assets/brand.css\">\n";
    h += "<link rel=\"stylesheet\" href=\"assets/print-edition.css\">\n</head>\n<body class=\"print-edition\">\n";
    h += "<main>\n<section class=\"print-cover\">\n";
    if (!config.logo.empty())  // print editions sit at the site root, like the logo's path
      h += "<img class=\"print-cover__logo\" src=\"" + EscapeHtml(EncodeUrlPath(config.logo)) + "\" alt=\"\">\n";
    if (!config.organisation.empty())
      h += "<p class=\"print-cover__org\">" + EscapeHtml(config.organisation) + "</p>\n";
    h += "<h1 id=\"print-title\">" + EscapeHtml(title) + "</h1>\n";
    if (!subtitle.empty() && subtitle != title)
      h += "<p class=\"print-cover__subtitle\">" + EscapeHtml(subtitle) + "</p>\n";
    h += PrintColophon(config, strings);
    h += "<p class=\"print-cover__date\">" +
         EscapeHtml(strings.GetString("print_date", "Afgedrukt uit de versie van")) + " " +
         EscapeHtml(FormatDate(build_date, lang)) + "</p>\n";
    h += "<p class=\"print-cover__back no-print\"><a href=\"" + EncodeUrlPath(top.out_path) + "\">" +
         EscapeHtml(strings.GetString("print_back", "Terug naar de website")) + "</a></p>\n";
    h += "</section>\n";

    h += "<nav class=\"print-toc\" aria-labelledby=\"print-toc-title\">\n<h2 id=\"print-toc-title\">" +
         EscapeHtml(strings.GetString("contents", "Inhoud")) + "</h2>\n<ol>\n";
    for (int i : order) {
      if (i == root) continue;
      const Page& p = tree.pages[i];
      int d = Depth(tree, p) - root_depth;
      h += "<li class=\"print-toc__item print-toc__item--" + std::to_string(std::min(d, 3)) + "\"><a href=\"#" +
           PrintAnchor(p) + "\"><span class=\"print-toc__num\">" + numbers[i] +
           "</span> <span class=\"print-toc__title\">" + EscapeHtml(p.title) +
           // Left empty: pdf_export fills in the page numbers a first print found;
           // a browser with CSS paged media fills it from data-target
           // (target-counter in print-edition.css).
           "</span></a> <span class=\"print-toc__page\" data-target=\"#" + PrintAnchor(p) + "\" data-page-for=\"" +
           PrintAnchor(p) + "\"></span></li>\n";
    }
    h += "</ol>\n</nav>\n";

    for (int i : order) {
      const Page& p = tree.pages[i];
      int d = Depth(tree, p) - root_depth;
      bool chapter = d <= 1;
      h += "<section class=\"print-page" + std::string(chapter ? " print-chapter" : "") + "\" id=\"" + PrintAnchor(p) +
           "\" aria-labelledby=\"" + PrintAnchor(p) + "-title\">\n";
      // h1 is the edition's title on the cover; pages go from h2 down by depth.
      int level = std::min(6, std::max(2, d + 1));
      std::string tag = "h" + std::to_string(level);
      h += "<" + tag + " class=\"print-page__title\" id=\"" + PrintAnchor(p) + "-title\">";
      if (!numbers[i].empty()) h += "<span class=\"print-page__num\">" + numbers[i] + "</span> ";
      // The home page's title is the handbook's, on the cover already: its
      // text is the introduction.
      h += EscapeHtml(i == root && root == 0 ? strings.GetString("introduction", "Inleiding") : p.title) + "</" + tag +
           ">\n";
      std::vector<std::string> meta;
      for (const char* key : {"author", "organisation", "source", "licence"})
        if (std::string v = p.meta.GetString(key); !v.empty()) meta.push_back(EscapeHtml(v));
      if (std::string d = FormatDate(p.lastmod, lang); !d.empty())
        meta.push_back(EscapeHtml(strings.GetString("updated", "Bijgewerkt op") + " " + d));
      if (!meta.empty()) {
        h += "<p class=\"print-page__meta\">";
        for (size_t k = 0; k < meta.size(); ++k) h += (k ? " · " : "") + meta[k];
        h += "</p>\n";
      }
      h += "<div class=\"prose print-page__body\">\n" + bodies[i] + "</div>\n</section>\n";
    }
    h += "</main>\n</body>\n</html>\n";
    // Links to pages that are not in this edition go to the page on the site.
    // Rewrite made every link to a page #pN[-anchor]; only now is it known
    // which pages this edition holds.
    std::set<int> in_edition(order.begin(), order.end());
    static const std::regex link_re(R"re(href="#p(\d+)(-[^"]*)?")re");
    std::string fixed;
    size_t last = 0;
    for (auto it = std::sregex_iterator(h.begin(), h.end(), link_re); it != std::sregex_iterator(); ++it) {
      int target = std::stoi((*it)[1].str());
      if (target < 0 || static_cast<size_t>(target) >= tree.pages.size() || in_edition.count(target)) continue;
      fixed.append(h, last, static_cast<size_t>(it->position()) - last);
      std::string anchor = (*it)[2].matched ? "#" + (*it)[2].str().substr(1) : "";
      fixed += "href=\"" + EncodeUrlPath(tree.pages[target].out_path) + anchor + "\"";
      last = static_cast<size_t>(it->position() + it->length());
    }
    fixed.append(h, last, std::string::npos);
    h = std::move(fixed);
    files.push_back({root == 0 ? "print.html" : PrintEditionPath(top), std::move(h)});
  }
  return files;
}

}  // namespace ww
