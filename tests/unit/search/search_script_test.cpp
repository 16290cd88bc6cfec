#include "search/search_script.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "search/search_index.h"
#include "search/search_reference.h"
#include "slug.h"

namespace {

std::vector<uint32_t> Range(uint32_t from, uint32_t to) {
  std::vector<uint32_t> ids;
  for (uint32_t i = from; i < to; ++i) ids.push_back(i);
  return ids;
}

// search.js's derivedAnchor: fold, then every run of characters other than a-z
// and 0-9 one '-', none at the ends.
std::string SearchJsAnchor(std::string_view heading) {
  std::string out;
  bool dash = false;
  for (char c : ww::FoldCase(heading)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !out.empty()) out.push_back('-');
      dash = false;
      out.push_back(c);
    } else {
      dash = true;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("the anchor search.js derives from a heading is the heading's slug") {
  for (const char* h : {"Stap 4: het groepsplan opstellen", "Één Ëmotie", "Ĳsbeer en Straße", "Æsop, Œuvre, Þór",
                        "Łódź en Čapek", "cafe\xCC\x81 (oud)", "3 × 4 ÷ 2", "Ωμέγα x",
                        "a\xFF"
                        "b",
                        "  -- ", ""}) {
    CAPTURE(std::string(h));
    CHECK(ww::Slugify(h) == SearchJsAnchor(h));
  }
}

TEST_CASE("EncodeIds writes deltas in base-64 digits") {
  CHECK(ww::EncodeIds({}) == "");
  CHECK(ww::EncodeIds({0}) == "A");
  CHECK(ww::EncodeIds({31}) == "f");
  CHECK(ww::EncodeIds({50}) == "hS");         // 50 = 1 * 32 + 18: carry digit 32 + 1, then 18
  CHECK(ww::EncodeIds({3, 4, 10}) == "DAF");  // 3, then gaps minus one: 0, 5
}

TEST_CASE("EncodeIds writes a dense list as a bitmap, six ids a digit") {
  std::string bits = ww::EncodeIds(Range(7, 7 + 60));
  CHECK(bits == "!H__________");  // "!", the first id, ten digits of six set bits
  // Sparse lists stay deltas even over a wide span.
  CHECK(ww::EncodeIds({0, 1000}).find('!') == std::string::npos);
}

TEST_CASE("SearchIndexFiles stores only anchors that are not the heading's slug") {
  std::vector<ww::IndexedPage> pages(1);
  pages[0].url = "a.html";
  pages[0].title = "A";
  pages[0].sections = {{"Ærø en Œuvre", "aero-en-oeuvre", "", {}, {}},
                       {"Ærø en Œuvre", "aero-en-oeuvre-2", "", {}, {}}};
  auto files = ww::SearchIndexFiles(pages, {}, [](std::string_view) { return false; }, 0, {});
  REQUIRE(files.size() == 6);  // the manifest, 4 (empty) term buckets, one doc chunk
  CHECK(files[5].name == "search-docs-0.js");
  CHECK(files[5].text.find("\n\"a\":{\"1\":\"aero-en-oeuvre-2\"},\n") != std::string::npos);
}

TEST_CASE("SearchIndexFiles escapes for a .js file: line separators yes, '<' no") {
  std::vector<ww::IndexedPage> pages(1);
  pages[0].url = "a\xE2\x80\xA8<b>.html";
  pages[0].sections.emplace_back();
  ww::SearchWriteOptions o;
  o.synonyms = "[[\"IB'er\",\"intern begeleider\"]]";
  auto files = ww::SearchIndexFiles(
      pages, {}, [](std::string_view) { return false; }, 7, o);
  CHECK(files[5].text.find("\"u\":[\"a\\u2028<b>.html\"]") != std::string::npos);
  CHECK(files[0].text.starts_with("window.WEGWIJZER_SEARCH={\"v\":4"));
  CHECK(files[0].text.find("\n\"syn\":[[\"IB'er\",\"intern begeleider\"]],") != std::string::npos);
  CHECK(files[0].text.ends_with("\n\"tb\":7};\n"));
}

TEST_CASE("SearchIndexFiles leaves out the doc chunks not asked for") {
  std::vector<ww::IndexedPage> pages(5);
  for (size_t i = 0; i < pages.size(); ++i) {
    pages[i].url = std::to_string(i) + ".html";
    pages[i].sections.emplace_back();
  }
  ww::SearchWriteOptions o;
  o.doc_pages = 2;
  o.want_docs = [](size_t k) { return k == 1; };
  ww::SearchFilesInfo info;
  auto files = ww::SearchIndexFiles(
      pages, {}, [](std::string_view) { return false; }, 0, o, &info);
  REQUIRE(files.size() == 1 + 4 + 1);
  CHECK(files[5].name == "search-docs-1.js");
  CHECK(files[5].text.find("\"u\":[\"2.html\",\"3.html\"]") != std::string::npos);
  CHECK(info.doc_chunks == 3);
  CHECK(info.doc_bytes == std::vector<size_t>{0, files[5].text.size(), 0});
}

TEST_CASE("SearchIndexFiles takes a doc chunk from the last build only when it is exactly what it would write") {
  std::vector<ww::IndexedPage> pages(5);
  for (size_t i = 0; i < pages.size(); ++i) {
    pages[i].url = std::to_string(i) + ".html";
    pages[i].title = "Pagina " + std::to_string(i);
    pages[i].sections.emplace_back();
    pages[i].sections[0].snippet = "Tekst van pagina " + std::to_string(i) + ".";
  }
  auto is_part = [](std::string_view) { return false; };
  ww::SearchWriteOptions o;
  o.doc_pages = 2;  // chunks: {0,1}, {2,3}, {4}
  auto run = [&](std::map<std::string, std::string>* last, ww::SearchFilesInfo* info) {
    ww::SearchWriteOptions with = o;
    with.previous = ww::testing::PreviousFiles(last);
    std::map<std::string, std::string> out;
    for (const ww::SearchFile& f : ww::SearchIndexFiles(pages, {}, is_part, 0, with, info)) out[f.name] = f.text;
    return out;
  };
  ww::SearchFilesInfo info;
  std::map<std::string, std::string> first = run(nullptr, &info);
  CHECK(info.docs_reused == 0);
  REQUIRE(first.count("search-docs-1.js"));
  CHECK(first["search-docs-1.js"].find("\n/*ww") != std::string::npos);  // the stamp ends the file
  CHECK(first["search-docs-1.js"].ends_with("*/\n"));

  // Nothing changed: every chunk comes from the last build, the same bytes.
  std::map<std::string, std::string> again = run(&first, &info);
  CHECK(info.docs_reused == 3);
  CHECK(again == first);

  // A page of chunk 1 changed: that chunk is made again, the others are kept.
  pages[3].sections[0].snippet = "Nieuwe tekst.";
  std::map<std::string, std::string> changed = run(&first, &info);
  CHECK(info.docs_reused == 2);
  CHECK(changed["search-docs-1.js"] != first["search-docs-1.js"]);
  CHECK(changed["search-docs-1.js"].find("Nieuwe") != std::string::npos);
  ww::SearchFilesInfo fresh_info;
  CHECK(changed == run(nullptr, &fresh_info));  // what a build without a last site writes

  // A last file edited by hand, cut short or without its stamp is not taken.
  std::map<std::string, std::string> spoilt = changed;
  spoilt["search-docs-0.js"].replace(spoilt["search-docs-0.js"].find("Pagina"), 6, "PAGINA");
  spoilt["search-docs-1.js"].resize(spoilt["search-docs-1.js"].size() - 3);
  spoilt["search-docs-2.js"] = spoilt["search-docs-2.js"].substr(0, spoilt["search-docs-2.js"].find("\n/*ww") + 1);
  std::map<std::string, std::string> repaired = run(&spoilt, &info);
  CHECK(info.docs_reused == 0);
  CHECK(repaired == changed);

  // A chunk's number is part of what it is: the same pages under another
  // number are not taken (search.js reads the number from the file).
  std::map<std::string, std::string> renamed = changed;
  std::swap(renamed["search-docs-0.js"], renamed["search-docs-2.js"]);
  run(&renamed, &info);
  CHECK(info.docs_reused == 1);
}
