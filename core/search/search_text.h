// search_text: what the search index gets from a page: its text per section
// (a section starts at each heading), taken from the Markdown before plugins
// turn parts of it into widgets, so form items and callouts are findable too.
#pragma once

#include "markdown/document.h"
#include "search/search_index.h"
#include "site/content_tree.h"

namespace ww {

// One section per top-level heading of level 1 to 4, with the text up to
// the next one; the text above the first heading is a section without a
// heading, left out when empty. Title and summary come from the front matter.
SearchDoc ExtractSearchDoc(const Node& doc, const Page& page);

}  // namespace ww
