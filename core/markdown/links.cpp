#include "markdown/links.h"

#include "disk.h"
#include "slug.h"

namespace ww {

namespace {

// One page's links. own_anchors holds the page's ids before any link is
// looked at, so a link above the heading it points to is checked too.
struct Rewriter {
  const SiteTree& tree;
  const Page& page;
  Diagnostics* diags;
  std::vector<AnchorRef>* refs;
  std::set<std::string> own_anchors;
  std::vector<ExternalLink>* external;

  void Walk(Node* n) {
    if (n->type == NodeType::kLink || n->type == NodeType::kImage) Rewrite(n);
    for (Node& c : n->children) Walk(&c);
  }

  void Rewrite(Node* n) {
    std::string url = n->url;
    if (url.empty()) return;
    // Another site's links are never fetched by a build; `wegwijzer check`
    // lists the web ones (mailto: and tel: cannot be checked).
    if (HasUrlScheme(url) || url.starts_with("//")) {
      if (external && (url.starts_with("http") || url.starts_with("//")))
        external->push_back({page.source_path, n->line, n->col, url});
      return;
    }
    std::string anchor;
    if (size_t hash = url.find('#'); hash != std::string::npos) {
      anchor = url.substr(hash + 1);
      url = url.substr(0, hash);
    }
    if (size_t q = url.find('?'); q != std::string::npos) url = url.substr(0, q);
    if (url.empty()) {  // "#anchor" in this page
      if (!anchor.empty() && !own_anchors.count(anchor))
        diags->Error(page.source_path, n->line, n->col,
                     "link to #" + anchor + ": this page has no heading with that anchor; check the spelling " +
                         AnchorHint(anchor));
      return;
    }
    std::string decoded = DecodeUrlPath(url);
    // "_" stands for the site root, so climbing above it ("../../x" from one
    // folder down) and reaching the root itself ("../") can be told apart.
    std::string rooted =
        NormalizePath(JoinPath("_", decoded[0] == '/' ? decoded.substr(1) : JoinPath(page.dir, decoded)));
    std::string target = rooted.size() > 2 ? rooted.substr(2) : "";
    if (rooted != "_" && !rooted.starts_with("_/")) {
      diags->Error(page.source_path, n->line, n->col,
                   "link to " + n->url + " leads outside the site; link to a page inside content/");
      return;
    }
    // A folder means its section page.
    // (A page "x.md" is looked up first: most links go to one.)
    bool is_md = target.size() > 3 && target.ends_with(".md");
    auto it = is_md && decoded.back() != '/' ? tree.by_rel.find(target) : tree.by_rel.end();
    bool is_dir = it == tree.by_rel.end() &&
                  (decoded.back() == '/' || target.empty() || tree.by_rel.count(JoinPath(target, "_index.md")));
    std::string key = is_dir ? JoinPath(target, "_index.md") : target;
    if (is_md || is_dir) {
      if (is_dir) it = tree.by_rel.find(key);
      if (it == tree.by_rel.end()) {
        if (auto e = tree.origins.find(key); e != tree.origins.end())  // the file is there, but not published
          diags->Error(page.source_path, n->line, n->col,
                       "link to " + n->url + ": page " + key + " is not published (from " + DescribeOrigin(e->second) +
                           ", hidden or a draft); remove the link, or publish the page");
        else
          diags->Error(page.source_path, n->line, n->col,
                       "link to " + n->url + ": there is no page " + key + Suggest(key) +
                           "; fix the path (relative to this file) or create the page");
        return;
      }
      const Page& to = tree.pages[it->second];
      n->url = RelativeUrl(page.out_path, to.out_path);
      if (!anchor.empty()) {
        n->url += "#" + anchor;
        if (to.index == page.index) {
          if (!own_anchors.count(anchor))
            diags->Error(page.source_path, n->line, n->col,
                         "link to #" + anchor + ": this page has no heading with that anchor; check the spelling " +
                             AnchorHint(anchor));
        } else {
          // The other page may not be parsed yet: checked at the end of the build.
          refs->push_back({page.source_path, n->line, n->col, to.index, anchor});
        }
      }
      return;
    }
    if (!tree.static_paths.count(target)) {
      if (auto off = tree.turned_off.find(target); off != tree.turned_off.end())
        diags->Error(page.source_path, n->line, n->col,
                     "link to " + n->url + ": the site has no " + target + ", site.toml says " + off->second +
                         "; remove the link or turn it on again");
      else if (std::string page_rel = PageFor(target); !page_rel.empty())
        diags->Error(page.source_path, n->line, n->col,
                     "link to " + n->url + ": there is no file " + target + "; did you mean the page " + page_rel +
                         "? Link to a page by its .md file: (" + MdUrl(url) + ")");
      else
        diags->Error(page.source_path, n->line, n->col,
                     "link to " + n->url + ": no file " + target +
                         " in the content folder; add the file or fix the path (relative to this file)");
      return;
    }
    // Static files keep their place in the tree, so a relative URL stays
    // valid; one from the site root ("/img/a.png") must become relative too,
    // or it breaks under file:// and on a sub-path.
    if (decoded[0] == '/') n->url = RelativeUrl(page.out_path, target) + (anchor.empty() ? "" : "#" + anchor);
  }

