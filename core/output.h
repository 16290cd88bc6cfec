// output: writes the site into a staging folder beside the output folder and
// swaps it in only when the whole build succeeded, so a failed or killed
// build leaves the last good site as it was.
#pragma once

#include <atomic>
#include <mutex>
#include <vector>
#include <string>
#include <string_view>

#include "disk.h"

namespace ww {

class OutputDir {
 public:
  OutputDir(Disk& disk, std::string final_dir);
  ~OutputDir();  // removes the staging folder unless committed

  // Creates an empty staging folder. First cleans up after builds into the
  // same folder that were killed: removes their staging folders and, when the
  // output folder is missing, puts the last good site back.
  bool Begin(std::string* err);
  // Writes OUT/rel. rel must stay inside the output folder. Thread-safe.
  bool Write(std::string_view rel, std::string_view contents, std::string* err);
  bool Copy(const std::string& from_disk_path, std::string_view rel, std::string* err);
  // Replaces the output folder with the staging folder.
  bool Commit(std::string* err);
  // Incremental builds: moves each staged file over its old version in the
  // output folder and leaves every other file there as it is.
  bool CommitInto(std::string* err);

  const std::string& staging() const { return staging_; }
  size_t files_written() const { return files_.load(); }
  size_t bytes_written() const { return bytes_.load(); }

 private:
  void RecoverFromKilledBuilds();

  Disk& disk_;
  std::string final_, staging_;
  bool committed_ = false;
  std::atomic<size_t> files_{0}, bytes_{0};
  std::mutex mu_;
  std::vector<std::string> written_;
};

}  // namespace ww
