#include "utf8.h"

#include <cstdint>
#include <cstring>

namespace ww {

char32_t DecodeUtf8(std::string_view s, size_t* pos) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const size_t i = *pos;
  const unsigned char lead = byte(i);
  // C0 and C1 can only start overlong forms, F5..FF only values beyond
  // U+10FFFF: neither starts a sequence.
  const size_t len = lead < 0x80 ? 1 : lead < 0xC2 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF5 ? 4 : 0;
  ++*pos;
  if (len == 1) return lead;
  if (len == 0 || i + len > s.size()) return kNotUtf8;
  char32_t cp = lead & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return kNotUtf8;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kNotUtf8;
  *pos = i + len;
  return cp;
}

// The lead byte holds the top bits, after a marker of the length; each
// continuation byte holds six more bits.
void AppendUtf8(std::string* out, char32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
    return;
  }
  if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
  }
  out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
}

size_t FindInvalidUtf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    // Eight ASCII bytes at a time: most of a Dutch text.
    uint64_t block;
    while (i + 8 <= n && (std::memcpy(&block, s.data() + i, 8), (block & 0x8080808080808080ull) == 0)) i += 8;
    if (i >= n) break;
    size_t at = i;
    if (DecodeUtf8(s, &i) == kNotUtf8) return at;
  }
  return std::string_view::npos;
}

void LineColOf(std::string_view s, size_t offset, int* line, int* col) {
  int l = 1, c = 1;
  for (size_t i = 0; i < offset && i < s.size(); ++i) {
    if (s[i] == '\n') {
      ++l;
      c = 1;
    } else if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      ++c;  // a continuation byte is part of the character before it
    }
  }
  *line = l;
  *col = c;
}

std::string CleanSource(std::string_view raw) {
  // Windows editors write both: a BOM would become text of the first line,
  // and a CR would end up inside values and HTML.
  if (raw.starts_with("\xEF\xBB\xBF")) raw.remove_prefix(3);
  // (raw.find of one byte and then another: each is a memchr, far cheaper
  // than a loop that looks for both.)
  if (raw.find('\r') == std::string_view::npos && raw.find('\0') == std::string_view::npos)
    return std::string(raw);  // most files: a copy
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\r') {
      out += '\n';
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    } else if (c == '\0') {
      // As CommonMark does in the body: a NUL would cut a C string (a file
      // name, a slug) short and is not allowed in HTML at all.
      out += "\xEF\xBF\xBD";
    } else {
      out += c;
    }
  }
  return out;
}

std::string CleanSource(std::string&& raw) {
  if (!raw.starts_with("\xEF\xBB\xBF") && raw.find('\r') == std::string::npos && raw.find('\0') == std::string::npos)
    return std::move(raw);
  return CleanSource(std::string_view(raw));
}

}  // namespace ww
