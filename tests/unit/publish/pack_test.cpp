#include "publish/pack.h"

#include <doctest/doctest.h>

#include <filesystem>

using namespace ww;

TEST_SUITE("pack") {
  TEST_CASE("ZipNameProblem: names that are unsafe when the ZIP is unpacked on Windows") {
    for (const char* bad :
         {"..\\x.html",  "a/..\\..\\x.html", "C:\\x.html", "c:x.html",  "aux.html",   "AUX",       "map/con.txt",
          "nul",         "com1.html",        "LPT9.js",    "prn .html", "a\x01.html", "a./b.html", "a.html.",
          "map /b.html", "a<b.html",         "a|b",        "a*b",       "a\"b",       "/abs.html", "a//b",
          "../x"})
      CHECK_MESSAGE(!ZipNameProblem(bad).empty(), bad);
    for (const char* good : {"index.html", "assets/style.css", "rol/taken.html", "com10.html", "auxiliary.html",
                             "console.html", "a&b.html", "caf\xC3\xA9.html", "print-regels.html", ".hidden"})
      CHECK_MESSAGE(ZipNameProblem(good).empty(), good);
  }

  TEST_CASE("WriteSiteZip refuses a site with such a name, and writes no ZIP at all") {
    MemoryDisk disk;
    disk.files["site/index.html"] = "<p>start</p>";
    disk.files["site/aux.html"] = "<p>aux</p>";
    std::string zip = (std::filesystem::temp_directory_path() / "ww-pack-test.zip").string();
    std::filesystem::remove(zip);
    size_t files = 0;
    std::string err;
    CHECK_FALSE(WriteSiteZip(disk, "site", zip, &files, &err));
    CHECK(err.find("site/aux.html cannot be packed") == 0);
    CHECK(err.find("device name") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(zip));
    CHECK_FALSE(std::filesystem::exists(zip + ".tmp"));

    disk.files.erase("site/aux.html");
    CHECK(WriteSiteZip(disk, "site", zip, &files, &err));
    CHECK(files == 1);
    std::filesystem::remove(zip);
  }
}
