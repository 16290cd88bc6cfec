#include "site/file_names.h"

#include <map>

#include "nfc.h"
#include "utf8.h"

namespace ww {

namespace {

// A path as a message can show it: bytes that are not UTF-8, and control
// characters, as U+FFFD (a terminal would otherwise print them raw).
std::string Printable(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    char32_t cp = DecodeUtf8(s, &i);
    if (cp == kNotUtf8 || cp < 0x20 || cp == 0x7F)
      out += "\xEF\xBF\xBD";
    else
      out.append(s.substr(start, i - start));
  }
  return out;
}

// What is wrong with one name (a file's or a folder's), or "".
std::string NameProblem(std::string_view name) {
  if (FindInvalidUtf8(name) != std::string_view::npos)
    return "the name is not UTF-8 (it was probably made on an old system); rename it in your file manager";
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7F) return "the name holds a control character; rename it";
    if (c == '#' || c == '?' || c == '%')
      return std::string("the name holds '") + static_cast<char>(c) + "', which a browser reads as the start of " +
             (c == '#'   ? "an anchor"
              : c == '?' ? "a query"
                         : "an escaped character") +
             " in a link, so no link could lead to it: rename it (e.g. with '-' instead)";
  }
  return "";
}

}  // namespace

LayeredFiles CheckFileNames(LayeredFiles files, Diagnostics* diags) {
  LayeredFiles out;
  // CollisionKey of every file and folder path -> the path as it is on disk
  // and as messages show it, first in path order (the same on every run).
  std::map<std::string, std::pair<std::string, std::string>> seen;
  std::map<std::string, bool> reported;  // a folder's clash is told once, not for each file in it
  // `path`: a file's or folder's path within the content, as on disk.
  auto collides = [&](const std::string& path, const std::string& display) {
    auto [it, added] = seen.emplace(CollisionKey(ToNfc(path)), std::pair{path, display});
    if (added || it->second.first == path) return false;
    if (!reported[display])
      diags->Error(Printable(display), 0, 0,
                   "\"" + Printable(display) + "\" and \"" + Printable(it->second.second) +
                       "\" differ only in upper and lower case or in how an accent is stored; on Windows, macOS "
                       "and USB sticks they are one name, so one would overwrite the other: rename one of them");
    reported[display] = true;
    return true;
  };
  for (auto& [rel, f] : files) {
    // The display path ends with rel: what comes before is the layer's folder.
    std::string layer = f.display.substr(0, f.display.size() - rel.size());
    std::string problem, at = f.display;
    bool clash = false;
    // Each folder on the path, then the file's own name.
    for (size_t start = 0;;) {
      size_t slash = rel.find('/', start);
      problem = NameProblem(std::string_view(rel).substr(start, slash - start));
      if (slash == std::string::npos || !problem.empty()) {
        if (!problem.empty() && slash != std::string::npos) at = layer + rel.substr(0, slash) + "/";
        break;
      }
      clash = clash || collides(rel.substr(0, slash), layer + rel.substr(0, slash) + "/");
      start = slash + 1;
    }
    if (!problem.empty()) {
      if (!reported[at]) diags->Error(Printable(at), 0, 0, problem);
      reported[at] = true;
      continue;
    }
    if (clash || collides(rel, f.display)) continue;
    out.emplace(ToNfc(rel), std::move(f));
  }
  return out;
}

}  // namespace ww
