#include "slug.h"

#include <cstdint>

namespace ww {

namespace {

// Folds the Latin-1 supplement and Latin Extended-A letters that Dutch and
// its neighbours use to ASCII; returns 0 for anything else.
char FoldLatin(uint32_t cp) {
  if (cp >= 0xC0 && cp <= 0xC5) return 'a';
  if (cp == 0xC7) return 'c';
  if (cp >= 0xC8 && cp <= 0xCB) return 'e';
  if (cp >= 0xCC && cp <= 0xCF) return 'i';
  if (cp == 0xD1) return 'n';
  if ((cp >= 0xD2 && cp <= 0xD6) || cp == 0xD8) return 'o';
  if (cp >= 0xD9 && cp <= 0xDC) return 'u';
  if (cp == 0xDD) return 'y';
  if (cp >= 0xE0 && cp <= 0xE5) return 'a';
  if (cp == 0xE7) return 'c';
  if (cp >= 0xE8 && cp <= 0xEB) return 'e';
  if (cp >= 0xEC && cp <= 0xEF) return 'i';
  if (cp == 0xF1) return 'n';
  if ((cp >= 0xF2 && cp <= 0xF6) || cp == 0xF8) return 'o';
  if (cp >= 0xF9 && cp <= 0xFC) return 'u';
  if (cp == 0xFD || cp == 0xFF) return 'y';
  if (cp == 0x133) return 'y';  // ĳ → ij handled by caller
  return 0;
}

}  // namespace

std::string Slugify(std::string_view text) {
  std::string out;
  bool dash = false;
  auto put = [&](char c) {
    if (dash && !out.empty()) out += '-';
    dash = false;
    out += c;
  };
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z')
        put(static_cast<char>(c - 'A' + 'a'));
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        put(static_cast<char>(c));
      else
        dash = true;
      ++i;
      continue;
    }
    int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    uint32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + k < text.size(); ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
    i += len;
    if (cp == 0x132 || cp == 0x133) {
      put('i');
      out += 'j';
    } else if (char f = FoldLatin(cp)) {
      put(f);
    } else if (cp == 0xDF) {
      put('s');
      out += 's';
    } else {
      dash = true;
    }
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

}  // namespace ww
