// known_keys: the names Wegwijzer reads in site.toml and in front matter, and
// the nearest known name to a misspelt one ("titel" → "title").
//
// A setting Wegwijzer does not know is ignored by the build, which is how a
// typo goes unnoticed; these checks turn it into a warning with a suggestion.
// site.toml is checked key by key: every setting is Wegwijzer's, except the
// free tables [params], [plugins.options.NAME] and [theme.colors]. Front
// matter is free (templates read page.params, plugins page.meta), so only a
// name close to a known field is reported.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diagnostics.h"
#include "value.h"

namespace ww {

// The known name closest to `word` (edit distance 1 for short names, 2 for
// longer, a swap of two letters counting as 1, case ignored; or the Dutch word
// for it: "datum" → "date"), or "" when none is close. `known` is a list of
// names; Dutch words are looked up in `dutch` ("datum=date" pairs).
std::string NearestName(std::string_view word, const std::vector<std::string_view>& known,
                        const std::vector<std::pair<std::string_view, std::string_view>>& dutch = {});

// Warns about every key of site.toml (`raw`, parsed from `text`) that
// Wegwijzer does not read, at its line and column, with "did you mean" when
// one is close. A misspelt table ([serch]) is reported once, not per key.
void CheckSiteKeys(const Value& raw, std::string_view text, const std::string& path, Diagnostics* diags);

// For a front matter field Wegwijzer does not read: the field it was likely
// meant to be ("titel" → "title"), or "" when it is no near miss (a field of
// the site's own, for a template or plugin).
std::string FrontMatterSuggestion(std::string_view key);

}  // namespace ww
