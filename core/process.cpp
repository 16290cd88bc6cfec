#include "process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

extern char** environ;

namespace ww {

Processes& Processes::Default() {
  static RealProcesses real;
  return real;
}

// posix_spawn rather than fork: the build asks git for dates from a thread
// while its workers run, and a forked child of a threaded program may not
// even allocate memory before exec. glibc's posix_spawn also reports a
// program that cannot be executed as an error here, not as exit status 127.
int RealProcesses::Run(const std::vector<std::string>& argv, std::string* out, std::string* err) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // Close-on-exec, so that a program another thread starts meanwhile does not
  // inherit the write end and keep the pipe open after this one has ended.
  int pipe_fds[2] = {-1, -1};
  if (out && pipe2(pipe_fds, O_CLOEXEC) != 0) {
    *err = "cannot run " + argv[0] + ": " + std::strerror(errno);
    return -1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (out)
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  else
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (out) close(pipe_fds[1]);
  if (rc != 0) {
    if (out) close(pipe_fds[0]);
    *err = "cannot run " + argv[0] + ": " + std::strerror(rc);
    return -1;
  }
  if (out) {
    char buf[64 * 1024];
    for (;;) {
      ssize_t n = read(pipe_fds[0], buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      out->append(buf, static_cast<size_t>(n));
    }
    close(pipe_fds[0]);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      *err = "cannot wait for " + argv[0] + ": " + std::strerror(errno);
      return -1;
    }
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  *err = argv[0] + " was ended by signal " + std::to_string(WTERMSIG(status));
  return -1;
}

std::string RealProcesses::Find(const std::string& name) const {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = dir + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// EPERM: the process exists but belongs to another user.
bool RealProcesses::Alive(long pid) const { return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

namespace {

constexpr const char* kFakeBin = "/fake/bin/";

}  // namespace

int FakeProcesses::Run(const std::vector<std::string>& argv, std::string* out, std::string* err) {
  std::string name = argv[0];
  if (name.starts_with(kFakeBin)) name = name.substr(std::strlen(kFakeBin));
  // A copy, so that an effect may install or replace programs, itself too.
  Program program;
  {
    std::lock_guard<std::mutex> lock(mu_);
    runs_.push_back(argv);
    auto it = programs.find(name);
    if (it == programs.end()) {
      *err = "cannot run " + argv[0] + ": No such file or directory";  // as posix_spawnp says it
      return -1;
    }
    program = it->second;
  }
  if (program.effect) program.effect(argv);
  if (out) *out += program.output;
  return program.exit_status;
}

std::string FakeProcesses::Find(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  return programs.count(name) ? kFakeBin + name : "";
}

bool FakeProcesses::Alive(long pid) const {
  std::lock_guard<std::mutex> lock(mu_);
  return alive.count(pid) > 0;
}

std::vector<std::vector<std::string>> FakeProcesses::Runs() const {
  std::lock_guard<std::mutex> lock(mu_);
  return runs_;
}

}  // namespace ww
