#include "search/search_index.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Strings = std::vector<std::string>;

std::filesystem::path FixturePath(const char* name) {
#ifdef WW_TESTS_DIR
  return std::filesystem::path(WW_TESTS_DIR) / "fixtures" / name;
#else
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "fixtures" / name;
#endif
}

bool UpdateGolden() { return std::getenv("WW_UPDATE_GOLDEN") != nullptr; }

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// A reader for the parts of search-index.js the tests look at: the JSON value
// of `key`, which the writer puts on a line of its own as "key":value.
std::string Field(const std::string& script, const std::string& key) {
  std::string tag = "\n\"" + key + "\":";
  size_t at = script.find(tag);
  if (at == std::string::npos) return {};
  at += tag.size();
  size_t end = script.find('\n', at);
  std::string v = script.substr(at, end - at);
  if (!v.empty() && v.back() == ',') v.pop_back();
  if (v.ends_with("};\n")) v.resize(v.size() - 3);
  if (v.ends_with("};")) v.resize(v.size() - 2);
  return v;
}

// The strings of a JSON array (escapes: \" \\ and \u00XX only).
Strings JsonStrings(const std::string& array) {
  Strings out;
  for (size_t i = 0; (i = array.find('"', i)) != std::string::npos;) {
    std::string s;
    for (++i; array[i] != '"'; ++i) {
      if (array[i] != '\\') {
        s.push_back(array[i]);
      } else if (array[++i] == 'u') {
        s.push_back(static_cast<char>(std::stoi(array.substr(i + 1, 4), nullptr, 16)));
        i += 4;
      } else {
        s.push_back(array[i]);
      }
    }
    out.push_back(s);
    ++i;
  }
  return out;
}

