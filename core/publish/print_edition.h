// print_edition: the whole handbook (and each top-level section) as one
// print-ready HTML page: a cover, a table of contents, a page break before
// every chapter, and print CSS, so a browser prints it or saves it as PDF.
//
// Pages are rendered for the print edition by their workers (RenderForPrint),
// with ids prefixed per page and links between pages turned into links
// inside the one document; Assemble puts them together in reading order.
#pragma once

#include <string>
#include <vector>

#include "markdown/document.h"
#include "markdown/html_render.h"
#include "site/config.h"
#include "site/content_tree.h"
#include "value.h"

namespace ww {

// The anchor of a page in the print edition: "p12".
std::string PrintAnchor(const Page& page);

// Where the print edition of a top-level section goes: "print-rol.html".
std::string PrintEditionPath(const Page& section);

// Rewrites a copy of the page's document for the print edition and renders it.
std::string RenderForPrint(Node doc, const SiteTree& tree, const Page& page, const RenderOptions& options);

struct PrintFile {
  std::string path;  // "print.html", "print-rol.html"
  std::string html;
};

// Assembles the print editions from every page's print body (indexed like tree.pages).
std::vector<PrintFile> AssemblePrintEditions(const SiteTree& tree, const SiteConfig& config, const Value& strings,
                                             const std::vector<std::string>& bodies, const std::string& build_date);

}  // namespace ww
