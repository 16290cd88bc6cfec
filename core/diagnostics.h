// Diagnostics: errors and warnings as values with a place (path:line:col).
//
// Every stage of the build reports problems into one Diagnostics collector
// instead of throwing across module boundaries; the build prints them all and
// exits 1 when any error was reported. Thread-safe: workers report concurrently.
#pragma once

#include <mutex>
#include <string>
#include <vector>

namespace ww {

enum class Severity { kWarning, kError };

struct Diagnostic {
  std::string path;  // as the user knows it, relative to the site dir when possible
  int line = 0;      // 1-based; 0 = unknown
  int col = 0;       // 1-based; 0 = unknown
  Severity severity = Severity::kError;
  std::string message;  // what is wrong, then what to do

  // "content/a.md:3:7: error: message"
  std::string Format() const;
};

class Diagnostics {
 public:
  void Error(std::string path, int line, int col, std::string message);
  void Warning(std::string path, int line, int col, std::string message);
  void Add(Diagnostic d);

  // --strict: every warning reported so far becomes an error. Returns how many.
  size_t WarningsToErrors();

  bool HasErrors() const;
  size_t ErrorCount() const;
  size_t WarningCount() const;
  // Sorted by path, line, col so output is stable across parallel runs.
  std::vector<Diagnostic> Sorted() const;

 private:
  mutable std::mutex mu_;
  std::vector<Diagnostic> items_;
};

}  // namespace ww
