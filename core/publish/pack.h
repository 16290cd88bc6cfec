// pack: the offline pack — one ZIP of a built site that works when unpacked
// anywhere and opened by double-clicking its start page.
#pragma once

#include <string>

#include "disk.h"

namespace ww {

// Writes every file of site_dir into zip_path (replacing it), with the start
// page (index.html) at the root of the archive. False with *err on failure.
bool WriteSiteZip(Disk& disk, const std::string& site_dir, const std::string& zip_path, size_t* files,
                  std::string* err);

}  // namespace ww
