#include "publish/pdf_export.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <vector>

namespace fs = std::filesystem;

namespace ww {

namespace {

// Runs argv with its output discarded; true when it exits 0.
bool Run(Processes& processes, const std::vector<std::string>& argv) {
  std::string err;
  return processes.Run(argv, nullptr, &err) == 0;
}

// A profile folder of its own, removed afterwards: Chromium would otherwise
// use (and lock) the profile of a browser the user has open.
bool Print(Processes& processes, Disk& disk, const std::string& chromium, const std::string& html,
           const std::string& pdf) {
  std::string profile = fs::temp_directory_path().string() + "/wegwijzer-pdf-" + std::to_string(getpid());
  bool ok = Run(processes, {chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--no-first-run", "--user-data-dir=" + profile,
                            "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + html});
  std::string ignored;
  disk.RemoveAll(profile, &ignored);
  return ok && disk.IsFile(pdf);
}

// The file's bytes, or "" when it cannot be read.
std::string ReadAll(Disk& disk, const std::string& path) {
  std::string text, err;
  disk.ReadFile(path, &text, &err);
  return text;
}

}  // namespace

std::string FindChromium(const Processes& processes) {
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"})
    if (std::string p = processes.Find(name); !p.empty()) return p;
  return "";
}

std::string FindChromium() { return FindChromium(Processes::Default()); }

bool PrintToPdf(Processes& processes, Disk& disk, const std::string& site_dir, const std::string& print_page,
                const std::string& pdf_path, std::string* note, std::string* err) {
  std::string chromium = FindChromium(processes);
  if (chromium.empty()) {
    *err = "Chromium is not installed; install it with 'sudo apt-get install chromium', or open " + print_page +
           " in your browser and choose Print → Save as PDF";
    return false;
  }
  std::string html = fs::absolute(fs::path(site_dir) / print_page).string();
  if (!disk.IsFile(html)) {
    *err = html + " does not exist; the print edition is built with the site (see [print] in site.toml)";
    return false;
  }
  std::string pdf = fs::absolute(pdf_path).string();
  if (!Print(processes, disk, chromium, html, pdf)) {
    *err = "Chromium could not print " + html;
    return false;
  }
  // Second pass: find the page each chapter starts on, and print again with
  // those numbers in the contents.
  std::string pdftotext = processes.Find("pdftotext");
  if (pdftotext.empty()) {
    *note = "install poppler-utils for page numbers in the table of contents";
    return true;
  }
  std::string txt = pdf + ".txt";
  if (!Run(processes, {pdftotext, "-layout", pdf, txt})) return true;
  std::vector<std::string> pages;
  {
    std::string all = ReadAll(disk, txt);
    std::string ignored;
    disk.RemoveAll(txt, &ignored);
    size_t start = 0;
    for (size_t ff; (ff = all.find('\f', start)) != std::string::npos; start = ff + 1)
      pages.push_back(all.substr(start, ff - start));
    pages.push_back(all.substr(start));
  }
  std::string source = ReadAll(disk, html);
  // Each chapter title: <span class="print-page__num">1.2</span> Title</hN>, id="pN-title".
  static const std::regex title_re(
      R"re(id="(p\d+)-title"><span class="print-page__num">([0-9.]+)</span> ([^<]*)</h)re");
  std::map<std::string, int> page_of;
  size_t from_page = 0;
  for (auto it = std::sregex_iterator(source.begin(), source.end(), title_re); it != std::sregex_iterator(); ++it) {
    std::string id = (*it)[1], num = (*it)[2], title = (*it)[3];
    std::string needle = num + " " + title.substr(0, std::min<size_t>(title.size(), 24));
    // Titles appear in reading order, each first in the table of contents:
    // the first title's second appearance is the start of the chapters.
    int skip = page_of.empty() ? 1 : 0;
    for (size_t p = std::max<size_t>(from_page, 1); p < pages.size(); ++p) {
      std::string squeezed;
      for (char c : pages[p]) {
        char ch = (c == '\n' || c == '\t') ? ' ' : c;
        if (!(ch == ' ' && !squeezed.empty() && squeezed.back() == ' ')) squeezed += ch;
      }
      if (squeezed.find(needle) == std::string::npos) continue;
      if (skip-- > 0) {
        // The contents can hold the same title on this page only once; go on.
        continue;
      }
      page_of[id] = static_cast<int>(p + 1);
      from_page = p;
      break;
    }
  }
  if (page_of.empty()) return true;
  std::string numbered = source;
  for (const auto& [id, page] : page_of) {
    std::string span = "data-page-for=\"" + id + "\"></span>";
    if (size_t at = numbered.find(span); at != std::string::npos)
      numbered.replace(at, span.size(), "data-page-for=\"" + id + "\">" + std::to_string(page) + "</span>");
  }
  std::string numbered_html = html.substr(0, html.size() - 5) + ".pdf-pass.html";
  std::string ignored;
  disk.WriteFile(numbered_html, numbered, &ignored);
  bool ok = Print(processes, disk, chromium, numbered_html, pdf);
  disk.RemoveAll(numbered_html, &ignored);
  if (!ok) *note = "page numbers could not be added";
  return true;
}

bool PrintToPdf(const std::string& site_dir, const std::string& print_page, const std::string& pdf_path,
                std::string* note, std::string* err) {
  RealDisk disk;
  return PrintToPdf(Processes::Default(), disk, site_dir, print_page, pdf_path, note, err);
}

}  // namespace ww
