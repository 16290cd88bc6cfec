#include "search/search_index.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "golden_files.h"
#include "search/search_reference.h"

using namespace ww::testing;

namespace {

using Strings = std::vector<std::string>;

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
      {"kwaliteit/kaart.html",
       "Kwaliteitskaart",
       "",
       {{"", "",
         "Leerlingenbesprekingen staan in de jaarplanning. De IB'er neemt twee toetsen af; "
         "na elke toets volgt een gesprek."}}},
      {"over/colofon.html",
       "Colofon",
       "",
       {{"", "",
         "Dit handboek is gemaakt door een team van begeleiders. Financiële steun: "
         "de gemeente. Coördinatie: het kwaliteitsbureau."}}},
  };
}

}  // namespace

// The files of an index by name.
std::map<std::string, std::string> Files(const ww::SearchIndex& index, const ww::SearchWriteOptions& o = {}) {
  std::map<std::string, std::string> out;
  for (auto& f : index.ToFiles(o)) out[f.name] = f.text;
  return out;
}

// The posting lists of a stem key: {title pages, heading sections, body
// sections}, found through the manifest's bucket list.
Strings Lists(std::map<std::string, std::string>& files, const std::string& stem) {
  uint32_t n = static_cast<uint32_t>(std::stoul(Field(files["search-index.js"], "tn")));
  std::string& bucket = files["search-terms-" + std::to_string(ww::SearchBucketOf(stem, n)) + ".js"];
  Strings stems = Words(Field(bucket, "s"));
  CHECK(std::is_sorted(stems.begin(), stems.end()));
  auto at = std::lower_bound(stems.begin(), stems.end(), stem);
  if (at == stems.end() || *at != stem) return {};
  size_t i = static_cast<size_t>(at - stems.begin());
  return {DecodeIds(JsonStrings(Field(bucket, "pt"))[i]), DecodeIds(JsonStrings(Field(bucket, "ph"))[i]),
          DecodeIds(JsonStrings(Field(bucket, "pb"))[i])};
}

TEST_CASE("SearchIndex writes a manifest, term buckets and doc chunks") {
  ww::SearchIndex index;
  for (auto& d : FixtureDocs()) index.Add(d);
  ww::SearchWriteOptions o;
  o.doc_pages = 4;
  auto files = Files(index, o);
  std::string& manifest = files["search-index.js"];
  CHECK(manifest.starts_with("window.WEGWIJZER_SEARCH={\"v\":4"));
  CHECK(Field(manifest, "n") == "6");
  CHECK(Field(manifest, "dp") == "4");
  CHECK(Field(manifest, "c") == "\"BBCBDC\"");  // sections per page in URL order
  CHECK(Field(manifest, "tn") == "4");          // term buckets: at least 4
  CHECK(files.size() == 1 + 4 + 2);
  REQUIRE(files.count("search-docs-1.js"));
  std::string& docs = files["search-docs-0.js"];
  CHECK(docs.starts_with("(window.WEGWIJZER_SEARCH_DOCS=window.WEGWIJZER_SEARCH_DOCS||{})[0]={\"v\":4"));

  CHECK(JsonStrings(Field(docs, "u")) ==
        Strings{"kwaliteit/kaart.html", "over/colofon.html", "rol/leerlingbespreking.html", "starten/checklist.html"});
  CHECK(DisplayTexts(docs, "h") == Strings{"", "", "", "Voorbereiding", ""});
  CHECK(DisplayTexts(files["search-docs-1.js"], "t")[0] == "De cyclus van handelingsgericht werken");
  CHECK(DisplayTexts(files["search-docs-1.js"], "x")[3] ==
        "Een groepsplan beschrijft de aanpak voor een groep. Leraren plannen per periode.");
  // Anchors are stored only where they differ from the one derived from the
  // heading; sections are numbered within the chunk.
  CHECK(Field(files["search-docs-1.js"], "a") == "{\"1\":\"stap-4\",\"2\":\"stap-6\"}");
  // Sections in URL order: kaart 0, colofon 1, leerlingbespreking 2-3,
  // checklist 4, cyclus 5-7, groepsplan 8-9.
  // "bespreking" finds the compounds, with and without a linking "en".
  CHECK(Lists(files, "besprek") == Strings{"2", "", "0 2 4"});
  CHECK(Lists(files, "leerling") == Strings{"2", "", "0 2 4 6"});
  // ... and both meet at their parts' keys joined.
  CHECK(Lists(files, "leerlingbesprek") == Strings{"2", "", "0 2 4"});
  // "groepsplannen" is split into groep + plannen; its own stem stays too,
  // and a double consonant at the end of a stem is made single.
  // "groepsplan" splits too: "plan" is the key of "plannen", which the site
  // has (a part may be the key of a word of the site).
  CHECK(Lists(files, "plan") == Strings{"5", "6 9", "7 8 9"});
  CHECK(Lists(files, "groepsplan") == Strings{"5", "6 9", "7 8 9"});
  CHECK(Lists(files, "groepplan") == Strings{"5", "6 9", "7 8 9"});
  CHECK(Lists(files, "groepsplann").empty());
  // Summaries count for the top section; stop words are left out.
  CHECK(Lists(files, "voorbereidt") == Strings{"", "", "2"});
  CHECK(Lists(files, "het").empty());
  // Diacritics are folded in the index but kept in the texts.
  CHECK(Lists(files, "financiel") == Strings{"", "", "1"});
  CHECK(DisplayTexts(docs, "x")[1].find("Financiële steun: de gemeente.") != std::string::npos);
  // Words that differ from their stem (prefixes while typing) and compound
  // parts (splitting a query) are in their bucket, with their stems.
  std::string& be = files["search-terms-" + std::to_string(ww::SearchBucketOf("be", 4)) + ".js"];
  Strings words = Words(Field(be, "w")), stems = Words(Field(be, "ws"));
  REQUIRE(words.size() == stems.size());
  auto at = std::lower_bound(words.begin(), words.end(), "bespreking") - words.begin();
  REQUIRE(words[at] == "bespreking");
  CHECK(stems[at] == "besprek");
  CHECK(std::binary_search(words.begin(), words.end(), "begeleider"));  // a part, its own stem: "="
}

