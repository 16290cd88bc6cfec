#include "publish/pack.h"

#include <zip.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace ww {

std::string ZipNameProblem(std::string_view rel) {
  if (rel.empty() || rel.front() == '/') return "it is not a relative path";
  for (size_t start = 0;;) {
    size_t slash = rel.find('/', start);
    std::string_view part = rel.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty() || part == "." || part == "..") return "it has an empty, '.' or '..' part";
    for (unsigned char c : part) {
      if (c < 0x20 || c == 0x7F) return "it holds a control character";
      if (std::strchr("\\:<>\"|?*", c))
        return std::string("it holds '") + static_cast<char>(c) + "', which Windows does not allow in a name";
    }
    if (part.back() == '.' || part.back() == ' ')
      return "a name ends in a dot or a space, which Windows drops (so two names can become one)";
    // The device names, with or without an extension ("aux.html"), in any case.
    std::string stem(part.substr(0, part.find('.')));
    while (!stem.empty() && stem.back() == ' ') stem.pop_back();
    for (char& c : stem) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool numbered =
        stem.size() == 4 && (stem.starts_with("com") || stem.starts_with("lpt")) && stem[3] >= '1' && stem[3] <= '9';
    if (stem == "con" || stem == "prn" || stem == "aux" || stem == "nul" || numbered)
      return "\"" + stem + "\" is a device name on Windows, which no file may have";
    if (slash == std::string_view::npos) return "";
    start = slash + 1;
  }
}

bool WriteSiteZip(Disk& disk, const std::string& site_dir, const std::string& zip_path, size_t* files,
                  std::string* err) {
  // The start page is what a reader opens after unpacking: without it this
  // is no built site (or not built yet).
  if (!disk.IsFile(JoinPath(site_dir, "index.html"))) {
    *err = site_dir + " has no index.html; build the site first";
    return false;
  }
  // ListFiles leaves hidden files out, so the output mark is not packed; a
  // link that leads out of the site is never followed into the ZIP.
  std::vector<ZipEntry> entries;
  for (const FileEntry& f : disk.ListFiles(site_dir))
    if (!f.escapes_root) entries.push_back({f.rel, JoinPath(site_dir, f.rel), ""});
  if (!WriteZip(disk, entries, zip_path, err)) return false;
  *files = entries.size();
  return true;
}

bool WriteZip(Disk& disk, const std::vector<ZipEntry>& entries, const std::string& zip_path, std::string* err) {
  // Every name first, so a bad one leaves no ZIP at all rather than a ZIP
  // without it; said with what to do about it.
  for (const ZipEntry& f : entries) {
    if (std::string problem = ZipNameProblem(f.rel); !problem.empty()) {
      *err = (f.disk_path.empty() ? f.rel : f.disk_path) + " cannot be packed: " + problem +
             "; rename the file it comes from in the content (or the slug or alias that made it) and build again";
      return false;
    }
  }
  // Written beside the target and renamed, so a failed pack never leaves half a ZIP.
  std::string tmp = zip_path + ".tmp";
  std::remove(tmp.c_str());  // left by a pack that was killed
  int zerr = 0;
  zip_t* z = zip_open(tmp.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  if (!z) {
    zip_error_t e;
    zip_error_init_with_code(&e, zerr);
    *err = "cannot create " + zip_path + ": " + zip_error_strerror(&e);
    zip_error_fini(&e);
    return false;
  }
  for (const ZipEntry& f : entries) {
    std::string data = f.contents;
    if (!f.disk_path.empty() && !disk.ReadFile(f.disk_path, &data, err)) {
      zip_discard(z);
      return false;
    }
    // With freep = 1 libzip owns the buffer and free()s it once the archive
    // is written (every file is held in memory until zip_close), so it gets
    // a malloc'd copy: `data` is gone after this iteration.
    void* buf = std::malloc(data.size() ? data.size() : 1);
    std::memcpy(buf, data.data(), data.size());
    zip_source_t* src = zip_source_buffer(z, buf, data.size(), 1);
    if (!src || zip_file_add(z, f.rel.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      if (src) zip_source_free(src);  // a source zip_file_add refused is still ours
      *err = std::string("cannot add ") + f.rel + " to the ZIP: " + zip_strerror(z);
      zip_discard(z);
      return false;
    }
  }
  if (zip_close(z) < 0) {
    *err = std::string("cannot write ") + zip_path + ": " + zip_strerror(z);
    zip_discard(z);
    std::remove(tmp.c_str());
    return false;
  }
  if (std::rename(tmp.c_str(), zip_path.c_str()) != 0) {
    *err = "cannot rename " + tmp + " to " + zip_path;
    return false;
  }
  return true;
}

}  // namespace ww
