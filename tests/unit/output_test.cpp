#include "output.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
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

// The pid of a process that has ended (and been reaped).
long DeadPid() {
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  REQUIRE(pid > 0);
  int status = 0;
  waitpid(pid, &status, 0);
  return pid;
}

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
  disk.fail_writes_under = "out.tmp";
  OutputDir out(disk, "out");
  std::string err;
  REQUIRE(out.Begin(&err));
  CHECK_FALSE(out.Write("index.html", "nieuw", &err));
  CHECK(err.find("index.html") != std::string::npos);
  CHECK(disk.files["out/index.html"] == "oud");
}

TEST_CASE("Begin empties a staging folder left by an earlier build with the same id") {
  MemoryDisk disk;
  std::string staging = "out.tmp-" + std::to_string(getpid());
  disk.files[staging + "/stale.html"] = "x";
  OutputDir out(disk, "out");
  std::string err;
  REQUIRE(out.Begin(&err));
  CHECK_FALSE(disk.files.count(staging + "/stale.html"));
}

TEST_CASE("Begin removes staging folders of killed builds and keeps those of builds that run") {
  MemoryDisk disk;
  long dead = DeadPid(), alive = getppid();
  disk.files["out/index.html"] = "oud";
  disk.files["out.tmp-" + std::to_string(dead) + "/half.html"] = "x";
  disk.files["out.old-" + std::to_string(dead) + "/index.html"] = "ouder";
  disk.files["out.tmp-" + std::to_string(alive) + "/busy.html"] = "x";
  disk.files["out.tmp-x1/geen-build.html"] = "x";   // not our name: left alone
  disk.files["outer.tmp-1/ander.html"] = "x";       // another output folder's name
  OutputDir out(disk, "out");
  std::string err;
  REQUIRE(out.Begin(&err));
  CHECK(CountUnder(disk, "out.tmp-" + std::to_string(dead)) == 0);
  CHECK(CountUnder(disk, "out.old-" + std::to_string(dead)) == 0);
  CHECK(disk.files.count("out.tmp-" + std::to_string(alive) + "/busy.html"));
  CHECK(disk.files.count("out.tmp-x1/geen-build.html"));
  CHECK(disk.files.count("outer.tmp-1/ander.html"));
  CHECK(disk.files["out/index.html"] == "oud");
}

TEST_CASE("Begin puts the last good site back when a build was killed between the renames of Commit") {
  MemoryDisk disk;
  long dead = DeadPid();
  disk.files["site/out.old-" + std::to_string(dead) + "/index.html"] = "goed";
  disk.files["site/out.tmp-" + std::to_string(dead) + "/index.html"] = "half";
  OutputDir out(disk, "site/out");
  std::string err;
  REQUIRE(out.Begin(&err));
  CHECK(disk.files["site/out/index.html"] == "goed");
  CHECK(CountUnder(disk, "site/out.") == 0);
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
  CHECK(CountUnder(disk, "out/") == 1000);
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

}  // TEST_SUITE
