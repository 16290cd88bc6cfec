// pack: the offline pack — one ZIP of a built site that works when unpacked
// anywhere and opened by double-clicking its start page.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "disk.h"

namespace ww {

// Writes every file of site_dir into zip_path (replacing it), with the start
// page (index.html) at the root of the archive. False with *err on failure,
// also when a name could not be unpacked safely on Windows (ZipNameProblem):
// then no ZIP is written at all.
bool WriteSiteZip(Disk& disk, const std::string& site_dir, const std::string& zip_path, size_t* files,
                  std::string* err);

// One file of a ZIP: its name in the archive, and where to read it or what it holds.
struct ZipEntry {
  std::string rel;        // "zorg/route.md"
  std::string disk_path;  // read from here, unless it is empty:
  std::string contents;   // then this is the file
};

// Writes the entries into zip_path, beside it first and renamed, so that a
// failed write never leaves half a ZIP. False with *err on failure.
bool WriteZip(Disk& disk, const std::vector<ZipEntry>& entries, const std::string& zip_path, std::string* err);

// What makes `rel` (a '/'-separated path) unsafe as a name in a ZIP that is
// unpacked on Windows, or "" when it is safe: a '\\' or ':' (Windows reads
// "..\\x" and "C:\\x" as paths out of the folder), a part that is "." or
// "..", a reserved device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with any
// extension), a control character or one of <>"|?*, a part that ends in a dot
// or a space (Windows drops those, so two names become one).
std::string ZipNameProblem(std::string_view rel);

}  // namespace ww
