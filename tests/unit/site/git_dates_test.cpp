// git_dates: the dates git gives each file (through a FakeProcesses that
// stands in for a missing, failing or working git), and the history stamp
// that lets `serve` skip `git log` between commits.
#include "site/git_dates.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

using namespace ww;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kGitLog = {
    "git", "-C", "site", "log", "--no-renames", "--relative", "--format=%x01%cs", "--name-only", "--", "."};

}  // namespace

TEST_CASE("git missing: no dates, no message, no crash") {
  MemoryDisk disk;
  FakeProcesses processes;  // nothing installed
  CHECK(GitHistory(disk, processes).LastChanged("site").empty());
  REQUIRE(processes.Runs().size() == 1);
  CHECK(processes.Runs()[0] == kGitLog);  // asked once, without a shell
}

TEST_CASE("git failing (not a repository, a broken one): no dates") {
  MemoryDisk disk;
  FakeProcesses processes;
  processes.programs["git"] = {128, "", nullptr};
  CHECK(GitHistory(disk, processes).LastChanged("site").empty());
}

TEST_CASE("each file gets the date of the newest commit that touched it") {
  MemoryDisk disk;
  FakeProcesses processes;
  // git log: newest commit first, "\x01DATE", a blank line, the files.
  processes.programs["git"] = {0,
                               "\x01"
                               "2024-05-02\n\ncontent/a.md\ncontent/sub/b.md\n"
                               "\x01"
                               "2024-04-01\r\n\r\ncontent/a.md\r\ncontent/c.md\r\n"
                               "\x01"
                               "2023-01-01\n",
                               nullptr};
  auto dates = GitHistory(disk, processes).LastChanged("site");
  CHECK(dates.size() == 3);
  CHECK(dates["content/a.md"] == "2024-05-02");
  CHECK(dates["content/sub/b.md"] == "2024-05-02");
  CHECK(dates["content/c.md"] == "2024-04-01");
}

TEST_CASE("what git printed before failing is used, and names before any date are not") {
  MemoryDisk disk;
  FakeProcesses processes;
  processes.programs["git"] = {1,
                               "zwerver.md\n\x01"
                               "2024-05-02\n\ncontent/a.md\n",
                               nullptr};
  auto dates = GitHistory(disk, processes).LastChanged("site");
  CHECK(dates.size() == 1);
  CHECK(dates["content/a.md"] == "2024-05-02");
}

TEST_CASE("the history stamp, on a MemoryDisk: a repository, a worktree, no HEAD log, no repository") {
  MemoryDisk disk;
  FakeProcesses processes;
  GitHistory git(disk, processes);
  disk.files["/repo/.git/logs/HEAD"] = "eerste commit\n";
  disk.files["/repo/site/site.toml"] = "";
  std::string stamp = git.Stamp("/repo/site");
  CHECK(stamp.starts_with("/repo/.git:"));
  CHECK(git.Stamp("/repo/site/") == stamp);
  CHECK(git.Stamp("/repo") == stamp);
  disk.files["/repo/.git/logs/HEAD"] = "eerste commit\ntweede commit\n";
  CHECK(git.Stamp("/repo/site") != stamp);  // a commit changes it
  CHECK(processes.Runs().empty());          // and git itself is not asked

  disk.files["/wt/.git"] = "gitdir: ../repo/.git/worktrees/wt\n";
  disk.files["/wt/site/site.toml"] = "";
  CHECK(git.Stamp("/wt/site") == "/wt/../repo/.git/worktrees/wt:?");  // a worktree without a HEAD log yet
  disk.files["/abs/.git"] = "gitdir: /repo/.git/worktrees/abs";
  disk.files["/repo/.git/worktrees/abs/logs/HEAD"] = "x";
  CHECK(git.Stamp("/abs").starts_with("/repo/.git/worktrees/abs:"));
  CHECK_FALSE(git.Stamp("/abs").ends_with("?"));

  disk.files["/kapot/.git"] = "iets anders\n";
  CHECK(git.Stamp("/kapot/site") == "");
  CHECK(git.Stamp("/nergens/site") == "");
}

TEST_CASE("in this checkout, the real git gives each of its files a date") {
  fs::path repo = fs::path(WW_TESTS_DIR).parent_path();
  if (!fs::exists(repo / ".git") || Processes::Default().Find("git").empty()) return;
  auto dates = LastChangedFromGit((repo / "core").string());
  if (dates.empty()) return;  // a shallow or odd checkout: nothing to check
  REQUIRE(dates.count("disk.h"));
  const std::string& date = dates["disk.h"];
  CHECK(date.size() == 10);
  CHECK(date[4] == '-');
  CHECK(date[7] == '-');
}

TEST_CASE("a folder outside any git repository has no history stamp") {
  fs::path dir = fs::temp_directory_path() / "ww-git-stamp-test";
  fs::create_directories(dir / "sub");
  if (!fs::exists(fs::temp_directory_path() / ".git") && !fs::exists("/.git")) {
    CHECK(GitHistoryStamp(dir.string()) == "");
    CHECK(LastChangedFromGit((dir / "sub").string()).empty());
  }
  fs::remove_all(dir);
}

TEST_CASE("the stamp of a folder inside this checkout names its git folder, also from a relative path") {
  fs::path repo = fs::path(WW_TESTS_DIR).parent_path();
  if (!fs::exists(repo / ".git")) return;  // a source tarball: nothing to check
  std::string stamp = GitHistoryStamp((repo / "tests" / "unit").string());
  CHECK(stamp.find(".git") != std::string::npos);
  CHECK(stamp == GitHistoryStamp((repo / "tests" / "unit" / "..").string()));
  CHECK(stamp == GitHistoryStamp(repo.string() + "/"));
  fs::path old = fs::current_path();
  fs::current_path(repo / "tests");
  CHECK(GitHistoryStamp(".") == stamp);
  fs::current_path(old);
}
