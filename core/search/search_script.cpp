#include "search/search_script.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <numeric>
#include <optional>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "parallel.h"
#include "search/display_words.h"
#include "search/search_index.h"
#include "search/search_words.h"
#include "search/word_table.h"
#include "slug.h"
#include "utf8.h"
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

// The stems of an index's words, as search keys (SearchKey). Stems are
// numbered by first use while stemming.
struct StemTable {
  std::vector<std::string> names;              // by stem id
  std::vector<uint32_t> own;                   // word id → the word's own stem id
  // Word id → its stem and those of its compound parts (ids): of_word[w] is
  // stems_of[of_word_start[w] .. of_word_start[w + 1]). One flat array, as
  // the posting lists look up every word of every page here.
  std::vector<uint32_t> of_word_start, stems_of;
  std::span<const uint32_t> OfWord(uint32_t w) const {
    return {stems_of.data() + of_word_start[w], stems_of.data() + of_word_start[w + 1]};
  }
  std::vector<uint32_t> key_parts;             // keys that may be compound parts but are no words (ids)
};

StemTable StemWords(const std::vector<std::string>& words, const std::function<bool(std::string_view)>& is_part) {
  StemTable st;
  DutchStemmer stemmer;
  std::unordered_map<std::string, uint32_t> ids;
  auto key_id = [&](std::string key) {
    auto [it, inserted] = ids.try_emplace(std::move(key), static_cast<uint32_t>(st.names.size()));
    if (inserted) st.names.push_back(it->first);
    return it->second;
  };
  st.own.resize(words.size());
  st.of_word_start.reserve(words.size() + 1);
  st.stems_of.reserve(words.size() + words.size() / 4);
  for (size_t i = 0; i < words.size(); ++i) st.own[i] = key_id(SearchKey(stemmer.Stem(words[i])));
  // A part may also be the key of a word of the site: "toets" (of
  // "toetsen") in "toetsgegevens" when the site has no "toets" on its own.
  // (Views into a copy: st.names grows while splitting. No string is made
  // per lookup: SplitCompound asks about every substring.)
  std::deque<std::string> key_store;
  std::unordered_set<std::string_view> own_keys;
  for (uint32_t k : st.own)
    if (SearchIndex::IsCompoundPart(st.names[k]) && !own_keys.count(st.names[k]) && !is_part(st.names[k])) {
      own_keys.insert(key_store.emplace_back(st.names[k]));
      st.key_parts.push_back(k);
    }
  auto known = [&](std::string_view w) { return is_part(w) || own_keys.count(w) != 0; };
  for (size_t i = 0; i < words.size(); ++i) {
    std::vector<uint32_t> of_word = {st.own[i]};
    std::vector<std::string> parts = SplitCompound(words[i], known, SearchIndex::kMinCompoundPart);
    // A compound is also kept under its parts' keys joined, without the
    // linking letters: "leerlingenbesprekingen" and "leerlingbespreking"
    // meet at "leerlingbesprek" (search.js looks a split query word up so).
    std::string joined;
    for (const std::string& part : parts) {
      std::string key = SearchKey(stemmer.Stem(part));
      joined += key;
      of_word.push_back(key_id(std::move(key)));
    }
    if (!parts.empty()) of_word.push_back(key_id(std::move(joined)));
    SortUnique(&of_word);
    st.of_word_start.push_back(static_cast<uint32_t>(st.stems_of.size()));
    st.stems_of.insert(st.stems_of.end(), of_word.begin(), of_word.end());
  }
  st.of_word_start.push_back(static_cast<uint32_t>(st.stems_of.size()));
  return st;
}

