#include "publish/pack.h"

#include <zip.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ww {

bool WriteSiteZip(Disk& disk, const std::string& site_dir, const std::string& zip_path, size_t* files,
                  std::string* err) {
  if (!disk.IsFile(JoinPath(site_dir, "index.html"))) {
    *err = site_dir + " has no index.html; build the site first";
    return false;
  }
  // Written beside the target and renamed, so a failed pack never leaves half a ZIP.
  std::string tmp = zip_path + ".tmp";
  std::remove(tmp.c_str());
  int zerr = 0;
  zip_t* z = zip_open(tmp.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  if (!z) {
    zip_error_t e;
    zip_error_init_with_code(&e, zerr);
    *err = "cannot create " + zip_path + ": " + zip_error_strerror(&e);
    zip_error_fini(&e);
    return false;
  }
  *files = 0;
  for (const FileEntry& f : disk.ListFiles(site_dir)) {
    if (f.escapes_root) continue;
    std::string data;
    if (!disk.ReadFile(JoinPath(site_dir, f.rel), &data, err)) {
      zip_discard(z);
      return false;
    }
    // libzip copies the buffer when freep is 1; we hand it a malloc'd copy.
    void* buf = std::malloc(data.size() ? data.size() : 1);
    std::memcpy(buf, data.data(), data.size());
    zip_source_t* src = zip_source_buffer(z, buf, data.size(), 1);
    if (!src || zip_file_add(z, f.rel.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      if (src) zip_source_free(src);
      *err = std::string("cannot add ") + f.rel + " to the ZIP: " + zip_strerror(z);
      zip_discard(z);
      return false;
    }
    ++*files;
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
