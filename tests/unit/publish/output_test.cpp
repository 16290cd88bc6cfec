#include "publish/output.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

using namespace ww;

namespace {

size_t CountUnder(const MemoryDisk& disk, const std::string& prefix) {
  size_t n = 0;
  for (const auto& [path, data] : disk.files) n += path.rfind(prefix, 0) == 0;
  return n;
}

// Pids of other builds, above any real pid (Linux's pid_max is 2^22), so
// that none is this process. Whether they run is what FakeProcesses says.
constexpr long kDeadPid = 5000001, kAlivePid = 5000002;

// A mark as a build writes it (output.cpp).
std::string Mark(const std::string& for_name, const std::string& self, const std::string& stage, long pid) {
  return "wegwijzer-output\n# comment\nfor " + for_name + "\nself " + self + "\npid " + std::to_string(pid) +
         "\nstage " + stage + "\n";
}

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("output") {
  TEST_CASE("writes go to a staging folder beside the output until Commit") {
    MemoryDisk disk;
    disk.files["out/index.html"] = "oud";
    disk.files["out/weg.html"] = "verdwijnt";
    OutputDir out(disk, "out/");
    std::string err;
    REQUIRE(out.Begin(&err));
    CHECK(out.staging() == "out.tmp-" + std::to_string(getpid()));
    REQUIRE(out.Write("index.html", "nieuw", &err));
    REQUIRE(out.Write("a/b.html", "b", &err));
    CHECK(disk.files["out/index.html"] == "oud");
    CHECK(disk.files[out.staging() + "/a/b.html"] == "b");
    CHECK(out.files_written() == 2);
    CHECK(out.bytes_written() == 6);
    REQUIRE(out.Commit(&err));
    CHECK(disk.files["out/index.html"] == "nieuw");
    CHECK(disk.files["out/a/b.html"] == "b");
    // The old site is replaced as a whole: files not written again are gone.
    CHECK_FALSE(disk.files.count("out/weg.html"));
    CHECK(CountUnder(disk, "out.") == 0);
  }

  TEST_CASE("Write refuses paths outside the output folder") {
    MemoryDisk disk;
    OutputDir out(disk, "site/out");
    std::string err;
    REQUIRE(out.Begin(&err));
    for (const char* rel : {"../x.html", "../../etc/passwd", "a/../../x", "/etc/passwd", "", ".", "a/.."}) {
      CAPTURE(rel);
      err.clear();
      CHECK_FALSE(out.Write(rel, "x", &err));
      CHECK(err.find("outside the output folder") != std::string::npos);
    }
    CHECK(out.files_written() == 0);
    for (const auto& [path, data] : disk.files) CHECK(path.rfind("site/out.tmp-", 0) == 0);
    CHECK(out.Write("a/./b/../c.html", "c", &err));
    CHECK(disk.files.count(out.staging() + "/a/c.html"));
  }

  TEST_CASE("Copy copies a file in; a missing source is an error") {
    MemoryDisk disk;
    disk.files["site/content/img/a.png"] = "PNG";
    OutputDir out(disk, "out");
    std::string err;
    REQUIRE(out.Begin(&err));
    REQUIRE(out.Copy("site/content/img/a.png", "img/a.png", &err));
    CHECK(disk.files[out.staging() + "/img/a.png"] == "PNG");
    CHECK_FALSE(out.Copy("site/content/img/nope.png", "img/nope.png", &err));
    CHECK(err.find("nope.png") != std::string::npos);
  }

  TEST_CASE("without Commit the staging folder is removed and the old site stays") {
    MemoryDisk disk;
    disk.files["out/index.html"] = "oud";
    {
      OutputDir out(disk, "out");
      std::string err;
      REQUIRE(out.Begin(&err));
      REQUIRE(out.Write("index.html", "half", &err));
    }
    CHECK(disk.files.size() == 1);
    CHECK(disk.files["out/index.html"] == "oud");
  }

  TEST_CASE("a failing write is reported and the old site stays") {
    MemoryDisk disk;
    disk.files["out/index.html"] = "oud";
    disk.fail_writes_under = "out.tmp-" + std::to_string(getpid()) + "/index";
    OutputDir out(disk, "out");
    std::string err;
    REQUIRE(out.Begin(&err));
    CHECK_FALSE(out.Write("index.html", "nieuw", &err));
    CHECK(err.find("index.html") != std::string::npos);
    CHECK(disk.files["out/index.html"] == "oud");
  }

  TEST_CASE("every folder a build makes carries the mark, the site too") {
    MemoryDisk disk;
    OutputDir out(disk, "out");
    std::string err;
    REQUIRE(out.Begin(&err));
    std::string mark = disk.files[out.staging() + "/" + kOutputMark];
    CHECK(mark.rfind("wegwijzer-output\n", 0) == 0);
    CHECK(Contains(mark, "\nfor out\n"));
    CHECK(Contains(mark, "\nself " + out.staging() + "\n"));
    CHECK(Contains(mark, "\nstage staging\n"));
    REQUIRE(out.Write("index.html", "x", &err));
    REQUIRE(out.Commit(&err));
    mark = disk.files[std::string("out/") + kOutputMark];
    CHECK(Contains(mark, "\nself out\n"));
    CHECK(Contains(mark, "\nstage site\n"));
    CHECK(mark.find('/') == std::string::npos);  // no path of the builder's machine is published
  }

  TEST_CASE("Begin empties a staging folder left by an earlier build with the same id") {
    MemoryDisk disk;
    std::string staging = "out.tmp-" + std::to_string(getpid());
    disk.files[staging + "/stale.html"] = "x";
    disk.files[staging + "/" + kOutputMark] = Mark("out", staging, "staging", getpid());
    OutputDir out(disk, "out");
    std::string err;
    REQUIRE(out.Begin(&err));
    CHECK_FALSE(disk.files.count(staging + "/stale.html"));
  }

  TEST_CASE("a folder without the mark where the staging folder goes is left alone, and the build stops") {
    MemoryDisk disk;
    std::string staging = "out.tmp-" + std::to_string(getpid());
    disk.files[staging + "/van-iemand.txt"] = "x";
    {
      OutputDir out(disk, "out");
      std::string err;
      CHECK_FALSE(out.Begin(&err));
      CHECK(Contains(err, "is in the way"));
    }
    CHECK(disk.files[staging + "/van-iemand.txt"] == "x");
  }

  TEST_CASE("Begin removes staging folders of killed builds, recognised by their mark, and nothing else") {
    MemoryDisk disk;
    FakeProcesses processes;
    processes.alive = {kAlivePid};
    long dead = kDeadPid, alive = kAlivePid;
    std::string d = std::to_string(dead), a = std::to_string(alive);
    disk.files["out/index.html"] = "oud";
    disk.files["out.tmp-" + d + "/half.html"] = "x";
    disk.files["out.tmp-" + d + "/" + kOutputMark] = Mark("out", "out.tmp-" + d, "staging", dead);
    disk.files["out.old-" + d + "/index.html"] = "ouder";
    disk.files["out.old-" + d + "/" + kOutputMark] = Mark("out", "out.old-" + d, "old", dead);
    disk.files["out.tmp-" + a + "/busy.html"] = "x";
    disk.files["out.tmp-" + a + "/" + kOutputMark] = Mark("out", "out.tmp-" + a, "staging", alive);
    // Leftovers by name but not by mark, a backup copy of the site (its mark
    // names another folder), another output's leftover, a folder under any name:
    disk.files["out.tmp-" + d + "9/geen-mark.html"] = "x";
    disk.files["out.old-2024/backup.html"] = "x";
    disk.files["site.old-2024/backup.html"] = "x";
    disk.files["kopie/index.html"] = "x";
    disk.files["kopie/" + std::string(kOutputMark)] = Mark("out", "out", "site", dead);
    disk.files["ander/index.html"] = "x";
    disk.files["ander/" + std::string(kOutputMark)] = Mark("outer", "ander", "staging", dead);
    disk.files["mijn-map/x.html"] = "x";
    disk.files["mijn-map/" + std::string(kOutputMark)] = "iets anders\nfor out\nself mijn-map\npid " + d + "\n";
    size_t before = disk.files.size();
    OutputDir out(disk, "out", processes);
    std::string err;
    REQUIRE(out.Begin(&err));
    CHECK(CountUnder(disk, "out.tmp-" + d + "/") == 0);
    CHECK(CountUnder(disk, "out.old-" + d + "/") == 0);
    CHECK(disk.files.count("out.tmp-" + a + "/busy.html"));
    for (const char* kept : {"out.old-2024/backup.html", "site.old-2024/backup.html", "kopie/index.html",
                             "ander/index.html", "mijn-map/x.html"})
      CHECK_MESSAGE(disk.files.count(kept), kept);
    CHECK(disk.files.count("out.tmp-" + d + "9/geen-mark.html"));
    CHECK(disk.files["out/index.html"] == "oud");
    CHECK(disk.files.size() == before - 4 + 1);  // two leftovers gone, the new staging folder's mark
  }

  TEST_CASE("Begin puts the last good site back when a build was killed between the renames of Commit") {
    MemoryDisk disk;
    FakeProcesses processes;
    long dead = kDeadPid;
    std::string d = std::to_string(dead);
    disk.files["site/out.old-" + d + "/index.html"] = "goed";
    disk.files["site/out.old-" + d + "/" + kOutputMark] = Mark("out", "out.old-" + d, "old", dead);
    disk.files["site/out.tmp-" + d + "/index.html"] = "half";
    disk.files["site/out.tmp-" + d + "/" + kOutputMark] = Mark("out", "out.tmp-" + d, "site", dead);
    OutputDir out(disk, "site/out", processes);
    std::string err;
    REQUIRE(out.Begin(&err));
    CHECK(disk.files["site/out/index.html"] == "goed");
    CHECK(Contains(disk.files["site/out/" + std::string(kOutputMark)], "\nself out\n"));
    CHECK(CountUnder(disk, "site/out.") == 1);  // only this build's staging folder (its mark)
  }

  TEST_CASE("a build's leftovers stay while it is reported alive, and go once it is reported dead") {
    MemoryDisk disk;
    FakeProcesses processes;
    processes.alive = {kAlivePid};
    std::string p = std::to_string(kAlivePid);
    disk.files["out/index.html"] = "oud";
    disk.files["out.tmp-" + p + "/half.html"] = "x";
    disk.files["out.tmp-" + p + "/" + kOutputMark] = Mark("out", "out.tmp-" + p, "staging", kAlivePid);
    disk.files["out.old-" + p + "/index.html"] = "ouder";
    disk.files["out.old-" + p + "/" + kOutputMark] = Mark("out", "out.old-" + p, "old", kAlivePid);
    std::string err;
    {
      OutputDir out(disk, "out", processes);
      REQUIRE(out.Begin(&err));
    }
    CHECK(disk.files.count("out.tmp-" + p + "/half.html"));
    CHECK(disk.files.count("out.old-" + p + "/index.html"));
    processes.alive.clear();  // that build has ended (or was killed)
    {
      OutputDir out(disk, "out", processes);
      REQUIRE(out.Begin(&err));
    }
    CHECK(CountUnder(disk, "out.tmp-" + p + "/") == 0);
    CHECK(CountUnder(disk, "out.old-" + p + "/") == 0);
    CHECK(disk.files["out/index.html"] == "oud");  // an old site goes back only where there is none
  }

  TEST_CASE("an old site left by a live build is not put back, even where the output folder is missing") {
    MemoryDisk disk;
    FakeProcesses processes;
    processes.alive = {kAlivePid};
    std::string p = std::to_string(kAlivePid);
    disk.files["out.old-" + p + "/index.html"] = "goed";
    disk.files["out.old-" + p + "/" + kOutputMark] = Mark("out", "out.old-" + p, "old", kAlivePid);
    OutputDir out(disk, "out", processes);
    std::string err;
    REQUIRE(out.Begin(&err));
    CHECK_FALSE(disk.files.count("out/index.html"));  // that build is between its renames right now
    CHECK(disk.files["out.old-" + p + "/index.html"] == "goed");
  }

  TEST_CASE("Commit into a new folder") {
    MemoryDisk disk;
    OutputDir out(disk, "new/site");
    std::string err;
    REQUIRE(out.Begin(&err));
    REQUIRE(out.Write("index.html", "x", &err));
    REQUIRE(out.Commit(&err));
    CHECK(disk.files["new/site/index.html"] == "x");
  }

  TEST_CASE("CommitInto replaces only the files written and keeps the rest") {
    MemoryDisk disk;
    disk.files["out/index.html"] = "oud";
    disk.files["out/blijft.html"] = "blijft";
    OutputDir out(disk, "out");
    std::string err;
    REQUIRE(out.Begin(&err));
    REQUIRE(out.Write("index.html", "nieuw", &err));
    REQUIRE(out.Write("sub/nieuw.html", "n", &err));
    REQUIRE(out.CommitInto(&err));
    CHECK(disk.files["out/index.html"] == "nieuw");
    CHECK(disk.files["out/blijft.html"] == "blijft");
    CHECK(disk.files["out/sub/nieuw.html"] == "n");
    CHECK(CountUnder(disk, "out.") == 0);
  }

  TEST_CASE("Write is thread-safe") {
    MemoryDisk disk;
    OutputDir out(disk, "out");
    std::string err;
    REQUIRE(out.Begin(&err));
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        std::string e;
        for (int i = 0; i < 250; ++i) out.Write(std::to_string(t) + "/" + std::to_string(i) + ".html", "ab", &e);
      });
    for (auto& th : threads) th.join();
    CHECK(out.files_written() == 1000);
    CHECK(out.bytes_written() == 2000);
    REQUIRE(out.Commit(&err));
    CHECK(CountUnder(disk, "out/") == 1000 + 1);  // and the mark
  }

  TEST_CASE("on the real disk: the output folder is swapped as a whole") {
    namespace fs = std::filesystem;
    std::string tmpl = (fs::temp_directory_path() / "ww-out-XXXXXX").string();
    std::string root = mkdtemp(tmpl.data());
    RealDisk disk;
    std::string err;
    REQUIRE(disk.WriteFile(root + "/site/old.html", "oud", &err));
    {
      OutputDir out(disk, root + "/site");
      REQUIRE(out.Begin(&err));
      REQUIRE(out.Write("index.html", "nieuw", &err));
      REQUIRE(out.Commit(&err));
    }
    CHECK(disk.IsFile(root + "/site/index.html"));
    CHECK_FALSE(disk.IsFile(root + "/site/old.html"));
    size_t entries = 0;
    for (const auto& e : fs::directory_iterator(root)) {
      (void)e;
      ++entries;
    }
    CHECK(entries == 1);  // no staging or old folder left behind
    fs::remove_all(root);
  }

  TEST_CASE("on the real disk: a rebuild links the files that did not change and writes the rest") {
    namespace fs = std::filesystem;
    std::string tmpl = (fs::temp_directory_path() / "ww-out-XXXXXX").string();
    std::string root = mkdtemp(tmpl.data());
    RealDisk disk;
    std::string err, text;
    auto build = [&](const std::string& changed, size_t* linked) {
      OutputDir out(disk, root + "/site");
      REQUIRE(out.Begin(&err));
      REQUIRE(out.Write("index.html", "start", &err));
      REQUIRE(out.Write("a/b.html", "pagina b", &err));
      REQUIRE(out.Write("a/c.html", changed, &err));
      REQUIRE(out.Commit(&err));
      *linked = out.files_linked();
    };
    size_t linked = 0;
    build("pagina c", &linked);
    CHECK(linked == 0);  // nothing to link to yet
    build("pagina c, nieuw", &linked);
    CHECK(linked == 2);  // index.html and a/b.html; a/c.html changed (and its size too)
    build("pagina c, NIEUW", &linked);
    CHECK(linked == 2);  // same size, other bytes: written
    REQUIRE(disk.ReadFile(root + "/site/a/c.html", &text, &err));
    CHECK(text == "pagina c, NIEUW");
    REQUIRE(disk.ReadFile(root + "/site/a/b.html", &text, &err));
    CHECK(text == "pagina b");
    // The old site is gone, so no file of the new one shares its inode with anything.
    CHECK(fs::hard_link_count(root + "/site/a/b.html") == 1);

    // A folder taken over with --force lends nothing: its files may be someone's.
    fs::remove_all(root + "/site");
    REQUIRE(disk.WriteFile(root + "/site/index.html", "start", &err));
    build("pagina c", &linked);
    CHECK(linked == 0);
    fs::remove_all(root);
  }

}  // TEST_SUITE

