#include "cli.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "build.h"
#include "builtins.h"
#include "clock.h"
#include "diagnostics.h"
#include "disk.h"
#include "publish/base_pack.h"
#include "publish/output.h"
#include "publish/pack.h"
#include "publish/pdf_export.h"
#include "publish/site_check.h"
#include "server/server.h"
#include "site/base_lock.h"
#include "site/config.h"
#include "site/content_tree.h"
#include "site/data_format.h"
#include "site/overlays.h"
#include "starter.h"

namespace ww {

namespace {

const char* kUsage =
    "Wegwijzer " WW_VERSION
    " — turns a folder of Markdown into a static, offline handbook site.\n"
    "\n"
    "Usage:\n"
    "  wegwijzer build   [-s SITE_DIR] [-d OUT_DIR] [--force] [--drafts] [--strict] [-j JOBS] [-q] [--explain PATH]\n"
    "  wegwijzer serve   [-s SITE_DIR] [-d OUT_DIR] [--port N] [--bind ADDRESS]\n"
    "  wegwijzer pack    [-s SITE_DIR] [-d OUT_DIR] [-o FILE.zip] [--base]\n"
    "  wegwijzer pdf     [-s SITE_DIR] [-d OUT_DIR] [-o FILE.pdf] [--section NAME]\n"
    "  wegwijzer check   [-s SITE_DIR]\n"
    "  wegwijzer explain [-s SITE_DIR] PATH...\n"
    "  wegwijzer override [-s SITE_DIR] [--accept] PATH...\n"
    "  wegwijzer diff    [-s SITE_DIR] PATH...\n"
    "  wegwijzer new site DIR\n"
    "  wegwijzer new page [-s SITE_DIR] PATH\n"
    "  wegwijzer COMMAND --help | --help | --version\n"
    "\n"
    "Commands:\n"
    "  build    build the site in SITE_DIR (default .) into OUT_DIR (default SITE_DIR/site)\n"
    "  serve    build, serve on http://127.0.0.1:1313/, rebuild on every change and reload the browser\n"
    "  pack     build, then write the site as one ZIP that works unpacked anywhere (default wegwijzer.zip)\n"
    "  pdf      build, then print the print edition to PDF with headless Chromium (default handboek.pdf)\n"
    "  check    build into a temporary folder and list every external link (never fetched)\n"
    "  explain  tell which layer (content source, site, built in) a page, data file, theme file or plugin\n"
    "           comes from, and what it replaces\n"
    "  override copy a base's page into the school's own content source (the last in [content] sources)\n"
    "           and record the base version in base-lock.toml; --accept: record the base as it is now\n"
    "  diff     show what changed in the base's page since the school's copy, as a unified diff\n"
    "  new      new site DIR: start a new site in DIR (new or empty): settings, a home page, a section,\n"
    "           a form and the privacy, accessibility and colophon pages, ready to build\n"
    "           new page PATH: a new page content/PATH from the site's archetype (archetypes/default.md)\n"
    "\n"
    "Options:\n"
    "  -s, --source DIR       site folder: holds site.toml, content/, optional themes/ and plugins/\n"
    "  -d, --destination DIR  output folder; replaced as a whole when the build succeeds, and only when an\n"
    "                         earlier build made it (it has a .wegwijzer-output mark) or it is empty or new\n"
    "      --force            replace an output folder without that mark (never the site's own folders)\n"
    "      --drafts           also build pages with 'draft: true'\n"
    "  -j, --jobs N           worker threads (default: one per core)\n"
    "  -o, --output FILE      the file pack or pdf writes\n"
    "      --section NAME     pdf: only this top-level section (its folder name)\n"
    "      --port N           serve: the port (default 1313)\n"
    "      --bind ADDRESS     serve: listen on ADDRESS instead of 127.0.0.1 (careful: others can connect)\n"
    "      --strict           every warning is an error: nothing is published while there is one (for CI;\n"
    "                         strict = true in site.toml does the same)\n"
    "  -q, --quiet            print errors only\n"
    "      --timings          print how long each step of the build took\n"
    "      --explain PATH     build: afterwards, tell where PATH comes from (as explain does)\n"
    "      --base             pack: the site's sources as a base for schools (a ZIP with base.toml)\n"
    "      --accept           override: record the base's page as it is now, keep the school's file\n"
    "\n"
    "A value may also follow an option after '=': --destination=/tmp/site, --port=8080.\n"
    "\n"
    "Exit status: 0 done, 1 the content has errors (listed as file:line:col), 2 wrong usage.\n";

// `wegwijzer COMMAND --help`: what the command does and the options it reads.
struct CommandHelp {
  const char* command;
  const char* text;
};
const CommandHelp kCommandHelp[] = {
    {"build",
     "Usage: wegwijzer build [-s SITE_DIR] [-d OUT_DIR] [--force] [--drafts] [--strict] [-j JOBS] [-q] [--timings]\n"
     "                       [--explain PATH]\n"
     "\n"
     "Builds the site in SITE_DIR (default .) into OUT_DIR (default SITE_DIR/site). Problems are listed as\n"
     "file:line:col with what to do; the last line counts pages, files and warnings. With an error nothing is\n"
     "published and the previous site stays as it was.\n"
     "\n"
     "  -s, --source DIR       site folder: holds site.toml and content/\n"
     "  -d, --destination DIR  output folder (replaced as a whole when the build succeeds)\n"
     "      --force            replace an output folder that no build of Wegwijzer made\n"
     "      --drafts           also build pages with 'draft: true'\n"
     "      --strict           every warning is an error (strict = true in site.toml does the same)\n"
     "  -j, --jobs N           worker threads (default: one per core)\n"
     "  -q, --quiet            print errors only\n"
     "      --timings          print how long each step of the build took\n"
     "      --explain PATH     afterwards, tell where PATH comes from\n"},
    {"serve",
     "Usage: wegwijzer serve [-s SITE_DIR] [-d OUT_DIR] [--port N] [--bind ADDRESS] [--drafts] [--strict]\n"
     "\n"
     "Builds the site, serves it on http://127.0.0.1:1313/ and builds again on every change; open pages reload.\n"
     "When a build fails, every open page shows its errors (file:line) over the last good site, until the next\n"
     "build succeeds.\n"
     "\n"
     "  -s, --source DIR       site folder\n"
     "  -d, --destination DIR  output folder\n"
     "      --port N           the port (default 1313)\n"
     "      --bind ADDRESS     listen on ADDRESS instead of 127.0.0.1 (careful: others can connect)\n"},
    {"pack",
     "Usage: wegwijzer pack [-s SITE_DIR] [-d OUT_DIR] [-o FILE.zip] [--strict]\n"
     "\n"
     "Builds the site, then writes it as one ZIP (default wegwijzer.zip) that works unpacked anywhere:\n"
     "unpack it and open index.html. A file of another kind is never overwritten.\n"},
    {"pdf",
     "Usage: wegwijzer pdf [-s SITE_DIR] [-d OUT_DIR] [-o FILE.pdf] [--section NAME] [--strict]\n"
     "\n"
     "Builds the site, then prints its print edition to PDF with headless Chromium (default handboek.pdf).\n"
     "      --section NAME     only this top-level section (its folder name)\n"},
    {"check",
     "Usage: wegwijzer check [-s SITE_DIR] [--strict]\n"
     "\n"
     "Builds into a temporary folder, checks every internal link and anchor of the built site (theme\n"
     "included) and lists every external link as file:line:col: url. External links are never fetched.\n"},
    {"explain",
     "Usage: wegwijzer explain [-s SITE_DIR] PATH...\n"
     "\n"
     "Tells which layer (content source, site, built in) a page, data file, theme file or plugin comes from,\n"
     "and what it replaces. PATH is a content path (rol/functie.md), a theme file, plugins/NAME.lua or an\n"
     "output file.\n"},
    {"new",
     "Usage: wegwijzer new site DIR\n"
     "       wegwijzer new page [-s SITE_DIR] PATH\n"
     "\n"
     "new site DIR: a new site in DIR (new or empty), ready to build.\n"
     "new page PATH: a new page content/PATH from the site's archetype (archetypes/default.md); never\n"
     "overwrites a file.\n"},
};

// The help of one command, or the whole usage for another word.
const char* HelpFor(const std::string& command) {
  for (const CommandHelp& h : kCommandHelp)
    if (command == h.command) return h.text;
  return kUsage;
}

// Wrong usage says what was wrong first, then the whole usage, on stderr:
// a script that calls wegwijzer wrongly fails loudly (exit 2).
int Usage(const std::string& problem) {
  std::cerr << "wegwijzer: " << problem << "\n\n" << kUsage;
  return 2;
}

void PrintDiagnostics(const Diagnostics& diags) {
  for (const Diagnostic& d : diags.Sorted()) std::cerr << d.Format() << "\n";
}

struct Args {
  std::string command;
  BuildOptions build;
  bool quiet = false;
  std::string output, section, bind = "127.0.0.1";
  int port = 1313;
  std::vector<std::string> positional;
  std::vector<std::string> explain;  // build --explain PATH
  bool base = false;                 // pack --base
  bool accept = false;               // override --accept
};

// Parses flags shared by every command; returns an exit code, or -1 to go on.
int Parse(const std::vector<std::string>& given, Args* a) {
  a->command = given[0];
  // "--destination=/x" is "--destination /x": split before the flags are read.
  // Only long options, and only up to the first '=' (a value may hold more).
  std::vector<std::string> args;
  for (const std::string& g : given) {
    size_t eq = g.find('=');
    if (g.starts_with("--") && eq != std::string::npos && eq > 2) {
      args.push_back(g.substr(0, eq));
      args.push_back(g.substr(eq + 1));
    } else {
      args.push_back(g);
    }
  }
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& f = args[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return !out->empty();  // "--source=" names no folder
    };
    auto number = [&](int* out, int lo, int hi) {
      std::string n;
      if (!value(&n)) return false;
      try {
        size_t used = 0;
        *out = std::stoi(n, &used);
        return used == n.size() && *out >= lo && *out <= hi;
      } catch (...) {
        return false;
      }
    };
    if (f == "-s" || f == "--source") {
      if (!value(&a->build.site_dir)) return Usage(f + " needs a folder");
    } else if (f == "-d" || f == "--destination") {
      if (!value(&a->build.out_dir)) return Usage(f + " needs a folder");
    } else if (f == "-o" || f == "--output") {
      if (!value(&a->output)) return Usage(f + " needs a file name");
    } else if (f == "--section") {
      if (!value(&a->section)) return Usage(f + " needs a section folder name");
    } else if (f == "--bind") {
      if (!value(&a->bind)) return Usage(f + " needs an address");
    } else if (f == "--port") {
      if (!number(&a->port, 1, 65535)) return Usage("--port needs a number from 1 to 65535");
    } else if (f == "--drafts" || f == "-D") {
      a->build.include_drafts = true;
    } else if (f == "-j" || f == "--jobs") {
      if (!number(&a->build.jobs, 1, 256)) return Usage(f + " needs a number from 1 to 256");
    } else if (f == "--explain") {
      std::string p;
      if (!value(&p)) return Usage(f + " needs a PATH, e.g. rol/functie.md");
      a->explain.push_back(p);
    } else if (f == "--base") {
      a->base = true;
    } else if (f == "--accept") {
      a->accept = true;
    } else if (f == "--force") {
      a->build.force_output = true;
    } else if (f == "--timings") {
      a->build.timings = true;
    } else if (f == "--strict") {
      a->build.strict = true;
    } else if (f == "-q" || f == "--quiet") {
      a->quiet = true;
    } else if (f == "-h" || f == "--help") {
      std::cout << HelpFor(a->command);
      return 0;
    } else if (!f.empty() && f[0] == '-') {
      return Usage("unknown option '" + f + "'");
    } else {
      a->positional.push_back(f);
    }
  }
  a->build.progress = isatty(2);
  return -1;
}

// Builds and prints the diagnostics and the summary line; the exit status:
// 0 built, 1 the content has errors, 2 the output folder was refused.
int RunBuild(const Args& a, BuildResult* r) {
  RealDisk disk;
  Diagnostics diags;
  *r = Build(a.build, disk, &diags);
  PrintDiagnostics(diags);
  if (r->refused_output) {
    std::cerr << "wegwijzer: nothing was built or touched\n";
    return 2;
  }
  if (!r->ok) {
    // Count what was listed: the same problem reported by several workers is listed once.
    size_t errors = 0;
    for (const Diagnostic& d : diags.Sorted()) errors += d.severity == Severity::kError;
    std::cerr << "wegwijzer: build failed with " << errors << " error" << (errors == 1 ? "" : "s")
              << (r->strict ? " (strict: warnings count as errors)" : "") << "; the previous site was left as it was\n";
    return 1;
  }
  if (!a.quiet) {
    // As listed: the same warning from several workers is listed once.
    size_t warnings = 0;
    for (const Diagnostic& d : diags.Sorted()) warnings += d.severity == Severity::kWarning;
    char line[200];
    std::snprintf(line, sizeof line, "wegwijzer: %zu pages, %zu files, %zu warning%s in %.2f s\n", r->pages, r->files,
                  warnings, warnings == 1 ? "" : "s", r->seconds);
    std::cout << line;
  }
  return 0;
}

std::string OutDir(const Args& a) {
  return a.build.out_dir.empty() ? DefaultOutDir(a.build.site_dir) : a.build.out_dir;
}

// The file pack or pdf writes (-o) may be replaced only when it is of that
// kind already; it may not lie in the output folder (the next build deletes
// it) or in a content source (the build would read and publish it). A file of
// another kind by that name is never overwritten: exit 2, nothing built.
int CheckOutputFile(const Args& a, const std::string& file, const char* ext, bool after_build = false) {
  RealDisk disk;
  std::string problem;
  bool exists = disk.IsFile(file) || disk.IsDir(file);
  if (disk.IsDir(file)) {
    problem = "it is a folder";
  } else if (exists && !file.ends_with(ext)) {
    problem = std::string("it exists and is no ") + ext + " file, which this would overwrite";
  } else {
    std::string real = disk.RealPath(file);
    std::vector<std::pair<std::string, std::string>> inside;
    Diagnostics ignored;
    if (auto config = LoadConfig(disk, a.build.site_dir, &ignored))
      for (const ContentSource& s : config->sources)
        inside.push_back({JoinPath(a.build.site_dir, s.dir), "the content source " + s.dir});
    // Asked once the output folder passed the build's own guard, whose
    // message says more when -d itself is the problem.
    if (after_build) inside = {{OutDir(a), "the output folder"}};
    for (const auto& [dir, what] : inside)
      if (PathWithin(disk.RealPath(dir), real)) problem = "it lies inside " + what;
  }
  if (problem.empty()) return 0;
  std::cerr << "wegwijzer: -o " << file << ": " << problem << "; choose another file name ending in " << ext
            << " outside the site's folders\n";
  return 2;
}

// pack and pdf build first: what they hand on is always the current site,
// and a content error stops them before anything is written.
int Pack(Args& a) {
  std::string zip = a.output.empty() ? "wegwijzer.zip" : a.output;
  if (int code = CheckOutputFile(a, zip, ".zip")) return code;
  BuildResult r;
  if (int code = RunBuild(a, &r)) return code;
  if (int code = CheckOutputFile(a, zip, ".zip", true)) return code;
  RealDisk disk;
  size_t files = 0;
  std::string err;
  if (!WriteSiteZip(disk, OutDir(a), zip, &files, &err)) {
    std::cerr << "wegwijzer: " << err << "\n";
    return 1;
  }
  if (!a.quiet)
    std::cout << "wegwijzer: " << zip << " holds " << files
              << " files; unpack it anywhere and open index.html (double-click works)\n";
  return 0;
}

// pack --base: the sources as a base, built first so that what schools get
// builds. The ZIP is named for the base unless -o says otherwise.
// The site's settings for a command that needs no build; their errors printed.
std::optional<SiteConfig> LoadConfigOrSay(Disk& disk, const Args& a) {
  Diagnostics diags;
  auto config = LoadConfig(disk, a.build.site_dir, &diags);
  if (!config) PrintDiagnostics(diags);
  return config;
}

int PackBase(Args& a) {
  RealDisk disk;
  auto config = LoadConfigOrSay(disk, a);
  if (!config) return 1;
  if (config->bases.empty()) {
    std::cerr << "wegwijzer: this site states no base: put a base.toml with name, version and licence in "
              << JoinPath(a.build.site_dir, config->sources.back().dir) << "/ (docs: content.md, \"Overlays\")\n";
    return 1;
  }
  std::string zip = a.output.empty() ? BaseZipName(config->bases.back()) : a.output;
  if (int code = CheckOutputFile(a, zip, ".zip")) return code;
  BuildResult r;
  if (int code = RunBuild(a, &r)) return code;
  BasePackResult packed;
  std::string err;
  Diagnostics pack_diags;
  bool ok = WriteBaseZip(disk, a.build.site_dir, *config, a.build.builtin_themes_dir, a.build.builtin_plugins_dir, zip,
                         &packed, &err, &pack_diags);
  PrintDiagnostics(pack_diags);
  if (!ok) {
    std::cerr << "wegwijzer: " << err << "\n";
    return 1;
  }
  if (!a.quiet)
    std::cout << "wegwijzer: " << zip << " holds " << packed.files << " files of " << BaseLabel(config->bases.back())
              << "; schools unpack it into a folder and list that folder first in [content] sources\n";
  return 0;
}

// override [--accept] PATH... and diff PATH...: the school's copies of base
// pages (site/base_lock.h). Each PATH on its own: one that fails does not
// stop the others; the exit status is 1 when any failed.
int Overrides(const Args& a) {
  if (a.positional.empty()) return Usage(a.command + " needs a PATH, e.g. wegwijzer " + a.command + " zorg/route.md");
  RealDisk disk;
  auto config = LoadConfigOrSay(disk, a);
  if (!config) return 1;
  int code = 0;
  for (const std::string& p : a.positional) {
    std::string out, err;
    bool ok = a.command == "diff" ? DiffBasePage(disk, a.build.site_dir, *config, p, &out, &err)
              : a.accept          ? AcceptBasePage(disk, a.build.site_dir, *config, p, &out, &err)
                                  : OverridePage(disk, a.build.site_dir, *config, p, &out, &err);
    if (!ok) {
      std::cerr << "wegwijzer: " << err << "\n";
      code = 1;
    } else if (a.command == "diff") {
      if (out.empty() && !a.quiet) std::cerr << "wegwijzer: " << p << ": the base has not changed since the copy\n";
      std::cout << out;
    } else if (!a.quiet) {
      std::cout << "wegwijzer: " << out << "\n";
    }
  }
  return code;
}

int Pdf(Args& a) {
  std::string page = a.section.empty() ? "print.html" : "print-" + a.section + ".html";
  std::string pdf = a.output.empty() ? (a.section.empty() ? "handboek.pdf" : a.section + ".pdf") : a.output;
  if (int code = CheckOutputFile(a, pdf, ".pdf")) return code;
  BuildResult r;
  if (int code = RunBuild(a, &r)) return code;
  if (int code = CheckOutputFile(a, pdf, ".pdf", true)) return code;
  std::string note, err;
  if (!PrintToPdf(OutDir(a), page, pdf, &note, &err)) {
    std::cerr << "wegwijzer: " << err << "\n";
    return 1;
  }
  if (!a.quiet) std::cout << "wegwijzer: wrote " << pdf << (note.empty() ? "" : " (" + note + ")") << "\n";
  return 0;
}

int Check(Args& a) {
  // Build into a new temporary folder: checking never touches the site.
  std::string tmp = std::filesystem::temp_directory_path().string() + "/wegwijzer-check-XXXXXX";
  if (!mkdtemp(tmp.data())) {
    std::cerr << "wegwijzer: cannot make a temporary folder in " << std::filesystem::temp_directory_path().string()
              << "; set TMPDIR to a folder you can write\n";
    return 1;
  }
  a.build.out_dir = tmp + "/site";
  a.quiet = true;
  BuildResult r;
  int code = RunBuild(a, &r);
  // The written site as a browser gets it: links that templates, plugins and
  // scripts' tags add are checked too, not only the Markdown's.
  RealDisk disk;
  std::vector<BrokenLink> broken;
  if (code == 0) broken = FindBrokenLinks(disk, a.build.out_dir);
  std::error_code ec;
  std::filesystem::remove_all(tmp, ec);
  if (code) return code;
  for (const ExternalLink& l : r.external_links)
    std::cout << l.from_path << ":" << l.line << ":" << l.col << ": " << l.url << "\n";
  for (const BrokenLink& b : broken)
    std::cerr << "(built site) " << b.file << ":" << b.line << ":" << b.col << ": error: link to " << b.target << ": "
              << b.why << "; fix the template, plugin or page that writes it\n";
  std::cout << "wegwijzer: " << r.external_links.size() << " external links (not fetched); ";
  if (broken.empty()) {
    std::cout << "every internal link and anchor of the built site is valid, theme included\n";
    return 0;
  }
  std::cout << broken.size() << " broken internal link" << (broken.size() == 1 ? "" : "s") << " in the built site\n";
  return 1;
}

// Where PATH comes from: a content file (page, data, static file), a theme
// file, a plugin, or a file of the output. Appends one line to *out; false
// when PATH is none of these.
bool ExplainOne(const SiteConfig& config, const SiteTree& tree, const ThemeFiles& theme, const LayeredFiles& plugins,
                const std::string& given, std::string* out) {
  std::string path = NormalizePath(given);
  for (const ContentSource& s : config.sources)
    if (path.starts_with(s.dir + "/")) {
      path = path.substr(s.dir.size() + 1);
      break;
    }
  auto line = [&](const std::string& what, const std::string& text) {
    *out += what + ": " + text + "\n";
    return true;
  };
  auto published = [&](const std::string& rel) {
    return tree.static_paths.count(rel) ? ", published as " + rel : std::string(", not published");
  };
  if (path.starts_with(theme.display + "/")) {
    std::string rel = path.substr(theme.display.size() + 1);
    const LayeredFile* f = theme.Find(rel);
    if (!f) return false;
    std::string text = "theme file from " + DescribeOrigin(*f);
    if (rel == "assets/brand.css")
      text += ", not published: the engine writes assets/brand.css from [theme.colors]";
    else if (rel.starts_with("assets/"))
      text += tree.static_paths.count(rel)
                  ? ", not published: " + DescribeOrigin(tree.origins.at(rel)) + " has the same path"
                  : ", published as " + rel;
    return line(path, text);
  }
  if (path.starts_with("plugins/")) {
    auto it = plugins.find(path.substr(8));
    if (it == plugins.end()) return false;
    std::string name = it->first.substr(0, it->first.size() - 4);
    bool disabled = std::find(config.plugins_disabled.begin(), config.plugins_disabled.end(), name) !=
                    config.plugins_disabled.end();
    return line(path, "plugin \"" + name + "\" from " + DescribeOrigin(it->second) +
                          (disabled ? ", disabled in site.toml" : ""));
  }
  if (auto it = tree.origins.find(path); it != tree.origins.end()) {
    std::string text = "from " + DescribeOrigin(it->second);
    if (auto p = tree.by_rel.find(path); p != tree.by_rel.end())
      text += ", published as " + tree.pages[p->second].out_path;
    else if (path.size() > 3 && path.ends_with(".md"))
      text += ", not published (hidden or draft)";
    else if (DataFormat f; DataFormatFromPath(path, &f))
      text += ", data file site.data[\"" + path.substr(0, path.rfind('.')) + "\"]";
    else
      text += published(path);
    return line(path, text);
  }
  // A file of the output: a page, a theme asset.
  for (const Page& p : tree.pages)
    if (p.out_path == path) {
      std::string from = IsGeneratedSearchPage(p) ? ", made by the engine (the site has no page with layout: search)"
                         : p.generated            ? ", made by the engine (there is no _index.md)"
                                                  : " from " + DescribeOrigin(tree.origins.at(p.rel));
      return line(path, "page " + p.rel + from);
    }
  if (path == "assets/brand.css") return line(path, "written by the engine from [theme.colors] in site.toml");
  if (const LayeredFile* f = theme.Find(path); f && path.starts_with("assets/"))
    return line(path, "theme file from " + DescribeOrigin(*f));
  return false;
}

// new site DIR | new page PATH
int New(const Args& a) {
  if (a.positional.size() != 2 || (a.positional[0] != "site" && a.positional[0] != "page"))
    return Usage("new needs 'site DIR' or 'page PATH', e.g. wegwijzer new site mijn-handboek");
  RealDisk disk;
  std::string err;
  if (a.positional[0] == "site") {
    const std::string& dir = a.positional[1];
    std::vector<std::string> written;
    if (!NewSite(disk, JoinPath(a.build.builtin_themes_dir, "default/starter"), dir, &written, &err)) {
      std::cerr << "wegwijzer: " << err << "\n";
      return 1;
    }
    if (!a.quiet)
      std::cout << "wegwijzer: a new site in " << dir << " (" << written.size() << " files). Next:\n"
                << "  wegwijzer build -s " << dir << "      builds it into " << JoinPath(dir, "site") << "\n"
                << "  open " << JoinPath(dir, "site/index.html") << " in a browser; edit " << JoinPath(dir, "site.toml")
                << " and the pages in " << JoinPath(dir, "content") << "\n";
    return 0;
  }
  Diagnostics diags;
  auto config = LoadConfig(disk, a.build.site_dir, &diags);
  std::optional<ThemeFiles> theme;
  if (config) theme = GatherTheme(disk, a.build.site_dir, *config, a.build.builtin_themes_dir, &diags);
  if (!theme) {
    PrintDiagnostics(diags);
    return 1;
  }
  std::string written;
  if (!NewPage(disk, a.build.site_dir, *config, *theme, a.positional[1], UtcDate(Clock::Default().Now()), &written,
               &err)) {
    std::cerr << "wegwijzer: " << err << "\n";
    return 1;
  }
  if (!a.quiet) std::cout << "wegwijzer: wrote " << JoinPath(a.build.site_dir, written) << "\n";
  return 0;
}

// explain PATH ... and build --explain PATH: prints where each comes from.
int Explain(const Args& a, const std::vector<std::string>& paths) {
  RealDisk disk;
  Diagnostics diags;
  auto config = LoadConfig(disk, a.build.site_dir, &diags);
  std::optional<SiteTree> tree;
  std::optional<ThemeFiles> theme;
  if (config) theme = GatherTheme(disk, a.build.site_dir, *config, a.build.builtin_themes_dir, &diags);
  if (theme) {
    TreeOptions options{true};
    options.add_search_page = theme->Find("templates/search.mustache") != nullptr;  // as the build decides
    tree = BuildContentTree(disk, a.build.site_dir, *config, options, &diags);
  }
  if (!tree) {
    PrintDiagnostics(diags);
    return 1;
  }
  LayeredFiles plugins = GatherPlugins(disk, a.build.site_dir, *config, a.build.builtin_plugins_dir, &diags);
  int code = 0;
  for (const std::string& p : paths) {
    std::string text;
    if (ExplainOne(*config, *tree, *theme, plugins, p, &text)) {
      std::cout << text;
    } else {
      std::cerr << "wegwijzer: " << p << " is no content file, theme file (" << theme->display
                << "/...), plugin (plugins/NAME.lua) or output file of this site (" << config->sources.size()
                << " content source" << (config->sources.size() == 1 ? "" : "s") << " in site.toml)\n";
      code = 1;
    }
  }
  return code;
}

}  // namespace

