// error_overlay: `wegwijzer serve` shows a failed build's errors in every
// open page, over the last good site, as Hugo's server does; the next good
// build reloads the pages and the overlay is gone.
//
// The open tabs already load /__wegwijzer/version.js every 0.7 s (server.cpp's
// reload script); it also carries the errors of the last build (BuildStatus),
// and the overlay script, served with the reload script, shows them. Nothing
// of this is written into the built site.
#pragma once

#include <string>
#include <vector>

#include "diagnostics.h"

namespace ww {

// At most this many errors are shown; the overlay says how many more there are.
constexpr size_t kOverlayMaxErrors = 20;

// The script that shows window.__wegwijzerErrors (set by version.js) as an
// overlay, and takes it away when the list is empty. Plain DOM, styles set
// through CSSOM (the pages' CSP allows no inline style), text never parsed as HTML.
const char* ErrorOverlayScript();

// The part of version.js about the last build: "window.__wegwijzerErrors =
// [...];" with each error's place (path:line:col) and message; an empty list
// after a good build. `diags`: that build's problems (warnings are left out).
std::string BuildErrorsScript(const std::vector<Diagnostic>& diags);

}  // namespace ww
