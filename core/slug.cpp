#include "slug.h"

#include "fold.h"
#include "utf8.h"

namespace ww {

std::string Slugify(std::string_view text) {
  static constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";
  std::string out;
  bool dash = false;
  auto put = [&](std::string_view letters) {
    if (dash && !out.empty()) out += '-';
    dash = false;
    out += letters;
  };
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z')
        put(kLower.substr(c - 'A', 1));
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        put(text.substr(i, 1));
      else
        dash = true;
      ++i;
      continue;
    }
    // The folding of the search index (fold.h), so that search.js, which
    // derives a heading's anchor from its folded text, finds the anchor the
    // page has. A mark combining with the letter before it is dropped as the
    // index drops it; a byte that is not UTF-8 separates, like a symbol.
    char32_t cp = DecodeUtf8(text, &i);
    if (IsCombiningMark(cp)) continue;
    if (std::string_view f = FoldLatin(cp); !f.empty())
      put(f);
    else
      dash = true;
  }
  return out;
}

std::string RootPrefix(std::string_view from) {
  std::string out;
  for (char c : from)
    if (c == '/') out += "../";
  return out;
}

std::string RelativeUrl(std::string_view from, std::string_view to) {
  // Strip the common folder prefix, then climb out of what is left of `from`.
  size_t common = 0;
  for (size_t i = 0; i < from.size() && i < to.size() && from[i] == to[i]; ++i)
    if (from[i] == '/') common = i + 1;
  std::string out = RootPrefix(from.substr(common));
  out += to.substr(common);
  if (out.empty()) out = std::string(to.substr(to.rfind('/') + 1));
  return EncodeUrlPath(out);
}

std::string EncodeUrlPath(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-' ||
        c == '_' || c == '.' || c == '~' || c == '#' || c == '?' || c == '=' || c == '&' || c == '%') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string DecodeUrlPath(std::string_view s) {
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) && hex(s[i + 2])) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool HasUrlScheme(std::string_view url) {
  for (size_t i = 0; i < url.size(); ++i) {
    char c = url[i];
    if (c == ':') return i > 0;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
  }
  return false;
}

std::string TitleFromFileName(const std::string& stem) {
  std::string title = stem;
  for (char& c : title)
    if (c == '-' || c == '_') c = ' ';
  // ASCII only: a first letter like "é" stays as it is rather than be cut in two.
  if (!title.empty() && title[0] >= 'a' && title[0] <= 'z') title[0] = static_cast<char>(title[0] - 'a' + 'A');
  return title;
}

}  // namespace ww
