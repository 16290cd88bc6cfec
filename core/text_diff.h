// text_diff: what changed between two versions of a text, line by line, as a
// unified diff (the format of `diff -u` and `git diff`), for
// `wegwijzer diff`. Written here because Debian has no small C or C++
// library for it (libxdiff is not packaged; dtl would be a whole dependency
// for sixty lines).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ww {

// Splits text into lines without their '\n' (a last line without one counts).
std::vector<std::string_view> SplitLines(std::string_view text);

// The 1-based line of `after` where it first differs from `before`; 0 when
// they are equal. Used to point a message at the first changed line.
int FirstChangedLine(std::string_view before, std::string_view after);

// A unified diff from `before` (named old_name) to `after` (new_name), with
// `context` unchanged lines around each change; "" when the texts are equal.
// Bounded: past about four million compared line pairs between the first and
// the last change, that middle part is shown as removed and added as a whole
// instead of matched line by line.
std::string UnifiedDiff(std::string_view before, std::string_view after, const std::string& old_name,
                        const std::string& new_name, int context = 3);

}  // namespace ww
