#include "search/search_index.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <deque>
#include <unordered_set>

#include "search/word_table.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ww {
namespace {

// Collapses white space and keeps at most `max` bytes, cut before a word
// that would not fit; "…" marks a cut.
std::string MakeSnippet(std::string_view text, size_t max) {
  static constexpr auto kSpace = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {' ', '\n', '\t', '\r', '\f', '\v'}) t[c] = true;
    return t;
  }();
  // The text with each run of white space as one space and none in front:
  // only its first max + 1 bytes, enough to see where to cut (a section can
  // be megabytes), and one more to know that a space there is no trailing
  // one. This runs over the whole text of every section of every
  // page, so a space is written as soon as white space comes (none after a
  // space), and 16 bytes are copied at once where they hold no two white
  // space bytes in a row.
  const size_t limit = max + 1;
  // Written into a buffer kept per thread, then copied out at its size: the
  // index keeps every snippet, and a string sized for the limit would keep
  // 1 KB for each short one (25 MB more at 10,000 pages).
  thread_local std::string buffer;
  buffer.resize(limit + 1 + 16);
  char* out = buffer.data();
  const char* in = text.data();
  const size_t n = text.size();
  size_t k = 0, i = 0;
  auto one = [&](unsigned char c) {
    bool space = kSpace[c];
    out[k] = space ? ' ' : static_cast<char>(c);
    k += !space | (k > 0 && out[k - 1] != ' ');
  };
  while (k == 0 && i < n) one(static_cast<unsigned char>(in[i++]));
#if defined(__SSE2__)
  const __m128i sp = _mm_set1_epi8(' '), before_tab = _mm_set1_epi8('\t' - 1), after_cr = _mm_set1_epi8('\r' + 1);
  for (; i + 16 <= n && k <= limit;) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
    // \t \n \v \f \r are 9 to 13.
    __m128i ws = _mm_or_si128(_mm_cmpeq_epi8(v, sp),
                              _mm_and_si128(_mm_cmpgt_epi8(v, before_tab), _mm_cmplt_epi8(v, after_cr)));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(ws));
    // Bit j: byte j is white space after white space (or after the space
    // written last). Up to the first such byte, byte by byte; then 16 again.
    unsigned run = (mask & (mask << 1)) | (mask & (out[k - 1] == ' '));
    if (run != 0) {
      for (size_t end = i + static_cast<size_t>(__builtin_ctz(run)) + 1; i < end; ++i)
        one(static_cast<unsigned char>(in[i]));
      continue;
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + k), _mm_or_si128(_mm_andnot_si128(ws, v), _mm_and_si128(ws, sp)));
    k += 16;
    i += 16;
  }
#endif
  for (; i < n && k <= limit; ++i) one(static_cast<unsigned char>(in[i]));
  // Past the limit only the first max + 1 bytes count (white space ran on to
  // more text); at the text's end a space written for trailing white space goes.
  if (k > limit)
    k = limit;
  else if (k > 0 && out[k - 1] == ' ')
    --k;
  std::string flat(out, k);
  if (flat.size() <= max) return flat;
  size_t cut = flat.rfind(' ', max);
  if (cut == std::string::npos || cut < max / 2) {
    cut = max;  // one long word: cut inside it, at a character boundary
    while (cut > 0 && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) --cut;
  }
  flat.resize(cut);
  while (!flat.empty() && (flat.back() == ' ' || flat.back() == ',' || flat.back() == ';' || flat.back() == ':'))
    flat.pop_back();
  flat.append("\xE2\x80\xA6");  // …
  return flat;
}

