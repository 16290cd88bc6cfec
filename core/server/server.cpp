#include "server/server.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "incremental.h"
#include "publish/output.h"
#include "server/error_overlay.h"
#include "slug.h"

namespace fs = std::filesystem;

namespace ww {

namespace {

std::atomic<bool> g_stop{false};  // set by the signal handlers: a lock-free atomic is all they may touch

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

// Named for what a built site holds: in standards mode a browser ignores a
// stylesheet served with another type. Anything else is a download.
const char* MimeType(const std::string& path) {
  auto ends = [&](const char* e) { return path.ends_with(e); };
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

}  // namespace

int Serve(const ServeOptions& options, Disk& disk, FileWatcher& watcher) {
  BuildOptions bopt = options.build;
  std::string out = bopt.out_dir.empty() ? DefaultOutDir(bopt.site_dir) : bopt.out_dir;
  bopt.out_dir = out;
  bopt.progress = false;  // one line per build instead (rebuild)
  BuildCache cache;
  bopt.cache = &cache;
  // Up by one after every good build; open tabs poll it (kReloadJs) and reload
  // when it changed. A failed build leaves it, so tabs keep the last good site.
  std::atomic<long> version{0};
  // The last build's errors, for the overlay in open tabs (error_overlay.h).
  std::mutex errors_mu;
  std::string errors_js = BuildErrorsScript({});
  // True while a build runs: a full rebuild swaps the new site in with two
  // renames, and for the moment between them the output folder is missing.
  std::atomic<bool> building{false};

  auto rebuild = [&](bool first) {
    Diagnostics diags;
    auto t0 = std::chrono::steady_clock::now();
    building = true;
    BuildResult r = Build(bopt, disk, &diags);
    building = false;
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    for (const Diagnostic& d : diags.Sorted()) std::cerr << d.Format() << "\n";
    {
      std::lock_guard<std::mutex> lock(errors_mu);
      errors_js = BuildErrorsScript(r.ok ? std::vector<Diagnostic>{} : diags.Sorted());
    }
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
  // httplib sets SO_REUSEPORT, with which a second serve on the same port
  // binds as well and the two share the requests. SO_REUSEADDR alone still
  // lets serve start again at once after it stopped (TIME_WAIT), but refuses
  // a port another program listens on.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // Each connection holds a thread while it is open (httplib reads a request
  // on the thread that answers it), and httplib's default is 8: eight slow or
  // idle connections, and one tab opens six, left every other reader waiting
  // for their timeouts. Threads are cheap here; the timeouts end stalled ones.
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  server.set_read_timeout(3);
  server.set_keep_alive_timeout(2);
  std::string out_abs = fs::absolute(out).lexically_normal().string();
  server.Get("/__wegwijzer/reload.js", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(kReloadJs) + ErrorOverlayScript(), "text/javascript; charset=utf-8");
    res.set_header("Cache-Control", "no-store");
  });
  server.Get("/__wegwijzer/version.js", [&](const httplib::Request&, httplib::Response& res) {
    std::string status = "window.__wegwijzerVersion = " + std::to_string(version.load()) + ";\n";
    {
      std::lock_guard<std::mutex> lock(errors_mu);
      status += errors_js;
    }
    res.set_content(status, "text/javascript; charset=utf-8");
    res.set_header("Cache-Control", "no-store");
  });
  server.Get(R"(/.*)", [&](const httplib::Request& req, httplib::Response& res) {
    // NormalizePath gives "" for a path that climbs above the root: refused,
    // so nothing outside the output folder is served.
    std::string rel = NormalizePath(req.path.substr(1));
    if (rel.empty() && req.path != "/" && req.path.find("..") != std::string::npos) {
      res.status = 403;
      return;
    }
    std::string path, body, err;
    bool redirect = false;
    // Inside once symlinks are resolved, too: a link in the output must not
    // serve a file from elsewhere.
    auto find = [&] {
      path = JoinPath(out_abs, rel);
      bool dir = disk.IsDir(path);
      // A section: its page's relative links ("a.html", "../x.html") are
      // meant from inside the folder, so the browser must be there.
      redirect = dir && !rel.empty() && req.path.back() != '/';
      if (redirect) return true;
      if (rel.empty() || dir) path = JoinPath(path, "index.html");
      return disk.IsInside(out_abs, path) && disk.ReadFile(path, &body, &err);
    };
    bool found = find();
    // Missing while a build runs: maybe the moment of the swap (two renames,
    // and between them no output folder). Looked for again once the build is
    // done, so no reader gets a 404 for a page that was there before and after.
    if (!found && building) {
      for (int waited = 0; building && waited < 60'000; waited += 5)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      found = find();
    }
    if (redirect) {
      std::string to = "/" + EncodeUrlPath(rel) + "/";
      if (auto q = req.target.find('?'); q != std::string::npos) to += req.target.substr(q);
      res.set_redirect(to, 301);
      return;
    }
    if (!found) {
      res.status = 404;
      res.set_content("Niet gevonden: " + req.path + "\n", "text/plain; charset=utf-8");
      return;
    }
    std::string mime = MimeType(path);
    // Added as the page is sent, never written into the built site.
    if (mime.starts_with("text/html")) {
      size_t at = body.rfind("</body>");
      std::string tag = "<script src=\"/__wegwijzer/reload.js\"></script>\n";
      if (at != std::string::npos)
        body.insert(at, tag);
      else
        body += tag;
    }
    // After a rebuild the browser must show the new file, not a cached one.
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
  std::string site_abs = fs::absolute(bopt.site_dir).lexically_normal().string();
  if (site_abs.size() > 1 && site_abs.back() == '/') site_abs.pop_back();
  watcher.Watch(site_abs, out_abs);
  FileChanges changes;
  while (!g_stop && watcher.Wait(200, &changes)) {
    if (changes.empty()) continue;
    // Only files that were written (no file gone or renamed away): the build
    // may then reuse its tree and read just these again.
    bopt.changed_paths = changes.structural ? nullptr : &changes.written;
    rebuild(false);
    bopt.changed_paths = nullptr;
  }
  // stop() ends only a server that already listens: one stopped before its
  // thread got that far would listen on forever (a watcher can end at once).
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  server.stop();
  http.join();
  std::printf("\nwegwijzer: stopped\n");
  return 0;
}

int Serve(const ServeOptions& options) {
  RealDisk disk;
  InotifyWatcher watcher;
  return Serve(options, disk, watcher);
}

}  // namespace ww
