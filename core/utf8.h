// utf8: checks and cleans the raw bytes of a source file before any parser
// sees them, so every later stage can assume valid UTF-8 with '\n' line ends.
#pragma once

#include <string>
#include <string_view>

namespace ww {

// Returns the byte offset of the first invalid UTF-8 sequence, or npos.
size_t FindInvalidUtf8(std::string_view s);
// 1-based line and column (in characters) of a byte offset.
void LineColOf(std::string_view s, size_t offset, int* line, int* col);
// Removes a UTF-8 byte order mark and turns CRLF and lone CR into LF.
std::string CleanSource(std::string_view raw);

}  // namespace ww
