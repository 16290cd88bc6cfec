#include "render/template.h"

#include <kainjow/mustache.hpp>
#include <mutex>
#include <regex>
#include <string_view>
#include <thread>
#include <unordered_set>

namespace ww {

namespace mstch = kainjow::mustache;

struct Theme::Compiled {
  std::string display_path;
  std::string expanded;
  std::vector<Theme::Segment> segments;
  std::unique_ptr<mstch::mustache> tmpl;
  // kainjow's render keeps error state in the template object, so threads
  // may not share one, and copying the parsed tree for every page was 6 % of
  // a build's CPU. Each thread that renders this template keeps a copy here,
  // made on its first use and dropped when a render fails (its error state
  // is set then). The copies go with the theme.
  mutable std::mutex copies_mu;
  mutable std::vector<std::pair<std::thread::id, std::unique_ptr<mstch::mustache>>> copies;
  mstch::mustache& CopyForThisThread() const;
  void DropCopyOfThisThread() const;
  // Every name any tag mentions. Data under other keys can never be shown, so
  // Render does not convert it: the page context holds the whole site's UI
  // strings, settings and navigation, and converting all of it for every page
  // was a large part of a build (bench/). Empty `names_known` = convert all.
  std::unordered_set<std::string> names;
  bool names_known = false;

  // File and line for an offset into the expanded text.
  std::pair<std::string, int> Locate(size_t offset, const std::map<std::string, std::string>& sources) const {
    for (const Segment& s : segments) {
      if (offset >= s.start && offset < s.end) {
        const std::string& text = sources.at(s.file);
        int line = s.first_line;
        for (size_t i = s.file_offset; i < s.file_offset + (offset - s.start) && i < text.size(); ++i)
          if (text[i] == '\n') ++line;
        return {s.file, line};
      }
    }
    return {display_path, 0};
  }
};

// The fixed links in one template source: href="{{root}}PATH" (or src,
// action) where PATH holds no tag. Links built from context ({{url}}) are the
// content's and are checked with it.
void FindFixedLinks(const std::string& file, const std::string& text, std::vector<ThemeLink>* out) {
  static constexpr std::string_view kRoot = "=\"{{root}}";
  int line = 1;
  size_t line_start = 0, counted = 0;
  for (size_t at = text.find(kRoot); at != std::string::npos; at = text.find(kRoot, at + 1)) {
    size_t name_start = at;
    while (name_start > 0 && std::isalpha(static_cast<unsigned char>(text[name_start - 1]))) --name_start;
    std::string_view name(text.data() + name_start, at - name_start);
    if (name != "href" && name != "src" && name != "action") continue;
    size_t from = at + kRoot.size(), end = text.find('"', from);
    if (end == std::string::npos) break;
    std::string target = text.substr(from, end - from);
    if (target.empty() || target.find("{{") != std::string::npos) continue;
    for (; counted < name_start; ++counted)
      if (text[counted] == '\n') {
        ++line;
        line_start = counted + 1;
      }
    if (size_t cut = target.find_first_of("?#"); cut != std::string::npos) target.resize(cut);
    out->push_back({file, line, static_cast<int>(name_start - line_start) + 1, target});
  }
}

struct ThemeLoader {
  Disk& disk;
  const ThemeFiles& theme;
  Diagnostics* diags;
  std::map<std::string, std::string> sources;  // display path → text

  // Reads the theme's file rel from the layer that wins it.
  bool ReadSource(const std::string& rel, std::string* display_path) {
    const LayeredFile* f = theme.Find(rel);
    if (!f) return false;
    *display_path = f->display;
    if (sources.count(*display_path)) return true;
    std::string text, err;
    if (!disk.ReadFile(f->disk_path, &text, &err)) {
      diags->Error(f->display, 0, 0, err);
      return false;
    }
    sources[*display_path] = text;
    return true;
  }

