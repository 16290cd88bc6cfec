// Incremental builds: the output after an incremental rebuild must be the same
// as after a full build, and only what changed is rendered again.
#include "incremental.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "build.h"
#include "disk.h"
#include "site_fixture.h"

using namespace ww;

namespace {

// The files of the output folder `dir`, without its mark (which names the folder).
std::map<std::string, std::string> Output(const MemoryDisk& disk, const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& [path, text] : disk.files)
    if (path.rfind(dir + "/", 0) == 0 && path != dir + "/.wegwijzer-output") out[path.substr(dir.size() + 1)] = text;
  return out;
}

void AddPages(MemoryDisk* disk) {
  auto& f = disk->files;
  f["site/content/_index.md"] = "---\ntitle: Start\n---\nWelkom. Zie [a](a/een.md#kop).\n";
  f["site/content/a/_index.md"] = "---\ntitle: Deel A\n---\nOver A.\n";
  f["site/content/a/een.md"] = "---\ntitle: Een\nweight: 1\n---\n## Kop\n\nTekst een.\n";
  f["site/content/a/twee.md"] = "---\ntitle: Twee\nweight: 2\n---\nTekst twee, zie [een](een.md).\n";
}

// A full build of the same sources into full/ gives the same files as the
// incremental build left in out/. Returns full/'s files.
std::map<std::string, std::string> CheckSameAsFullBuild(MemoryDisk& disk) {
  BuildOptions full = testing::MemoryBuildOptions();
  full.out_dir = "full";
  Diagnostics d;
  REQUIRE(Build(full, disk, &d).ok);
  auto inc = Output(disk, "out"), ref = Output(disk, "full");
  CHECK(inc.size() == ref.size());
  for (const auto& [path, text] : ref) {
    INFO("file ", path);
    CHECK(inc[path] == text);
  }
  return ref;
}

}  // namespace

TEST_CASE("an incremental rebuild renders only the changed page and equals a full build") {
  MemoryDisk disk;
  testing::AddMiniSite(&disk);
  AddPages(&disk);
  BuildCache cache;
  BuildOptions opt = testing::MemoryBuildOptions();
  opt.cache = &cache;
  Diagnostics d1;
  BuildResult first = Build(opt, disk, &d1);
  REQUIRE(first.ok);
  CHECK(first.rendered == first.pages);

  // Edit one page's body only.
  disk.files["site/content/a/twee.md"] = "---\ntitle: Twee\nweight: 2\n---\nNieuwe tekst twee, zie [een](een.md).\n";
  Diagnostics d2;
  BuildResult second = Build(opt, disk, &d2);
  REQUIRE(second.ok);
  CHECK(second.rendered == 1);
  CHECK(Output(disk, "out")["a/twee.html"].find("Nieuwe tekst twee") != std::string::npos);

  CheckSameAsFullBuild(disk);
}

TEST_CASE("a front matter change renders every page again (titles are in every page's navigation)") {
  MemoryDisk disk;
  testing::AddMiniSite(&disk);
  AddPages(&disk);
  BuildCache cache;
  BuildOptions opt = testing::MemoryBuildOptions();
  opt.cache = &cache;
  Diagnostics d1;
  REQUIRE(Build(opt, disk, &d1).ok);
  disk.files["site/content/a/een.md"] = "---\ntitle: Een (nieuw)\nweight: 1\n---\n## Kop\n\nTekst een.\n";
  Diagnostics d2;
  BuildResult r = Build(opt, disk, &d2);
  REQUIRE(r.ok);
  CHECK(r.rendered == r.pages);
  CHECK(Output(disk, "out")["a/twee.html"].find("Een (nieuw)") != std::string::npos);
}

TEST_CASE("an incremental rebuild still checks anchors into the changed page") {
  MemoryDisk disk;
  testing::AddMiniSite(&disk);
  AddPages(&disk);
  BuildCache cache;
  BuildOptions opt = testing::MemoryBuildOptions();
  opt.cache = &cache;
  Diagnostics d1;
  REQUIRE(Build(opt, disk, &d1).ok);
  std::string before = Output(disk, "out")["index.html"];
  // The heading the home page links to disappears.
  disk.files["site/content/a/een.md"] = "---\ntitle: Een\nweight: 1\n---\n## Andere kop\n\nTekst een.\n";
  Diagnostics d2;
  BuildResult r = Build(opt, disk, &d2);
  CHECK_FALSE(r.ok);
  REQUIRE(d2.ErrorCount() == 1);
  CHECK(d2.Sorted()[0].path == "content/_index.md");
  CHECK(d2.Sorted()[0].message.find("#kop") != std::string::npos);
  CHECK(Output(disk, "out")["index.html"] == before);  // the last good site stays
}

