// search_script: writes the search index out as the scripts search.js loads
// from file:// (no fetch, no modules): search-index.js, or a manifest and
// one search-index-N.js per shard. docs/search.md describes the format; this
// file and themes/default/assets/search.js are its two sides.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ww {

// A page as the index keeps it: the texts shown in results, and its words as
// ids into the index's word list.
struct IndexedSection {
  std::string heading, anchor, snippet;
  std::vector<uint32_t> heading_words, body_words;  // word ids, sorted, unique
};
struct IndexedPage {
  std::string url, title;
  std::vector<uint32_t> title_words;     // word ids, sorted, unique
  std::vector<IndexedSection> sections;  // at least one
};

// The index as one JSON object, the format of docs/search.md ({"v":2,...}).
// `words` are the folded words the ids point into; `is_part` tells the words
// that compounds may be split into (SplitCompound); `text_bytes` is reported
// as "tb". The output does not depend on the order of `pages`.
std::string SearchIndexJson(const std::vector<IndexedPage>& pages, const std::vector<std::string>& words,
                            const std::function<bool(std::string_view)>& is_part, size_t text_bytes);

// A whole search-index.js of one index: `window.WEGWIJZER_SEARCH={...};`.
std::string SearchIndexScript(std::string_view json);
// Shard `shard` of a site's index (search-index-SHARD.js), see
// SearchManifestScript.
std::string SearchShardScript(size_t shard, std::string_view json);
// search-index.js of a site whose index is split in `shards` shards
// (search-index-0.js ...): `window.WEGWIJZER_SEARCH={"v":3,"shards":N};`.
// search.js loads the shards and searches them as one.
std::string SearchManifestScript(size_t shards);

// Sorted unique ids as search.js's decodeIds reads them (docs/search.md,
// "Numbers"): as deltas, or as a bitmap when that is shorter.
// REQUIRES: `ids` sorted and unique.
std::string EncodeIds(const std::vector<uint32_t>& ids);

}  // namespace ww
