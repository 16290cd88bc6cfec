// git_dates: the history stamp that lets `serve` skip `git log` between commits.
#include "site/git_dates.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

using namespace ww;
namespace fs = std::filesystem;

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