  // Appends file `display_path` to out, expanding partials; false on error.
  bool Expand(const std::string& display_path, std::vector<std::string>& stack, std::string& out,
              std::vector<Theme::Segment>& segs) {
    const std::string& text = sources.at(display_path);
    static const std::regex partial_re(R"(\{\{>\s*([A-Za-z0-9_./-]+)\s*\}\})");
    size_t pos = 0;
    int line = 1;
    auto emit = [&](size_t from, size_t to) {
      if (to <= from) return;
      segs.push_back({out.size(), out.size() + (to - from), display_path, line, from});
      out.append(text, from, to - from);
      for (size_t i = from; i < to; ++i)
        if (text[i] == '\n') ++line;
    };
    for (auto it = std::sregex_iterator(text.begin(), text.end(), partial_re); it != std::sregex_iterator(); ++it) {
      size_t at = static_cast<size_t>(it->position());
      emit(pos, at);
      std::string name = (*it)[1].str();
      std::string pdisplay;
      std::string rel = "templates/partials/" + name + ".mustache";
      if (!ReadSource(rel, &pdisplay)) {
        diags->Error(display_path, line, 1,
                     "partial '" + name + "' not found; create " + JoinPath(theme.display, rel) + " or fix the name");
        return false;
      }
      for (const std::string& s : stack) {
        if (s == pdisplay) {
          std::string chain;
          for (const std::string& c : stack) chain += c + " → ";
          diags->Error(display_path, line, 1,
                       "partials include each other in a loop: " + chain + pdisplay + "; remove one of the includes");
          return false;
        }
      }
      if (stack.size() > 32) {
        diags->Error(display_path, line, 1, "partials are nested more than 32 deep; simplify the theme");
        return false;
      }
      stack.push_back(pdisplay);
      bool ok = Expand(pdisplay, stack, out, segs);
      stack.pop_back();
      if (!ok) return false;
      for (size_t i = at; i < at + it->length(); ++i)
        if (text[i] == '\n') ++line;
      pos = at + static_cast<size_t>(it->length());
    }
    emit(pos, text.size());
    return true;
  }
};

namespace {

// The names in a template's tags: "page.title" gives "page" and "title".
// Returns false when the template changes its delimiters ({{=<% %>=}}), as
// tags are then not found this way.
bool CollectNames(const std::string& text, std::unordered_set<std::string>* names) {
  for (size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at)) {
    size_t end = text.find("}}", at + 2);
    if (end == std::string::npos) break;
    std::string_view tag(text.data() + at + 2, end - at - 2);
    if (!tag.empty() && tag[0] == '=') return false;
    size_t i = 0;
    while (i < tag.size()) {
      auto ident = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || (c & 0x80);
      };
      while (i < tag.size() && !ident(tag[i])) ++i;
      size_t start = i;
      while (i < tag.size() && ident(tag[i])) ++i;
      if (i > start) names->emplace(tag.substr(start, i - start));
    }
    at = end + 2;
  }
  return true;
}

// `used`: keys of objects not in it are left out (see Compiled::names).
// Takes the value by reference and moves its strings: the context is built
// for this one render (a page body is tens of kilobytes). kainjow's own
// set() and push_back() take copies, which copied every subtree once per
// level it sits below (a page body twice): members are moved in through
// operator[], and list items and strings through the containers kainjow
// hands out as const (they are not const objects, so this is well-defined).
mstch::data ToData(Value& v, const std::unordered_set<std::string>* used) {
  if (v.is_object()) {
    mstch::data d{mstch::data::type::object};
    for (auto& [k, e] : v.as_object())
      if (!used || used->count(k)) d[k] = ToData(e, used);
    return d;
  }
  if (v.is_array()) {
    mstch::data d{mstch::data::type::list};
    auto& list = const_cast<mstch::basic_list<std::string>&>(d.list_value());
    list.reserve(v.as_array().size());
    for (Value& e : v.as_array()) list.push_back(ToData(e, used));
    return d;
  }
  if (v.is_string() && !v.as_string().empty()) {
    mstch::data d{mstch::data::type::string};
    const_cast<std::string&>(d.string_value()) = std::move(v.as_string());
    return d;
  }
  if (v.is_bool()) return v.as_bool() ? mstch::data::type::bool_true : mstch::data::type::bool_false;
  // kainjow renders {{#x}} for any string, even "", while templates use
  // {{#page.summary}} and {{^page.date_nl}} to test for "empty": an empty
  // string is false (and {{x}} of false renders nothing, as "" would).
  if (v.is_null() || (v.is_string() && v.as_string().empty())) return mstch::data::type::bool_false;
  return mstch::data{v.ToText()};
}