// For each stem, the ids of the pages or sections whose field holds one of
// its words.
class Postings {
 public:
  explicit Postings(size_t stems = 0) : lists_(stems) {}
  // REQUIRES: ids come in increasing order, so every list stays sorted and
  // a repeat can only be of the list's last id.
  void Post(const StemTable& stems, const std::vector<uint32_t>& word_ids, uint32_t id) {
    for (uint32_t w : word_ids)
      for (uint32_t stem : stems.OfWord(w)) {
        std::vector<uint32_t>& l = lists_[stem];
        if (l.empty() || l.back() != id) l.push_back(id);
      }
  }
  // For an update: takes `id` out of, or puts it into, a stem's list.
  void Remove(uint32_t stem, uint32_t id) {
    std::vector<uint32_t>& l = lists_[stem];
    auto it = std::lower_bound(l.begin(), l.end(), id);
    if (it != l.end() && *it == id) l.erase(it);
  }
  void Insert(uint32_t stem, uint32_t id) {
    std::vector<uint32_t>& l = lists_[stem];
    auto it = std::lower_bound(l.begin(), l.end(), id);
    if (it == l.end() || *it != id) l.insert(it, id);
  }
  std::span<const uint32_t> List(uint32_t stem) const { return lists_[stem]; }
  // The lists under other stem ids: list s goes to to[s] (UINT32_MAX:
  // dropped), of `stems` in all.
  void Renumber(const std::vector<uint32_t>& to, size_t stems) {
    std::vector<std::vector<uint32_t>> lists(stems);
    for (size_t s = 0; s < lists_.size(); ++s)
      if (to[s] != UINT32_MAX) lists[to[s]] = std::move(lists_[s]);
    lists_ = std::move(lists);
  }

 private:
  std::vector<std::vector<uint32_t>> lists_;
};

// One doc chunk: the display texts of pages [from, to) in URL order, its
// sections numbered from 0 within the chunk.
std::string DocChunk(const std::vector<IndexedPage>& pages, const std::vector<uint32_t>& order, size_t from,
                     size_t to) {
  DisplayWords display;
  std::vector<uint32_t> first_text;
  for (size_t p = from; p < to; ++p) {
    const IndexedPage& page = pages[order[p]];
    first_text.push_back(display.Count(page.title));
    for (const IndexedSection& sec : page.sections) {
      display.Count(sec.heading);
      display.Count(sec.snippet);
    }
  }
  std::vector<std::string> urls, titles, headings, texts;
  std::string anchors;
  uint32_t section = 0;
  std::string list = display.Freeze();
  for (size_t p = from; p < to; ++p) {
    const IndexedPage& page = pages[order[p]];
    urls.push_back(page.url);
    uint32_t text = first_text[p - from];
    titles.push_back(display.Encode(text++));
    for (const IndexedSection& s : page.sections) {
      headings.push_back(display.Encode(text++));
      texts.push_back(display.Encode(text++));
      // search.js derives an anchor from the heading as Slugify does, so
      // only the others (explicit ids, repeated headings) are stored.
      if (s.anchor != Slugify(s.heading)) {
        anchors.append(anchors.empty() ? "\"" : ",\"");
        anchors.append(std::to_string(section)).append("\":");
        PutJsonString(&anchors, s.anchor);
      }
      ++section;
    }
  }
  std::string out = "{\"v\":4";
  PutJsonField(&out, "dw", list);
  PutJsonArray(&out, "u", urls);
  PutJsonArray(&out, "t", titles);
  PutJsonArray(&out, "h", headings);
  out.append(",\n\"a\":{").append(anchors).append("}");
  PutJsonArray(&out, "x", texts);
  out.append("}");
  return out;
}

// A doc chunk ends with a stamp: "/*ww KEY SUM*/", KEY a hash of what the
// chunk is made of (its pages' ShownHash: URLs, titles, headings, anchors and
// snippets; its number, the format) and SUM a hash of the file before the stamp. The
// next build takes the chunk from the last one when KEY is what its pages
// give now and SUM still matches the file (so a file edited by hand, or cut
// short, is made again). KEY also holds the encoding of a fixed sample
// (EncoderProbe), so a change to DocChunk or DisplayWords that writes
// anything else for it makes every chunk again by itself; change kDocFormat
// for a change the sample does not show.
constexpr std::string_view kDocFormat = "docs 4.2";
constexpr size_t kStampSize = 4 + 16 + 1 + 16 + 3;  // "/*ww" KEY " " SUM "*/\n"

uint64_t MixHash(uint64_t h, uint64_t v) {
  h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 31);
}

uint64_t HashText(uint64_t h, std::string_view text) {
  return MixHash(h, WordTable::Hash(text));  // (the length is in WordTable::Hash already)
}

}  // namespace

uint64_t ShownHash(const IndexedPage& page) {
  uint64_t h = HashText(HashText(MixHash(0x9E3779B97F4A7C15ull, page.sections.size()), page.url), page.title);
  for (const IndexedSection& s : page.sections) h = HashText(HashText(HashText(h, s.heading), s.anchor), s.snippet);
  return h;
}