// The words of one page: each field's text becomes the numbers of its
// words, numbered per page, so that a word that recurs in every section is
// kept and looked up once.
class PageWords {
 public:
  // The numbers of the indexed words of `text` (folded, no stop words or
  // overlong tokens), each once, in the order they first occur.
  std::vector<uint32_t> Index(std::string_view text) {
    // The folded text and the word places keep their memory from section to
    // section. 16 zero bytes after the text let a word's bytes be read as
    // one 16-byte key (ShortNumber).
    folded_.clear();
    AppendFolded(text, &folded_);
    const size_t size = folded_.size();
    folded_.append(kShortWord, '\0');
    CutWords(std::string_view(folded_.data(), size), &spans_);
    ++stamp_;
    // Whether a word is new to the field is not branched on (that branch
    // went either way, and mispredicted often): each number is written, and
    // the count moves on only for a new one.
    found_.resize(spans_.size());
    size_t count = 0;
    for (const WordSpan& span : spans_) {
      const size_t n = span.end - span.start;
      if (n > SearchIndex::kMaxWordBytes) continue;
      const char* w = folded_.data() + span.start;
      uint32_t k = n <= kShortWord ? ShortNumber(w, n) : LongNumber(std::string_view(w, n));
      uint32_t& seen = seen_[k];
      found_[count] = k;
      count += seen < stamp_;
      seen = std::max(seen, stamp_);
    }
    return std::vector<uint32_t>(found_.begin(), found_.begin() + static_cast<std::ptrdiff_t>(count));
  }
  // Forgets the last page, keeping the memory (one PageWords per thread).
  // The tables are sized for as many words as the last page had: pages of a
  // site are alike, and growing them word by word rehashed every page's first
  // few hundred words twice.
  void Clear() {
    short_mask_ = ClearSlots(&short_, std::max<size_t>(256, stop_.size()));
    short_count_ = 0;
    long_.Clear(16);
    long_number_.clear();
    store_.clear();
    stop_.clear();
    seen_.clear();
    stamp_ = 0;
  }
  // The page's indexed words; `renumber` maps the numbers Index gave to
  // positions in it (stop words were numbered too, and are left out).
  std::vector<std::string> Take(std::vector<uint32_t>* renumber) {
    std::vector<std::string> words;
    renumber->assign(stop_.size(), 0);
    for (uint32_t k = 0; k < stop_.size(); ++k) {
      if (stop_[k]) continue;
      (*renumber)[k] = static_cast<uint32_t>(words.size());
      words.push_back(std::move(store_[k]));
    }
    return words;
  }

 private:
  // Nearly every word has at most 16 bytes. Such a word is its own key: its
  // bytes padded with zeros to 16 (no word holds a zero byte), compared and
  // hashed as two 64-bit numbers without a loop or a branch on its length.
  // Looking words up byte by byte in a WordTable was, after the cutting,
  // most of the time a page's words took.
  static constexpr size_t kShortWord = 16;
  struct ShortSlot {
    uint64_t lo = 0, hi = 0;  // lo == 0: empty (a word's first byte is not zero)
    uint32_t number = 0;
  };
  // Masks that keep the first n bytes of 8 (by byte, so on any byte order).
  static constexpr auto kKeep = [] {
    std::array<uint64_t, 9> keep{};
    for (size_t n = 0; n <= 8; ++n) {
      std::array<unsigned char, 8> bytes{};
      for (size_t i = 0; i < n; ++i) bytes[i] = 0xFF;
      keep[n] = std::bit_cast<uint64_t>(bytes);
    }
    return keep;
  }();