Strings Words(const std::string& quoted) {
  Strings out;
  std::istringstream in(quoted.substr(1, quoted.size() - 2));
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Display text back from its word numbers (search.js's decodeText).
std::string DecodeText(const std::string& enc, const Strings& vocab) {
  std::string out;
  size_t acc = 0;
  bool after_word = false;
  for (char c : enc) {
    if (c >= 'a' && c <= 'z') {
      if (after_word) out.push_back(' ');
      out += vocab.at(acc * 26 + static_cast<size_t>(c - 'a'));
      acc = 0;
      after_word = true;
    } else if (c >= 'A' && c <= 'Z') {
      acc = acc * 26 + static_cast<size_t>(c - 'A');
    } else {
      out.push_back(c);
      after_word = false;
    }
  }
  return out;
}

Strings DisplayTexts(const std::string& js, const char* key) {
  Strings vocab = Words(Field(js, "dw")), out;
  for (const std::string& enc : JsonStrings(Field(js, key))) out.push_back(DecodeText(enc, vocab));
  return out;
}

std::vector<uint32_t> DecodeIdList(const std::string& s) {
  static const std::string kDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::vector<uint32_t> nums;
  uint32_t acc = 0;
  size_t i = s.size() > 0 && s[0] == '!' ? 1 : 0;
  size_t bitmap_from = 0;
  for (; i < s.size(); ++i) {
    uint32_t d = static_cast<uint32_t>(kDigits.find(s[i]));
    acc = (acc << 5) | (d & 31);
    if (d < 32) {
      nums.push_back(acc);
      acc = 0;
      if (s[0] == '!') {
        bitmap_from = i + 1;
        break;
      }
    }
  }
  std::vector<uint32_t> ids;
  if (!s.empty() && s[0] == '!') {
    for (size_t k = bitmap_from; k < s.size(); ++k) {
      uint32_t bits = static_cast<uint32_t>(kDigits.find(s[k]));
      for (uint32_t b = 0; b < 6; ++b)
        if (bits & (1u << b)) ids.push_back(nums[0] + static_cast<uint32_t>(k - bitmap_from) * 6 + b);
    }
    return ids;
  }
  for (size_t k = 0; k < nums.size(); ++k) ids.push_back(k == 0 ? nums[0] : ids.back() + nums[k] + 1);
  return ids;
}

// As text, so a failing CHECK shows the ids.
std::string DecodeIds(const std::string& s) {
  std::string out;
  for (uint32_t id : DecodeIdList(s)) out += (out.empty() ? "" : " ") + std::to_string(id);
  return out;
}

// The small handbook the ranking tests (here and tests/browser/search-ranking.test.js) search.
std::vector<ww::SearchDoc> FixtureDocs() {
  return {
      {"rol/leerlingbespreking.html",
       "De leerlingbespreking",
       "Hoe de intern begeleider een leerlingbespreking voorbereidt.",
       {{"", "", "In een leerlingbespreking bespreken leraar en intern begeleider één leerling."},
        {"Voorbereiding", "voorbereiding",
         "De leraar verzamelt gegevens uit het groepsoverzicht en de toetsresultaten."}}},
      {"zorgroute/groepsplan.html",
       "Het groepsplan",
       "",
       {{"", "", "Een groepsplan beschrijft de aanpak voor een groep. Leraren plannen per periode."},
        {"Groepsplannen evalueren", "groepsplannen-evalueren",
         "Na elke periode worden de groepsplannen geëvalueerd met het team."}}},
      {"zorgroute/cyclus.html",
       "De cyclus van handelingsgericht werken",
       "",
       {{"", "", "De cyclus kent zes stappen."},
        {"Stap 4: het groepsplan opstellen", "stap-4",
         "De leraar clustert leerlingen in een groep met vergelijkbare onderwijsbehoeften."},
        {"Stap 6: uitvoeren", "stap-6",
         "Tijdens de uitvoering observeert de leraar en bespreekt de voortgang. Een "
         "groepsplan wordt zo een werkdocument."}}},
      {"starten/checklist.html",
       "Checklist voor starters",
       "",
       {{"", "",
         "Wat een startende intern begeleider de eerste maanden regelt: de "
         "bespreking met de directie, het jaarplan en de leerlingbesprekingen."}}},
      {"over/colofon.html",
       "Colofon",
       "",
       {{"", "",
         "Dit handboek is gemaakt door een team van begeleiders. Financiële steun: "
         "de gemeente. Coördinatie: het kwaliteitsbureau."}}},
  };
}

}  // namespace

TEST_CASE("SearchIndex writes one script with the documented fields") {
  ww::SearchIndex index;
  for (auto& d : FixtureDocs()) index.Add(d);
  std::string js = index.ToScript();
  CHECK(js.starts_with("window.WEGWIJZER_SEARCH={\"v\":2"));
  CHECK(js.size() > 100);

  Strings urls = JsonStrings(Field(js, "u"));
  CHECK(urls == Strings{"over/colofon.html", "rol/leerlingbespreking.html", "starten/checklist.html",
                        "zorgroute/cyclus.html", "zorgroute/groepsplan.html"});
  Strings headings = DisplayTexts(js, "h");
  CHECK(headings == Strings{"", "", "Voorbereiding", "", "", "Stap 4: het groepsplan opstellen", "Stap 6: uitvoeren",
                            "", "Groepsplannen evalueren"});
  CHECK(DisplayTexts(js, "t")[3] == "De cyclus van handelingsgericht werken");
  CHECK(DisplayTexts(js, "x")[7] == "Een groepsplan beschrijft de aanpak voor een groep. Leraren plannen per periode.");
  // Anchors are stored only where they differ from the one derived from the heading.
  CHECK(Field(js, "a") == "{\"5\":\"stap-4\",\"6\":\"stap-6\"}");
  Strings stems = Words(Field(js, "s"));
  CHECK(std::is_sorted(stems.begin(), stems.end()));
  Strings pb = JsonStrings(Field(js, "pb"));
  Strings ph = JsonStrings(Field(js, "ph"));
  Strings pt = JsonStrings(Field(js, "pt"));
  REQUIRE(pb.size() == stems.size());
  auto id = [&](const char* stem) {
    auto it = std::lower_bound(stems.begin(), stems.end(), stem);
    REQUIRE(it != stems.end());
    REQUIRE(*it == stem);
    return static_cast<size_t>(it - stems.begin());
  };
  // Sections in URL order: colofon 0, leerlingbespreking 1-2, checklist 3,
  // cyclus 4-6, groepsplan 7-8.
  // "bespreking" finds the compound "leerlingbespreking" (and -besprekingen).
  CHECK(DecodeIds(pb[id("besprek")]) == "1 3");
  CHECK(DecodeIds(pt[id("besprek")]) == "1");
  // "groepsplannen" is split into groep + plannen; its own stem stays too.
  CHECK(DecodeIds(ph[id("plann")]) == "8");
  CHECK(DecodeIds(ph[id("groepsplann")]) == "8");
  CHECK(DecodeIds(pt[id("groepsplan")]) == "4");
  // Summaries count for the top section; stop words are left out.
  CHECK(DecodeIds(pb[id("voorbereidt")]) == "1");
  CHECK(!std::binary_search(stems.begin(), stems.end(), "het"));
  // Diacritics are folded in the index but kept in snippets.
  CHECK(DecodeIds(pb[id("financiel")]) == "0");
  CHECK(DisplayTexts(js, "x")[0].find("Financiële steun: de gemeente.") != std::string::npos);
  // Prefix search needs the words that differ from their stem.
  Strings surface = Words(Field(js, "w"));
  CHECK(std::is_sorted(surface.begin(), surface.end()));
  CHECK(std::binary_search(surface.begin(), surface.end(), "bespreking"));
  CHECK(!std::binary_search(surface.begin(), surface.end(), "leerling"));  // = its stem
}

TEST_CASE("SearchIndex output does not depend on the order of Add") {
  ww::SearchIndex a, b;
  auto docs = FixtureDocs();
  for (auto& d : docs) a.Add(d);
  std::reverse(docs.begin(), docs.end());
  for (auto& d : docs) b.Add(d);
  CHECK(a.ToScript() == b.ToScript());
  CHECK(a.TextBytes() == b.TextBytes());
}

// The checked-in index that tests/browser/search-ranking.test.js searches;
// WW_UPDATE_GOLDEN=1 rewrites it.
TEST_CASE("ranking fixture index is current") {
  ww::SearchIndex index;
  for (auto& d : FixtureDocs()) index.Add(d);
  auto path = FixturePath("search-index.fixture.js");
  if (UpdateGolden()) WriteFile(path, index.ToScript());
  CHECK(ReadFile(path) == index.ToScript());
}

TEST_CASE("snippets are bounded, cut at a word and marked") {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "leerling\n  ";
  ww::SearchIndex index;
  index.Add({"a.html", "A", "", {{"", "", text}}});
  Strings x = DisplayTexts(index.ToScript(), "x");
  REQUIRE(x.size() == 1);
  CHECK(x[0].size() <= ww::SearchIndex::kSnippetBytes + 3);
  CHECK(x[0].starts_with("leerling leerling"));
  CHECK(x[0].ends_with("leerling\xE2\x80\xA6"));
  CHECK(index.TextBytes() == text.size() + 1);
}

TEST_CASE("a page without sections and escapes in strings") {
  ww::SearchIndex index;
  index.Add({"b.html", "Quote \" and \\ and \x01", "Samenvatting", {}});
  std::string js = index.ToScript();
  CHECK(DisplayTexts(js, "t") == Strings{"Quote \" and \\ and \x01"});
  CHECK(js.find("\\u0001") != std::string::npos);
  CHECK(DisplayTexts(js, "x") == Strings{"Samenvatting"});  // stands in for the empty top snippet
}

TEST_CASE("dense posting lists are written as bitmaps") {
  ww::SearchIndex index;
  for (int i = 0; i < 100; ++i) {
    std::string n = std::to_string(1000 + i);
    index.Add({"p" + n + ".html", "Pagina " + n, "", {{"", "", i == 50 ? "leerling zeldzaam" : "leerling"}}});
  }
  std::string js = index.ToScript();
  Strings stems = Words(Field(js, "s"));
  Strings pb = JsonStrings(Field(js, "pb"));
  auto at = std::lower_bound(stems.begin(), stems.end(), "leerling") - stems.begin();
  REQUIRE(stems[at] == "leerling");
  CHECK(pb[at][0] == '!');
  CHECK(pb[at].size() < 25);
  std::string all;
  for (int i = 0; i < 100; ++i) all += (i ? " " : "") + std::to_string(i);
  CHECK(DecodeIds(pb[at]) == all);
  auto rare = std::lower_bound(stems.begin(), stems.end(), "zeldzam") - stems.begin();
  REQUIRE(stems[rare] == "zeldzam");
  CHECK(pb[rare] == "hS");  // 50 = 1 * 32 + 18: continuation digit 32 + 1, then 18
}
