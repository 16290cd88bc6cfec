#include "publish/pdf_export.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;

namespace ww {

namespace {

bool Exists(const std::string& p) { return access(p.c_str(), X_OK) == 0; }

std::string FindInPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(ss, dir, ':'))
    if (Exists(dir + "/" + name)) return dir + "/" + name;
  return "";
}

// Runs argv without a shell; true when it exits 0.
bool Run(const std::vector<std::string>& argv) {
  pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    FILE* devnull = std::fopen("/dev/null", "w");
    if (devnull) {
      dup2(fileno(devnull), 1);
      dup2(fileno(devnull), 2);
    }
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool Print(const std::string& chromium, const std::string& html, const std::string& pdf) {
  std::string profile = fs::temp_directory_path().string() + "/wegwijzer-pdf-" + std::to_string(getpid());
  bool ok = Run({chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--user-data-dir=" + profile, "--no-pdf-header-footer",
                 "--print-to-pdf=" + pdf, "file://" + html});
  std::error_code ec;
  fs::remove_all(profile, ec);
  return ok && fs::exists(pdf);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string FindChromium() {
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"})
    if (std::string p = FindInPath(name); !p.empty()) return p;
  return "";
}

bool PrintToPdf(const std::string& site_dir, const std::string& print_page, const std::string& pdf_path,
                std::string* note, std::string* err) {
  std::string chromium = FindChromium();
  if (chromium.empty()) {
    *err = "Chromium is not installed; install it with 'sudo apt-get install chromium', or open " + print_page +
           " in your browser and choose Print → Save as PDF";
    return false;
  }
  std::string html = fs::absolute(fs::path(site_dir) / print_page).string();
  if (!fs::exists(html)) {
    *err = html + " does not exist; the print edition is built with the site (see [print] in site.toml)";
    return false;
  }
  std::string pdf = fs::absolute(pdf_path).string();
  if (!Print(chromium, html, pdf)) {
    *err = "Chromium could not print " + html;
    return false;
  }
  // Second pass: find the page each chapter starts on, and print again with
  // those numbers in the contents.
  std::string pdftotext = FindInPath("pdftotext");
  if (pdftotext.empty()) {
    *note = "install poppler-utils for page numbers in the table of contents";
    return true;
  }
  std::string txt = pdf + ".txt";
  if (!Run({pdftotext, "-layout", pdf, txt})) return true;
  std::vector<std::string> pages;
  {
    std::string all = ReadAll(txt);
    std::remove(txt.c_str());
    size_t start = 0;
    for (size_t ff; (ff = all.find('\f', start)) != std::string::npos; start = ff + 1)
      pages.push_back(all.substr(start, ff - start));
    pages.push_back(all.substr(start));
  }
  std::string source = ReadAll(html);
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
  {
    std::ofstream out(numbered_html, std::ios::binary);
    out << numbered;
  }
  bool ok = Print(chromium, numbered_html, pdf);
  std::remove(numbered_html.c_str());
  if (!ok) *note = "page numbers could not be added";
  return true;
}

}  // namespace ww
