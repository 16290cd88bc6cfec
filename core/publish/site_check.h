// site_check: every internal link of a written site, theme and plugins'
// markup included — what `wegwijzer check` reports beside the external links.
//
// The build already checks the links authors write in Markdown; this reads
// the files as a browser would get them (href, src, action and srcset in
// HTML, url() in CSS), so a link that a template, a plugin or a script tag
// adds is checked too, and so are #anchors against the ids of their page.
#pragma once

#include <string>
#include <vector>

#include "disk.h"

namespace ww {

struct BrokenLink {
  std::string file;  // the written file, relative to the output folder
  int line = 0, col = 0;
  std::string target;  // as written in the file
  std::string why;     // "no such file", "no element with id=..."
};

// Reads every .html and .css file below out_dir (hidden files left out) and
// returns the links that lead to no file of the site, or to an anchor that
// page does not have. Links with a scheme (https:, mailto:, data:, ...) and
// links inside <script> and comments are not checked.
std::vector<BrokenLink> FindBrokenLinks(Disk& disk, const std::string& out_dir);

}  // namespace ww