TEST_CASE("an incremental rebuild keeps what plugins' page and finish hooks made, as a full build does") {
  MemoryDisk disk;
  testing::AddMiniSite(&disk);
  AddPages(&disk);
  // A page hook that changes titles (shown in every page's navigation) and
  // a finish hook that writes a file from what the page hooks collected.
  disk.files["site/plugins/uitroep.lua"] =
      "local seen = {}\n"
      "return {\n"
      "  page = function(p) if p.kind == 'page' then p.title = p.title .. '!' end; seen[#seen + 1] = p.path end,\n"
      "  finish = function(site) wegwijzer.write_file('gezien.txt', table.concat(seen, ',')) end,\n"
      "}\n";
  BuildCache cache;
  BuildOptions opt = testing::MemoryBuildOptions();
  opt.cache = &cache;
  Diagnostics d1;
  REQUIRE(Build(opt, disk, &d1).ok);
  CHECK(Output(disk, "out")["a/twee.html"].find("Een!") != std::string::npos);

  disk.files["site/content/a/twee.md"] = "---\ntitle: Twee\nweight: 2\n---\nAndere tekst, zie [een](een.md).\n";
  Diagnostics d2;
  BuildResult second = Build(opt, disk, &d2);
  REQUIRE(second.ok);
  CHECK(second.rendered == 1);

  CHECK(CheckSameAsFullBuild(disk)["gezien.txt"].find("a/een.md") != std::string::npos);
  // Changing a plugin runs every hook again.
  disk.files["site/plugins/uitroep.lua"] =
      "return { page = function(p) if p.kind == 'page' then p.title = p.title .. '?' end end }\n";
  Diagnostics d4;
  BuildResult third = Build(opt, disk, &d4);
  REQUIRE(third.ok);
  CHECK(third.rendered == third.pages);
  CHECK(Output(disk, "out")["a/twee.html"].find("Een?") != std::string::npos);
}

TEST_CASE("told which pages changed (serve), a rebuild reuses the tree and still equals a full build") {
  MemoryDisk disk;
  testing::AddMiniSite(&disk);
  AddPages(&disk);
  disk.files["site/plugins/uitroep.lua"] =
      "return { page = function(p) if p.kind == 'page' then p.title = p.title .. '!' end end }\n";
  BuildCache cache;
  BuildOptions opt = testing::MemoryBuildOptions();
  opt.cache = &cache;
  Diagnostics d1;
  REQUIRE(Build(opt, disk, &d1).ok);
  auto abs = [](const std::string& p) { return std::filesystem::absolute(p).lexically_normal().string(); };
  std::vector<std::string> changed = {abs("site/content/a/twee.md")};
  opt.changed_paths = &changed;

  SUBCASE("a body edit renders one page, with the hooks' titles kept") {
    disk.files["site/content/a/twee.md"] = "---\ntitle: Twee\nweight: 2\n---\nHeel andere tekst over [een](een.md).\n";
    Diagnostics d2;
    BuildResult r = Build(opt, disk, &d2);
    REQUIRE(r.ok);
    CHECK(r.rendered == 1);
    CHECK(Output(disk, "out")["a/twee.html"].find("Heel andere tekst") != std::string::npos);
    CHECK(Output(disk, "out")["a/twee.html"].find("Twee!") != std::string::npos);
    // And again: the reused tree is kept for the next edit.
    disk.files["site/content/a/twee.md"] = "---\ntitle: Twee\nweight: 2\n---\nDerde versie.\n";
    Diagnostics d3;
    BuildResult r3 = Build(opt, disk, &d3);
    REQUIRE(r3.ok);
    CHECK(r3.rendered == 1);
    CheckSameAsFullBuild(disk);
  }
  SUBCASE("a front matter edit falls back to reading every page") {
    disk.files["site/content/a/twee.md"] = "---\ntitle: Twee (nieuw)\nweight: 2\n---\nTekst twee, zie [een](een.md).\n";
    Diagnostics d2;
    BuildResult r = Build(opt, disk, &d2);
    REQUIRE(r.ok);
    CHECK(r.rendered == r.pages);
    CHECK(Output(disk, "out")["a/een.html"].find("Twee (nieuw)!") != std::string::npos);
  }
  SUBCASE("a file that is no known page falls back too") {
    disk.files["site/content/a/drie.md"] = "---\ntitle: Drie\nweight: 3\n---\nNieuw.\n";
    changed = {abs("site/content/a/drie.md")};
    Diagnostics d2;
    BuildResult r = Build(opt, disk, &d2);
    REQUIRE(r.ok);
    CHECK(r.pages == 5);
    CHECK(Output(disk, "out").count("a/drie.html") == 1);
  }
  SUBCASE("a broken edit fails, and the next good edit still builds") {
    disk.files["site/content/a/twee.md"] = "---\ntitle: Twee\nweight: 2\n---\nZie [weg](weg.md).\n";
    Diagnostics d2;
    CHECK_FALSE(Build(opt, disk, &d2).ok);
    disk.files["site/content/a/twee.md"] = "---\ntitle: Twee\nweight: 2\n---\nWeer goed.\n";
    Diagnostics d3;
    BuildResult r = Build(opt, disk, &d3);
    REQUIRE(r.ok);
    CHECK(Output(disk, "out")["a/twee.html"].find("Weer goed") != std::string::npos);
  }
}

