// utf8: the one UTF-8 reader of the engine. It checks and cleans the raw
// bytes of a source file before any parser sees them, so every later stage can
// assume valid UTF-8 with '\n' line ends, and it decodes and encodes single
// code points for the stages that look at characters (slugs, search, TOML).
#pragma once

#include <string>
#include <string_view>

namespace ww {

// What DecodeUtf8 returns for a byte that does not start a well-formed
// sequence. Not a code point (those end at U+10FFFF).
inline constexpr char32_t kNotUtf8 = 0xFFFFFFFF;

// Decodes the code point at s[*pos] and moves *pos past it. A stray
// continuation byte, a truncated sequence, an overlong form, a surrogate or a
// value beyond U+10FFFF gives kNotUtf8 and moves *pos one byte, so a caller
// can keep or replace that byte and go on with the next.
// REQUIRES: *pos < s.size().
char32_t DecodeUtf8(std::string_view s, size_t* pos);
// Appends the UTF-8 form of cp. REQUIRES: cp <= U+10FFFF.
void AppendUtf8(std::string* out, char32_t cp);

// Returns the byte offset of the first invalid UTF-8 sequence, or npos.
size_t FindInvalidUtf8(std::string_view s);
// 1-based line and column (in characters) of a byte offset.
void LineColOf(std::string_view s, size_t offset, int* line, int* col);
// Removes a UTF-8 byte order mark, turns CRLF and lone CR into LF, and NUL
// into U+FFFD (as CommonMark does), so no NUL reaches a value or the HTML.
std::string CleanSource(std::string_view raw);
// The same, taking the text: most files need no change and are moved, not copied.
std::string CleanSource(std::string&& raw);
inline std::string CleanSource(const char* raw) { return CleanSource(std::string_view(raw)); }

}  // namespace ww