TEST_CASE("SearchKey makes a final double consonant single, SearchBucketOf hashes two characters") {
  CHECK(ww::SearchKey("plann") == "plan");
  CHECK(ww::SearchKey("less") == "les");
  CHECK(ww::SearchKey("taal") == "taal");
  CHECK(ww::SearchKey("bb") == "bb");
  CHECK(ww::SearchBucketOf("leerling", 256) == ('l' * 31 + 'e') % 256);
  CHECK(ww::SearchBucketOf("le", 7) == ww::SearchBucketOf("leraar", 7));
  CHECK(ww::SearchBucketOf("a", 256) == 'a');
  CHECK(ww::SearchBucketOf("\xC3\xB8ya", 1000) == (0xF8 * 31 + 'y') % 1000);
  CHECK(ww::SearchBucketCount(26) == 4);
  CHECK(ww::SearchBucketCount(10000) == 250);
  CHECK(ww::SearchBucketCount(100000) == 256);
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
  for (int i = 0; i < 1000; ++i) text += "leerling\n  ";
  ww::SearchIndex index;
  index.Add({"a.html", "A", "", {{"", "", text}}});
  Strings x = DisplayTexts(Files(index)["search-docs-0.js"], "x");
  REQUIRE(x.size() == 1);
  CHECK(x[0].size() <= ww::SearchIndex::kSnippetBytes + 3);
  CHECK(x[0].starts_with("leerling leerling"));
  CHECK(x[0].ends_with("leerling\xE2\x80\xA6"));
  CHECK(index.TextBytes() == text.size() + 1);
  // The index keeps every snippet: a short one keeps no room for a long one.
  ww::PreparedSearchDoc p = ww::SearchIndex::Prepare({"b.html", "B", "", {{"", "", std::string(100, 'x')}}});
  CHECK(p.sections[0].snippet.capacity() < 200);
}