TEST_CASE("without a cache a build reuses nothing") {
  MemoryDisk disk;
  IncrementalBuild inc(nullptr, disk, "out");
  CHECK_FALSE(inc.keeps());
  Diagnostics d;
  std::vector<std::string> changed = {"/site/content/a.md"};
  CHECK_FALSE(inc.TreeWithNewBodies(&changed, "", &d).has_value());
  CHECK(inc.reads() == nullptr);
  CHECK(inc.GitDates("") == nullptr);
  SiteTree tree;
  tree.pages.resize(2);
  std::vector<std::shared_ptr<RenderedPage>> pages = inc.UnchangedPages(tree);
  CHECK(pages.size() == 2);
  CHECK(pages[0] == nullptr);
  CHECK_FALSE(inc.reused());
  CHECK(inc.LastShards() == nullptr);
  CHECK(d.Sorted().empty());
}

TEST_CASE("the dates from git are reused while git's history stamp is known and the same") {
  MemoryDisk disk;
  BuildCache cache;
  {
    IncrementalBuild first(&cache, disk, "out");
    CHECK(first.keeps());
    CHECK(first.GitDates("repo:1") == nullptr);
    first.KeepGitDates("repo:1", {{"content/a.md", "2024-01-02"}});
  }
  IncrementalBuild inc(&cache, disk, "out");
  REQUIRE(inc.GitDates("repo:1") != nullptr);
  CHECK(inc.GitDates("repo:1")->at("content/a.md") == "2024-01-02");
  CHECK(inc.GitDates("repo:2") == nullptr);  // a commit since
  inc.KeepGitDates("repo:?", {});
  CHECK(inc.GitDates("repo:?") == nullptr);  // no reflog: never known to be unchanged
}

TEST_CASE("a failed build leaves the plugin warnings that a later rebuild replays as they were") {
  MemoryDisk disk;
  testing::AddMiniSite(&disk);
  AddPages(&disk);
  const std::string first_plugin = "return { setup = function() wegwijzer.warn('eerste') end }\n";
  disk.files["site/plugins/let-op.lua"] = first_plugin;
  BuildCache cache;
  BuildOptions opt = testing::MemoryBuildOptions();
  opt.cache = &cache;
  Diagnostics d1;
  REQUIRE(Build(opt, disk, &d1).ok);
  REQUIRE(testing::FindDiag(d1.Sorted(), "eerste") != nullptr);

  // Another plugin runs the start hooks again, and a broken link fails the build.
  disk.files["site/plugins/let-op.lua"] = "return { setup = function() wegwijzer.warn('tweede') end }\n";
  disk.files["site/content/a/twee.md"] = "---\ntitle: Twee\nweight: 2\n---\nZie [weg](weg.md).\n";
  Diagnostics d2;
  CHECK_FALSE(Build(opt, disk, &d2).ok);

  // The first plugin back and the link fixed: the first build's hooks are reused.
  disk.files["site/plugins/let-op.lua"] = first_plugin;
  disk.files["site/content/a/twee.md"] = "---\ntitle: Twee\nweight: 2\n---\nWeer goed.\n";
  Diagnostics d3;
  BuildResult r = Build(opt, disk, &d3);
  REQUIRE(r.ok);
  CHECK(r.rendered == 1);
  CHECK(testing::FindDiag(d3.Sorted(), "eerste") != nullptr);
  CHECK(testing::FindDiag(d3.Sorted(), "tweede") == nullptr);
}