namespace {

// A hash of what DocChunk makes of two small pages with most of what it
// handles: repeated and capitalised words, accents, combining marks,
// quotes, digits, an explicit anchor and a repeated heading.
uint64_t EncoderProbe() {
  static const uint64_t probe = [] {
    std::vector<IndexedPage> pages(2);
    pages[0].url = "a/één.html";
    pages[0].title = "Één \"titel\" — de Titel";
    auto section = [](std::string heading, std::string anchor, std::string snippet) {
      IndexedSection s;
      s.heading = std::move(heading);
      s.anchor = std::move(anchor);
      s.snippet = std::move(snippet);
      return s;
    };
    pages[0].sections = {section("", "", "Tekst   met\tspaties, cafe\u0301 en 2024: de tekst…"),
                         section("Kop", "eigen-anker", "IB'er <b> & 'quote'"),
                         section("Kop", "kop-1", "Leerlingbespreking, leerlingenbesprekingen.")};
    pages[1].url = "b.html";
    pages[1].title = "Tweede";
    pages[1].sections = {section("", "", "")};
    return HashText(0, DocChunk(pages, {0, 1}, 0, 2));
  }();
  return probe;
}

uint64_t DocChunkKey(const std::vector<IndexedPage>& pages, const std::vector<uint32_t>& order, size_t from,
                     size_t to, size_t k) {
  uint64_t h = HashText(MixHash(MixHash(0x9E3779B97F4A7C15ull, EncoderProbe()), k), kDocFormat);
  for (size_t p = from; p < to; ++p) {
    const IndexedPage& page = pages[order[p]];
    h = MixHash(h, page.shown_hash != 0 ? page.shown_hash : ShownHash(page));
  }
  return h;
}

std::string Hex16(uint64_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<size_t>(i)] = kHex[v & 15];
  return out;
}

void AppendDocStamp(std::string* file, uint64_t key) {
  uint64_t sum = HashText(0, *file);
  file->append("/*ww").append(Hex16(key)).append(" ").append(Hex16(sum)).append("*/\n");
}

// Whether `file` (a doc chunk of the last build) carries the stamp of `key`
// and is whole.
bool DocStampMatches(const std::string& file, uint64_t key) {
  if (file.size() < kStampSize) return false;
  std::string_view stamp(file.data() + file.size() - kStampSize, kStampSize);
  std::string_view body(file.data(), file.size() - kStampSize);
  return stamp.substr(0, 4) == "/*ww" && stamp.substr(4, 16) == Hex16(key) &&
         stamp.substr(21, 16) == Hex16(HashText(0, body)) && stamp.substr(37) == "*/\n";
}

std::string Global(const char* name, size_t k, std::string_view json) {
  std::string out = "(window.";
  out.append(name).append("=window.").append(name).append("||{})[").append(std::to_string(k)).append("]=");
  out.append(json).append(";\n");
  return out;
}

}  // namespace

void AppendEncodedIds(std::string* out, std::span<const uint32_t> ids) {
  if (ids.empty()) return;
  const size_t at = out->size();
  // Deltas: the first id, then each gap minus one.
  PutVarint(out, ids[0]);
  for (size_t i = 1; i < ids.size(); ++i) PutVarint(out, ids[i] - ids[i - 1] - 1);
  // Or a bitmap: "!", the first id, then six ids per digit.
  const size_t deltas = out->size() - at;
  size_t span = ids.back() - ids.front() + 1;
  if (span / 6 + 8 < deltas) {
    std::string bits = "!";
    PutVarint(&bits, ids[0]);
    std::vector<unsigned char> sextets((span + 5) / 6, 0);
    for (uint32_t id : ids) {
      uint32_t k = id - ids[0];
      sextets[k / 6] |= static_cast<unsigned char>(1u << (k % 6));
    }
    for (unsigned char s : sextets) bits.push_back(kDigits[s]);
    if (bits.size() < deltas) out->replace(at, std::string::npos, bits);
  }
}

std::string EncodeIds(const std::vector<uint32_t>& ids) {
  std::string out;
  AppendEncodedIds(&out, ids);
  return out;
}