TEST_CASE("a page without sections and escapes in strings") {
  ww::SearchIndex index;
  index.Add({"b.html", "Quote \" and \\ and \x01", "Samenvatting", {}});
  std::string js = Files(index)["search-docs-0.js"];
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
  auto files = Files(index);
  uint32_t n = static_cast<uint32_t>(std::stoul(Field(files["search-index.js"], "tn")));
  auto bucket = [&](const char* key) {
    return files["search-terms-" + std::to_string(ww::SearchBucketOf(key, n)) + ".js"];
  };
  std::string le = bucket("le");
  Strings stems = Words(Field(le, "s"));
  Strings pb = JsonStrings(Field(le, "pb"));
  auto at = std::lower_bound(stems.begin(), stems.end(), "leerling") - stems.begin();
  REQUIRE(stems[at] == "leerling");
  CHECK(pb[at][0] == '!');
  CHECK(pb[at].size() < 25);
  std::string all;
  for (int i = 0; i < 100; ++i) all += (i ? " " : "") + std::to_string(i);
  CHECK(DecodeIds(pb[at]) == all);
  std::string ze = bucket("ze");
  stems = Words(Field(ze, "s"));
  pb = JsonStrings(Field(ze, "pb"));
  auto rare = std::lower_bound(stems.begin(), stems.end(), "zeldzam") - stems.begin();
  REQUIRE(stems[rare] == "zeldzam");
  CHECK(pb[rare] == "hS");  // 50 = 1 * 32 + 18: continuation digit 32 + 1, then 18
}

namespace {

// What Prepare must find in a field: Tokenize's words that are indexed,
// each once, in order.
Strings IndexedWords(const std::string& text) {
  Strings out;
  std::set<std::string> seen;
  for (std::string& w : ww::Tokenize(text))
    if (w.size() <= ww::SearchIndex::kMaxWordBytes && !ww::IsSearchStopWord(w) && seen.insert(w).second)
      out.push_back(std::move(w));
  return out;
}

// What a snippet must be: the text with white space collapsed and trimmed,
// cut as MakeSnippet's contract says.
std::string PlainSnippet(const std::string& text) {
  std::string flat;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
    if (!space)
      flat += c;
    else if (!flat.empty() && flat.back() != ' ')
      flat += ' ';
  }
  if (!flat.empty() && flat.back() == ' ') flat.pop_back();
  const size_t max = ww::SearchIndex::kSnippetBytes;
  if (flat.size() <= max) return flat;
  size_t cut = flat.rfind(' ', max);
  if (cut == std::string::npos || cut < max / 2) {
    cut = max;
    while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) --cut;
  }
  flat.resize(cut);
  while (!flat.empty() && std::string_view(" ,;:").find(flat.back()) != std::string_view::npos) flat.pop_back();
  return flat + "\xE2\x80\xA6";
}

}  // namespace

TEST_CASE("Prepare finds each field's words and cuts its snippets as the plain readings do") {
  std::mt19937 rng(21);
  for (int round = 0; round < 400; ++round) {
    ww::SearchDoc doc;
    doc.url = "p.html";
    doc.title = RandomSearchText(rng, round % 12);
    doc.summary = round % 3 ? "" : RandomSearchText(rng, 20);
    for (int k = 0; k < 1 + round % 4; ++k)
      // Around the snippet's limit of 1000 bytes now and then.
      doc.sections.push_back({RandomSearchText(rng, 4), "s" + std::to_string(k),
                              RandomSearchText(rng, round % 5 == 0 ? 600 + round : round)});
    ww::PreparedSearchDoc p = ww::SearchIndex::Prepare(doc);
    auto words = [&](const std::vector<uint32_t>& numbers) {
      Strings out;
      for (uint32_t n : numbers) out.push_back(p.words.at(n));
      return out;
    };
    CHECK(words(p.title_words) == IndexedWords(doc.title));
    REQUIRE(p.sections.size() == doc.sections.size());
    for (size_t k = 0; k < doc.sections.size(); ++k) {
      const ww::SearchSection& in = doc.sections[k];
      CHECK(words(p.sections[k].heading_words) == IndexedWords(in.heading));
      Strings body = IndexedWords(in.text);
      if (k == 0)  // the summary's words count for the top section
        for (const std::string& w : IndexedWords(doc.summary))
          if (std::find(body.begin(), body.end(), w) == body.end()) body.push_back(w);
      CHECK(words(p.sections[k].body_words) == body);
      std::string snippet = PlainSnippet(in.text);
      if (k == 0 && snippet.empty()) snippet = PlainSnippet(doc.summary);
      CHECK_MESSAGE(p.sections[k].snippet == snippet, in.text);
    }
    std::set<std::string> distinct(p.words.begin(), p.words.end());
    CHECK(distinct.size() == p.words.size());
  }
}

