// server: `wegwijzer serve` — builds the site, serves it on loopback, watches
// the site folder (inotify), rebuilds incrementally on every change and tells
// open browser tabs to reload.
#pragma once

#include <string>

#include "build.h"

namespace ww {

struct ServeOptions {
  BuildOptions build;
  std::string host = "127.0.0.1";  // never beyond loopback unless asked (--bind)
  int port = 1313;
};

// Runs until interrupted (Ctrl-C). Returns the exit code.
int Serve(const ServeOptions& options);

}  // namespace ww
