// Golden files for tests: fixtures in tests/fixtures/, read and (with
// WW_UPDATE_GOLDEN=1 in the environment) rewritten from what a test made.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ww::testing {

inline std::filesystem::path FixturePath(const char* name) {
#ifdef WW_TESTS_DIR
  return std::filesystem::path(WW_TESTS_DIR) / "fixtures" / name;
#else
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "fixtures" / name;
#endif
}

inline bool UpdateGolden() { return std::getenv("WW_UPDATE_GOLDEN") != nullptr; }

inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteFile(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

}  // namespace ww::testing