// kainjow's own context splits every dotted name ("page.title") through a
// std::stringstream on every lookup: 7 % of a 10k-page build's CPU (bench/,
// perf). This one walks the name in place, with the same rules: {{.}} is the
// innermost item, and a dotted name is looked up whole in each item from the
// innermost out.
class FastContext final : public mstch::basic_context<std::string> {
 public:
  explicit FastContext(const mstch::data* root) { items_.push_back(root); }
  void push(const mstch::data* data) override { items_.push_back(data); }
  void pop() override { items_.pop_back(); }
  const mstch::data* get(const std::string& name) const override {
    if (name == ".") return items_.back();
    if (name.find('.') == std::string::npos) return get_partial(name);
    std::string part;
    for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
      const mstch::data* var = *it;
      std::string_view rest(name);
      while (var) {
        size_t dot = rest.find('.');
        part.assign(rest.substr(0, dot));
        var = var->get(part);
        if (dot == std::string_view::npos) break;
        rest.remove_prefix(dot + 1);
        if (rest.empty()) break;  // "a." is "a", as kainjow's split has it
      }
      if (var) return var;
    }
    return nullptr;
  }
  const mstch::data* get_partial(const std::string& name) const override {
    for (auto it = items_.rbegin(); it != items_.rend(); ++it)
      if (const mstch::data* var = (*it)->get(name)) return var;
    return nullptr;
  }

 private:
  std::vector<const mstch::data*> items_;  // innermost last
};

// What kainjow's render writes to: appends to a string (its ostringstream
// path copied every line once more).
struct StringSink {
  std::string out;
  StringSink& operator<<(const std::string& s) {
    out += s;
    return *this;
  }
};

// kainjow's html_escape, with the same entities (&apos; included, so pages
// stay byte for byte the same), but copying runs without a special
// character at once instead of appending byte by byte.
std::string FastEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  size_t from = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* entity;
    switch (s[i]) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        entity = "&quot;";
        break;
      case '\'':
        entity = "&apos;";
        break;
      default:
        continue;
    }
    out.append(s, from, i - from).append(entity);
    from = i + 1;
  }
  return out.append(s, from, std::string::npos);
}


}  // namespace

mstch::mustache& Theme::Compiled::CopyForThisThread() const {
  std::lock_guard<std::mutex> lock(copies_mu);
  for (auto& [thread, copy] : copies)
    if (thread == std::this_thread::get_id()) return *copy;
  copies.emplace_back(std::this_thread::get_id(), std::make_unique<mstch::mustache>(*tmpl));
  copies.back().second->set_custom_escape(FastEscape);
  return *copies.back().second;
}

void Theme::Compiled::DropCopyOfThisThread() const {
  std::lock_guard<std::mutex> lock(copies_mu);
  std::erase_if(copies, [](const auto& c) { return c.first == std::this_thread::get_id(); });
}

std::optional<Theme> Theme::Load(Disk& disk, const std::string& theme_dir, const std::string& display_dir,
                                 Diagnostics* diags) {
  return Load(disk, ThemeFromDir(disk, theme_dir, display_dir), diags);
}

