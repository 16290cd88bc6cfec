#include "publish/feeds.h"

#include <algorithm>

#include "render/i18n.h"
#include "slug.h"
#include "utf8.h"

namespace ww {

namespace {

// Appends s as XML text. Runs of plain ASCII are copied at once: the
// sitemap escapes every page's URL, and byte-by-byte appending was a sixth
// of serve's one-page rebuild at 10,000 pages.
void AppendEscapedXml(std::string& out, std::string_view s) {
  auto plain = [](unsigned char c) {
    return c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
  };
  for (size_t i = 0; i < s.size();) {
    size_t run = i;
    while (run < s.size() && plain(static_cast<unsigned char>(s[run]))) ++run;
    out.append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;
    char c = s[i];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x80) {
          // XML 1.0 allows only U+0009, U+000A, U+000D, U+0020-U+D7FF,
          // U+E000-U+FFFD and U+10000-U+10FFFF, escaped or not: one other
          // character and a feed reader rejects the whole feed. Front matter
          // may hold any of them (YAML "\uFFFF"), so the rest are left out.
          size_t start = i;
          char32_t cp = DecodeUtf8(s, &i);
          if (cp != kNotUtf8 && cp != 0xFFFE && cp != 0xFFFF) out.append(s, start, i - start);
          continue;
        }
        if (c == '\n' || c == '\t') out += c;
    }
    ++i;
  }
}

}  // namespace

std::string EscapeXml(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  AppendEscapedXml(out, s);
  return out;
}

namespace {

// Only a real date: Atom's <updated> must be one, and front matter may say
// anything. The time of a timestamp is dropped (entries are dated midnight UTC).
std::string Updated(const Page& p) {
  const std::string& d = p.lastmod.empty() ? p.date : p.lastmod;
  return IsIsoDate(d) ? d.substr(0, 10) : "";
}

// Relative without base_url (a site opened from a folder has no address):
// feed readers resolve them against the feed's own URL.
std::string Url(const SiteConfig& config, const std::string& out_path) {
  std::string base = config.base_url;
  if (!base.empty() && base.back() != '/') base += '/';
  return base + EncodeUrlPath(out_path);
}

}  // namespace

std::string RenderAtomFeed(const SiteTree& tree, const SiteConfig& config, const std::string& build_date) {
  // The 50 last changed, newest first, in tree order among equals: each
  // page's date is taken once, and only the first 50 are put in order.
  std::vector<std::pair<std::string, const Page*>> dated;
  for (const Page& p : tree.pages)
    // A generated page (a section without _index.md, the search page) is no news.
    if (std::string u = Updated(p); !u.empty() && !p.generated) dated.emplace_back(std::move(u), &p);
  auto newer = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  size_t keep = std::min<size_t>(dated.size(), 50);
  std::partial_sort(dated.begin(), dated.begin() + static_cast<std::ptrdiff_t>(keep), dated.end(), newer);
  std::vector<const Page*> pages;
  for (size_t i = 0; i < keep; ++i) pages.push_back(dated[i].second);
  // The newest entry's date, not the build's: a rebuild without changes must
  // not make the feed look new to its readers.
  std::string updated = pages.empty() ? build_date : Updated(*pages.front());
  // An id must never change (RFC 4287): without base_url it is a URN made from
  // the title, not a URL that depends on where the site is put.
  std::string id_base = config.base_url.empty() ? "urn:wegwijzer:" + Slugify(config.title) + ":" : Url(config, "");

  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"";
  x += " xml:lang=\"" + EscapeXml(config.language) + "\">\n";
  x += "  <title>" + EscapeXml(config.title) + "</title>\n";
  if (!config.description.empty()) x += "  <subtitle>" + EscapeXml(config.description) + "</subtitle>\n";
  x += "  <id>" + EscapeXml(id_base) + "</id>\n";
  x += "  <updated>" + updated + "T00:00:00Z</updated>\n";
  x += "  <link rel=\"alternate\" href=\"" + EscapeXml(Url(config, "index.html")) + "\"/>\n";
  x += "  <link rel=\"self\" href=\"" + EscapeXml(Url(config, "feed.xml")) + "\"/>\n";
  x += "  <author><name>" + EscapeXml(config.organisation.empty() ? config.title : config.organisation) +
       "</name></author>\n";
  x += "  <generator>Wegwijzer</generator>\n";
  for (const Page* p : pages) {
    x += "  <entry>\n";
    x += "    <title>" + EscapeXml(p->title) + "</title>\n";
    x += "    <id>" + EscapeXml(config.base_url.empty() ? id_base + p->out_path : Url(config, p->out_path)) + "</id>\n";
    x += "    <link href=\"" + EscapeXml(Url(config, p->out_path)) + "\"/>\n";
    x += "    <updated>" + Updated(*p) + "T00:00:00Z</updated>\n";
    if (!p->summary.empty()) x += "    <summary>" + EscapeXml(p->summary) + "</summary>\n";
    x += "  </entry>\n";
  }
  x += "</feed>\n";
  return x;
}

std::string RenderSitemap(const SiteTree& tree, const SiteConfig& config) {
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  x += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  // Written in place: serve writes the sitemap on every rebuild.
  std::string base = EscapeXml(Url(config, ""));
  x.reserve(x.size() + tree.reading_order.size() * (base.size() + 80));
  for (int i : tree.reading_order) {
    const Page& p = tree.pages[i];
    x += "  <url><loc>";
    x += base;
    AppendEscapedXml(x, EncodeUrlPath(p.out_path));
    x += "</loc>";
    if (const std::string& d = p.lastmod.empty() ? p.date : p.lastmod; IsIsoDate(d))
      x.append("<lastmod>").append(d, 0, 10).append("</lastmod>");
    x += "</url>\n";
  }
  x += "</urlset>\n";
  return x;
}

}  // namespace ww
