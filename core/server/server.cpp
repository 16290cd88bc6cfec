#include "server/server.h"

#include <httplib.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "disk.h"
#include "incremental.h"
#include "publish/output.h"

namespace fs = std::filesystem;

namespace ww {

namespace {

std::atomic<bool> g_stop{false};

// Served to every HTML page in serve mode only. It polls by loading a tiny
// script (script-src 'self' allows it; the page's CSP blocks fetch), and
// reloads the tab when the site's version changed.
const char* kReloadJs = R"JS((function () {
  var seen = null;
  function poll() {
    var s = document.createElement('script');
    s.src = '/__wegwijzer/version.js?' + Date.now();
    s.onload = function () {
      s.remove();
      if (seen === null) seen = window.__wegwijzerVersion;
      else if (window.__wegwijzerVersion !== seen) location.reload();
      setTimeout(poll, 700);
    };
    s.onerror = function () { s.remove(); setTimeout(poll, 2000); };
    document.head.appendChild(s);
  }
  poll();
})();
)JS";

const char* MimeType(const std::string& path) {
  auto ends = [&](const char* e) {
    size_t n = std::strlen(e);
    return path.size() >= n && path.compare(path.size() - n, n, e) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".xml")) return "application/xml";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".jpg") || ends(".jpeg")) return "image/jpeg";
  if (ends(".pdf")) return "application/pdf";
  return "application/octet-stream";
}

// Adds an inotify watch on every folder below root (but not the output).
void WatchTree(int fd, const std::string& root, const std::string& skip, std::map<int, std::string>* wds) {
  std::error_code ec;
  auto add = [&](const std::string& dir) {
    int wd = inotify_add_watch(fd, dir.c_str(),
                               IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF);
    if (wd >= 0) (*wds)[wd] = dir;
  };
  add(root);
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_directory(ec)) continue;
    std::string p = it->path().string();
    std::string name = it->path().filename().string();
    if (p == skip || p.rfind(skip + ".", 0) == 0 || (!name.empty() && name[0] == '.') || name == "node_modules" ||
        name == "build") {
      it.disable_recursion_pending();
      continue;
    }
    add(p);
  }
}

}  // namespace

