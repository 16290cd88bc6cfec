#include "search/search_text.h"

namespace ww {

namespace {

// A code block's text is not in its children, where PlainText looks, but
// code is searched too.
void AppendBlockText(const Node& n, std::string& out) {
  std::string text = n.type == NodeType::kCodeBlock ? n.text : PlainText(n);
  if (text.empty()) return;
  if (!out.empty()) out += ' ';
  out += text;
}

}  // namespace

SearchDoc ExtractSearchDoc(const Node& doc, const Page& page) {
  SearchDoc sd;
  sd.url = page.out_path;
  sd.title = page.title;
  sd.summary = page.summary;
  sd.sections.push_back({"", "", ""});
  for (const Node& block : doc.children) {
    // Top-level headings down to level 4 start a section (a result links to
    // its anchor); deeper ones, and headings in lists or quotes, are text.
    if (block.type == NodeType::kHeading && block.level <= 4) {
      sd.sections.push_back({PlainText(block), block.id, ""});
      continue;
    }
    AppendBlockText(block, sd.sections.back().text);
  }
  // A page that opens with a heading has no text above it: no empty top
  // section to rank or show.
  if (sd.sections.front().text.empty() && sd.sections.size() > 1) sd.sections.erase(sd.sections.begin());
  return sd;
}

}  // namespace ww
