// process: other programs behind an interface (as Disk is for files, and
// LevelDB's Env for both), so tests can stand in for a missing or failing git
// or Chromium, and say which builds still run, without starting anything.
//
// The engine starts few programs and always the same way: no shell, wait for
// the end, keep what it printed on standard output, drop its chatter on
// standard error. That is all this interface offers.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace ww {

class Processes {
 public:
  virtual ~Processes() = default;

  // Runs argv[0] with the arguments argv[1..] and waits until it ends. No
  // shell: each argument reaches the program as it is. argv[0] is a path, or a
  // name looked up in PATH. Its standard output is appended to *out (discarded
  // when out is null); its standard error is discarded; standard input is the
  // caller's.
  // Returns the exit status, 0 for success. -1 when the program could not be
  // started (*err says why) or was ended by a signal.
  // REQUIRES: argv is not empty. Thread-safe.
  virtual int Run(const std::vector<std::string>& argv, std::string* out, std::string* err) = 0;

  // The path of the executable `name` in PATH, or "" when there is none.
  virtual std::string Find(const std::string& name) const = 0;

  // True while process `pid` runs, also when it belongs to another user.
  virtual bool Alive(long pid) const = 0;

  // The machine's own processes (a RealProcesses), for callers that are not
  // handed one. Lives as long as the program.
  static Processes& Default();
};

// The real machine: posix_spawn, PATH and kill(pid, 0).
class RealProcesses : public Processes {
 public:
  int Run(const std::vector<std::string>& argv, std::string* out, std::string* err) override;
  std::string Find(const std::string& name) const override;
  bool Alive(long pid) const override;
};

// A machine with only the programs a test installs, and only the processes
// it says are alive. Its methods may be called from several threads (the
// build asks git from a thread of its own); set it up before that.
class FakeProcesses : public Processes {
 public:
  struct Program {
    int exit_status = 0;
    std::string output;  // what it prints on standard output
    // Runs first when set, with the whole argv: the program's side effects
    // (Chromium writing its PDF into a MemoryDisk, say).
    std::function<void(const std::vector<std::string>& argv)> effect;
  };
  // By name: "git" is found in PATH as "/fake/bin/git", and runs whether it
  // is started as "git" or by that path.
  std::map<std::string, Program> programs;
  std::set<long> alive;  // pids that Alive reports as running

  int Run(const std::vector<std::string>& argv, std::string* out, std::string* err) override;
  std::string Find(const std::string& name) const override;
  bool Alive(long pid) const override;

  // Every argv that Run was given, in order (also of programs not installed).
  std::vector<std::vector<std::string>> Runs() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::vector<std::string>> runs_;
};

}  // namespace ww
