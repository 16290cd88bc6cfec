// pdf_export: the print edition to PDF with headless Chromium, with page
// numbers in the table of contents (found in a first print, filled in for
// the second).
//
// Chromium and pdftotext are run through Processes and the files read and
// written through Disk, so tests can stand in for a missing or failing
// Chromium.
#pragma once

#include <string>

#include "disk.h"
#include "process.h"

namespace ww {

// The path of an installed Chromium, or "" when there is none.
std::string FindChromium(const Processes& processes);
std::string FindChromium();  // on the real machine

// Prints SITE_DIR/print_page (e.g. "print.html") to pdf_path. Uses pdftotext
// (poppler-utils), when installed, to put page numbers in the contents.
// False with a message in *err when there is no PDF: Chromium is missing or
// failed, or the print page is not there. A PDF without page numbers is no
// error; *note says why they are missing.
bool PrintToPdf(Processes& processes, Disk& disk, const std::string& site_dir, const std::string& print_page,
                const std::string& pdf_path, std::string* note, std::string* err);
// On the real machine and disk.
bool PrintToPdf(const std::string& site_dir, const std::string& print_page, const std::string& pdf_path,
                std::string* note, std::string* err);

}  // namespace ww
