// server: `wegwijzer serve` — builds the site, serves it on loopback, watches
// the site folder (FileWatcher), rebuilds incrementally on every change and
// tells open browser tabs to reload.
#pragma once

#include <string>

#include "build.h"
#include "disk.h"
#include "server/file_watcher.h"

namespace ww {

struct ServeOptions {
  BuildOptions build;
  std::string host = "127.0.0.1";  // never beyond loopback unless asked (--bind)
  int port = 1313;
};

// Builds with and serves from `disk`, and rebuilds on what `watcher` reports.
// Runs until interrupted (Ctrl-C) or the watcher reports nothing more.
// Returns the exit code: 2 when the output folder may not be written, 1 when
// the port is taken.
int Serve(const ServeOptions& options, Disk& disk, FileWatcher& watcher);
// On the real disk, with inotify.
int Serve(const ServeOptions& options);

}  // namespace ww
