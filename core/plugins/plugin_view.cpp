#include "plugins/plugin_view.h"

#include <cmath>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ww {

namespace {

const char* KindName(PageKind k) {
  return k == PageKind::kHome ? "home" : k == PageKind::kSection ? "section" : "page";
}

// The date the page template shows as "Bijgewerkt op" (page_context.cpp):
// front matter `lastmod`, else the git history (applied to lastmod before the
// plugins start), else `date`. Plugins that sort by it (recent.lua) must see
// the same date the reader sees on the page.
const std::string& Updated(const Page& p) { return p.lastmod.empty() ? p.date : p.lastmod; }

}  // namespace

Value PageValue(const SiteTree& tree, const Page& p) {
  Value v;
  v.Set("title", p.title);
  v.Set("summary", p.summary);
  v.Set("path", p.rel);
  v.Set("source", p.source_path);
  v.Set("url", p.out_path);
  v.Set("kind", KindName(p.kind));
  v.Set("date", p.date);
  v.Set("updated", Updated(p));
  v.Set("section", p.parent >= 0 ? tree.pages[p.parent].rel : "");
  Value tags = Value::MakeArray();
  for (const std::string& t : p.tags) tags.Push(t);
  v.Set("tags", std::move(tags));
  v.Set("meta", p.meta);
  return v;
}

Value SiteValue(const SiteConfig& config, const SiteTree& tree) {
  Value site;
  site.Set("title", config.title);
  site.Set("language", config.language);
  site.Set("params", config.params);
  site.Set("data", tree.data);
  // Sized up front for large sites (10,000 pages). Each page is less than a
  // PageValue (no source, no meta): the site is copied into every Lua state
  // that reads it.
  Value pages = Value::MakeArray();
  pages.as_array().reserve(tree.reading_order.size());
  Value sections = Value::MakeArray();
  Value tags = Value::MakeObject();
  for (int i : tree.reading_order) {
    const Page& p = tree.pages[i];
    Value v = Value::MakeObject();
    v.as_object().reserve(9);  // the fields below
    v.Set("title", p.title);
    v.Set("summary", p.summary);
    v.Set("path", p.rel);
    v.Set("url", p.out_path);
    v.Set("kind", KindName(p.kind));
    v.Set("date", p.date);
    v.Set("updated", Updated(p));
    v.Set("section", p.parent >= 0 ? tree.pages[p.parent].rel : "");
    Value t = Value::MakeArray();
    // The tag index is built in the same pass: no second walk over the pages.
    for (const std::string& tag : p.tags) {
      t.Push(tag);
      Value* list = tags.Get(tag);
      if (!list) list = &tags.Set(tag, Value::MakeArray());
      list->Push(p.rel);
    }
    v.Set("tags", std::move(t));
    if (p.kind != PageKind::kPage) sections.Push(p.rel);
    pages.Push(std::move(v));
  }
  site.Set("pages", std::move(pages));
  site.Set("sections", std::move(sections));
  site.Set("tags", std::move(tags));
  return site;
}

Value InAuthorOrder(const Value& before, Value after) {
  if (before.is_array() && after.is_object() && after.as_object().empty()) return Value::MakeArray();
  if (before.is_array() && after.is_array() && before.as_array().size() == after.as_array().size()) {
    for (size_t i = 0; i < before.as_array().size(); ++i)
      after.as_array()[i] = InAuthorOrder(before.as_array()[i], std::move(after.as_array()[i]));
    return after;
  }
  if (!before.is_object() || !after.is_object()) return after;
  // Linear: the keys of `after` are found through a hash index (front
  // matter may have many thousands of keys; a scan per key was quadratic).
  Object& a = after.as_object();
  std::vector<bool> used(a.size(), false);
  std::unordered_map<std::string_view, size_t> index;
  index.reserve(a.size());
  for (size_t i = 0; i < a.size(); ++i) index.emplace(a[i].first, i);
  Object out;
  out.reserve(a.size());
  for (const auto& [k, v] : before.as_object()) {
    auto it = index.find(k);
    if (it == index.end() || used[it->second]) continue;
    size_t i = it->second;
    out.emplace_back(k, InAuthorOrder(v, std::move(a[i].second)));
    used[i] = true;
  }
  for (size_t i = 0; i < a.size(); ++i)
    if (!used[i]) out.push_back(std::move(a[i]));
  return Value(std::move(out));
}

namespace {

std::string KindOf(const Value& v) {
  if (v.is_null()) return "nil";
  if (v.is_bool()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "text";
  return v.is_array() ? "a list" : "a table";
}

// Text, or a number that has a text form: NaN and infinity have none (JSON
// has neither, so a page would show "null").
bool IsTextLike(const Value& v) {
  return v.is_string() || v.is_int() || (v.is_double() && std::isfinite(v.as_double()));
}

// The dotted path of the first number in v that is NaN or infinite, or "".
std::string NonFinite(const Value& v, const std::string& path) {
  if (v.is_double() && !std::isfinite(v.as_double())) return path;
  if (v.is_array())
    for (size_t i = 0; i < v.as_array().size(); ++i)
      if (std::string p = NonFinite(v.as_array()[i], path + "[" + std::to_string(i + 1) + "]"); !p.empty()) return p;
  if (v.is_object())
    for (const auto& [k, e] : v.as_object())
      if (std::string p = NonFinite(e, path + "." + k); !p.empty()) return p;
  return "";
}

}  // namespace

std::string CheckPageFields(const Value& page) {
  for (const char* field : {"title", "summary"})
    if (const Value* t = page.Get(field); t && !IsTextLike(*t))
      return std::string(field) + " must be text, not " + (t->is_number() ? "NaN or infinity" : KindOf(*t));
  if (const Value* t = page.Get("tags")) {
    if (!t->is_array() && !(t->is_object() && t->as_object().empty()))
      return "tags must be a list of text, not " + KindOf(*t);
    if (t->is_array())
      for (size_t i = 0; i < t->as_array().size(); ++i)
        if (const Value& tag = t->as_array()[i]; !IsTextLike(tag))
          return "tag " + std::to_string(i + 1) + " must be text, not " +
                 (tag.is_number() ? "NaN or infinity" : KindOf(tag));
  }
  if (const Value* m = page.Get("meta")) {
    if (!m->is_object()) return "meta must be a table, not " + KindOf(*m);
    if (std::string p = NonFinite(*m, "meta"); !p.empty())
      return p + " is NaN or infinity, which a page cannot show; give a number or text";
  }
  return "";
}

std::shared_ptr<const Value> LazySite::Get() {
  std::call_once(once_, [&] {
    value_ = std::make_shared<const Value>(SiteValue(config_, *tree_));
    // Keep no pointer to the tree once made: `serve` keeps plugin states
    // across builds and moves its tree in between.
    tree_ = nullptr;
  });
  return value_;
}

}  // namespace ww
