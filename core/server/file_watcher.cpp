#include "server/file_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "disk.h"

namespace fs = std::filesystem;

namespace ww {

namespace {

// True for the output folder and its staging and old siblings: the server's
// own builds write there, and must not set off another build.
bool InSkipped(const std::string& path, const std::string& skip) {
  return path == skip || path.starts_with(skip + "/") || path.starts_with(skip + ".");
}

}  // namespace

InotifyWatcher::InotifyWatcher() : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

InotifyWatcher::~InotifyWatcher() {
  if (fd_ >= 0) close(fd_);
}

void InotifyWatcher::Watch(const std::string& root, const std::string& skip) {
  root_ = root;
  skip_ = skip;
  WatchTree();
}

// inotify watches one folder, not a tree: each folder below the root gets a
// watch of its own. Adding one again for a folder already watched is harmless
// (the same descriptor comes back), so new folders are found by walking anew.
void InotifyWatcher::WatchTree() {
  std::error_code ec;
  auto add = [&](const std::string& dir) {
    int wd = inotify_add_watch(fd_, dir.c_str(),
                               IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF);
    if (wd >= 0) dirs_[wd] = dir;
  };
  add(root_);
  for (auto it = fs::recursive_directory_iterator(root_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_directory(ec)) continue;
    std::string p = it->path().string();
    std::string name = it->path().filename().string();
    if (p == skip_ || p.starts_with(skip_ + ".") || (!name.empty() && name[0] == '.') || name == "node_modules" ||
        name == "build") {
      it.disable_recursion_pending();
      continue;
    }
    add(p);
  }
}

bool InotifyWatcher::Wait(int timeout_ms, FileChanges* changes) {
  *changes = FileChanges{};
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return true;
  bool new_dir = false;
  std::set<std::string> written;
  char buf[64 * 1024];
  do {
    ssize_t n;
    while ((n = read(fd_, buf, sizeof buf)) > 0) {
      for (char* ptr = buf; ptr < buf + n;) {
        auto* ev = reinterpret_cast<inotify_event*>(ptr);
        auto dir = dirs_.find(ev->wd);
        std::string name = ev->len ? ev->name : "";
        std::string full = JoinPath(dir != dirs_.end() ? dir->second : "", name);
        if (!InSkipped(full, skip_) && !name.empty() && name[0] != '.' && name.back() != '~') {
          // A folder made, moved or removed brings or takes files that no
          // event names one by one. A new file counts as written: the build
          // finds it is no known page and looks at every file itself.
          if (ev->mask & (IN_DELETE | IN_MOVED_FROM | IN_DELETE_SELF | IN_ISDIR))
            changes->structural = true;
          else
            written.insert(full);
        }
        if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) new_dir = true;
        ptr += sizeof(inotify_event) + ev->len;
      }
    }
  } while (poll(&p, 1, 60) > 0);  // until quiet for 60 ms
  if (new_dir) WatchTree();
  changes->written.assign(written.begin(), written.end());
  return true;
}

}  // namespace ww