std::string SearchKey(std::string stem) {
  size_t n = stem.size();
  if (n >= 4 && stem[n - 1] == stem[n - 2]) {
    char c = stem[n - 1];
    bool consonant = c >= 'b' && c <= 'z' && c != 'e' && c != 'i' && c != 'o' && c != 'u';
    if (consonant) stem.pop_back();
  }
  return stem;
}

uint32_t SearchBucketCount(size_t pages) { return static_cast<uint32_t>(std::clamp<size_t>(pages / 40, 4, 256)); }

uint32_t SearchBucketOf(std::string_view word, uint32_t buckets) {
  uint32_t h = 0;
  size_t i = 0;
  for (int k = 0; k < 2 && i < word.size(); ++k) h = h * 31 + static_cast<uint32_t>(DecodeUtf8(word, &i));
  return h % buckets;
}

// A term bucket: its stems, and the words search.js must know (word ids, or
// kKey | stem id for keys that may be compound parts).
struct Bucket {
  std::vector<uint32_t> stems, words;
};
constexpr uint32_t kKey = 0x80000000u;

struct SearchFilesMemo::Impl {
  size_t words = 0;
  std::vector<uint32_t> order;         // page indices in URL order
  std::vector<uint32_t> position;      // page index → place in `order`
  std::vector<uint32_t> section_base;  // by place: the page's first section id
  StemTable stems;
  Postings in_title, in_heading, in_body;
  std::vector<Bucket> buckets;
  std::vector<uint64_t> bucket_sum;      // a hash of each bucket's stems and words (as text)
  std::vector<std::string> bucket_text;  // search-terms-K.js as written
};

SearchFilesMemo::SearchFilesMemo() = default;
SearchFilesMemo::~SearchFilesMemo() = default;

