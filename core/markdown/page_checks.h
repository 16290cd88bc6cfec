// page_checks: warnings for what an author wrote that the page will not show
// as she meant, each at its file:line:col with what to do; and the size of
// every image of the site, written into its <img>.
//
// Run on each page's document after the plugins' transforms and before links
// are rewritten (urls are still as the author wrote them):
//   - raw HTML in content is shown as text unless [markup] unsafe_html;
//   - [leeg]() is a link that leads nowhere: it becomes its text;
//   - ![](foto.png) has no alt text; ![""](rand.png) marks an image as
//     decorative (alt=""), the one way to leave the text out on purpose;
//   - an image from another site that the theme's Content-Security-Policy
//     blocks (and that an offline copy of the site cannot show): its alt
//     text takes its place;
//   - an image file larger than [images] max_kb (slow on a phone, heavy on a
//     USB stick), said with its size in pixels.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "diagnostics.h"
#include "disk.h"
#include "markdown/document.h"
#include "site/content_tree.h"
#include "site/image_size.h"
#include "site/overlays.h"

namespace ww {

struct PageCheckOptions {
  bool allow_raw_html = false;  // [markup] unsafe_html
  // The img-src (else default-src) sources of the theme's
  // Content-Security-Policy, e.g. "'self' data:"; unset when the theme has none.
  std::optional<std::string> image_policy;
  int64_t image_max_kb = 500;  // [images] max_kb; 0: no size warning
};

// The img-src sources of the first Content-Security-Policy the theme's
// templates set (<meta http-equiv="Content-Security-Policy" content="...">),
// falling back to its default-src; nullopt when no template sets one.
std::optional<std::string> ThemeImagePolicy(Disk& disk, const ThemeFiles& theme);

// Whether a page with that policy may show the image at `url` (http, https or //).
bool PolicyAllowsImage(const std::string& policy, std::string_view url);

// The site's image files, each read once per build however many pages show
// it. Thread-safe: render workers ask side by side.
class ImageFiles {
 public:
  explicit ImageFiles(Disk& disk) : disk_(disk) {}
  struct Info {
    bool sized = false;  // the header gave a size
    ImageSize size;
    size_t bytes = 0;
  };
  Info Get(const std::string& disk_path);

 private:
  Disk& disk_;
  std::mutex mu_;
  std::map<std::string, Info> by_path_;
};

// Checks `doc` of `page` (see above), reports into diags, and sets each
// image's width and height from its file.
void CheckPage(Node* doc, const SiteTree& tree, const Page& page, const PageCheckOptions& options, ImageFiles* images,
               Diagnostics* diags);

}  // namespace ww