int Serve(const ServeOptions& options) {
  BuildOptions bopt = options.build;
  std::string out = bopt.out_dir.empty() ? DefaultOutDir(bopt.site_dir) : bopt.out_dir;
  bopt.out_dir = out;
  bopt.progress = false;
  BuildCache cache;
  bopt.cache = &cache;
  std::atomic<long> version{0};

  auto rebuild = [&](bool first) {
    RealDisk disk;
    Diagnostics diags;
    auto t0 = std::chrono::steady_clock::now();
    BuildResult r = Build(bopt, disk, &diags);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    for (const Diagnostic& d : diags.Sorted()) std::cerr << d.Format() << "\n";
    if (r.refused_output) {
      std::cerr << "wegwijzer: not serving: the output folder may not be written\n";
    } else if (r.ok) {
      ++version;
      std::printf("wegwijzer: %s %zu of %zu pages in %.0f ms\n", first ? "built" : "rebuilt", r.rendered, r.pages, ms);
    } else {
      std::printf("wegwijzer: build failed; still serving the last good site\n");
    }
    std::fflush(stdout);
    return r;
  };
  // Serving a folder it may not write would show a site it cannot rebuild.
  if (rebuild(true).refused_output) return 2;

  httplib::Server server;
  std::string out_abs = fs::absolute(out).lexically_normal().string();
  server.Get("/__wegwijzer/reload.js", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kReloadJs, "text/javascript; charset=utf-8");
    res.set_header("Cache-Control", "no-store");
  });
  server.Get("/__wegwijzer/version.js", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("window.__wegwijzerVersion = " + std::to_string(version.load()) + ";\n",
                    "text/javascript; charset=utf-8");
    res.set_header("Cache-Control", "no-store");
  });
  server.Get(R"(/.*)", [&](const httplib::Request& req, httplib::Response& res) {
    std::string rel = NormalizePath(req.path.substr(1));
    if (rel.empty() && req.path != "/" && req.path.find("..") != std::string::npos) {
      res.status = 403;
      return;
    }
    std::string path = JoinPath(out_abs, rel);
    std::error_code ec;
    if (rel.empty() || fs::is_directory(path, ec)) path = JoinPath(path, "index.html");
    RealDisk disk;
    std::string body, err;
    if (!disk.IsInside(out_abs, path) || !disk.ReadFile(path, &body, &err)) {
      res.status = 404;
      res.set_content("Niet gevonden: " + req.path + "\n", "text/plain; charset=utf-8");
      return;
    }
    std::string mime = MimeType(path);
    if (mime.rfind("text/html", 0) == 0) {
      size_t at = body.rfind("</body>");
      std::string tag = "<script src=\"/__wegwijzer/reload.js\"></script>\n";
      if (at != std::string::npos)
        body.insert(at, tag);
      else
        body += tag;
    }
    res.set_header("Cache-Control", "no-store");
    res.set_content(body, mime.c_str());
  });

  if (!server.bind_to_port(options.host, options.port)) {
    std::cerr << "wegwijzer: cannot listen on " << options.host << ":" << options.port
              << "; is another server running there? Use --port to pick another port\n";
    return 1;
  }
  if (options.host != "127.0.0.1" && options.host != "localhost" && options.host != "::1")
    std::cerr << "wegwijzer: warning: listening on " << options.host << ", so other computers can reach this site\n";
  std::printf("wegwijzer: serving http://%s:%d/ — press Ctrl-C to stop\n", options.host.c_str(), options.port);
  std::fflush(stdout);
  std::thread http([&] { server.listen_after_bind(); });

  std::signal(SIGINT, [](int) { g_stop = true; });
  std::signal(SIGTERM, [](int) { g_stop = true; });
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  std::map<int, std::string> wds;
  std::string site_abs = fs::absolute(bopt.site_dir).lexically_normal().string();
  if (site_abs.size() > 1 && site_abs.back() == '/') site_abs.pop_back();
  WatchTree(fd, site_abs, out_abs, &wds);
  char buf[64 * 1024];
  while (!g_stop) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    bool relevant = false, new_dir = false, structural = false;
    std::set<std::string> changed;  // files written or replaced; Build checks they are known pages
    // Editors save in bursts (temp file, rename): wait until it is quiet.
    do {
      ssize_t n;
      while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (char* ptr = buf; ptr < buf + n;) {
          auto* ev = reinterpret_cast<inotify_event*>(ptr);
          std::string dir = wds.count(ev->wd) ? wds[ev->wd] : "";
          std::string name = ev->len ? ev->name : "";
          std::string full = JoinPath(dir, name);
          bool in_output = full == out_abs || full.rfind(out_abs + "/", 0) == 0 || full.rfind(out_abs + ".", 0) == 0;
          if (!in_output && !name.empty() && name[0] != '.' && name.back() != '~') {
            relevant = true;
            if (ev->mask & (IN_DELETE | IN_MOVED_FROM | IN_DELETE_SELF | IN_ISDIR))
              structural = true;
            else
              changed.insert(full);
          }
          if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) new_dir = true;
          ptr += sizeof(inotify_event) + ev->len;
        }
      }
    } while (poll(&p, 1, 60) > 0);
    if (new_dir) WatchTree(fd, site_abs, out_abs, &wds);
    if (relevant) {
      // Only files that were written (no file gone or renamed away): the
      // build may then reuse its tree and read just these again.
      std::vector<std::string> paths(changed.begin(), changed.end());
      bopt.changed_paths = structural ? nullptr : &paths;
      rebuild(false);
      bopt.changed_paths = nullptr;
    }
  }
  close(fd);
  server.stop();
  http.join();
  std::printf("\nwegwijzer: stopped\n");
  return 0;
}

}  // namespace ww