std::optional<Theme> Theme::Load(Disk& disk, const ThemeFiles& files, Diagnostics* diags) {
  bool any = false;
  for (const auto& [rel, f] : files.files) any |= rel.starts_with("templates/");
  if (!any) {
    diags->Error(JoinPath(files.display, "templates"), 0, 0,
                 "theme has no templates folder; check 'theme' in site.toml (the theme must be a folder in themes/)");
    return std::nullopt;
  }
  Theme theme;
  theme.name_ = files.display;
  ThemeLoader loader{disk, files, diags, {}};
  bool ok = true;
  for (const auto& [path, file] : files.files) {
    if (!path.starts_with("templates/")) continue;
    std::string rel = path.substr(10);
    if (rel.find('/') != std::string::npos) continue;  // partials are included, not rendered
    if (rel.size() < 10 || !rel.ends_with(".mustache")) continue;
    std::string name = rel.substr(0, rel.size() - 9);
    auto c = std::make_shared<Compiled>();
    if (!loader.ReadSource(path, &c->display_path)) {
      ok = false;
      continue;
    }
    std::vector<std::string> stack = {c->display_path};
    if (!loader.Expand(c->display_path, stack, c->expanded, c->segments)) {
      ok = false;
      continue;
    }
    c->tmpl = std::make_unique<mstch::mustache>(c->expanded);
    c->names_known = CollectNames(c->expanded, &c->names);
    if (!c->tmpl->is_valid()) {
      std::string msg = c->tmpl->error_message();
      size_t at = 0;
      std::smatch m;
      static const std::regex at_re(R"( at (\d+)$)");
      if (std::regex_search(msg, m, at_re)) {
        at = std::stoul(m[1].str());
        msg = msg.substr(0, static_cast<size_t>(m.position(0)));
      }
      auto [file, line] = c->Locate(at, loader.sources);
      diags->Error(file, line, 0, "template error: " + msg + "; every {{#x}} needs a matching {{/x}}");
      ok = false;
      continue;
    }
    theme.templates_[name] = c;
  }
  if (!ok) return std::nullopt;
  for (const auto& [file, text] : loader.sources) FindFixedLinks(file, text, &theme.links_);
  return theme;
}

struct Theme::Shared {
  std::map<const Compiled*, mstch::data> by_template;  // converted with each template's names
};

void Theme::SetShared(Value shared) {
  auto converted = std::make_shared<Shared>();
  for (const auto& [name, c] : templates_) {
    Value copy = shared;
    converted->by_template.emplace(c.get(), ToData(copy, c->names_known ? &c->names : nullptr));
  }
  shared_ = std::move(converted);
}

bool Theme::Uses(const std::string& layout, const std::string& name) const {
  auto it = templates_.find(layout);
  if (it == templates_.end() || !it->second->names_known) return true;
  return it->second->names.count(name) > 0;
}

std::optional<std::string> Theme::Render(const std::string& name, const Value& context,
                                         const std::map<std::string, TemplateHelper>& helpers,
                                         const std::string& page_path, Diagnostics* diags) const {
  return Render(name, Value(context), helpers, page_path, diags);
}

std::optional<std::string> Theme::Render(const std::string& name, Value&& context,
                                         const std::map<std::string, TemplateHelper>& helpers,
                                         const std::string& page_path, Diagnostics* diags) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) {
    diags->Error(page_path, 1, 1,
                 "layout '" + name + "' does not exist in " + name_ + "/templates; use an existing layout or add " +
                     name + ".mustache");
    return std::nullopt;
  }
  const Compiled& c = *it->second;
  mstch::data data = ToData(context, c.names_known ? &c.names : nullptr);
  if (!helpers.empty()) {
    mstch::data h{mstch::data::type::object};
    for (const auto& [hname, fn] : helpers)
      // A helper's result is text: escaped, and never read as a template
      // (kainjow renders a plain lambda's result as one, so a result holding
      // its own tag, such as a page title a helper returns, recursed until
      // the stack overflowed). The renderer argument makes kainjow take the
      // result as it is. An init-capture: clang 14 (the fuzz build) cannot
      // capture a structured binding.
      h.set(hname, mstch::lambda2{[call = fn](const std::string& text, const mstch::renderer&) {
              return mstch::html_escape<std::string>(call(text));
            }});
    data.set("helpers", h);
  }
  mstch::mustache& tmpl = c.CopyForThisThread();
  static const mstch::data kNone{mstch::data::type::object};
  const mstch::data* shared = &kNone;
  if (shared_)
    if (auto s = shared_->by_template.find(&c); s != shared_->by_template.end()) shared = &s->second;
  FastContext ctx(shared);
  ctx.push(&data);
  StringSink sink;
  tmpl.render(ctx, sink);
  if (!tmpl.is_valid()) {
    diags->Error(c.display_path, 0, 0, "template error while rendering " + page_path + ": " + tmpl.error_message());
    c.DropCopyOfThisThread();
    return std::nullopt;
  }
  std::string out = std::move(sink.out);
  return out;
}

}  // namespace ww
