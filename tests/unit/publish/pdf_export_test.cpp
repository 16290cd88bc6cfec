// pdf_export: printing the print edition with a Chromium and a pdftotext that
// FakeProcesses stands in for (missing, failing or working), on a MemoryDisk.
#include "publish/pdf_export.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace ww;

namespace {

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The value of argv's "--name=VALUE", or "".
std::string Flag(const std::vector<std::string>& argv, const std::string& name) {
  for (const std::string& a : argv)
    if (a.rfind(name + "=", 0) == 0) return a.substr(name.size() + 1);
  return "";
}

// A print edition with two chapters and their empty page numbers in the
// contents, as print_edition writes it.
const char* kPrintHtml =
    "<nav><a href=\"#p1\">1 Inleiding</a><span data-page-for=\"p1\"></span>"
    "<a href=\"#p2\">2 Werkwijze</a><span data-page-for=\"p2\"></span></nav>\n"
    "<h1 id=\"p1-title\"><span class=\"print-page__num\">1</span> Inleiding</h1>\n"
    "<h1 id=\"p2-title\"><span class=\"print-page__num\">2</span> Werkwijze</h1>\n";

// A site printed from /mem/site/print.html to /mem/boek.pdf. Chromium writes
// "PDF" to the file it is asked for and remembers each page it printed.
struct Printer {
  MemoryDisk disk;
  FakeProcesses processes;
  std::vector<std::string> printed;  // the HTML of each page Chromium printed
  std::string note, err;

  Printer() {
    disk.files["/mem/site/print.html"] = kPrintHtml;
    processes.programs["chromium"] = {0, "", [this](const std::vector<std::string>& argv) {
                                        std::string url = argv.back();
                                        REQUIRE(url.rfind("file://", 0) == 0);
                                        auto page = disk.files.find(url.substr(7));
                                        printed.push_back(page != disk.files.end() ? page->second : "");
                                        disk.files[Flag(argv, "--print-to-pdf")] = "PDF";
                                      }};
  }
  // pdftotext finds these pages ('\f' between pages).
  void AddPdfToText(const std::string& text) {
    processes.programs["pdftotext"] = {0, "", [this, text](const std::vector<std::string>& argv) {
                                         REQUIRE(argv.size() == 4);
                                         CHECK(argv[1] == "-layout");
                                         disk.files[argv[3]] = text;
                                       }};
  }
  bool Print() { return PrintToPdf(processes, disk, "/mem/site", "print.html", "/mem/boek.pdf", &note, &err); }
};

}  // namespace

TEST_SUITE("pdf export") {
  TEST_CASE("Chromium missing: the message names it and says what to do instead") {
    MemoryDisk disk;
    disk.files["/mem/site/print.html"] = kPrintHtml;
    FakeProcesses processes;
    std::string note, err;
    CHECK_FALSE(PrintToPdf(processes, disk, "/mem/site", "print.html", "/mem/boek.pdf", &note, &err));
    CHECK(err ==
          "Chromium is not installed; install it with 'sudo apt-get install chromium', or open print.html in your "
          "browser and choose Print → Save as PDF");
    CHECK(processes.Runs().empty());
    CHECK(FindChromium(processes) == "");
  }

  TEST_CASE("Chromium is found under each of its names") {
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
      FakeProcesses processes;
      processes.programs[name] = {};
      CHECK(FindChromium(processes) == std::string("/fake/bin/") + name);
    }
  }

  TEST_CASE("no print page: the message says where it comes from") {
    Printer p;
    p.disk.files.erase("/mem/site/print.html");
    CHECK_FALSE(p.Print());
    CHECK(p.err ==
          "/mem/site/print.html does not exist; the print edition is built with the site (see [print] in "
          "site.toml)");
    CHECK(p.processes.Runs().empty());
  }

  TEST_CASE("Chromium failing: the message names it and the page") {
    Printer p;
    p.processes.programs["chromium"].exit_status = 1;
    CHECK_FALSE(p.Print());
    CHECK(p.err == "Chromium could not print /mem/site/print.html");
  }

  TEST_CASE("Chromium that exits well but writes no PDF has failed too") {
    Printer p;
    p.processes.programs["chromium"].effect = nullptr;
    CHECK_FALSE(p.Print());
    CHECK(Contains(p.err, "Chromium could not print"));
    CHECK_FALSE(p.disk.files.count("/mem/boek.pdf"));
  }

  TEST_CASE("Chromium is run headless, without a shell, on a profile of its own") {
    Printer p;
    REQUIRE(p.Print());
    std::vector<std::string> argv = p.processes.Runs().at(0);
    CHECK(argv[0] == "/fake/bin/chromium");
    CHECK(argv[1] == "--headless");
    CHECK(Flag(argv, "--print-to-pdf") == "/mem/boek.pdf");
    CHECK(Contains(Flag(argv, "--user-data-dir"), "/wegwijzer-pdf-"));
    CHECK(argv.back() == "file:///mem/site/print.html");
  }

  TEST_CASE("without pdftotext: a PDF without page numbers, and a note that says why") {
    Printer p;
    CHECK(p.Print());
    CHECK(p.err.empty());
    CHECK(p.note == "install poppler-utils for page numbers in the table of contents");
    CHECK(p.disk.files["/mem/boek.pdf"] == "PDF");
    CHECK(p.printed.size() == 1);
  }

  TEST_CASE("pdftotext failing: the first PDF stays, without a note") {
    Printer p;
    p.AddPdfToText("");
    p.processes.programs["pdftotext"].exit_status = 1;
    CHECK(p.Print());
    CHECK(p.note.empty());
    CHECK(p.printed.size() == 1);
  }

  TEST_CASE("the contents get the page each chapter starts on, in a second print") {
    Printer p;
    // Cover, contents (both titles), chapter 1 over two pages, chapter 2.
    p.AddPdfToText("Handboek\f Inhoud\n1 Inleiding ...\n2 Werkwijze ...\f1  Inleiding\n\ttekst\fmeer\f2 Werkwijze\n");
    CHECK(p.Print());
    CHECK(p.note.empty());
    REQUIRE(p.printed.size() == 2);
    CHECK(p.printed[0] == kPrintHtml);
    CHECK(Contains(p.printed[1], "<span data-page-for=\"p1\">3</span>"));
    CHECK(Contains(p.printed[1], "<span data-page-for=\"p2\">5</span>"));
    CHECK(p.processes.Runs()[2].back() == "file:///mem/site/print.pdf-pass.html");
    // Only the PDF is left: no text, numbered page or profile.
    CHECK(p.disk.files.size() == 2);
    CHECK(p.disk.files.count("/mem/boek.pdf"));
  }

  TEST_CASE("the second print failing: the first PDF stays, with a note") {
    Printer p;
    p.AddPdfToText("Handboek\fInhoud\n1 Inleiding\n2 Werkwijze\f1 Inleiding\f2 Werkwijze\n");
    auto pdftotext = p.processes.programs["pdftotext"].effect;
    p.processes.programs["pdftotext"].effect = [&p, pdftotext](const std::vector<std::string>& argv) {
      pdftotext(argv);
      p.processes.programs["chromium"] = {1, "", nullptr};  // Chromium fails from now on
    };
    CHECK(p.Print());
    CHECK(p.printed.size() == 1);
    CHECK(p.processes.Runs().size() == 3);  // Chromium, pdftotext, Chromium
    CHECK(p.note == "page numbers could not be added");
    CHECK(p.disk.files["/mem/boek.pdf"] == "PDF");
  }
}  // TEST_SUITE
