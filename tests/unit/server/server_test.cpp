// server: `wegwijzer serve` on a MemoryDisk, with a watcher that plays a
// series of edits, so the serve loop runs without a real folder or Ctrl-C.
#include "server/server.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <thread>

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

// A port no one listens on now: bound to 0, read back, let go.
int FreePort() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  bind(s, reinterpret_cast<sockaddr*>(&addr), len);
  getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  close(s);
  return ntohs(addr.sin_port);
}

// The real disk, but the swap of a full rebuild takes its time: after the
// old site is moved aside (the first of Commit's two renames) it waits, so a
// request in that moment finds no output folder, every time.
struct SlowSwapDisk : RealDisk {
  std::string out;
  std::atomic<int> slow_swaps{0};
  bool Rename(const std::string& from, const std::string& to, std::string* err) override {
    bool ok = RealDisk::Rename(from, to, err);
    if (ok && from == out && to.find(".old-") != std::string::npos) {
      ++slow_swaps;
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
    }
    return ok;
  }
};

// The mini site in a temp folder, served from there: the server resolves
// the output folder on the real file system, so these tests ask it things.
struct RealServeSite {
  std::string root;
  ServeOptions options;
  RealServeSite() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "ww-serve-XXXXXX").string();
    root = mkdtemp(tmpl.data());
    MemoryDisk m;
    AddMiniSite(&m);
    m.files["site/content/_index.md"] = "---\ntitle: Start\n---\nWelkom\n";
    m.files["site/content/rol/_index.md"] = "---\ntitle: Rol\n---\nDe rol\n";
    m.files["site/content/rol/a.md"] = "---\ntitle: A\n---\nTaak a\n";
    RealDisk disk;
    std::string err;
    for (const auto& [path, text] : m.files) REQUIRE(disk.WriteFile(root + "/" + path, text, &err));
    options.build = MemoryBuildOptions();
    options.build.site_dir = root + "/site";
    options.build.out_dir = root + "/out";
    options.port = FreePort();
  }
  ~RealServeSite() {
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
  }
  void Put(const std::string& rel, const std::string& text) {
    RealDisk disk;
    std::string err;
    REQUIRE(disk.WriteFile(root + "/" + rel, text, &err));
  }
};

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
  // ---- issue 17: what serve does under load, and at the swap

  TEST_CASE("a second serve on a port in use exits 1 with a message; the first keeps serving alone") {
    RealServeSite site;
    RealDisk disk;
    int second = -1;
    ScriptedWatcher watcher;
    watcher.steps = {[&](FileChanges*) {
      RealServeSite other;
      other.options.port = site.options.port;
      RealDisk other_disk;
      ScriptedWatcher other_watcher;  // would stop it at once, had it started
      second = Serve(other.options, other_disk, other_watcher);
      httplib::Client c("127.0.0.1", site.options.port);
      auto r = c.Get("/");
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->body.find("Welkom") != std::string::npos);
    }};
    CHECK(Serve(site.options, disk, watcher) == 0);
    CHECK(second == 1);
  }

  TEST_CASE("a section's URL without its trailing slash redirects to it, with its query") {
    RealServeSite site;
    RealDisk disk;
    ScriptedWatcher watcher;
    watcher.steps = {[&](FileChanges*) {
      httplib::Client c("127.0.0.1", site.options.port);
      auto r = c.Get("/rol");
      REQUIRE(r);
      CHECK(r->status == 301);
      CHECK(r->get_header_value("Location") == "/rol/");
      r = c.Get("/rol?q=taak");
      REQUIRE(r);
      CHECK(r->get_header_value("Location") == "/rol/?q=taak");
      r = c.Get("/rol/");
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->body.find("De rol") != std::string::npos);
      r = c.Get("/rol/a.html");
      REQUIRE(r);
      CHECK(r->status == 200);
    }};
    CHECK(Serve(site.options, disk, watcher) == 0);
  }

  TEST_CASE("twenty slow connections do not keep another reader waiting") {
    RealServeSite site;
    RealDisk disk;
    double ms = -1;
    ScriptedWatcher watcher;
    watcher.steps = {[&](FileChanges*) {
      std::vector<int> slow;
      for (int i = 0; i < 20; ++i) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<uint16_t>(site.options.port));
        REQUIRE(connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        const char part[] = "GET / HTTP/1.1\r\nHost: x\r\n";  // and never the end of the request
        REQUIRE(send(s, part, sizeof part - 1, 0) > 0);
        slow.push_back(s);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // all twenty are taken up
      auto t0 = std::chrono::steady_clock::now();
      httplib::Client c("127.0.0.1", site.options.port);
      auto r = c.Get("/rol/a.html");
      ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      REQUIRE(r);
      CHECK(r->status == 200);
      for (int s : slow) close(s);
    }};
    CHECK(Serve(site.options, disk, watcher) == 0);
    MESSAGE("a request beside 20 slow connections took " << ms << " ms");
    CHECK(ms >= 0);
    CHECK(ms < 1000);  // httplib's 8 threads: about 5,000 (its read timeout)
  }

  TEST_CASE("no request gets a 404 while a full rebuild swaps the new site in") {
    RealServeSite site;
    SlowSwapDisk disk;
    disk.out = site.options.build.out_dir;
    std::atomic<bool> stop{false};
    std::atomic<int> asked{0}, missing{0};
    std::thread reader;
    ScriptedWatcher watcher;
    watcher.steps = {
        [&](FileChanges* c) {
          reader = std::thread([&] {
            httplib::Client client("127.0.0.1", site.options.port);
            while (!stop) {
              for (const char* path : {"/", "/rol/", "/rol/a.html"}) {
                auto r = client.Get(path);
                ++asked;
                if (!r || r->status != 200) ++missing;
              }
            }
          });
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          site.Put("site/content/b.md", "---\ntitle: B\n---\nNieuw\n");  // a new page: a full build
          c->structural = true;
        },
        [&](FileChanges*) {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          stop = true;
          reader.join();
        },
    };
    CHECK(Serve(site.options, disk, watcher) == 0);
    CHECK(disk.slow_swaps == 1);  // the rebuild (the first build had no site to move aside)
    CHECK(asked > 3);
    CHECK(missing == 0);
  }
}  // TEST_SUITE
