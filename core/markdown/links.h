// links: rewrites links between source files into links between output
// files, and reports links that lead nowhere.
//
// A link to "../rol/functie.md#taken" becomes "../rol/functie.html#taken".
// Anchors in other pages can only be checked once every page is parsed, so
// they are returned as AnchorRefs and checked at the end of the build.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.h"
#include "markdown/document.h"
#include "site/content_tree.h"

namespace ww {

struct AnchorRef {
  std::string from_path;  // source file, for the message
  int line = 0, col = 0;
  int target = -1;  // page index
  std::string anchor;
};

// A link to another site: listed by `wegwijzer check`, never fetched by a build.
struct ExternalLink {
  std::string from_path;
  int line = 0, col = 0;
  std::string url;
};

// Rewrites every Link and Image url in doc for page `page`. Errors for
// missing pages and files; anchors in the same page are checked at once.
// External links are collected into *external when it is given.
void RewriteLinks(Node* doc, const SiteTree& tree, const Page& page, Diagnostics* diags,
                  std::vector<AnchorRef>* anchor_refs, std::vector<ExternalLink>* external = nullptr);

// The hint after "no heading with that anchor": how anchors are made, and the
// anchor to use when the link still has the unprefixed form of a heading that
// starts with a digit ("#1-doelen" is now "#kop-1-doelen").
std::string AnchorHint(std::string_view anchor);

// Every id a page's HTML will have: heading ids and footnote ids.
std::set<std::string> CollectAnchors(const Node& doc);

}  // namespace ww