// Fills in where the built-in themes and plugins are; false (message printed)
// when they are missing.
bool LocateBuiltins(Args* a) {
  BuiltinDirs dirs;
  std::string err;
  if (!FindBuiltinDirs(ProgramPath(), &dirs, &err)) {
    std::cerr << "wegwijzer: " << err << "\n";
    return false;
  }
  a->build.builtin_themes_dir = dirs.themes;
  a->build.builtin_plugins_dir = dirs.plugins;
  return true;
}

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
  Args a;
  if (int code = Parse(args, &a); code >= 0) return code;
  if (!LocateBuiltins(&a)) return 1;
  if (cmd == "build") {
    if (!a.positional.empty()) return Usage("build takes no PATH; use -s SITE_DIR, or --explain PATH");
    BuildResult r;
    int code = RunBuild(a, &r);
    if (code == 2) return code;
    int explained = a.explain.empty() ? 0 : Explain(a, a.explain);
    return code ? code : explained;
  }
  if (cmd == "pack") return a.base ? PackBase(a) : Pack(a);
  if (cmd == "override" || cmd == "diff") return Overrides(a);
  if (cmd == "pdf") return Pdf(a);
  if (cmd == "check") return Check(a);
  if (cmd == "explain") {
    if (a.positional.empty())
      return Usage("explain needs a PATH, e.g. rol/functie.md or themes/default/templates/page.mustache");
    return Explain(a, a.positional);
  }
  if (cmd == "new") return New(a);
  if (cmd == "serve") {
    ServeOptions s;
    s.build = a.build;
    s.host = a.bind;
    s.port = a.port;
    return Serve(s);
  }
  return Usage("unknown command '" + cmd + "'");
}

}  // namespace ww