namespace {

// Term buckets: stems by their own first letters, and the words search.js
// must know (those that differ from their stem, for prefixes while typing,
// and compound parts, to split a query) by theirs.
// The number of buckets follows from the number of pages only, so that a
// rebuild in serve writes the same files as a full build (none is left
// over); a bucket may be empty. Each bucket's sum tells a rebuild whether
// its stems and words are still the same.
void MakeBuckets(const std::vector<std::string>& words, const std::function<bool(std::string_view)>& is_part,
                 SearchFilesMemo::Impl* m) {
  const StemTable& stems = m->stems;
  const uint32_t bucket_count = SearchBucketCount(m->order.size());
  m->buckets.assign(bucket_count, {});
  m->bucket_sum.assign(bucket_count, 0);
  auto put = [&](std::string_view text, bool stem, uint32_t id, uint64_t what) {
    uint32_t b = SearchBucketOf(text, bucket_count);
    (stem ? m->buckets[b].stems : m->buckets[b].words).push_back(id);
    m->bucket_sum[b] += MixHash(WordTable::Hash(text), what);
  };
  for (uint32_t s = 0; s < stems.names.size(); ++s) put(stems.names[s], true, s, 1);
  for (uint32_t w = 0; w < words.size(); ++w) {
    const std::string& own = stems.names[stems.own[w]];
    if (words[w] != own || is_part(words[w])) put(words[w], false, w, MixHash(WordTable::Hash(own), 2));
  }
  // Keys that may be parts are listed as words of their own ("=").
  for (uint32_t k : stems.key_parts) put(stems.names[k], false, kKey | k, 3);
}

// Everything from the words and pages: order, stems, posting lists, buckets.
// `stems_made`: the words' stems when UpdateAll made them already, else empty.
void MakeAll(const std::vector<IndexedPage>& pages, const std::vector<std::string>& words,
             const std::function<bool(std::string_view)>& is_part, std::optional<StemTable> stems_made,
             SearchFilesMemo::Impl* m) {
  // Pages in URL order, so the output is the same whatever order the
  // (parallel) build added them in.
  m->words = words.size();
  m->order.resize(pages.size());
  std::iota(m->order.begin(), m->order.end(), 0);
  std::sort(m->order.begin(), m->order.end(), [&](uint32_t a, uint32_t b) { return pages[a].url < pages[b].url; });
  m->position.assign(pages.size(), 0);
  m->section_base.assign(pages.size(), 0);
  m->stems = stems_made ? std::move(*stems_made) : StemWords(words, is_part);
  const StemTable& stems = m->stems;
  m->in_title = Postings(stems.names.size());
  m->in_heading = Postings(stems.names.size());
  m->in_body = Postings(stems.names.size());
  uint32_t section_id = 0;
  for (uint32_t p = 0; p < m->order.size(); ++p) {
    const IndexedPage& page = pages[m->order[p]];
    m->position[m->order[p]] = p;
    m->section_base[p] = section_id;
    m->in_title.Post(stems, page.title_words, p);
    for (const IndexedSection& s : page.sections) {
      m->in_heading.Post(stems, s.heading_words, section_id);
      m->in_body.Post(stems, s.body_words, section_id);
      ++section_id;
    }
  }
  MakeBuckets(words, is_part, m);
  m->bucket_text.assign(m->buckets.size(), {});
}

// Updates the memo for the pages replaced since it was made, and marks the
// buckets to make again. When words came or went, the stems are made anew
// and the posting lists carried over by stem name, as long as every word the
// memo knows keeps its stems (a new word may be a compound part that splits
// an old one). False when that cannot be done: then `m` is unchanged, and
// `fresh` holds the stems if they were made (MakeAll takes them).
bool UpdateAll(const std::vector<IndexedPage>& pages, const std::vector<std::string>& words,
               const std::function<bool(std::string_view)>& is_part, const SearchChanges& changes,
               SearchFilesMemo::Impl* m, std::vector<char>* touched, std::optional<StemTable>* fresh_out) {
  if (changes.rebuild || m->order.size() != pages.size()) return false;
  for (const auto& [index, old] : changes.replaced)
    if (index >= pages.size() || pages[index].sections.size() != old.sections.size()) return false;
  const bool same_words = changes.renumbered.empty() && m->words == words.size();
  StemTable old_stems;            // the memo's, when the stems are made anew
  std::vector<uint32_t> stem_to;  // its stem ids → today's (UINT32_MAX: gone)
  if (!same_words) {
    StemTable& fresh = fresh_out->emplace(StemWords(words, is_part));
    std::unordered_map<std::string_view, uint32_t> id_of;
    id_of.reserve(fresh.names.size());
    for (uint32_t s = 0; s < fresh.names.size(); ++s) id_of.emplace(fresh.names[s], s);
    stem_to.assign(m->stems.names.size(), UINT32_MAX);
    for (uint32_t s = 0; s < m->stems.names.size(); ++s)
      if (auto it = id_of.find(m->stems.names[s]); it != id_of.end()) stem_to[s] = it->second;
    // A word the memo knows keeps its stems, or its pages that were not
    // replaced would be in the wrong lists. (A dropped word was only on
    // replaced pages.)
    std::vector<uint32_t> mapped;
    for (uint32_t w = 0; w < m->words; ++w) {
      uint32_t today = changes.renumbered.empty() ? w : changes.renumbered[w];
      if (today == UINT32_MAX) continue;
      std::span<const uint32_t> before = m->stems.OfWord(w), after = fresh.OfWord(today);
      if (before.size() != after.size()) return false;
      mapped.clear();
      for (uint32_t stem : before) mapped.push_back(stem_to[stem]);
      std::sort(mapped.begin(), mapped.end());  // (after is sorted, and UINT32_MAX never in it)
      if (!std::equal(mapped.begin(), mapped.end(), after.begin())) return false;
    }
    old_stems = std::move(m->stems);
    m->stems = std::move(fresh);
    fresh_out->reset();
    for (Postings* post : {&m->in_title, &m->in_heading, &m->in_body}) post->Renumber(stem_to, m->stems.names.size());
  }
  const StemTable& stems = m->stems;
  const uint32_t bucket_count = static_cast<uint32_t>(m->buckets.size());
  auto touch = [&](uint32_t stem) { (*touched)[SearchBucketOf(stems.names[stem], bucket_count)] = 1; };
  // A field's stems (today's ids), each once: of the memo's version (`old`)
  // or of today's.
  std::vector<uint32_t> seen(stems.names.size(), UINT32_MAX);
  uint32_t stamp = 0;
  auto each_stem = [&](const std::vector<uint32_t>& word_ids, bool old, auto fn) {
    ++stamp;
    for (uint32_t w : word_ids)
      for (uint32_t stem : (old && !same_words ? old_stems : stems).OfWord(w)) {
        if (old && !same_words) stem = stem_to[stem];
        if (stem != UINT32_MAX && seen[stem] != stamp) {
          seen[stem] = stamp;
          fn(stem);
        }
      }
  };
  // Moves `id` from the lists of the stems only the version the memo knows
  // has to those only the new one has. A stem both have keeps its list, and
  // its bucket stays as it is: an edit touches the few buckets of the words
  // it changed, not those of every word of its section.
  std::vector<uint32_t> before_mark(stems.names.size(), UINT32_MAX), after_mark(stems.names.size(), UINT32_MAX);
  uint32_t field = 0;
  auto update = [&](Postings& post, const std::vector<uint32_t>& before, const std::vector<uint32_t>& after,
                    uint32_t id) {
    ++field;
    each_stem(before, true, [&](uint32_t stem) { before_mark[stem] = field; });
    each_stem(after, false, [&](uint32_t stem) {
      after_mark[stem] = field;
      if (before_mark[stem] != field) {
        post.Insert(stem, id);
        touch(stem);
      }
    });
    each_stem(before, true, [&](uint32_t stem) {
      if (after_mark[stem] != field) {
        post.Remove(stem, id);
        touch(stem);
      }
    });
  };
  for (const auto& [index, old] : changes.replaced) {
    const IndexedPage& now = pages[index];
    uint32_t p = m->position[index], base = m->section_base[p];
    update(m->in_title, old.title_words, now.title_words, p);
    for (uint32_t j = 0; j < now.sections.size(); ++j) {
      update(m->in_heading, old.sections[j].heading_words, now.sections[j].heading_words, base + j);
      update(m->in_body, old.sections[j].body_words, now.sections[j].body_words, base + j);
    }
  }
  if (!same_words) {
    // Buckets whose stems or words came, went or changed are made again.
    std::vector<uint64_t> sums = std::move(m->bucket_sum);
    MakeBuckets(words, is_part, m);
    for (uint32_t b = 0; b < bucket_count; ++b)
      if (m->bucket_sum[b] != sums[b]) (*touched)[b] = 1;
    m->words = words.size();
  }
  return true;
}

std::string BucketText(size_t i, const Bucket& bucket, const std::vector<std::string>& words,
                       const SearchFilesMemo::Impl& m) {
  const StemTable& stems = m.stems;
  std::vector<uint32_t> ss = bucket.stems, ws = bucket.words;
  std::sort(ss.begin(), ss.end(), [&](uint32_t a, uint32_t b) { return stems.names[a] < stems.names[b]; });
  auto text = [&](uint32_t w) -> const std::string& { return w & kKey ? stems.names[w & ~kKey] : words[w]; };
  std::sort(ws.begin(), ws.end(), [&](uint32_t a, uint32_t b) { return text(a) < text(b); });
  std::string stem_list, word_list, word_stems;
  // The posting lists as the JSON arrays "pt", "ph" and "pb" (their digits
  // need no escaping).
  std::string pt = ",\n\"pt\":[", ph = ",\n\"ph\":[", pb = ",\n\"pb\":[";
  for (size_t k = 0; k < ss.size(); ++k) {
    if (k) stem_list.push_back(' ');
    stem_list.append(stems.names[ss[k]]);
    for (auto [json, post] : {std::pair{&pt, &m.in_title}, std::pair{&ph, &m.in_heading}, std::pair{&pb, &m.in_body}}) {
      json->append(k ? ",\"" : "\"");
      AppendEncodedIds(json, post->List(ss[k]));
      json->push_back('"');
    }
  }
  for (uint32_t w : ws) {
    if (!word_list.empty()) {
      word_list.push_back(' ');
      word_stems.push_back(' ');
    }
    word_list.append(text(w));
    const std::string& own = w & kKey ? text(w) : stems.names[stems.own[w]];
    word_stems.append(own == text(w) ? std::string_view("=") : std::string_view(own));
  }
  std::string json = "{\"v\":4";
  PutJsonField(&json, "s", stem_list);
  PutJsonField(&json, "w", word_list);
  PutJsonField(&json, "ws", word_stems);
  json.append(pt).append("]").append(ph).append("]").append(pb).append("]");
  json.append("}");
  return Global("WEGWIJZER_SEARCH_TERMS", i, json);
}

}  // namespace

