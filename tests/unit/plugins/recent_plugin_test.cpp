// The recent plugin (plugins/recent.lua, "Wat is er nieuw?") through the
// whole build on a MemoryDisk: it must list the pages by the same date the
// page template shows as last changed (issue 20, item 6), whether that date
// comes from front matter (`lastmod`, else `date`) or from git.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "build.h"
#include "process.h"
#include "site_fixture.h"

using namespace ww;
using namespace ww::testing;

namespace {

std::string SourceFile(const std::string& rel) {
  std::ifstream in(std::string(WW_SOURCE_DIR) + "/" + rel, std::ios::binary);
  REQUIRE_MESSAGE(in, "cannot read " << rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The mini site at `root`, the project's recent.lua as its only built-in
// plugin, and a "nieuw" page that lists the recent pages.
void AddRecentSite(MemoryDisk* disk, const std::string& root) {
  MemoryDisk mini;
  AddMiniSite(&mini);
  for (const auto& [path, text] : mini.files) disk->files[root + path.substr(4)] = text;  // "site/..." moved
  auto& f = disk->files;
  f["/builtin/recent.lua"] = SourceFile("plugins/recent.lua");
  f[root + "/content/_index.md"] = "---\ntitle: Start\n---\nWelkom.\n";
  f[root + "/content/nieuw.md"] = "---\ntitle: Nieuw\n---\n```recent count=20\n```\n";
}

BuildOptions RecentOptions(const std::string& root) {
  BuildOptions o = MemoryBuildOptions();
  o.site_dir = root;
  o.out_dir = root + "-out";
  o.builtin_plugins_dir = "/builtin";
  return o;
}

std::string Out(const MemoryDisk& disk, const std::string& path) {
  auto it = disk.files.find(path);
  return it == disk.files.end() ? "" : it->second;
}

// The list the plugin wrote (the mini theme's nav names every page too).
std::string RecentList(const std::string& html) {
  size_t a = html.find("<ol class=\"recent-list\">");
  if (a == std::string::npos) return "";
  return html.substr(a, html.find("</ol>", a) - a);
}

}  // namespace

TEST_SUITE("recent plugin") {
  TEST_CASE("outside git: pages are listed by lastmod, else date, newest first") {
    MemoryDisk disk;
    Diagnostics diags;
    AddRecentSite(&disk, "site");
    auto& f = disk.files;
    f["site/content/a.md"] = "---\ntitle: Oud\ndate: 2021-03-04\nsummary: Eerst.\n---\nA.\n";
    f["site/content/b.md"] = "---\ntitle: Herzien\ndate: 2020-01-01\nlastmod: 2024-06-07\n---\nB.\n";
    f["site/content/c.md"] = "---\ntitle: Zonder datum\n---\nC.\n";
    REQUIRE_MESSAGE(Build(RecentOptions("site"), disk, &diags).ok, DumpDiags(diags));
    std::string page = Out(disk, "site-out/nieuw.html");
    CHECK_FALSE(Contains(page, "recent-empty"));
    std::string html = RecentList(page);
    REQUIRE(html != "");
    size_t b = html.find("Herzien</a> <time datetime=\"2024-06-07\">7 juni 2024</time>");
    size_t a = html.find("Oud</a> <time datetime=\"2021-03-04\">4 maart 2021</time>");
    CHECK(b != std::string::npos);
    CHECK(a != std::string::npos);
    CHECK(b < a);                                      // newest first
    CHECK(Contains(html, "recent-summary\">Eerst."));  // with its summary
    CHECK_FALSE(Contains(html, "Zonder datum"));       // a page without any date is left out
  }

  TEST_CASE("in a git repository: pages without lastmod are listed by their last commit") {
    MemoryDisk disk;
    FakeProcesses processes;
    Diagnostics diags;
    AddRecentSite(&disk, "/repo/site");
    auto& f = disk.files;
    f["/repo/.git/logs/HEAD"] = "eerste commit\n";
    f["/repo/site/content/a.md"] = "---\ntitle: Alfa\n---\nA.\n";
    f["/repo/site/content/b.md"] = "---\ntitle: Beta\nlastmod: 2019-01-02\n---\nB.\n";
    processes.programs["git"] = {0,
                                 "\x01"
                                 "2024-05-02\n\ncontent/a.md\n"
                                 "\x01"
                                 "2023-03-04\n\ncontent/a.md\ncontent/b.md\ncontent/_index.md\n",
                                 nullptr};
    BuildOptions o = RecentOptions("/repo/site");
    o.use_git_dates = true;
    o.processes = &processes;
    REQUIRE_MESSAGE(Build(o, disk, &diags).ok, DumpDiags(diags));
    std::string page = Out(disk, "/repo/site-out/nieuw.html");
    CHECK_FALSE(Contains(page, "recent-empty"));
    std::string html = RecentList(page);
    size_t a = html.find("Alfa</a> <time datetime=\"2024-05-02\">2 mei 2024</time>");
    size_t b = html.find("Beta</a> <time datetime=\"2019-01-02\">2 januari 2019</time>");  // front matter wins
    CHECK(a != std::string::npos);
    CHECK(b != std::string::npos);
    CHECK(a < b);
    CHECK_FALSE(Contains(html, ">Start</a>"));  // the home page is not a change to list
  }
}
