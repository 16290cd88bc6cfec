// The whole build with the OS behind interfaces (issue 23): a FixedClock
// dates the feed, the print edition and the footer; a FakeProcesses stands
// in for a missing, failing or working git. Everything runs in memory.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "build.h"
#include "clock.h"
#include "incremental.h"
#include "process.h"
#include "render/i18n.h"
#include "site_fixture.h"

using namespace ww;
using namespace ww::testing;

namespace {

// 2020-12-31 23:30 UTC: the last half hour of a year, so that a date taken
// in local time, or a year read from another moment, would show.
constexpr std::int64_t kNewYearsEve = 1609457400;

// The mini site at `root` ("site" or "/repo/site"), with templates that show
// the footer's year and each page's last change, and feed and print on.
void AddDatedSite(MemoryDisk* disk, const std::string& root) {
  MemoryDisk mini;
  AddMiniSite(&mini);
  for (const auto& [path, text] : mini.files) disk->files[root + path.substr(4)] = text;  // "site/..." moved
  auto& f = disk->files;
  // The fixture turns print off; a second [print] table would be a TOML error.
  f[root + "/site.toml"] =
      "title = \"Proef\"\ntheme = \"mini\"\n[print]\nenabled = true\n[feed]\nenabled = true\n[sitemap]\nenabled = "
      "true\n";
  const std::string dated = "<time>{{page.lastmod}}</time>\n<footer>© {{build_year}}</footer>\n";
  f[root + "/themes/mini/templates/page.mustache"] = "<title>{{page.title}}</title>\n" + dated;
  f[root + "/themes/mini/templates/section.mustache"] = "<title>{{page.title}}</title>\n" + dated;
  f[root + "/content/_index.md"] = "---\ntitle: Start\n---\nWelkom.\n";
  f[root + "/content/a.md"] = "---\ntitle: A\n---\nTekst a.\n";
  f[root + "/content/b.md"] = "---\ntitle: B\nlastmod: 2019-01-02\n---\nTekst b.\n";
}

// A site in a git repository on the disk: /repo/.git with a HEAD log, which
// is all GitHistory::Stamp looks for.
struct RepoSite {
  MemoryDisk disk;
  FakeProcesses processes;
  FixedClock clock{kNewYearsEve};
  Diagnostics diags;
  BuildOptions options = MemoryBuildOptions();

  RepoSite() {
    AddDatedSite(&disk, "/repo/site");
    disk.files["/repo/.git/logs/HEAD"] = "eerste commit\n";
    options.site_dir = "/repo/site";
    options.out_dir = "/repo/out";
    options.use_git_dates = true;
    options.clock = &clock;
    options.processes = &processes;
  }
  BuildResult Build() { return ww::Build(options, disk, &diags); }
  std::string Out(const std::string& rel) const {
    auto it = disk.files.find("/repo/out/" + rel);
    return it == disk.files.end() ? "" : it->second;
  }
  // How often the build ran `git log` for the site.
  size_t GitLogs() const {
    size_t n = 0;
    for (const auto& argv : processes.Runs())
      if (argv.size() > 3 && argv[0] == "git" && argv[2] == "/repo/site" && argv[3] == "log") ++n;
    return n;
  }
};

}  // namespace

TEST_CASE("a FixedClock dates the feed and the print edition, and gives the footer its year") {
  MemoryDisk disk;
  AddDatedSite(&disk, "site");
  disk.files["site/content/b.md"] = "---\ntitle: B\n---\nTekst b.\n";  // no page dated: the feed takes the build's date
  FixedClock clock(kNewYearsEve);
  BuildOptions o = MemoryBuildOptions();
  o.clock = &clock;
  Diagnostics diags;
  REQUIRE_MESSAGE(BuildMemorySite(&disk, &diags, o).ok, DumpDiags(diags));
  CHECK(Contains(disk.files["out/feed.xml"], "<updated>2020-12-31T00:00:00Z</updated>"));
  CHECK(Contains(disk.files["out/print.html"], FormatDate("2020-12-31", "nl")));
  CHECK(Contains(disk.files["out/index.html"], "<footer>© 2020</footer>"));
  CHECK(Contains(disk.files["out/a.html"], "<footer>© 2020</footer>"));

  // Another moment, another date: nothing else in the build reads the time.
  FixedClock later(kNewYearsEve + 3600);  // 2021-01-01 00:30 UTC
  o.clock = &later;
  Diagnostics again;
  REQUIRE(BuildMemorySite(&disk, &again, o).ok);
  CHECK(Contains(disk.files["out/feed.xml"], "<updated>2021-01-01T00:00:00Z</updated>"));
  CHECK(Contains(disk.files["out/print.html"], FormatDate("2021-01-01", "nl")));
  CHECK(Contains(disk.files["out/index.html"], "<footer>© 2021</footer>"));
}