TEST_CASE("a build takes a doc chunk from the last one only when none of its pages shows anything else") {
  // The index hashes what a chunk shows of each page as it adds the page
  // (IndexedPage::shown_hash); each field must count.
  auto docs = [] {
    std::vector<ww::SearchDoc> d;
    for (int i = 0; i < 6; ++i)
      d.push_back({"p" + std::to_string(i) + ".html",
                   "Pagina " + std::to_string(i),
                   "",
                   {{"", "", "Tekst van pagina " + std::to_string(i)}, {"Kop", "kop", "Meer tekst"}}});
    return d;
  };
  ww::SearchWriteOptions o;
  o.doc_pages = 2;  // chunks {p0,p1}, {p2,p3}, {p4,p5}
  auto build = [&](const std::vector<ww::SearchDoc>& d, const std::map<std::string, std::string>* last,
                   ww::SearchFilesInfo* info) {
    ww::SearchIndex index;
    for (const ww::SearchDoc& doc : d) index.Add(doc);
    ww::SearchWriteOptions with = o;
    with.previous = PreviousFiles(last);
    std::map<std::string, std::string> out;
    for (const ww::SearchFile& f : index.ToFiles(with, info)) out[f.name] = f.text;
    return out;
  };
  ww::SearchFilesInfo info;
  const std::map<std::string, std::string> first = build(docs(), nullptr, &info);
  CHECK(build(docs(), &first, &info) == first);
  CHECK(info.docs_reused == 3);
  const std::vector<std::function<void(ww::SearchDoc&)>> changes = {
      [](ww::SearchDoc& d) { d.url = "andere.html"; },
      [](ww::SearchDoc& d) { d.title = "Andere titel"; },
      [](ww::SearchDoc& d) { d.sections[1].heading = "Andere kop"; },
      [](ww::SearchDoc& d) { d.sections[1].anchor = "ander-anker"; },
      [](ww::SearchDoc& d) { d.sections[0].text = "Andere tekst"; },
      [](ww::SearchDoc& d) { d.sections.pop_back(); },
  };
  for (size_t c = 0; c < changes.size(); ++c) {
    std::vector<ww::SearchDoc> d = docs();
    changes[c](d[2]);
    ww::SearchFilesInfo fresh;
    std::map<std::string, std::string> want = build(d, nullptr, &fresh);
    CHECK_MESSAGE(build(d, &first, &info) == want, "change " << c);
    CHECK_MESSAGE(info.docs_reused == (c == 0 ? 1 : 2), "change " << c);  // a new URL moves p2 to the end
  }
}

TEST_CASE("Prepare reads each page alone, whatever pages the thread read before") {
  // A page's word table keeps its memory from page to page: a large page,
  // then a small one, then one that makes the table grow again must not see
  // the large page's words.
  auto page = [](int words, int offset) {
    std::string text;
    for (int i = 0; i < words; ++i) text += "woord" + std::to_string(offset + (i * 7919) % words) + " ";
    return ww::SearchDoc{"p.html", "P", "", {{"", "", text}}};
  };
  for (auto [words, offset] : {std::pair{3000, 0}, {20, 5000}, {2000, 0}, {5, 0}, {4000, 0}, {10, 9}, {1000, 0}}) {
    ww::SearchDoc doc = page(words, offset);
    ww::PreparedSearchDoc p = ww::SearchIndex::Prepare(doc);
    Strings got;
    for (uint32_t n : p.sections[0].body_words) got.push_back(p.words.at(n));
    CHECK_MESSAGE(got == IndexedWords(doc.sections[0].text), words << " words from " << offset);
    CHECK(p.words.size() == static_cast<size_t>(words));
  }
}