  static size_t ShortHash(uint64_t lo, uint64_t hi) {
    uint64_t h = lo * 0x9E3779B97F4A7C15ull ^ hi * 0xC2B2AE3D27D4EB4Full;
    return static_cast<size_t>(h ^ (h >> 32));
  }
  // REQUIRES: n <= 16 and 16 bytes readable at w.
  uint32_t ShortNumber(const char* w, size_t n) {
    uint64_t lo, hi;
    std::memcpy(&lo, w, 8);
    std::memcpy(&hi, w + 8, 8);
    lo &= kKeep[std::min<size_t>(n, 8)];
    hi &= kKeep[n - std::min<size_t>(n, 8)];
    for (size_t i = ShortHash(lo, hi) & short_mask_;; i = (i + 1) & short_mask_) {
      ShortSlot& slot = short_[i];
      if (slot.lo == lo && slot.hi == hi) return slot.number;
      if (slot.lo == 0) {
        slot = {lo, hi, NewWord(std::string_view(w, n))};
        uint32_t number = slot.number;
        if (2 * ++short_count_ > short_mask_ + 1) GrowShort();
        return number;
      }
    }
  }
  // At most half the slots are used, so a probe ends soon. Only the slots
  // under the mask are read (ClearSlots says why).
  void GrowShort() {
    const size_t used = short_mask_ + 1;
    std::vector<ShortSlot> old(2 * used);
    old.swap(short_);
    short_mask_ = short_.size() - 1;
    for (size_t j = 0; j < used; ++j) {
      const ShortSlot& s = old[j];
      if (s.lo == 0) continue;
      size_t i = ShortHash(s.lo, s.hi) & short_mask_;
      while (short_[i].lo != 0) i = (i + 1) & short_mask_;
      short_[i] = s;
    }
  }
  uint32_t LongNumber(std::string_view w) {
    uint32_t k = long_.Add(w, [&](std::string_view v) -> std::string_view {
      long_number_.push_back(NewWord(v));
      return store_.back();
    });
    return long_number_[k];
  }
  uint32_t NewWord(std::string_view w) {
    store_.emplace_back(w);
    stop_.push_back(IsSearchStopWord(w));
    seen_.push_back(stop_.back() ? kNever : 0);
    return static_cast<uint32_t>(stop_.size() - 1);
  }

  std::vector<ShortSlot> short_;
  size_t short_mask_ = 0, short_count_ = 0;
  WordTable long_;                     // the longer words (views into store_)
  std::vector<uint32_t> long_number_;  // by long_'s number: the page's
  std::string folded_;
  std::vector<WordSpan> spans_;
  std::deque<std::string> store_;  // the words, by number (a deque: views into it stay valid)
  std::vector<char> stop_;         // by number
  // By number: the last Index call that gave it; kNever for a stop word.
  static constexpr uint32_t kNever = UINT32_MAX;
  std::vector<uint32_t> seen_;
  std::vector<uint32_t> found_;  // Index's numbers, in a buffer that is kept
  uint32_t stamp_ = 0;
};

}  // namespace

SearchIndex::SearchIndex() = default;
SearchIndex::~SearchIndex() = default;

