// output: the output folder. Decides whether a folder may be the output at all
// (it is the only thing a build replaces, and only when it is Wegwijzer's),
// writes the site into a staging folder beside it and swaps that in only when
// the whole build succeeded, so a failed or killed build leaves the last good
// site as it was.
//
// Every folder the build makes carries a mark file (kOutputMark). Wegwijzer
// replaces an existing non-empty folder only when it has that mark (or with
// --force), and it recognises the staging and old folders of killed builds by
// their mark, never by their name: a user's "site.old-2024" is never touched.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "disk.h"
#include "process.h"

namespace ww {

// The mark file in every folder a build writes. Hidden, so pack and the
// content walk leave it out.
inline constexpr const char* kOutputMark = ".wegwijzer-output";

// A folder that the output must keep clear of.
struct GuardedFolder {
  std::string path;  // as the user named it (shown in messages)
  std::string what;  // "the site folder", "the content source", ...
  // The site folder may hold the output (SITE/site is the default); sources,
  // themes and plugins may not.
  bool output_may_lie_inside = false;
};

// Whether out_dir may be the output of a build: it must not be, contain or
// (unless allowed) lie inside a guarded folder, must not be a file or a
// symbolic link, and an existing non-empty folder must carry the mark unless
// `force`. False with a message that says what to do otherwise.
bool CheckOutputFolder(Disk& disk, const std::string& out_dir, const std::vector<GuardedFolder>& guarded, bool force,
                       std::string* err);

// The output folder when -d is not given: SITE_DIR/site.
std::string DefaultOutDir(const std::string& site_dir);

class OutputDir {
 public:
  // `processes` says whether the build that left a folder behind still runs
  // (Begin removes only the leftovers of builds that do not).
  OutputDir(Disk& disk, std::string final_dir, const Processes& processes = Processes::Default());
  ~OutputDir();  // removes the staging folder unless committed

  // Creates an empty, marked staging folder. First cleans up after builds
  // into the same folder that were killed: removes their staging folders and,
  // when the output folder is missing, puts the last good site back.
  // REQUIRES: CheckOutputFolder accepted the output folder.
  bool Begin(std::string* err);
  // Writes OUT/rel. rel must stay inside the output folder. Thread-safe.
  bool Write(std::string_view rel, std::string_view contents, std::string* err);
  bool Copy(const std::string& from_disk_path, std::string_view rel, std::string* err);
  // The last good site's file `rel` (see previous_), if there is one and it
  // has at most max_bytes; false otherwise. Lets a step keep what it made last
  // time instead of making it again. Thread-safe.
  bool ReadPrevious(std::string_view rel, size_t max_bytes, std::string* contents) const;
  // Replaces the output folder with the staging folder.
  bool Commit(std::string* err);
  // Incremental builds: moves each staged file over its old version in the
  // output folder and leaves every other file there as it is.
  bool CommitInto(std::string* err);

  const std::string& staging() const { return staging_; }
  size_t files_written() const { return files_.load(); }
  size_t bytes_written() const { return bytes_.load(); }
  // Files that were the same as in the last good site and were linked to it
  // rather than written again (Disk::WriteOrLink).
  size_t files_linked() const { return linked_.load(); }

 private:
  void RecoverFromKilledBuilds();
  bool Mark(const std::string& dir, const std::string& self, const char* stage, std::string* err);

  Disk& disk_;
  const Processes& processes_;
  std::string final_, staging_;
  bool committed_ = false;
  std::atomic<size_t> files_{0}, bytes_{0}, linked_{0};
  // The last good site whose unchanged files are linked, not written ("" when
  // there is none, or it is not certainly ours). Set by Begin.
  std::string previous_;
  std::mutex mu_;
  std::vector<std::string> written_;
};

}  // namespace ww
