#include "search/search_script.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "search/display_words.h"
#include "search/search_index.h"
#include "search/search_words.h"
#include "slug.h"
#include "value.h"

namespace ww {
namespace {

// Base-64 digits of the posting encoding (docs/search.md, "Numbers"):
// 0..31 end a number, 32..63 carry five more bits of it.
constexpr char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void PutVarint(std::string* out, uint32_t v) {
  char buf[8];
  int n = 0;
  buf[n++] = kDigits[v & 31];
  for (v >>= 5; v != 0; v >>= 5) buf[n++] = kDigits[32 + (v & 31)];
  while (n > 0) out->push_back(buf[--n]);
}

// The index is a .js file, not inline HTML: see JsonTarget::kScriptFile.
void PutJsonString(std::string* out, std::string_view s) { AppendJsonString(*out, s, JsonTarget::kScriptFile); }

// Each field on a line of its own, so a diff of two indexes reads by field.
void PutJsonArray(std::string* out, const char* key, const std::vector<std::string>& items) {
  out->append(",\n\"").append(key).append("\":[");
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out->push_back(',');
    PutJsonString(out, items[i]);
  }
  out->push_back(']');
}

void PutJsonField(std::string* out, const char* key, std::string_view value) {
  out->append(",\n\"").append(key).append("\":");
  PutJsonString(out, value);
}

void SortUnique(std::vector<uint32_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

// The stems of an index's words. Stems are numbered by first use while
// stemming, and written out sorted (for binary and prefix search), so the
// postings and search.js use a stem's rank in that order.
struct StemTable {
  std::vector<std::string> names;              // by stem id
  std::vector<uint32_t> by_name;               // rank → stem id
  std::vector<uint32_t> rank;                  // stem id → rank
  std::vector<uint32_t> own;                   // word id → the word's own stem id
  std::vector<std::vector<uint32_t>> of_word;  // word id → its stem and those of its compound parts (ids)
};

StemTable StemWords(const std::vector<std::string>& words, const std::function<bool(std::string_view)>& is_part) {
  StemTable st;
  DutchStemmer stemmer;
  std::unordered_map<std::string, uint32_t> ids;
  auto stem_id = [&](std::string_view w) {
    auto [it, inserted] = ids.try_emplace(stemmer.Stem(w), static_cast<uint32_t>(st.names.size()));
    if (inserted) st.names.push_back(it->first);
    return it->second;
  };
  st.own.resize(words.size());
  st.of_word.resize(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    st.own[i] = stem_id(words[i]);
    st.of_word[i].push_back(st.own[i]);
    for (const std::string& part : SplitCompound(words[i], is_part, SearchIndex::kMinCompoundPart))
      st.of_word[i].push_back(stem_id(part));
    SortUnique(&st.of_word[i]);
  }
  st.by_name.resize(st.names.size());
  std::iota(st.by_name.begin(), st.by_name.end(), 0);
  std::sort(st.by_name.begin(), st.by_name.end(), [&](uint32_t a, uint32_t b) { return st.names[a] < st.names[b]; });
  st.rank.resize(st.names.size());
  for (uint32_t r = 0; r < st.by_name.size(); ++r) st.rank[st.by_name[r]] = r;
  return st;
}

// For each stem (by rank), the ids of the pages or sections whose field
// holds one of its words.
class Postings {
 public:
  explicit Postings(const StemTable& stems) : stems_(stems), lists_(stems.names.size()) {}
  // REQUIRES: ids come in increasing order, so every list stays sorted and
  // a repeat can only be of the list's last id.
  void Post(const std::vector<uint32_t>& word_ids, uint32_t id) {
    for (uint32_t w : word_ids)
      for (uint32_t stem : stems_.of_word[w]) {
        std::vector<uint32_t>& l = lists_[stems_.rank[stem]];
        if (l.empty() || l.back() != id) l.push_back(id);
      }
  }
  std::vector<std::string> Encode() const {
    std::vector<std::string> out;
    out.reserve(lists_.size());
    for (const std::vector<uint32_t>& l : lists_) out.push_back(EncodeIds(l));
    return out;
  }

 private:
  const StemTable& stems_;
  std::vector<std::vector<uint32_t>> lists_;
};

// The fields that hold pages and sections, in URL order: pages are numbered
// by position, sections in the order of their pages.
struct PageFields {
  std::vector<std::string> urls, titles, headings, snippets;
  std::string counts;             // sections per page, as varints
  std::string anchor_exceptions;  // "section":"anchor",... for anchors not derived from the heading
  std::string display_list;       // the words display texts point into
};

// Display texts are counted first (the word list is numbered by frequency),
// then written: a page's title is text number first_text[page], followed by
// its sections' headings and snippets.
PageFields WritePages(const std::vector<IndexedPage>& pages, const std::vector<uint32_t>& order, Postings* in_title,
                      Postings* in_heading, Postings* in_body) {
  DisplayWords display;
  std::vector<uint32_t> first_text(pages.size());
  for (size_t p = 0; p < pages.size(); ++p) {
    first_text[p] = display.Count(pages[p].title);
    for (const IndexedSection& sec : pages[p].sections) {
      display.Count(sec.heading);
      display.Count(sec.snippet);
    }
  }
  PageFields f;
  f.display_list = display.Freeze();
  uint32_t section_id = 0;
  for (uint32_t p = 0; p < order.size(); ++p) {
    const IndexedPage& page = pages[order[p]];
    f.urls.push_back(page.url);
    uint32_t text = first_text[order[p]];
    f.titles.push_back(display.Encode(text++));
    PutVarint(&f.counts, static_cast<uint32_t>(page.sections.size()));
    in_title->Post(page.title_words, p);
    for (const IndexedSection& s : page.sections) {
      f.headings.push_back(display.Encode(text++));
      f.snippets.push_back(display.Encode(text++));
      // search.js derives an anchor from the heading as Slugify does, so
      // only the others (explicit ids, repeated headings) are stored.
      if (s.anchor != Slugify(s.heading)) {
        f.anchor_exceptions.append(f.anchor_exceptions.empty() ? "\"" : ",\"");
        f.anchor_exceptions.append(std::to_string(section_id)).append("\":");
        PutJsonString(&f.anchor_exceptions, s.anchor);
      }
      in_heading->Post(s.heading_words, section_id);
      in_body->Post(s.body_words, section_id);
      ++section_id;
    }
  }
  return f;
}

// The words that differ from their stem, sorted, for prefix search while
// typing ("besprekin" is a prefix of "bespreking" but not of its stem
// "besprek"), and the rank of each one's stem.
void WriteSurfaceWords(const std::vector<std::string>& words, const StemTable& stems, std::string* list,
                       std::string* stem_ranks) {
  std::vector<uint32_t> surface;
  for (uint32_t i = 0; i < words.size(); ++i)
    if (words[i] != stems.names[stems.own[i]]) surface.push_back(i);
  std::sort(surface.begin(), surface.end(), [&](uint32_t a, uint32_t b) { return words[a] < words[b]; });
  for (size_t k = 0; k < surface.size(); ++k) {
    if (k) list->push_back(' ');
    list->append(words[surface[k]]);
    PutVarint(stem_ranks, stems.rank[stems.own[surface[k]]]);
  }
}

}  // namespace

std::string EncodeIds(const std::vector<uint32_t>& ids) {
  std::string out;
  if (ids.empty()) return out;
  // Deltas: the first id, then each gap minus one.
  PutVarint(&out, ids[0]);
  for (size_t i = 1; i < ids.size(); ++i) PutVarint(&out, ids[i] - ids[i - 1] - 1);
  // Or a bitmap: "!", the first id, then six ids per digit.
  size_t span = ids.back() - ids.front() + 1;
  if (span / 6 + 8 < out.size()) {
    std::string bits = "!";
    PutVarint(&bits, ids[0]);
    std::vector<unsigned char> sextets((span + 5) / 6, 0);
    for (uint32_t id : ids) {
      uint32_t k = id - ids[0];
      sextets[k / 6] |= static_cast<unsigned char>(1u << (k % 6));
    }
    for (unsigned char s : sextets) bits.push_back(kDigits[s]);
    if (bits.size() < out.size()) return bits;
  }
  return out;
}

std::string SearchIndexJson(const std::vector<IndexedPage>& pages, const std::vector<std::string>& words,
                            const std::function<bool(std::string_view)>& is_part, size_t text_bytes) {
  // Pages in URL order, so the output is the same whatever order the
  // (parallel) build added them in.
  std::vector<uint32_t> order(pages.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return pages[a].url < pages[b].url; });

