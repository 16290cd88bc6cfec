// slug: names for URLs and anchors, and relative URLs between output files.
#pragma once

#include <string>
#include <string_view>

namespace ww {

// "Jaar 1 (implementatie)" → "jaar-1-implementatie": Latin letters folded
// as the search index folds them (fold.h: é → e, ĳ → ij, ß → ss), combining
// marks dropped, any other run of characters (or of bytes that are not UTF-8)
// one '-', no leading or trailing '-'. search.js derives the anchor of a
// heading by the same rule.
std::string Slugify(std::string_view text);

// The title of a page or section that has none of its own, made of its file
// or folder name: "eerste-week_2" → "Eerste week 2" (the one rule for the
// content tree's pages and sections and for `wegwijzer new page`).
std::string TitleFromFileName(const std::string& stem);

// The URL of `to` as seen from the page at `from`; both are output paths
// relative to the site root ("a/b.html", "index.html"). Always relative, so a
// site works from file:// and from any sub-path of a web server.
std::string RelativeUrl(std::string_view from, std::string_view to);

// "../" repeated once per folder of `from` ("" at the root).
std::string RootPrefix(std::string_view from);

// Percent-encodes characters that are not safe in a URL path.
std::string EncodeUrlPath(std::string_view path);
// The reverse, for links as authors and browsers write them ("mijn%20plan.md"
// → "mijn plan.md"): %XX becomes its byte, anything else stays as it is.
std::string DecodeUrlPath(std::string_view url);
// Whether url starts with a scheme as RFC 3986 spells it (letters, digits,
// + - . before the first ':'): "mailto:x" and "https://…" have one, "map/a:b.md"
// (a ':' after a '/') and "2024 plan:x.md" do not. The one rule for every
// place that tells a link into the site from one out of it.
bool HasUrlScheme(std::string_view url);

}  // namespace ww
