#include "cli.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "build.h"
#include "diagnostics.h"
#include "disk.h"

namespace ww {

namespace {

const char* kUsage =
    "Wegwijzer " WW_VERSION " — turns a folder of Markdown into a static, offline handbook site.\n"
    "\n"
    "Usage:\n"
    "  wegwijzer build [-s SITE_DIR] [-d OUT_DIR] [--drafts] [-j JOBS]\n"
    "  wegwijzer --help | --version\n"
    "\n"
    "Commands:\n"
    "  build    build the site in SITE_DIR (default .) into OUT_DIR (default SITE_DIR/site)\n"
    "\n"
    "Options:\n"
    "  -s, --source DIR       site folder: holds site.toml, content/, optional themes/ and plugins/\n"
    "  -d, --destination DIR  output folder; replaced only when the build succeeds\n"
    "      --drafts           also build pages with 'draft: true'\n"
    "  -j, --jobs N           worker threads (default: one per core)\n"
    "  -q, --quiet            print errors only\n"
    "\n"
    "Exit status: 0 built, 1 the content has errors (listed as file:line:col), 2 wrong usage.\n";

int Usage(const std::string& problem) {
  std::cerr << "wegwijzer: " << problem << "\n\n" << kUsage;
  return 2;
}

void PrintDiagnostics(const Diagnostics& diags) {
  for (const Diagnostic& d : diags.Sorted()) std::cerr << d.Format() << "\n";
}

}  // namespace

int RunCli(const std::vector<std::string>& args) {
  if (args.empty()) return Usage("no command given");
  const std::string& cmd = args[0];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (cmd == "--version" || cmd == "version") {
    std::cout << "wegwijzer " WW_VERSION "\n";
    return 0;
  }
  if (cmd != "build") return Usage("unknown command '" + cmd + "'");

  BuildOptions opt;
  bool quiet = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    if (a == "-s" || a == "--source") {
      if (!value(&opt.site_dir)) return Usage(a + " needs a folder");
    } else if (a == "-d" || a == "--destination") {
      if (!value(&opt.out_dir)) return Usage(a + " needs a folder");
    } else if (a == "--drafts" || a == "-D") {
      opt.include_drafts = true;
    } else if (a == "-j" || a == "--jobs") {
      std::string n;
      if (!value(&n)) return Usage(a + " needs a number");
      try {
        opt.jobs = std::stoi(n);
      } catch (...) {
        return Usage(a + " needs a number, not '" + n + "'");
      }
      if (opt.jobs < 1 || opt.jobs > 256) return Usage(a + " must be between 1 and 256");
    } else if (a == "-q" || a == "--quiet") {
      quiet = true;
    } else if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    } else {
      return Usage("unknown option '" + a + "'");
    }
  }
  opt.builtin_plugins_dir = std::string(WW_SOURCE_DIR) + "/plugins";
  opt.progress = isatty(2);

  RealDisk disk;
  Diagnostics diags;
  BuildResult r = Build(opt, disk, &diags);
  PrintDiagnostics(diags);
  if (!r.ok) {
    std::cerr << "wegwijzer: build failed with " << diags.ErrorCount() << " error"
              << (diags.ErrorCount() == 1 ? "" : "s") << "; the previous site was left as it was\n";
    return 1;
  }
  if (!quiet) {
    char line[200];
    std::snprintf(line, sizeof line, "wegwijzer: %zu pages, %zu files, %zu warning%s in %.2f s\n", r.pages, r.files,
                  diags.WarningCount(), diags.WarningCount() == 1 ? "" : "s", r.seconds);
    std::cout << line;
  }
  return 0;
}

}  // namespace ww