std::vector<SearchFile> SearchIndexFiles(const std::vector<IndexedPage>& pages, const std::vector<std::string>& words,
                                         const std::function<bool(std::string_view)>& is_part, size_t text_bytes,
                                         const SearchWriteOptions& options, SearchFilesInfo* info,
                                         SearchFilesMemo* memo, const SearchChanges* changes) {
  SearchFilesMemo::Impl local;
  SearchFilesMemo::Impl* m = memo && memo->impl ? memo->impl.get() : &local;
  std::vector<char> touched;
  if (m != &local && changes) touched.assign(m->buckets.size(), 0);
  std::optional<StemTable> fresh;  // made by UpdateAll on its way to giving up
  if (m == &local || !changes || !UpdateAll(pages, words, is_part, *changes, m, &touched, &fresh)) {
    if (memo && !memo->impl) memo->impl = std::make_unique<SearchFilesMemo::Impl>();
    m = memo ? memo->impl.get() : &local;
    MakeAll(pages, words, is_part, std::move(fresh), m);
    touched.assign(m->buckets.size(), 1);
  }
  const std::vector<uint32_t>& order = m->order;
  std::string counts;
  for (uint32_t index : order) PutVarint(&counts, static_cast<uint32_t>(pages[index].sections.size()));

  const uint32_t bucket_count = static_cast<uint32_t>(m->buckets.size());
  size_t doc_pages = std::max<size_t>(1, options.doc_pages);
  size_t chunks = (order.size() + doc_pages - 1) / doc_pages;
  std::vector<SearchFile> files(1 + bucket_count + chunks);
  std::atomic<size_t> reused{0};
  ParallelFor(bucket_count + chunks, options.jobs, [&](int, size_t i) {
    if (i >= bucket_count) {
      size_t k = i - bucket_count;
      if (options.want_docs && !options.want_docs(k)) return;
      SearchFile& f = files[1 + i];
      f.name = "search-docs-" + std::to_string(k) + ".js";
      size_t from = k * doc_pages, to = std::min(order.size(), (k + 1) * doc_pages);
      uint64_t key = DocChunkKey(pages, order, from, to, k);
      if (options.previous && options.previous(f.name, &f.text) && DocStampMatches(f.text, key)) {
        ++reused;
        return;
      }
      f.text = Global("WEGWIJZER_SEARCH_DOCS", k, DocChunk(pages, order, from, to));
      AppendDocStamp(&f.text, key);
      return;
    }
    if (!touched[i] && options.unchanged_terms_stay) return;  // the file is there, as it was
    files[1 + i].name = "search-terms-" + std::to_string(i) + ".js";
    if (touched[i]) m->bucket_text[i] = BucketText(i, m->buckets[i], words, *m);
    // Kept for the next call with a memo; else the memo is this call's own.
    files[1 + i].text = m == &local ? std::move(m->bucket_text[i]) : m->bucket_text[i];
  });

  std::string out = "window.WEGWIJZER_SEARCH={\"v\":4";
  out.append(",\n\"n\":").append(std::to_string(order.size()));
  PutJsonField(&out, "c", counts);
  out.append(",\n\"dp\":").append(std::to_string(doc_pages));
  out.append(",\n\"tn\":").append(std::to_string(bucket_count));
  PutJsonField(&out, "stop", SearchStopWordList());
  out.append(",\n\"syn\":").append(options.synonyms);
  out.append(",\n\"tb\":").append(std::to_string(text_bytes));  // for reports
  out.append("};\n");
  files[0] = {"search-index.js", std::move(out)};
  if (info) {
    info->doc_chunks = chunks;
    info->docs_reused = reused.load();
    info->terms_made = static_cast<size_t>(std::count(touched.begin(), touched.end(), 1));
    info->terms_kept_bytes = 0;
    for (uint32_t i = 0; i < bucket_count; ++i)
      if (files[1 + i].name.empty()) info->terms_kept_bytes += m->bucket_text[i].size();
    info->doc_bytes.assign(chunks, 0);
    for (size_t k = 0; k < chunks; ++k) info->doc_bytes[k] = files[1 + bucket_count + k].text.size();
  }
  // Chunks not asked for are left out.
  files.erase(std::remove_if(files.begin(), files.end(), [](const SearchFile& f) { return f.name.empty(); }),
              files.end());
  return files;
}

}  // namespace ww
