#include "publish/site_check.h"

#include <map>
#include <set>
#include <string_view>

#include "slug.h"

namespace ww {

namespace {

struct Link {
  std::string target;
  size_t offset;
};

// Lowercase ASCII compare of s at pos with word (word is lowercase).
bool AtWord(std::string_view s, size_t pos, std::string_view word) {
  if (pos + word.size() > s.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = s[pos + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  return true;
}

// The few entities a URL or id in our output can hold (the escaper writes
// these); anything else stays as written.
std::string DecodeEntities(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      static constexpr std::pair<std::string_view, char> kEntities[] = {
          {"&amp;", '&'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&lt;", '<'}, {"&gt;", '>'}};
      bool done = false;
      for (auto [name, c] : kEntities)
        if (s.substr(i, name.size()) == name) {
          out += c;
          i += name.size() - 1;
          done = true;
          break;
        }
      if (done) continue;
    }
    out += s[i];
  }
  return out;
}

// The value of the attribute whose name ends at `pos` (just before '='), or
// nullopt-like false when it is not `name="value"` / `name='value'`.
bool AttributeValue(std::string_view html, size_t eq, std::string_view* value, size_t* value_at) {
  size_t q = eq + 1;
  if (q >= html.size() || (html[q] != '"' && html[q] != '\'')) return false;
  size_t end = html.find(html[q], q + 1);
  if (end == std::string_view::npos) return false;
  *value = html.substr(q + 1, end - q - 1);
  *value_at = q + 1;
  return true;
}

// Inside tags only: attribute values of href, src, action, srcset and id.
// <script> bodies and comments are skipped (scripts build markup of their
// own, whose links only exist at run time).
void ScanHtml(std::string_view html, std::vector<Link>* links, std::set<std::string>* ids) {
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (html.substr(i, 4) == "<!--") {
      size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    size_t close = html.find('>', i);
    if (close == std::string_view::npos) break;
    bool script = AtWord(html, i + 1, "script") && (i + 7 >= html.size() || html[i + 7] == ' ' || html[i + 7] == '>');
    for (size_t a = i + 1; a < close; ++a) {
      if (html[a] != '=' || a == 0) continue;
      size_t name_end = a, name_start = a;
      while (name_start > i + 1 && html[name_start - 1] != ' ' && html[name_start - 1] != '\n') --name_start;
      std::string_view name = html.substr(name_start, name_end - name_start);
      std::string_view value;
      size_t at;
      if (!AttributeValue(html, a, &value, &at)) continue;
      // A quoted value may hold '>': the tag ends after it.
      if (at + value.size() + 1 > close) close = html.find('>', at + value.size() + 1);
      if (close == std::string_view::npos) close = html.size();
      if (name == "href" || name == "src" || name == "action") {
        links->push_back({DecodeEntities(value), at});
      } else if (name == "srcset") {
        std::string_view rest = value;
        size_t base = at;
        while (!rest.empty()) {
          size_t comma = rest.find(',');
          std::string_view part = rest.substr(0, comma);
          size_t lead = part.find_first_not_of(' ');
          if (lead != std::string_view::npos) {
            std::string_view url = part.substr(lead, part.find(' ', lead) - lead);
            links->push_back({DecodeEntities(url), base + lead});
          }
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
          base += comma + 1;
        }
      } else if (name == "id" || name == "name") {
        ids->insert(DecodeEntities(value));
      }
      a = at + value.size();
    }
    i = close + 1;
    if (script) {
      size_t end = html.find("</script", i);
      i = end == std::string_view::npos ? html.size() : end;
    }
  }
}

void ScanCss(std::string_view css, std::vector<Link>* links) {
  for (size_t i = css.find("url("); i != std::string_view::npos; i = css.find("url(", i + 4)) {
    size_t start = i + 4, end = css.find(')', start);
    if (end == std::string_view::npos) break;
    std::string_view v = css.substr(start, end - start);
    if (!v.empty() && (v.front() == '"' || v.front() == '\'')) {
      v = v.substr(1, v.size() >= 2 ? v.size() - 2 : 0);
      ++start;
    }
    links->push_back({std::string(v), start});
  }
}

void LineCol(std::string_view text, size_t offset, int* line, int* col) {
  *line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') {
      ++*line;
      line_start = i + 1;
    }
  *col = static_cast<int>(offset - line_start) + 1;
}

}  // namespace

// Two passes: every file's ids must be known before any #anchor that points
// into it can be checked, and pages link to each other in both directions.
std::vector<BrokenLink> FindBrokenLinks(Disk& disk, const std::string& out_dir) {
  std::set<std::string> files;
  for (const FileEntry& f : disk.ListFiles(out_dir))
    if (!f.escapes_root) files.insert(f.rel);
  struct Scanned {
    std::string text;
    std::vector<Link> links;
  };
  std::map<std::string, Scanned> scanned;
  std::map<std::string, std::set<std::string>> ids;
  for (const std::string& rel : files) {
    bool html = rel.ends_with(".html"), css = rel.ends_with(".css");
    if (!html && !css) continue;
    Scanned& s = scanned[rel];
    std::string err;
    if (!disk.ReadFile(JoinPath(out_dir, rel), &s.text, &err)) continue;
    if (html)
      ScanHtml(s.text, &s.links, &ids[rel]);
    else
      ScanCss(s.text, &s.links);
  }
  std::vector<BrokenLink> broken;
  for (const auto& [rel, s] : scanned) {
    for (const Link& l : s.links) {
      std::string_view url = l.target;
      if (url.empty() || HasUrlScheme(url) || url.starts_with("//")) continue;
      std::string_view path = url, fragment;
      if (size_t hash = path.find('#'); hash != std::string_view::npos) {
        fragment = path.substr(hash + 1);
        path = path.substr(0, hash);
      }
      if (size_t q = path.find('?'); q != std::string_view::npos) path = path.substr(0, q);
      std::string target = rel;
      if (!path.empty()) {
        std::string decoded = DecodeUrlPath(path);
        target = decoded.starts_with("/") ? NormalizePath(decoded.substr(1))
                                          : NormalizePath(JoinPath(DirName(rel), decoded));
        if (!decoded.empty() && decoded.back() == '/')
          target = JoinPath(target, "index.html");
        else if (!files.count(target) && files.count(JoinPath(target, "index.html")))
          target = JoinPath(target, "index.html");
      }
      int line, col;
      std::string why;
      if (target.empty() || !files.count(target)) {
        why = "no such file in the site";
      } else if (!fragment.empty() && target.ends_with(".html")) {
        std::string id = DecodeUrlPath(fragment);
        if (!ids[target].count(id)) why = "no element with id=\"" + id + "\" in " + target;
      }
      if (why.empty()) continue;
      LineCol(s.text, l.offset, &line, &col);
      broken.push_back({rel, line, col, l.target, why});
    }
  }
  return broken;
}

}  // namespace ww
