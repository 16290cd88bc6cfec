// pdf_export: the print edition to PDF with headless Chromium, with page
// numbers in the table of contents (found in a first print, filled in for
// the second).
#pragma once

#include <string>

namespace ww {

// The path of an installed Chromium, or "" when there is none.
std::string FindChromium();

// Prints SITE_DIR/print_page (e.g. "print.html") to pdf_path. Uses pdftotext
// (poppler-utils), when installed, to put page numbers in the contents.
bool PrintToPdf(const std::string& site_dir, const std::string& print_page, const std::string& pdf_path,
                std::string* note, std::string* err);

}  // namespace ww