TEST_SUITE("output guard") {
  // The folders a build of site/ with the content sources content/ and
  // ../gedeeld/basis reads, as build.cpp names them.
  std::vector<GuardedFolder> Guarded() {
    return {{"site", "the site folder", true},
            {"site/themes", "the site's themes folder"},
            {"site/plugins", "the site's plugins folder"},
            {"site/content", "the content source"},
            {"gedeeld/basis", "the content source"}};
  }

  TEST_CASE("the output may not be, hold or lie inside a folder the build reads") {
    MemoryDisk disk;
    disk.files["site/site.toml"] = "title = \"x\"\n";
    disk.files["site/content/_index.md"] = "x";
    disk.files["gedeeld/basis/_index.md"] = "x";
    struct Case {
      const char* out;
      const char* says;
    } cases[] = {
        {"site", "this is the site folder \"site\""},
        {"site/./", "this is the site folder"},
        {"", "no folder given"},
        {".", "it holds the site folder"},
        {"/", "it holds the site folder"},
        {"gedeeld", "it holds the content source \"gedeeld/basis\""},
        {"site/content", "this is the content source \"site/content\""},
        {"site/content/site", "it lies inside the content source \"site/content\""},
        {"site/themes", "this is the site's themes folder"},
        {"site/plugins/uit", "it lies inside the site's plugins folder"},
        {"gedeeld/basis/../basis/x", "it lies inside the content source \"gedeeld/basis\""},
    };
    for (const Case& c : cases) {
      CAPTURE(c.out);
      std::string err;
      CHECK_FALSE(CheckOutputFolder(disk, c.out, Guarded(), true, &err));  // --force changes nothing here
      CHECK_MESSAGE(Contains(err, c.says), err);
      CHECK(Contains(err, "-d"));
    }
    for (const char* fine : {"site/site", "out", "site/public", "gedeeld/site"}) {
      CAPTURE(fine);
      std::string err;
      CHECK_MESSAGE(CheckOutputFolder(disk, fine, Guarded(), false, &err), err);
    }
  }

  TEST_CASE("an existing folder is replaced only when a build made it, it is empty, or with --force") {
    MemoryDisk disk;
    disk.files["mijn-map/brief.docx"] = "van iemand";
    disk.files["oud-site/index.html"] = "x";
    disk.files["oud-site/" + std::string(kOutputMark)] = Mark("oud-site", "oud-site", "site", 1);
    disk.files["nep/index.html"] = "x";
    disk.files["nep/" + std::string(kOutputMark)] = "geen mark van ons\n";
    disk.files["een-bestand"] = "x";
    std::string err;
    CHECK_FALSE(CheckOutputFolder(disk, "mijn-map", Guarded(), false, &err));
    CHECK(Contains(err, "holds files that Wegwijzer did not write"));
    CHECK(Contains(err, "--force"));
    CHECK_FALSE(CheckOutputFolder(disk, "nep", Guarded(), false, &err));
    CHECK(CheckOutputFolder(disk, "mijn-map", Guarded(), true, &err));
    CHECK(CheckOutputFolder(disk, "oud-site", Guarded(), false, &err));
    CHECK(CheckOutputFolder(disk, "nieuw/map", Guarded(), false, &err));
    CHECK_FALSE(CheckOutputFolder(disk, "een-bestand", Guarded(), true, &err));
    CHECK(Contains(err, "is a file"));
  }

  TEST_CASE("on the real disk: symbolic links are resolved before comparing, and a linked output is refused") {
    namespace fs = std::filesystem;
    std::string tmpl = (fs::temp_directory_path() / "ww-guard-XXXXXX").string();
    std::string root = mkdtemp(tmpl.data());
    RealDisk disk;
    std::string err;
    REQUIRE(disk.WriteFile(root + "/site/content/_index.md", "x", &err));
    fs::create_directory_symlink(root + "/site/content", root + "/naar-content");
    fs::create_directory_symlink(root + "/elders", root + "/site/uit");
    fs::create_directory(root + "/elders");
    std::vector<GuardedFolder> g{{root + "/site", "the site folder", true},
                                 {root + "/site/content", "the content source"}};
    CHECK_FALSE(CheckOutputFolder(disk, root + "/naar-content", g, true, &err));
    CHECK(Contains(err, "this is the content source"));
    CHECK_FALSE(CheckOutputFolder(disk, root + "/naar-content/sub", g, true, &err));
    CHECK(Contains(err, "lies inside the content source"));
    CHECK_FALSE(CheckOutputFolder(disk, root + "/site/uit", g, true, &err));
    CHECK(Contains(err, "symbolic link"));
    CHECK_FALSE(CheckOutputFolder(disk, root + "/site/../site/content/..", g, true, &err));
    CHECK(Contains(err, "this is the site folder"));
    CHECK(CheckOutputFolder(disk, root + "/site/public", g, false, &err));
    fs::remove_all(root);
  }

}  // TEST_SUITE
