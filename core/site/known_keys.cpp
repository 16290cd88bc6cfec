#include "site/known_keys.h"

#include <algorithm>
#include <cctype>

#include "site/data_format.h"

namespace ww {

namespace {

// Every setting of site.toml the engine reads (docs/content.md, "Site
// settings"). A name ending in ".*" is a table whose keys are free.
const std::vector<std::string_view> kSiteKeys = {
    "title",
    "description",
    "language",
    "organisation",
    "logo",
    "licence",
    "theme",
    "theme.name",
    "theme.colors.*",
    "base_url",
    "strict",
    "markup",
    "markup.unsafe_html",
    "content",
    "content.sources",
    "menu",
    "menu.header",
    "menu.footer",
    "plugins",
    "plugins.disabled",
    "plugins.order",
    "plugins.allow",
    "plugins.instructions",
    "plugins.memory_mb",
    "plugins.seconds",
    "plugins.options.*",
    "search",
    "search.enabled",
    "search.shard_pages",
    "feed",
    "feed.enabled",
    "sitemap",
    "sitemap.enabled",
    "print",
    "print.enabled",
    "images",
    "images.max_kb",
    "params.*",
};

// How Dutch authors name settings and fields they guess.
const std::vector<std::pair<std::string_view, std::string_view>> kDutchSite = {
    {"titel", "title"},
    {"naam", "title"},
    {"omschrijving", "description"},
    {"beschrijving", "description"},
    {"taal", "language"},
    {"organisatie", "organisation"},
    {"thema", "theme"},
    {"zoeken", "search"},
    {"afdrukken", "print"},
    {"strikt", "strict"},
    {"afbeeldingen", "images"},
    {"plaatjes", "images"},
    {"kleuren", "colors"},
    {"adres", "base_url"},
    {"url", "base_url"},
    {"baseurl", "base_url"},
    {"baseURL", "base_url"},
    {"aan", "enabled"},
};

const std::vector<std::string_view> kFrontMatterKeys = {
    "title",  "summary",      "description", "date",    "lastmod", "weight",   "draft",
    "hidden", "tags",         "aliases",     "slug",    "layout",  "nosearch", "nav_title",
    "author", "organisation", "source",      "licence", "license", "form",     "print",
};

const std::vector<std::pair<std::string_view, std::string_view>> kDutchFrontMatter = {
    {"titel", "title"},
    {"samenvatting", "summary"},
    {"omschrijving", "description"},
    {"beschrijving", "description"},
    {"datum", "date"},
    {"gewijzigd", "lastmod"},
    {"gewicht", "weight"},
    {"volgorde", "weight"},
    {"concept", "draft"},
    {"klad", "draft"},
    {"verborgen", "hidden"},
    {"trefwoorden", "tags"},
    {"labels", "tags"},
    {"auteur", "author"},
    {"bron", "source"},
    {"opmaak", "layout"},
    {"sjabloon", "layout"},
    {"formulier", "form"},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Optimal string alignment distance: a swapped pair ("titel"/"title" is two
// substitutions otherwise) counts as one edit.
size_t Distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// The column of `key` on line `line` of text (1-based), 1 when not found.
int KeyCol(std::string_view text, int line, std::string_view key) {
  size_t start = 0;
  for (int l = 1; l < line && start != std::string_view::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos) return 1;
  size_t end = text.find('\n', start);
  std::string_view row = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  size_t at = row.find(key);
  return at == std::string_view::npos ? 1 : static_cast<int>(at) + 1;
}

struct SiteKeyChecker {
  std::string_view text;
  const std::string& path;
  Diagnostics* diags;

  bool Known(const std::string& dotted) const {
    for (std::string_view k : kSiteKeys) {
      if (k == dotted) return true;
      if (k.ends_with(".*") && dotted.starts_with(k.substr(0, k.size() - 1))) return true;
      if (k.ends_with(".*") && dotted == k.substr(0, k.size() - 2)) return true;
    }
    return false;
  }
  bool Free(const std::string& dotted) const {
    for (std::string_view k : kSiteKeys)
      if (k.ends_with(".*") && (dotted == k.substr(0, k.size() - 2) || dotted.starts_with(k.substr(0, k.size() - 1))))
        return true;
    return false;
  }

  // The known names beside `prefix` ("" for the top level, "search." inside [search]).
  std::vector<std::string_view> Siblings(const std::string& prefix) const {
    std::vector<std::string_view> out;
    for (std::string_view k : kSiteKeys) {
      if (!k.starts_with(prefix)) continue;
      std::string_view rest = k.substr(prefix.size());
      if (rest.ends_with(".*")) rest = rest.substr(0, rest.size() - 2);
      if (rest.find('.') == std::string_view::npos && !rest.empty()) out.push_back(rest);
    }
    return out;
  }

  void Walk(const Value& v, const std::string& prefix) {
    for (const auto& [key, child] : v.as_object()) {
      std::string dotted = prefix + key;
      if (Free(dotted)) continue;
      if (!Known(dotted)) {
        Report(key, dotted, prefix, child.is_object());
        continue;  // a misspelt table is reported once, not each of its keys
      }
      if (child.is_object()) Walk(child, dotted + ".");
    }
  }

  void Report(const std::string& key, const std::string& dotted, const std::string& prefix, bool table) {
    std::string near = NearestName(key, Siblings(prefix), kDutchSite);
    int line = FindKeyLine(text, DataFormat::kToml, dotted);
    std::string shown = table ? "[" + dotted + "]" : "'" + dotted + "'";
    std::string msg = "unknown setting " + shown + " is ignored; ";
    if (!near.empty()) {
      std::string want = prefix + near;
      msg += "did you mean " + (table ? "[" + want + "]" : "'" + want + "'") + "?";
    } else {
      msg += "see the settings in docs/content.md, or put a value of your own under [params]";
    }
    diags->Warning(path, line, line > 0 ? KeyCol(text, line, key) : 0, msg);
  }
};

}  // namespace

std::string NearestName(std::string_view word, const std::vector<std::string_view>& known,
                        const std::vector<std::pair<std::string_view, std::string_view>>& dutch) {
  std::string w = Lower(word);
  for (const auto& [nl, en] : dutch)
    if (w == Lower(nl) && std::find(known.begin(), known.end(), en) != known.end()) return std::string(en);
  size_t limit = w.size() <= 4 ? 1 : 2;
  std::string best;
  size_t best_d = limit + 1;
  for (std::string_view k : known) {
    size_t d = Distance(w, Lower(k));
    if (d > 0 && d < best_d) {
      best_d = d;
      best = std::string(k);
    } else if (d == 0 && word != k) {
      return std::string(k);  // only the case differs: "Title"
    }
  }
  return best;
}

void CheckSiteKeys(const Value& raw, std::string_view text, const std::string& path, Diagnostics* diags) {
  if (!raw.is_object()) return;
  SiteKeyChecker{text, path, diags}.Walk(raw, "");
}

std::string FrontMatterSuggestion(std::string_view key) {
  if (std::find(kFrontMatterKeys.begin(), kFrontMatterKeys.end(), key) != kFrontMatterKeys.end()) return "";
  return NearestName(key, kFrontMatterKeys, kDutchFrontMatter);
}

}  // namespace ww
