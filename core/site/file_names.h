// file_names: which names the content's files may have. A site is opened
// from a USB stick on Windows, unpacked on a Mac, and its links are read by
// browsers, so a name must work on all of them:
//   - UTF-8 (a name in another encoding shows as garbage, or not at all);
//   - no control characters, and none of '#', '?', '%', which a browser
//     reads as the start of an anchor, of a query, or of an escape in a link;
//   - no two names that differ only in upper and lower case or in the form
//     of an accent (é as one code point or as e + U+0301): Windows, macOS
//     and FAT see one name for both, so one file would overwrite the other.
// Names are put in NFC (macOS writes the other form), as the content is,
// so a link from a page finds its file.
#pragma once

#include "diagnostics.h"
#include "site/overlays.h"

namespace ww {

// `files`: the content's files by path within the content. Returns them by
// NFC path; each refused file (or each file below a refused folder) is
// reported at its place and left out.
LayeredFiles CheckFileNames(LayeredFiles files, Diagnostics* diags);

}  // namespace ww
