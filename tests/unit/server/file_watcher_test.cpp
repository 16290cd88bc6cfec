// file_watcher: inotify on a real temporary folder; what counts as a change
// worth a rebuild, and what is left out.
#include "server/file_watcher.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace ww;
namespace fs = std::filesystem;

namespace {

void Write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace

TEST_CASE("InotifyWatcher: written files, deletions and new folders; not the output, hidden files or backups") {
  std::string tmpl = (fs::temp_directory_path() / "ww-watch-XXXXXX").string();
  fs::path root = fs::canonical(mkdtemp(tmpl.data()));
  fs::create_directories(root / "content");
  fs::create_directories(root / "site");
  fs::create_directories(root / ".git");
  InotifyWatcher watcher;
  watcher.Watch(root.string(), (root / "site").string());
  FileChanges changes;
  REQUIRE(watcher.Wait(50, &changes));
  CHECK(changes.empty());

  Write(root / "content" / "a.md", "a");
  REQUIRE(watcher.Wait(2000, &changes));
  CHECK(changes.written == std::vector<std::string>{(root / "content" / "a.md").string()});
  CHECK_FALSE(changes.structural);

  // What the server's own builds write, and what editors and git leave.
  Write(root / "site" / "index.html", "x");
  fs::create_directories(root / "site.tmp-12");
  Write(root / "site.tmp-12" / "index.html", "x");
  Write(root / "content" / ".a.md.swp", "x");
  Write(root / "content" / "a.md~", "x");
  Write(root / ".git" / "index", "x");
  REQUIRE(watcher.Wait(300, &changes));
  CHECK(changes.empty());

  fs::remove(root / "content" / "a.md");
  REQUIRE(watcher.Wait(2000, &changes));
  CHECK(changes.structural);

  fs::create_directories(root / "content" / "sub");
  REQUIRE(watcher.Wait(2000, &changes));
  CHECK(changes.structural);
  Write(root / "content" / "sub" / "b.md", "b");  // the new folder is watched too
  REQUIRE(watcher.Wait(2000, &changes));
  CHECK(changes.written == std::vector<std::string>{(root / "content" / "sub" / "b.md").string()});
  fs::remove_all(root);
}