  // The page a link without ".md" meant: "afspraken" or "afspraken.html"
  // for afspraken.md, "rol" for rol/_index.md is a folder link and found
  // already. "" when there is none.
  std::string PageFor(const std::string& target) const {
    std::string stem = target.ends_with(".html") ? target.substr(0, target.size() - 5) : target;
    if (stem.empty()) return "";
    return tree.by_rel.count(stem + ".md") ? stem + ".md" : "";
  }
  // The link as the author should write it: her path, with ".md" in place
  // of ".html" or nothing after the page's name.
  static std::string MdUrl(const std::string& url) {
    return (url.ends_with(".html") ? url.substr(0, url.size() - 5) : url) + ".md";
  }

  // Nearest page path by file name (for a section: by folder name), for "did you mean".
  std::string Suggest(const std::string& key) const {
    auto name = [](const std::string& rel) {
      return BaseName(rel) == "_index.md" ? BaseName(DirName(rel)) + "/" : BaseName(rel);
    };
    std::string base = name(key);
    if (base == "/") return "";
    const std::string* best = nullptr;  // the first in name order, whatever the map's order
    for (const auto& [rel, idx] : tree.by_rel)
      if (name(rel) == base && (!best || rel < *best)) best = &rel;
    return best ? " (did you mean " + *best + "?)" : "";
  }
};

// The footnote ids html_render writes ("fn-LABEL", "fnref-LABEL"): the same
// rule as its Renderer::Slug, which is private to it; change both together.
std::string FootnoteSlug(const std::string& label) {
  std::string out;
  for (char c : label) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out;
}

void Collect(const Node& n, std::set<std::string>* out) {
  if (n.type == NodeType::kHeading && !n.id.empty()) out->insert(n.id);
  if (n.type == NodeType::kFootnoteDefinition) out->insert("fn-" + FootnoteSlug(n.id));
  if (n.type == NodeType::kFootnoteReference) out->insert("fnref-" + FootnoteSlug(n.id));
  if (n.type == NodeType::kRawBlock || n.type == NodeType::kRawInline) {
    // Plugins may create anchors in their HTML: pick up id="..." attributes.
    size_t pos = 0;
    while ((pos = n.text.find(" id=\"", pos)) != std::string::npos) {
      size_t end = n.text.find('"', pos + 5);
      if (end == std::string::npos) break;
      out->insert(n.text.substr(pos + 5, end - pos - 5));
      pos = end;
    }
  }
  for (const Node& c : n.children) Collect(c, out);
}

}  // namespace

std::set<std::string> CollectAnchors(const Node& doc) {
  std::set<std::string> out;
  Collect(doc, &out);
  return out;
}

std::string AnchorHint(std::string_view anchor) {
  std::string hint = "(anchors are the heading text in lower case with '-' for spaces";
  if (!anchor.empty() && anchor[0] >= '0' && anchor[0] <= '9')
    hint += "; a heading that starts with a digit gets 'kop-' in front: #kop-" + std::string(anchor);
  return hint + ")";
}

void RewriteLinks(Node* doc, const SiteTree& tree, const Page& page, Diagnostics* diags,
                  std::vector<AnchorRef>* anchor_refs, std::vector<ExternalLink>* external) {
  Rewriter r{tree, page, diags, anchor_refs, CollectAnchors(*doc), external};
  r.Walk(doc);
}

}  // namespace ww
