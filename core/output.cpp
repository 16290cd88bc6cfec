#include "output.h"

#include <unistd.h>

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

bool OutputDir::Begin(std::string* err) {
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
