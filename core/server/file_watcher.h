// file_watcher: what changed in the site's folder, for `wegwijzer serve` to
// rebuild. Behind an interface (inotify on Linux), so that tests can play a
// series of edits to the server without touching a real folder.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace ww {

// The changes in one burst of edits.
struct FileChanges {
  // Files written or replaced (sorted, as absolute paths): when these are
  // all, the build may reuse its tree and read just these again.
  std::vector<std::string> written;
  // Something was deleted, renamed away, or a folder changed: the tree itself
  // may differ, so the build looks at every file.
  bool structural = false;

  bool empty() const { return written.empty() && !structural; }
};

class FileWatcher {
 public:
  virtual ~FileWatcher() = default;
  // Watches root and every folder below it (also those made later), except
  // hidden folders, node_modules, build, and `skip` with its siblings named
  // `skip`.* (the output folder and its staging folders). A folder that
  // cannot be watched is left out. Paths are absolute.
  virtual void Watch(const std::string& root, const std::string& skip) = 0;
  // Waits up to timeout_ms for a change, then until the changes stop for a
  // moment (editors save in bursts: a temporary file, then a rename), and
  // reports them in *changes. Left empty when nothing changed or only what is
  // ignored: hidden files, backups ending in '~', anything in `skip`.
  // False when the watcher will report nothing more, and the caller may stop.
  virtual bool Wait(int timeout_ms, FileChanges* changes) = 0;
};

// Linux's inotify.
class InotifyWatcher : public FileWatcher {
 public:
  InotifyWatcher();
  ~InotifyWatcher() override;
  InotifyWatcher(const InotifyWatcher&) = delete;
  InotifyWatcher& operator=(const InotifyWatcher&) = delete;

  void Watch(const std::string& root, const std::string& skip) override;
  bool Wait(int timeout_ms, FileChanges* changes) override;

 private:
  void WatchTree();

  int fd_ = -1;
  std::string root_, skip_;
  std::map<int, std::string> dirs_;  // watch descriptor → folder
};

}  // namespace ww
