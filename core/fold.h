// fold: the one table that folds Latin letters to ASCII, shared by slugs
// (heading anchors, file names) and search (the index and search.js), so an
// anchor the search index derives from a heading is the heading's slug.
#pragma once

#include <string_view>

namespace ww {

// The lowercase ASCII letters that a letter of U+00C0..U+017F (Latin-1 and
// Latin Extended-A) folds to: "e" for 'É', "ij" for 'ĳ', "ss" for 'ß', "ae"
// for 'æ', "oe" for 'œ', "th" for 'þ'. Empty for every other code point,
// including '×' and '÷' and ASCII: the caller keeps or replaces those.
// themes/default/assets/search.js holds the same table (FOLD): change both
// together.
std::string_view FoldLatin(char32_t cp);

// Combining diacritical marks (U+0300..U+036F), which folding drops: "e"
// followed by U+0301 folds as 'é' does.
inline bool IsCombiningMark(char32_t cp) { return cp >= 0x300 && cp <= 0x36F; }

}  // namespace ww