TEST_CASE("a site in no git repository does not ask git") {
  MemoryDisk disk;
  AddDatedSite(&disk, "site");
  FakeProcesses processes;
  processes.programs["git"] = {0,
                               "\x01"
                               "2024-05-02\n\ncontent/a.md\n",
                               nullptr};
  BuildOptions o = MemoryBuildOptions();
  o.use_git_dates = true;
  o.processes = &processes;
  Diagnostics diags;
  REQUIRE_MESSAGE(BuildMemorySite(&disk, &diags, o).ok, DumpDiags(diags));
  CHECK(processes.Runs().empty());
  CHECK(Contains(disk.files["out/a.html"], "<time></time>"));
}

TEST_CASE("git missing or failing: the site still builds, without dates from git and without a message") {
  for (bool installed : {false, true}) {
    CAPTURE(installed);
    RepoSite s;
    if (installed) s.processes.programs["git"] = {128, "", nullptr};  // "not a git repository", say
    BuildResult r = s.Build();
    REQUIRE_MESSAGE(r.ok, DumpDiags(s.diags));
    CHECK(s.diags.Sorted().empty());
    CHECK(s.GitLogs() == 1);
    CHECK(Contains(s.Out("a.html"), "<time></time>"));
    CHECK(Contains(s.Out("b.html"), "<time>2019-01-02</time>"));  // front matter's own date
    CHECK(Contains(s.Out("a.html"), "<footer>© 2020</footer>"));
  }
}

TEST_CASE("in a git repository, pages without lastmod get the date of their last commit") {
  RepoSite s;
  s.processes.programs["git"] = {0,
                                 "\x01"
                                 "2024-05-02\n\ncontent/a.md\n"
                                 "\x01"
                                 "2023-03-04\n\ncontent/a.md\ncontent/b.md\ncontent/_index.md\n",
                                 nullptr};
  REQUIRE_MESSAGE(s.Build().ok, DumpDiags(s.diags));
  CHECK(s.GitLogs() == 1);
  CHECK(Contains(s.Out("a.html"), "<time>2024-05-02</time>"));
  CHECK(Contains(s.Out("index.html"), "<time>2023-03-04</time>"));
  CHECK(Contains(s.Out("b.html"), "<time>2019-01-02</time>"));  // front matter wins over git
  // The newest change leads the feed, and dates it.
  std::string feed = s.Out("feed.xml");
  CHECK(Contains(feed, "<updated>2024-05-02T00:00:00Z</updated>\n  <link rel=\"alternate\""));
}

TEST_CASE("serve asks git again only after a commit: the stamp is read on the build's disk") {
  RepoSite s;
  s.processes.programs["git"] = {0,
                                 "\x01"
                                 "2024-05-02\n\ncontent/a.md\n",
                                 nullptr};
  BuildCache cache;
  s.options.cache = &cache;
  REQUIRE(s.Build().ok);
  CHECK(s.GitLogs() == 1);

  s.disk.files["/repo/site/content/a.md"] = "---\ntitle: A\n---\nNieuwe tekst a.\n";  // a save, no commit
  REQUIRE(s.Build().ok);
  CHECK(s.GitLogs() == 1);
  CHECK(Contains(s.Out("a.html"), "<time>2024-05-02</time>"));  // the last build's dates

  s.disk.files["/repo/.git/logs/HEAD"] = "eerste commit\ntweede commit\n";
  s.processes.programs["git"].output =
      "\x01"
      "2024-06-07\n\ncontent/a.md\n";
  REQUIRE(s.Build().ok);
  CHECK(s.GitLogs() == 2);
  CHECK(Contains(s.Out("a.html"), "<time>2024-06-07</time>"));
}
