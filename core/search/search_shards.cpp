#include "search/search_shards.h"

#include <algorithm>

#include "value.h"

namespace ww {

std::string SearchSynonyms(const Value& data, const std::string& source, Diagnostics* diags) {
  auto warn = [&](const std::string& what) {
    if (diags)
      diags->Warning(source, 0, 0,
                     what +
                         ": the search leaves it out; write [[synonyms]] tables with words = [\"IB'er\", "
                         "\"intern begeleider\"] (docs/search.md)");
  };
  std::string out = "[";
  const Value* groups = data.is_object() ? data.Find("synonyms") : nullptr;
  if (!groups || !groups->is_array()) {
    warn("no [[synonyms]] list");
    return "[]";
  }
  size_t n = 0;
  for (const Value& g : groups->as_array()) {
    ++n;
    const Value* words = g.is_object() ? g.Find("words") : nullptr;
    std::vector<std::string> list;
    if (!words || !words->is_array()) {
      warn("synonym group " + std::to_string(n) + " has no words = [...]");
      continue;
    }
    for (const Value& w : words->as_array())
      if (w.is_string() && !Tokenize(w.as_string()).empty()) list.push_back(w.as_string());
    if (list.size() < 2 || list.size() != words->as_array().size()) {
      warn("synonym group " + std::to_string(n) + " is not a list of two or more words");
      if (list.size() < 2) continue;
    }
    if (out.size() > 1) out.push_back(',');
    out.push_back('[');
    for (size_t i = 0; i < list.size(); ++i) {
      if (i) out.push_back(',');
      AppendJsonString(out, list[i], JsonTarget::kScriptFile);
    }
    out.push_back(']');
  }
  out.push_back(']');
  return out;
}

SearchShards::SearchShards(const SiteTree& tree, const SiteConfig& config, bool add_at_once, Diagnostics* diags)
    : enabled_(config.search), doc_pages_(kDocPages), shard_of_(tree.pages.size(), -1), synonyms_("[]") {
  if (enabled_)
    for (const Page& p : tree.pages)
      if (!p.meta.GetBool("nosearch")) pages_.push_back(p.index);
  // URL order keeps a section's pages together in few chunks. Output paths
  // are unique, so the order is the same on every build.
  std::sort(pages_.begin(), pages_.end(),
            [&](int a, int b) { return tree.pages[a].out_path < tree.pages[b].out_path; });
  if (const Value* v = config.raw.Find("search.doc_pages"); v && v->is_int() && v->as_int() > 0)
    doc_pages_ = static_cast<size_t>(v->as_int());
  for (size_t i = 0; i < pages_.size(); ++i) shard_of_[pages_[i]] = static_cast<int>(i / doc_pages_);
  dirty_.assign(count(), 1);
  if (add_at_once) index_ = std::make_unique<SearchIndex>();
  keep_ = !add_at_once;
  std::string name = "zoekwoorden";
  if (const Value* v = config.raw.Find("search.synonyms"); v && v->is_string()) name = v->as_string();
  if (enabled_ && tree.data.is_object())
    for (const auto& [key, data] : tree.data.as_object())
      if (key == name) {
        auto src = tree.data_sources.find(name);
        synonyms_ = SearchSynonyms(data, src != tree.data_sources.end() ? src->second : name, diags);
      }
}

SearchShards::~SearchShards() = default;

void SearchShards::Add(int page, PreparedSearchDoc&& doc) {
  std::lock_guard<std::mutex> lock(mu_);
  index_->Add(std::move(doc));
}

void SearchShards::Plan(SearchShardMemory* last, const std::vector<char>& rendered, const DocOf&, int) {
  // The split follows from site.toml and the set of pages, both part of the
  // skeleton, so a reusing build has the last one; the sizes are checked so a
  // memory of another split never leaves a chunk unwritten.
  bool same =
      last && last->pages == pages_.size() && last->doc_pages == doc_pages_ && last->doc_bytes.size() == count();
  if (!same) return;  // every chunk
  last_.pages = last->pages;
  last_.doc_pages = last->doc_pages;
  last_.doc_bytes = last->doc_bytes;
  if (enabled_ && keep_ && last->index) {
    index_ = std::move(last->index);
    took_last_index_ = true;
    for (int p : pages_)
      if (rendered[p]) changed_.push_back(p);
  }
  for (size_t k = 0; k < dirty_.size(); ++k) {
    size_t from = k * doc_pages_, to = std::min(pages_.size(), from + doc_pages_);
    bool changed = false;
    for (size_t i = from; i < to && !changed; ++i) changed = rendered[pages_[i]];
    dirty_[k] = changed;
  }
}

size_t SearchShards::Write(const WriteFn& write, const DocOf& doc_of, int jobs, const ReadFn& previous) {
  if (!enabled_) return 0;
  if (!index_) {
    index_ = std::make_unique<SearchIndex>();
    for (int p : pages_) index_->Add(doc_of(p));
  } else if (keep_) {  // the last build's index: only the pages rendered again change
    for (int p : changed_) index_->Replace(PreparedSearchDoc(doc_of(p)));
    index_->DropUnusedWords();
  }
  SearchWriteOptions options;
  options.doc_pages = doc_pages_;
  options.synonyms = synonyms_;
  options.jobs = jobs;
  options.want_docs = [&](size_t k) { return dirty_[k] != 0; };
  options.previous = previous;
  options.unchanged_terms_stay = took_last_index_;  // then the output folder is the last build's (serve)
  SearchFilesInfo info;
  std::vector<SearchFile> files = keep_ ? index_->WriteFiles(options, &info) : index_->ToFiles(options, &info);
  if (keep_)
    next_.index = std::move(index_);
  else
    index_.reset();  // large: free it once written
  docs_reused_ = info.docs_reused;
  terms_made_ = info.terms_made;
  size_t total = 0;
  next_.pages = pages_.size();
  next_.doc_pages = doc_pages_;
  next_.doc_bytes = info.doc_bytes;
  for (size_t k = 0; k < next_.doc_bytes.size(); ++k)
    if (!dirty_[k]) next_.doc_bytes[k] = last_.doc_bytes[k];  // its file from the last build stays
  for (size_t b : next_.doc_bytes) total += b;
  total += info.terms_kept_bytes;
  for (const SearchFile& f : files) {
    if (f.name.rfind("search-docs-", 0) != 0) total += f.text.size();
    write(f.name, f.text);
  }
  return total;
}

}  // namespace ww
