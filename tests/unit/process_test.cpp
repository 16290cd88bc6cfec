// process: running other programs without a shell, and asking whether a
// process still runs; the fake that tests use in their place.
#include "process.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ww;

namespace {

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

TEST_SUITE("process") {
  TEST_CASE("Run gives the standard output and the exit status, and drops standard error") {
    RealProcesses processes;
    std::string out, err;
    CHECK(processes.Run({"sh", "-c", "echo uit; echo fout >&2; exit 3"}, &out, &err) == 3);
    CHECK(out == "uit\n");
    out.clear();
    CHECK(processes.Run({"sh", "-c", "printf 'a\\nb'"}, &out, &err) == 0);
    CHECK(out == "a\nb");
    CHECK(processes.Run({"sh", "-c", "echo weg"}, nullptr, &err) == 0);
  }

  TEST_CASE("Run passes each argument as it is: no shell in between") {
    RealProcesses processes;
    std::string out, err;
    REQUIRE(processes.Run({"printf", "%s|", "a b", "'c'", "$HOME", "*", ""}, &out, &err) == 0);
    CHECK(out == "a b|'c'|$HOME|*||");
  }

  TEST_CASE("Run reads more output than a pipe holds") {
    RealProcesses processes;
    std::string out, err;
    REQUIRE(processes.Run({"sh", "-c", "i=0; while [ $i -lt 20000 ]; do echo 0123456789; i=$((i+1)); done"}, &out,
                          &err) == 0);
    CHECK(out.size() == 20000 * 11);
  }

  TEST_CASE("a program that is not there cannot be started, and the message names it") {
    RealProcesses processes;
    std::string out, err;
    CHECK(processes.Run({"wegwijzer-bestaat-niet"}, &out, &err) == -1);
    CHECK(err.find("wegwijzer-bestaat-niet") != std::string::npos);
    CHECK(out.empty());
    err.clear();
    CHECK(processes.Run({"/nergens/chromium", "--headless"}, nullptr, &err) == -1);
    CHECK(err.find("/nergens/chromium") != std::string::npos);
  }

  TEST_CASE("a program ended by a signal has failed") {
    RealProcesses processes;
    std::string err;
    CHECK(processes.Run({"sh", "-c", "kill -9 $$"}, nullptr, &err) == -1);
    CHECK(err.find("signal 9") != std::string::npos);
  }

  TEST_CASE("Find looks in PATH") {
    RealProcesses processes;
    std::string sh = processes.Find("sh");
    CHECK(sh.size() > 3);
    CHECK(sh.ends_with("/sh"));
    CHECK(processes.Find("wegwijzer-bestaat-niet") == "");
  }

  TEST_CASE("Alive: this process and its parent run, an ended one does not") {
    Processes& processes = Processes::Default();
    CHECK(processes.Alive(getpid()));
    CHECK(processes.Alive(getppid()));
    CHECK_FALSE(processes.Alive(DeadPid()));
  }

  TEST_CASE("FakeProcesses runs only what a test installs, and records every run") {
    FakeProcesses processes;
    processes.programs["git"] = {0, "2024-05-01\n", nullptr};
    std::vector<std::string> seen;
    processes.programs["chromium"] = {1, "", [&](const std::vector<std::string>& argv) { seen = argv; }};
    processes.alive = {42};
    std::string out, err;
    CHECK(processes.Run({"git", "log"}, &out, &err) == 0);
    CHECK(out == "2024-05-01\n");
    CHECK(processes.Find("chromium") == "/fake/bin/chromium");
    CHECK(processes.Run({processes.Find("chromium"), "--headless"}, nullptr, &err) == 1);
    CHECK(seen == std::vector<std::string>{"/fake/bin/chromium", "--headless"});
    CHECK(processes.Find("pdftotext") == "");
    CHECK(processes.Run({"pdftotext"}, &out, &err) == -1);
    CHECK(err == "cannot run pdftotext: No such file or directory");
    CHECK(processes.Runs().size() == 3);
    CHECK(processes.Runs()[2] == std::vector<std::string>{"pdftotext"});
    CHECK(processes.Alive(42));
    CHECK_FALSE(processes.Alive(getpid()));
  }
}  // TEST_SUITE
