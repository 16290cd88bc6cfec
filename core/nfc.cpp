#include "nfc.h"

#include <utf8proc.h>

#include <cstdlib>

#include "utf8.h"

namespace ww {

namespace {

bool IsAscii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// True when no character of s can change under NFC, looked at cheaply: the
// text of a Dutch page (é, ë, ’, –, …, €) passes, so utf8proc, which takes
// most of a millisecond for a long page, runs only on text that may need it.
// Below U+0300 every character is NFC as it is and none combines with what
// comes before; so is General Punctuation from U+2002 (U+2000 and U+2001 are
// the two with canonical decompositions), and the euro sign.
bool SurelyNfc(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp = DecodeUtf8(s, &i);
    if (cp < 0x300 || (cp >= 0x2002 && cp <= 0x206F) || cp == 0x20AC) continue;
    return false;
  }
  return true;
}

// utf8proc_map with a length (not NUL-terminated: a NUL is a character like
// any other here). On failure, which valid UTF-8 does not give, the text as
// it was: normalising is a courtesy, never a reason to lose text.
std::string Map(std::string_view s, int options) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &out,
                   static_cast<utf8proc_option_t>(options));
  if (n < 0) return std::string(s);
  std::string r(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
  std::free(out);
  return r;
}

}  // namespace

std::string ToNfc(std::string_view text) {
  if (SurelyNfc(text)) return std::string(text);
  return Map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

std::string ToNfc(std::string&& text) {
  if (SurelyNfc(text)) return std::move(text);
  return Map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

std::string CollisionKey(std::string_view name) {
  if (IsAscii(name)) {
    std::string r(name);
    for (char& c : r)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return r;
  }
  return Map(name, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

}  // namespace ww
