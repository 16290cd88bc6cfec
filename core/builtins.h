// builtins: where the program's built-in themes and plugins are.
//
// Found relative to the program itself, never through a path compiled in, so
// an installed program (PREFIX/bin/wegwijzer with PREFIX/share/wegwijzer/)
// and a copied or moved one keep working, and so does the build tree (CMake
// puts share/wegwijzer/ beside the program there, linked to the sources).
#pragma once

#include <string>
#include <vector>

namespace ww {

struct BuiltinDirs {
  std::string themes;   // holds themes/NAME/
  std::string plugins;  // holds NAME.lua
};

// The folders to look in for a program at `exe_path`, in order:
// EXE_DIR/../share/wegwijzer (installed), EXE_DIR/share/wegwijzer (build tree).
std::vector<std::string> BuiltinCandidates(const std::string& exe_path);

// The first candidate that holds both themes/ and plugins/. False, with a
// message that names every folder tried, when none does.
bool FindBuiltinDirs(const std::string& exe_path, BuiltinDirs* dirs, std::string* err);

// This program's own path (/proc/self/exe), "" when it cannot be known.
std::string ProgramPath();

}  // namespace ww
