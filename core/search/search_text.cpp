#include "search/search_text.h"

namespace ww {

namespace {

// A code block's text is not in its children, where PlainText looks, but
// code is searched too. Appended in place, without a string per block
// (every block of every page comes here).
void AppendBlockText(const Node& n, std::string& out) {
  const size_t before = out.size();
  if (!out.empty()) out += ' ';
  const size_t start = out.size();
  if (n.type == NodeType::kCodeBlock)
    out += n.text;
  else
    AppendPlainText(n, &out);
  if (out.size() == start) out.resize(before);  // no text: no space either
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