bool SearchIndex::IsCompoundPart(std::string_view word) {
  // Numbers are no parts of compounds (and every new number, say a date
  // typed into a page, would otherwise change the dictionary of the site).
  return word.size() >= kMinCompoundPart &&
         std::none_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

PreparedSearchDoc SearchIndex::Prepare(SearchDoc doc) {
  PreparedSearchDoc p;
  thread_local PageWords words;
  words.Clear();
  p.url = std::move(doc.url);
  p.title = std::move(doc.title);
  p.title_words = words.Index(p.title);
  p.text_bytes = p.title.size() + doc.summary.size();
  if (doc.sections.empty()) doc.sections.emplace_back();
  for (SearchSection& in : doc.sections) {
    PreparedSearchDoc::Section s;
    p.text_bytes += in.heading.size() + in.text.size();
    s.heading_words = words.Index(in.heading);
    s.body_words = words.Index(in.text);
    s.snippet = MakeSnippet(in.text, kSnippetBytes);
    s.heading = std::move(in.heading);
    s.anchor = std::move(in.anchor);
    p.sections.push_back(std::move(s));
  }
  // The summary is front matter, not always shown in the text: its words
  // count for the top section, and it stands in for an empty top snippet.
  PreparedSearchDoc::Section& top = p.sections.front();
  if (!doc.summary.empty()) {
    std::vector<uint32_t> more = words.Index(doc.summary);
    std::unordered_set<uint32_t> seen(top.body_words.begin(), top.body_words.end());
    for (uint32_t w : more)
      if (!seen.count(w)) top.body_words.push_back(w);
    if (top.snippet.empty()) top.snippet = MakeSnippet(doc.summary, kSnippetBytes);
  }
  std::vector<uint32_t> renumber;
  p.words = words.Take(&renumber);
  auto apply = [&](std::vector<uint32_t>* v) {
    for (uint32_t& w : *v) w = renumber[w];
  };
  apply(&p.title_words);
  for (PreparedSearchDoc::Section& s : p.sections) {
    apply(&s.heading_words);
    apply(&s.body_words);
  }
  return p;
}

std::vector<uint32_t> SearchIndex::WordIds(const std::vector<std::string>& words) {
  std::vector<uint32_t> ids;
  ids.reserve(words.size());
  for (const std::string& w : words) {
    uint32_t id = word_ids_.Add(w, [&](std::string_view v) -> std::string_view {
      words_.emplace_back(v);
      return word_store_.emplace_back(v);
    });
    ids.push_back(id);
  }
  return ids;
}

IndexedPage SearchIndex::MakePage(PreparedSearchDoc&& doc, std::vector<uint32_t>* word_ids) {
  // The page's words are looked up once; each field's numbers map to ids.
  std::vector<uint32_t>& id_of = *word_ids;
  id_of = WordIds(doc.words);
  // In place, in text order: nothing needs a field's ids sorted (a posting
  // list gets a section once whatever the order of its words), and mapping
  // them into new, sorted vectors was nearly half of adding a page.
  auto ids = [&](std::vector<uint32_t>& words) {
    for (uint32_t& w : words) w = id_of[w];
    return std::move(words);
  };
  IndexedPage page;
  page.url = std::move(doc.url);
  page.title = std::move(doc.title);
  page.title_words = ids(doc.title_words);
  page.sections.reserve(doc.sections.size());
  for (PreparedSearchDoc::Section& in : doc.sections) {
    IndexedSection s;
    s.heading_words = ids(in.heading_words);
    s.body_words = ids(in.body_words);
    s.snippet = std::move(in.snippet);
    s.heading = std::move(in.heading);
    s.anchor = std::move(in.anchor);
    page.sections.push_back(std::move(s));
  }
  if (page.sections.empty()) page.sections.emplace_back();
  page.shown_hash = ShownHash(page);
  return page;
}

std::vector<uint32_t> SearchIndex::WordsOf(const IndexedPage& page) const {
  // A word counts once per page, whatever fields hold it.
  thread_local std::vector<uint32_t> seen;
  thread_local uint32_t stamp = 0;
  if (seen.size() < words_.size()) seen.resize(words_.size(), 0);
  if (++stamp == 0) {
    std::fill(seen.begin(), seen.end(), 0);
    stamp = 1;
  }
  std::vector<uint32_t> out;
  auto add = [&](const std::vector<uint32_t>& ids) {
    for (uint32_t w : ids) {
      if (seen[w] == stamp) continue;
      seen[w] = stamp;
      out.push_back(w);
    }
  };
  add(page.title_words);
  for (const IndexedSection& s : page.sections) {
    add(s.heading_words);
    add(s.body_words);
  }
  return out;
}

void SearchIndex::CountWords(const std::vector<uint32_t>& word_ids, int delta) {
  if (refs_.size() < words_.size()) refs_.resize(words_.size(), 0);
  for (uint32_t w : word_ids) {
    if (delta > 0) {
      if (refs_[w]++ == 0 && w < counted_words_) --unused_words_;
    } else if (--refs_[w] == 0) {
      ++unused_words_;
    }
  }
  counted_words_ = words_.size();
}

void SearchIndex::Add(PreparedSearchDoc&& doc) {
  changes_.rebuild = true;  // a page more
  text_bytes_ += doc.text_bytes;
  page_text_bytes_.push_back(doc.text_bytes);
  std::vector<uint32_t> word_ids;
  IndexedPage page = MakePage(std::move(doc), &word_ids);
  CountWords(word_ids, +1);
  page_of_url_.try_emplace(page.url, static_cast<uint32_t>(pages_.size()));
  pages_.push_back(std::move(page));
}

void SearchIndex::Replace(PreparedSearchDoc&& doc) {
  auto it = page_of_url_.find(doc.url);
  if (it == page_of_url_.end()) return Add(std::move(doc));
  uint32_t at = it->second;
  CountWords(WordsOf(pages_[at]), -1);
  text_bytes_ -= page_text_bytes_[at];
  text_bytes_ += doc.text_bytes;
  page_text_bytes_[at] = doc.text_bytes;
  std::vector<uint32_t> word_ids;
  IndexedPage page = MakePage(std::move(doc), &word_ids);  // (new words get the ids after the others)
  if (replaced_pages_.insert(at).second) {
    // The words of the version WriteFiles last saw; its texts are not needed.
    IndexedPage old = std::move(pages_[at]);
    old.url.clear();
    old.title.clear();
    for (IndexedSection& s : old.sections) s.heading.clear(), s.anchor.clear(), s.snippet.clear();
    changes_.replaced.emplace_back(at, std::move(old));
  }
  pages_[at] = std::move(page);
  CountWords(word_ids, +1);
}

void SearchIndex::DropUnusedWords() {
  if (unused_words_ == 0) return;
  // New ids in the order of the old ones.
  std::vector<uint32_t> new_id(words_.size(), UINT32_MAX);
  std::vector<std::string> kept;
  std::vector<uint32_t> kept_refs;
  word_ids_.Clear(words_.size());
  word_store_.clear();
  for (uint32_t w = 0; w < words_.size(); ++w) {
    if (refs_[w] == 0) continue;
    new_id[w] = static_cast<uint32_t>(kept.size());
    kept.push_back(std::move(words_[w]));
    kept_refs.push_back(refs_[w]);
    word_ids_.Add(kept.back(), [&](std::string_view v) -> std::string_view { return word_store_.emplace_back(v); });
  }
  auto renumber = [&](std::vector<uint32_t>* ids) {
    for (uint32_t& w : *ids) w = new_id[w];
  };
  for (IndexedPage& page : pages_) {
    renumber(&page.title_words);
    for (IndexedSection& s : page.sections) {
      renumber(&s.heading_words);
      renumber(&s.body_words);
    }
  }
  // The memo's ids to today's, for WriteFiles (a second drop since the memo
  // goes through the first).
  if (changes_.renumbered.empty()) {
    changes_.renumbered = std::move(new_id);
  } else {
    for (uint32_t& id : changes_.renumbered)
      if (id != UINT32_MAX) id = new_id[id];
  }
  words_ = std::move(kept);
  refs_ = std::move(kept_refs);
  counted_words_ = words_.size();
  unused_words_ = 0;
}

size_t SearchIndex::TextBytes() const { return text_bytes_; }

const std::vector<std::string>& SearchIndex::Words() const { return words_; }

std::vector<SearchFile> SearchIndex::ToFiles(const SearchWriteOptions& options, SearchFilesInfo* info) const {
  // Compound parts are the words of the whole index.
  std::unordered_set<std::string_view> parts;
  for (const std::string& w : words_)
    if (IsCompoundPart(w)) parts.insert(w);
  return SearchIndexFiles(
      pages_, words_, [&](std::string_view p) { return parts.count(p) != 0; }, text_bytes_, options, info);
}

std::vector<SearchFile> SearchIndex::WriteFiles(const SearchWriteOptions& options, SearchFilesInfo* info) {
  std::unordered_set<std::string_view> parts;
  for (const std::string& w : words_)
    if (IsCompoundPart(w)) parts.insert(w);
  std::vector<SearchFile> files = SearchIndexFiles(
      pages_, words_, [&](std::string_view p) { return parts.count(p) != 0; }, text_bytes_, options, info, &memo_,
      &changes_);
  changes_ = SearchChanges{.rebuild = false, .replaced = {}, .renumbered = {}};
  replaced_pages_.clear();
  return files;
}

std::string SearchIndex::ToScript(const SearchWriteOptions& options) const {
  std::string out;
  for (const SearchFile& f : ToFiles(options)) out.append(f.text);
  return out;
}

}  // namespace ww
