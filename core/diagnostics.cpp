#include "diagnostics.h"

#include <algorithm>
#include <tuple>

namespace ww {

// The shape compilers use (path:line:col: error: ...), so editors and CI
// logs turn it into a link. A problem with no file (the command line, the
// output folder) is filed under the program's name.
std::string Diagnostic::Format() const {
  std::string out = path.empty() ? "wegwijzer" : path;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (col > 0) out += ":" + std::to_string(col);
  }
  out += severity == Severity::kError ? ": error: " : ": warning: ";
  out += message;
  return out;
}

void Diagnostics::Error(std::string path, int line, int col, std::string message) {
  Add({std::move(path), line, col, Severity::kError, std::move(message)});
}

void Diagnostics::Warning(std::string path, int line, int col, std::string message) {
  Add({std::move(path), line, col, Severity::kWarning, std::move(message)});
}

// The one lock guards only the list: render workers report while others
// render, so nothing slow may happen under it.
void Diagnostics::Add(Diagnostic d) {
  std::lock_guard<std::mutex> lock(mu_);
  items_.push_back(std::move(d));
}

size_t Diagnostics::WarningsToErrors() {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  for (Diagnostic& d : items_)
    if (d.severity == Severity::kWarning) {
      d.severity = Severity::kError;
      ++n;
    }
  return n;
}

bool Diagnostics::HasErrors() const { return ErrorCount() > 0; }

size_t Diagnostics::ErrorCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

size_t Diagnostics::WarningCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kWarning; });
}

std::vector<Diagnostic> Diagnostics::Sorted() const {
  std::vector<Diagnostic> out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    out = items_;
  }
  // The message is part of the key: workers report in any order, and the
  // same problem reported twice must end up adjacent to be dropped below.
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.path, a.line, a.col, a.message) < std::tie(b.path, b.line, b.col, b.message);
  });
  // The same problem found by several templates or workers is reported once.
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Diagnostic& a, const Diagnostic& b) {
                          return a.path == b.path && a.line == b.line && a.col == b.col && a.message == b.message;
                        }),
            out.end());
  return out;
}

}  // namespace ww
