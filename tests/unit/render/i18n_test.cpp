#include "render/i18n.h"

#include <doctest/doctest.h>

#include <regex>
#include <set>

using namespace ww;

namespace {

// Every match of group 1 of re in the files below dir whose names end in ext.
std::set<std::string> Find(RealDisk& disk, const std::string& dir, const std::string& ext, const std::regex& re) {
  std::set<std::string> out;
  for (const FileEntry& f : disk.ListFiles(dir)) {
    if (f.rel.size() < ext.size() || f.rel.compare(f.rel.size() - ext.size(), ext.size(), ext) != 0) continue;
    std::string text, err;
    REQUIRE(disk.ReadFile(JoinPath(dir, f.rel), &text, &err));
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
      out.insert((*it)[1].str());
  }
  return out;
}

std::set<std::string> Keys(const Value& v) {
  std::set<std::string> out;
  for (const auto& [k, e] : v.as_object()) out.insert(k);
  return out;
}

}  // namespace

TEST_SUITE("i18n") {
  TEST_CASE("LoadStrings reads THEME/i18n/LANG.toml") {
    MemoryDisk disk;
    disk.files["th/i18n/nl.toml"] = "skip_link = \"Naar de inhoud\"\nprev = \"Vorige\"\n";
    disk.files["th/i18n/en.toml"] = "skip_link = \"Skip to content\"\n";
    Diagnostics d;
    Value nl = LoadStrings(disk, "th", "themes/th", "nl", &d);
    CHECK(nl.GetString("skip_link") == "Naar de inhoud");
    CHECK(nl.GetString("prev") == "Vorige");
    Value en = LoadStrings(disk, "th", "themes/th", "en", &d);
    CHECK(en.GetString("skip_link") == "Skip to content");
    CHECK(d.Sorted().empty());
  }

  TEST_CASE("missing UI strings are a warning; labels stay empty") {
    MemoryDisk disk;
    Diagnostics d;
    Value v = LoadStrings(disk, "th", "themes/th", "nl", &d);
    CHECK(v.is_object());
    CHECK(v.as_object().empty());
    REQUIRE(d.WarningCount() == 1);
    CHECK(d.ErrorCount() == 0);
    CHECK(d.Sorted()[0].path == "themes/th/i18n/nl.toml");
  }

  TEST_CASE("broken UI strings are an error at their line") {
    MemoryDisk disk;
    disk.files["th/i18n/nl.toml"] = "a = \"x\"\nb = \n";
    Diagnostics d;
    Value v = LoadStrings(disk, "th", "themes/th", "nl", &d);
    CHECK(v.is_object());
    REQUIRE(d.ErrorCount() == 1);
    CHECK(d.Sorted()[0].path == "themes/th/i18n/nl.toml");
    CHECK(d.Sorted()[0].line == 2);
  }

  TEST_CASE("the default theme: nl and en hold the same keys, each one used, each used one there") {
    RealDisk disk;
    Diagnostics d;
    const std::string theme = std::string(WW_SOURCE_DIR) + "/themes/default";
    Value nl = LoadStrings(disk, theme, "themes/default", "nl", &d);
    Value en = LoadStrings(disk, theme, "themes/default", "en", &d);
    REQUIRE(d.Sorted().empty());
    CHECK(Keys(nl) == Keys(en));
    // {{t.KEY}} in the templates, GetString("KEY" in the engine.
    std::set<std::string> used = Find(disk, theme + "/templates", ".mustache", std::regex(R"(\{\{[#^/]?t\.([a-z_]+))"));
    std::regex engine_key(R"re(strings\.GetString\("([a-z_]+)")re");
    for (const std::string& k : Find(disk, std::string(WW_SOURCE_DIR) + "/core", ".cpp", engine_key)) used.insert(k);
    for (const std::string& k : used) CHECK_MESSAGE(nl.Get(k), "{{t." << k << "}} has no string in i18n/nl.toml");
    for (const std::string& k : Keys(nl)) CHECK_MESSAGE(used.count(k), k << " in i18n/nl.toml is not used; remove it");
    for (const auto& [k, v] : nl.as_object()) CHECK_MESSAGE(!v.as_string().empty(), k << " is empty in nl.toml");
    for (const auto& [k, v] : en.as_object()) CHECK_MESSAGE(!v.as_string().empty(), k << " is empty in en.toml");
  }

  TEST_CASE("FormatDate writes Dutch and English dates") {
    CHECK(FormatDate("2024-03-05", "nl") == "5 maart 2024");
    CHECK(FormatDate("2024-03-05", "en") == "5 March 2024");
    CHECK(FormatDate("2023-12-31", "nl") == "31 december 2023");
    CHECK(FormatDate("2024-01-01T10:00:00Z", "nl") == "1 januari 2024");
    CHECK(FormatDate("2024-02-29", "nl") == "29 februari 2024");
  }

  TEST_CASE("FormatDate gives nothing for text that is not a date") {
    for (const char* s : {"", "gisteren", "2024-3-5", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32",
                          "2024/01/01", "2023-02-29", "2024-02-30", "2024-04-31", "abcd-ef-gh"})
      CHECK_MESSAGE(FormatDate(s, "nl") == "", s);
  }

  TEST_CASE("IsIsoDate wants a real month and day") {
    CHECK(IsIsoDate("2024-01-31"));
    CHECK(IsIsoDate("2024-02-29"));  // a leap year
    CHECK(IsIsoDate("2000-02-29"));
    CHECK_FALSE(IsIsoDate("1900-02-29"));
    CHECK_FALSE(IsIsoDate("2023-02-29"));
    CHECK_FALSE(IsIsoDate("2024-06-31"));
    CHECK_FALSE(IsIsoDate("2024-12-32"));
    CHECK_FALSE(IsIsoDate("24-01-31"));
  }

  TEST_CASE("FormatNumber uses a decimal comma in Dutch") {
    CHECK(FormatNumber(1.5, "nl") == "1,5");
    CHECK(FormatNumber(1.5, "en") == "1.5");
    CHECK(FormatNumber(3, "nl") == "3");
    CHECK(FormatNumber(-2, "nl") == "-2");
    CHECK(FormatNumber(2.25, "nl") == "2,25");
    CHECK(FormatNumber(0.1, "nl") == "0,1");
    CHECK(FormatNumber(1.0 / 3, "nl") == "0,33");
    CHECK(FormatNumber(1e20, "nl") == "100000000000000000000");
  }

}  // TEST_SUITE
