#include "output.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

namespace ww {

OutputDir::OutputDir(Disk& disk, std::string final_dir) : disk_(disk), final_(std::move(final_dir)) {
  while (final_.size() > 1 && final_.back() == '/') final_.pop_back();
  staging_ = final_ + ".tmp-" + std::to_string(getpid());
}

OutputDir::~OutputDir() {
  if (!committed_) {
    std::string err;
    disk_.RemoveAll(staging_, &err);
  }
}

namespace {

// True while process `pid` runs (EPERM: it runs, as another user).
bool ProcessAlive(long pid) { return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

// The pid in "<base><marker><pid>", or -1 when name has another form.
long PidIn(const std::string& name, const std::string& base, const char* marker) {
  std::string prefix = base + marker;
  if (name.size() <= prefix.size() || name.size() > prefix.size() + 9 || name.compare(0, prefix.size(), prefix) != 0)
    return -1;
  long pid = 0;
  for (size_t i = prefix.size(); i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return -1;
    pid = pid * 10 + (name[i] - '0');
  }
  return pid;
}

}  // namespace

// A build that was killed leaves its staging folder (OUT.tmp-PID) behind, and
// one killed between the two renames of Commit leaves the last good site as
// OUT.old-PID with no OUT at all. Folders of builds that still run are theirs.
void OutputDir::RecoverFromKilledBuilds() {
  std::string parent = DirName(final_), base = BaseName(final_);
  for (const std::string& name : disk_.ListDir(parent)) {
    long tmp_pid = PidIn(name, base, ".tmp-"), old_pid = PidIn(name, base, ".old-");
    long pid = tmp_pid >= 0 ? tmp_pid : old_pid;
    if (pid < 0 || pid == getpid() || ProcessAlive(pid)) continue;
    std::string path = JoinPath(parent, name), ignored;
    if (old_pid >= 0 && !disk_.IsDir(final_) && disk_.Rename(path, final_, &ignored)) continue;
    disk_.RemoveAll(path, &ignored);
  }
}

bool OutputDir::Begin(std::string* err) {
  RecoverFromKilledBuilds();
  if (!disk_.RemoveAll(staging_, err)) return false;
  return disk_.MakeDirs(staging_, err);
}

bool OutputDir::Write(std::string_view rel, std::string_view contents, std::string* err) {
  std::string norm = NormalizePath(rel);
  if (norm.empty() || norm[0] == '/') {
    *err = "refusing to write " + std::string(rel) + ": outside the output folder";
    return false;
  }
  if (!disk_.WriteFile(JoinPath(staging_, norm), contents, err)) return false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    written_.push_back(norm);
  }
  files_++;
  bytes_ += contents.size();
  return true;
}

bool OutputDir::Copy(const std::string& from, std::string_view rel, std::string* err) {
  std::string data;
  if (!disk_.ReadFile(from, &data, err)) return false;
  return Write(rel, data, err);
}

bool OutputDir::CommitInto(std::string* err) {
  for (const std::string& rel : written_) {
    std::string to = JoinPath(final_, rel);
    std::string dir = DirName(to);
    if (!dir.empty() && !disk_.MakeDirs(dir, err)) return false;
    if (!disk_.Rename(JoinPath(staging_, rel), to, err)) return false;
  }
  committed_ = true;
  return disk_.RemoveAll(staging_, err);
}

bool OutputDir::Commit(std::string* err) {
  std::string old = final_ + ".old-" + std::to_string(getpid());
  bool had_old = disk_.IsDir(final_);
  if (had_old && !disk_.Rename(final_, old, err)) return false;
  if (!disk_.Rename(staging_, final_, err)) {
    std::string ignored;
    if (had_old) disk_.Rename(old, final_, &ignored);  // put the last good site back
    return false;
  }
  committed_ = true;
  if (had_old) disk_.RemoveAll(old, err);
  return true;
}

}  // namespace ww
