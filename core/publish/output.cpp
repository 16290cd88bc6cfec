#include "publish/output.h"

#include <unistd.h>

namespace ww {

namespace {

// What a mark file says. The mark travels with the published site (a copy on
// a USB stick, a web server), so it names folders only by their base names
// within one parent and holds no absolute path.
struct MarkInfo {
  std::string for_name;  // base name of the output folder it belongs to
  std::string self;      // base name of the folder it was written in
  std::string stage;     // "staging", "old" or "site"
  long pid = -1;         // the build that wrote it
};

constexpr std::string_view kMarkFirstLine = "wegwijzer-output";

// Reads dir's mark; false when dir has none (or something else by its name).
bool ReadMark(Disk& disk, const std::string& dir, MarkInfo* info) {
  std::string path = JoinPath(dir, kOutputMark), text, err;
  // IsFile first: a FIFO or device by that name must not block or be read.
  if (!disk.IsFile(path) || !disk.ReadFile(path, &text, &err) || text.size() > 4096) return false;
  if (!text.starts_with(kMarkFirstLine) || (text.size() > kMarkFirstLine.size() && text[kMarkFirstLine.size()] != '\n'))
    return false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    size_t space = line.find(' ');
    if (space == std::string_view::npos || line.starts_with("#")) continue;
    std::string_view key = line.substr(0, space), value = line.substr(space + 1);
    if (key == "for")
      info->for_name = value;
    else if (key == "self")
      info->self = value;
    else if (key == "stage")
      info->stage = value;
    else if (key == "pid") {
      long pid = 0;
      for (char c : value) {
        if (c < '0' || c > '9' || pid > 99999999) return false;
        pid = pid * 10 + (c - '0');
      }
      info->pid = pid;
    }
  }
  return true;
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

// Anything by that name: a file, a folder, a FIFO, a broken link.
bool Exists(Disk& disk, const std::string& path) {
  if (disk.IsFile(path) || disk.IsDir(path)) return true;
  std::string name = BaseName(path);
  for (const std::string& n : disk.ListDir(DirName(path)))
    if (n == name) return true;
  return false;
}

}  // namespace

std::string DefaultOutDir(const std::string& site_dir) { return JoinPath(site_dir, "site"); }

bool CheckOutputFolder(Disk& disk, const std::string& out_dir, const std::vector<GuardedFolder>& guarded, bool force,
                       std::string* err) {
  std::string head = "output folder " + Quote(out_dir) + ": ";
  const char* why = "; a build replaces its output folder as a whole, so it would delete ";
  if (out_dir.empty()) {
    *err = head + "no folder given; name one with -d, e.g. -d site";
    return false;
  }
  std::string out = disk.RealPath(out_dir);
  for (const GuardedFolder& g : guarded) {
    std::string folder = disk.RealPath(g.path);
    std::string named = g.what + " " + Quote(g.path);
    if (out == folder) {
      *err = head + "this is " + named + why + "it; choose a folder of its own with -d";
      return false;
    }
    if (PathWithin(out, folder)) {
      *err = head + "it holds " + named + why + "that too; choose a folder outside it with -d";
      return false;
    }
    if (!g.output_may_lie_inside && PathWithin(folder, out)) {
      *err = head + "it lies inside " + named +
             ", whose files the build reads (and would publish or delete); choose a folder outside it with -d";
      return false;
    }
  }
  if (disk.IsSymlink(out_dir)) {
    *err = head + "it is a symbolic link (to " + Quote(out) +
           "), which a build would replace by a folder; give the folder it points to with -d";
    return false;
  }
  if (!disk.IsDir(out_dir) && Exists(disk, out_dir)) {
    *err = head + "it is a file, not a folder; choose another name with -d";
    return false;
  }
  MarkInfo mark;
  if (force || !disk.IsDir(out_dir) || disk.ListDir(out_dir).empty() || ReadMark(disk, out_dir, &mark)) return true;
  *err = head + "it holds files that Wegwijzer did not write (it has no " + kOutputMark + " mark)" + why +
         "them. Choose a new or empty folder with -d, or add --force if everything in it may go "
         "(a site built by a Wegwijzer before 0.2 has no mark yet: --force once)";
  return false;
}

OutputDir::OutputDir(Disk& disk, std::string final_dir, const Processes& processes)
    : disk_(disk), processes_(processes), final_(std::move(final_dir)) {
  while (final_.size() > 1 && final_.back() == '/') final_.pop_back();
  staging_ = final_ + ".tmp-" + std::to_string(getpid());
}

OutputDir::~OutputDir() {
  if (!committed_) {
    std::string err;
    MarkInfo mark;
    // Only a staging folder that Begin made (and marked) is ours to remove.
    if (ReadMark(disk_, staging_, &mark) && mark.self == BaseName(staging_) && mark.pid == getpid())
      disk_.RemoveAll(staging_, &err);
  }
}

bool OutputDir::Mark(const std::string& dir, const std::string& self, const char* stage, std::string* err) {
  std::string text = std::string(kMarkFirstLine) +
                     "\n# Wegwijzer wrote this folder. Each build replaces it as a whole: keep no files of your own "
                     "here.\nfor " +
                     BaseName(final_) + "\nself " + self + "\npid " + std::to_string(getpid()) + "\nstage " + stage +
                     "\n";
  return disk_.WriteFile(JoinPath(dir, kOutputMark), text, err);
}

// A build that was killed leaves its staging folder behind, and one killed
// between the two renames of Commit leaves the last good site as an "old"
// folder with no output folder at all. Both are recognised by their mark: it
// names this output folder, the folder itself by the name it still has (a
// copy or a renamed folder is not a leftover) and a build that no longer runs.
void OutputDir::RecoverFromKilledBuilds() {
  std::string parent = DirName(final_), base = BaseName(final_);
  for (const std::string& name : disk_.ListDir(parent)) {
    std::string path = JoinPath(parent, name), ignored;
    MarkInfo mark;
    if (name == base || !ReadMark(disk_, path, &mark)) continue;
    if (mark.for_name != base || mark.self != name || mark.pid < 0) continue;
    if (mark.pid == getpid() || processes_.Alive(mark.pid)) continue;
    if (mark.stage == "old" && !disk_.IsDir(final_) && disk_.Rename(path, final_, &ignored)) {
      Mark(final_, base, "site", &ignored);
      continue;
    }
    disk_.RemoveAll(path, &ignored);
  }
}

bool OutputDir::Begin(std::string* err) {
  RecoverFromKilledBuilds();
  MarkInfo mark;
  if (Exists(disk_, staging_)) {
    // Left by an earlier build with this pid (pids are reused), or not ours.
    if (!ReadMark(disk_, staging_, &mark) || mark.self != BaseName(staging_)) {
      *err = "cannot build: " + Quote(staging_) + " is in the way (the build stages the new site there); move it";
      return false;
    }
    if (!disk_.RemoveAll(staging_, err)) return false;
  }
  // Only a folder that a build made (its mark says so) lends its files: the
  // files of a folder taken over with --force are written anew.
  if (ReadMark(disk_, final_, &mark) && mark.self == BaseName(final_)) previous_ = final_;
  return disk_.MakeDirs(staging_, err) && Mark(staging_, BaseName(staging_), "staging", err);
}

bool OutputDir::Write(std::string_view rel, std::string_view contents, std::string* err) {
  std::string norm = NormalizePath(rel);
  if (norm.empty() || norm[0] == '/') {
    *err = "refusing to write " + std::string(rel) + ": outside the output folder";
    return false;
  }
  bool linked = false;
  std::string same_as = previous_.empty() ? std::string() : JoinPath(previous_, norm);
  if (!disk_.WriteOrLink(JoinPath(staging_, norm), contents, same_as, &linked, err)) return false;
  if (linked) linked_++;
  {
    std::lock_guard<std::mutex> lock(mu_);
    written_.push_back(norm);
  }
  files_++;
  bytes_ += contents.size();
  return true;
}

bool OutputDir::ReadPrevious(std::string_view rel, size_t max_bytes, std::string* contents) const {
  std::string norm = NormalizePath(rel), ignored;
  if (previous_.empty() || norm.empty() || norm[0] == '/') return false;
  return disk_.ReadFileAtMost(JoinPath(previous_, norm), max_bytes, contents, &ignored, nullptr);
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

// The old site is marked "old" before it moves aside, so that a build killed
// between the two renames is recovered by the next one (RecoverFromKilledBuilds).
bool OutputDir::Commit(std::string* err) {
  std::string old = final_ + ".old-" + std::to_string(getpid());
  bool had_old = disk_.IsDir(final_);
  if (had_old) {
    MarkInfo mark;
    if (Exists(disk_, old) && !(ReadMark(disk_, old, &mark) && mark.self == BaseName(old))) {
      *err = "cannot replace the site: " + Quote(old) + " is in the way (the old site is moved there); move it";
      return false;
    }
    disk_.RemoveAll(old, err);
    if (!Mark(final_, BaseName(old), "old", err) || !disk_.Rename(final_, old, err)) return false;
  }
  std::string ignored;
  if (!disk_.Rename(staging_, final_, err)) {
    if (had_old && disk_.Rename(old, final_, &ignored)) Mark(final_, BaseName(final_), "site", &ignored);
    return false;
  }
  // Renamed first, then re-marked: a staging folder marked as the site but
  // killed before its rename would be nobody's leftover. A site that still
  // carries its staging mark is the output all the same (it has the mark).
  Mark(final_, BaseName(final_), "site", &ignored);
  committed_ = true;
  if (had_old) disk_.RemoveAll(old, err);
  return true;
}

}  // namespace ww
