#include "builtins.h"

#include <filesystem>

namespace ww {

namespace fs = std::filesystem;

std::vector<std::string> BuiltinCandidates(const std::string& exe_path) {
  fs::path dir = fs::path(exe_path).parent_path();
  return {(dir.parent_path() / "share" / "wegwijzer").lexically_normal().string(),
          (dir / "share" / "wegwijzer").lexically_normal().string()};
}

bool FindBuiltinDirs(const std::string& exe_path, BuiltinDirs* dirs, std::string* err) {
  std::vector<std::string> tried = BuiltinCandidates(exe_path);
  for (const std::string& c : tried) {
    std::error_code ec;  // an unreadable candidate is one that does not hold them
    if (fs::is_directory(c + "/themes", ec) && fs::is_directory(c + "/plugins", ec)) {
      *dirs = {c + "/themes", c + "/plugins"};
      return true;
    }
  }
  *err = "the built-in themes and plugins are missing: looked for themes/ and plugins/ in";
  for (size_t i = 0; i < tried.size(); ++i) *err += (i ? " and " : " ") + tried[i];
  *err += "; install Wegwijzer again (make install, or the .deb), or keep share/wegwijzer/ beside bin/";
  return false;
}

// Not argv[0]: that may be a bare name found in PATH, or relative to a
// folder the program has left. The kernel's link names the program's real
// file, symlinks resolved, so a /usr/local/bin/wegwijzer that links into
// PREFIX/bin still finds PREFIX/share.
std::string ProgramPath() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

}  // namespace ww
