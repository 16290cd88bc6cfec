// server: `wegwijzer serve` on a MemoryDisk, with a watcher that plays a
// series of edits, so the serve loop runs without a real folder or Ctrl-C.
#include "server/server.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <map>

#include "site_fixture.h"

using namespace ww;
using namespace ww::testing;

namespace {

// Each Wait runs the next step (which edits the disk and says what changed);
// after the last one the watcher reports nothing more and Serve returns.
struct ScriptedWatcher : FileWatcher {
  std::string root, skip;
  std::vector<std::function<void(FileChanges*)>> steps;
  size_t waits = 0;

  void Watch(const std::string& r, const std::string& s) override {
    root = r;
    skip = s;
  }
  bool Wait(int, FileChanges* changes) override {
    *changes = FileChanges{};
    if (waits == steps.size()) return false;
    steps[waits++](changes);
    return true;
  }
};

std::string Abs(const std::string& path) { return std::filesystem::absolute(path).lexically_normal().string(); }

ServeOptions MemoryServeOptions() {
  ServeOptions o;
  o.build = MemoryBuildOptions();
  o.port = 0;  // any free port: these tests do not ask the server anything
  return o;
}

}  // namespace

TEST_SUITE("server") {
  TEST_CASE("Serve builds on the disk it is given and rebuilds on each change the watcher reports") {
    MemoryDisk disk;
    AddMiniSite(&disk);
    disk.files["site/content/_index.md"] = "---\ntitle: Start\n---\nWelkom\n";
    disk.files["site/content/a.md"] = "---\ntitle: A\n---\nEerste versie\n";
    ScriptedWatcher watcher;
    watcher.steps = {
        [&](FileChanges*) { CHECK(Contains(disk.files["out/a.html"], "Eerste versie")); },  // nothing changed
        [&](FileChanges* c) {
          disk.files["site/content/a.md"] = "---\ntitle: A\n---\nTweede versie\n";
          c->written = {Abs("site/content/a.md")};
        },
        [&](FileChanges* c) {
          CHECK(Contains(disk.files["out/a.html"], "Tweede versie"));
          disk.files["site/content/b.md"] = "---\ntitle: B\n---\nNieuw\n";
          c->structural = true;
        },
    };
    CHECK(Serve(MemoryServeOptions(), disk, watcher) == 0);
    CHECK(watcher.waits == 3);
    CHECK(watcher.root == Abs("site"));
    CHECK(watcher.skip == Abs("out"));
    CHECK(Contains(disk.files["out/b.html"], "Nieuw"));
    CHECK(Contains(disk.files["out/index.html"], "b.html"));
  }

  TEST_CASE("a failed rebuild keeps the last good site, and the next good edit is built") {
    MemoryDisk disk;
    AddMiniSite(&disk);
    disk.files["site/content/_index.md"] = "---\ntitle: Start\n---\nWelkom\n";
    ScriptedWatcher watcher;
    watcher.steps = {
        [&](FileChanges* c) {
          disk.files["site/content/_index.md"] = "---\ntitle: Start\n---\nZie [weg](weg.md)\n";
          c->written = {Abs("site/content/_index.md")};
        },
        [&](FileChanges* c) {
          CHECK(Contains(disk.files["out/index.html"], "Welkom"));
          disk.files["site/content/_index.md"] = "---\ntitle: Start\n---\nHersteld\n";
          c->written = {Abs("site/content/_index.md")};
        },
    };
    CHECK(Serve(MemoryServeOptions(), disk, watcher) == 0);
    CHECK(Contains(disk.files["out/index.html"], "Hersteld"));
  }

  TEST_CASE("an output folder that may not be written: exit 2, before listening or watching") {
    MemoryDisk disk;
    AddMiniSite(&disk);
    disk.files["site/content/_index.md"] = "---\ntitle: Start\n---\nWelkom\n";
    ServeOptions o = MemoryServeOptions();
    o.build.out_dir = "site";  // the site folder itself
    ScriptedWatcher watcher;
    CHECK(Serve(o, disk, watcher) == 2);
    CHECK(watcher.root.empty());
    CHECK(watcher.waits == 0);
  }

  TEST_CASE("a port in use: exit 1, after the build and before watching") {
    // A plain socket: httplib's own would share the port (SO_REUSEPORT).
    int other = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(other >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(bind(other, reinterpret_cast<sockaddr*>(&addr), len) == 0);
    REQUIRE(listen(other, 1) == 0);
    REQUIRE(getsockname(other, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    int port = ntohs(addr.sin_port);
    MemoryDisk disk;
    AddMiniSite(&disk);
    disk.files["site/content/_index.md"] = "---\ntitle: Start\n---\nWelkom\n";
    ServeOptions o = MemoryServeOptions();
    o.port = port;
    ScriptedWatcher watcher;
    CHECK(Serve(o, disk, watcher) == 1);
    CHECK(watcher.root.empty());
    CHECK(disk.files.count("out/index.html"));
    close(other);
  }
}  // TEST_SUITE