  const StemTable stems = StemWords(words, is_part);
  Postings in_title(stems), in_heading(stems), in_body(stems);
  PageFields f = WritePages(pages, order, &in_title, &in_heading, &in_body);
  std::string stem_list;
  for (uint32_t r = 0; r < stems.by_name.size(); ++r) {
    if (r) stem_list.push_back(' ');
    stem_list.append(stems.names[stems.by_name[r]]);
  }
  std::string surface_list, surface_stems;
  WriteSurfaceWords(words, stems, &surface_list, &surface_stems);

  std::string out = "{\"v\":2";
  PutJsonArray(&out, "u", f.urls);
  PutJsonField(&out, "c", f.counts);
  PutJsonField(&out, "dw", f.display_list);
  PutJsonArray(&out, "t", f.titles);
  PutJsonArray(&out, "h", f.headings);
  out.append(",\n\"a\":{").append(f.anchor_exceptions).append("}");
  PutJsonArray(&out, "x", f.snippets);
  PutJsonField(&out, "s", stem_list);
  PutJsonField(&out, "w", surface_list);
  PutJsonField(&out, "ws", surface_stems);
  PutJsonArray(&out, "pt", in_title.Encode());
  PutJsonArray(&out, "ph", in_heading.Encode());
  PutJsonArray(&out, "pb", in_body.Encode());
  PutJsonField(&out, "stop", SearchStopWordList());
  out.append(",\n\"tb\":").append(std::to_string(text_bytes));  // for reports
  out.append("}");
  return out;
}

std::string SearchIndexScript(std::string_view json) {
  std::string out = "window.WEGWIJZER_SEARCH=";
  out.append(json).append(";\n");
  return out;
}

std::string SearchShardScript(size_t shard, std::string_view json) {
  std::string out =
      "(window.WEGWIJZER_SEARCH_SHARDS=window.WEGWIJZER_SEARCH_SHARDS||{})[" + std::to_string(shard) + "]=";
  out.append(json).append(";\n");
  return out;
}

std::string SearchManifestScript(size_t shards) {
  return "window.WEGWIJZER_SEARCH={\"v\":3,\"shards\":" + std::to_string(shards) + "};\n";
}

}  // namespace ww
