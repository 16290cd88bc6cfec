// nfc: Unicode normalisation (utf8proc), so text that looks the same is the
// same bytes. "é" can be one code point (U+00E9) or two (e + U+0301); macOS
// writes file names in the second form, most editors the first. Content is
// made NFC before any parser sees it, so search, slugs and links agree.
#pragma once

#include <string>
#include <string_view>

namespace ww {

// text in Normalization Form C. REQUIRES: valid UTF-8 (CleanSource's input
// checked by FindInvalidUtf8); ASCII text comes back as it is, without work.
std::string ToNfc(std::string_view text);
// The same, taking the text: text already in NFC (most) is moved, not copied.
std::string ToNfc(std::string&& text);
inline std::string ToNfc(const char* text) { return ToNfc(std::string_view(text)); }

// The key under which two names are one file on the file systems a site is
// copied to (Windows and macOS ignore case; macOS also ignores the form of
// accents; so does a USB stick's FAT): NFC, then case-folded. Two different
// names with the same key collide there. REQUIRES: valid UTF-8.
std::string CollisionKey(std::string_view name);

}  // namespace ww
