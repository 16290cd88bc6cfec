#include "render/template.h"

#include <algorithm>
#include <atomic>
#include <regex>
#include <string_view>
#include <unordered_set>

#include "render/mustache.h"

namespace ww {

struct Theme::Compiled {
  std::string display_path;
  std::string expanded;
  std::vector<Theme::Segment> segments;
  MustacheTemplate tmpl;
  // Every name any tag mentions: the build leaves out of a page's context
  // what no tag can show (Uses). `names_known` is false when the template
  // changes its delimiters and the names cannot be read off.
  std::unordered_set<std::string> names;
  bool names_known = false;
  // The size of the last page rendered with it: the next page's output is
  // reserved at about that, not grown by doubling (the pages of a site are
  // alike in size).
  mutable std::atomic<size_t> last_size{0};

  struct Place {
    std::string file;
    int line = 0, col = 0;
  };
  // File, line and column for an offset into the expanded text. (A segment
  // is a copy of its file's text, so its line breaks are counted where it is.)
  Place Locate(size_t offset) const {
    for (const Segment& s : segments) {
      if (offset < s.start || offset >= s.end) continue;
      auto from = expanded.begin() + static_cast<long>(s.start), at = expanded.begin() + static_cast<long>(offset);
      int line = s.first_line + static_cast<int>(std::count(from, at, '\n'));
      size_t nl = offset == 0 ? std::string::npos : expanded.rfind('\n', offset - 1);
      int col = nl == std::string::npos || nl < s.start ? s.first_col + static_cast<int>(offset - s.start)
                                                          : static_cast<int>(offset - nl);
      return {s.file, line, col};
    }
    return {display_path, 0, 0};
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
      size_t line_start = text.rfind('\n', from == 0 ? 0 : from - 1);
      int col = static_cast<int>(from - (line_start == std::string::npos || from == 0 ? 0 : line_start + 1)) + 1;
      segs.push_back({out.size(), out.size() + (to - from), display_path, line, col});
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

}  // namespace

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
    c->names_known = CollectNames(c->expanded, &c->names);
    MustacheTemplate::Error error;
    if (!c->tmpl.Parse(c->expanded, &error)) {
      auto [file, line, col] = c->Locate(error.position);
      std::string_view m = error.message;
      const char* what_to_do = "every {{#x}} needs a matching {{/x}}";
      if (m.starts_with("Unclosed tag")) what_to_do = "close the tag with }}";
      if (m.starts_with("Invalid set delimiter")) what_to_do = "write it as {{=<% %>=}}";
      if (m.starts_with("Sections nested")) what_to_do = "nest the sections less deep";
      diags->Error(file, line, col, "template error: " + error.message + "; " + what_to_do);
      ok = false;
      continue;
    }
    // Partials are included above; a tag left is one whose name is not a
    // partial's ("{{> my part}}"), or one inside other delimiters.
    if (!c->tmpl.partials().empty()) {
      const MustacheTemplate::Tag& tag = c->tmpl.partials().front();
      auto [file, line, col] = c->Locate(tag.position);
      diags->Error(file, line, col,
                   "partial '" + tag.name +
                       "' cannot be included: write {{> name}} with {{ }} around it, and a name of letters, digits "
                       "and _ . / -");
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
  Value value;
};

void Theme::SetShared(Value shared) {
  auto s = std::make_shared<Shared>();
  s->value = std::move(shared);
  shared_ = std::move(s);
}

bool Theme::Uses(const std::string& layout, const std::string& name) const {
  auto it = templates_.find(layout);
  if (it == templates_.end() || !it->second->names_known) return true;
  return it->second->names.count(name) > 0;
}

std::optional<std::string> Theme::Render(const std::string& name, const Value& context,
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
  std::string out;
  size_t expected = c.last_size.load(std::memory_order_relaxed);
  out.reserve(expected + expected / 4);
  MustacheTemplate::Error error;
  if (!c.tmpl.Render(context, shared_ ? &shared_->value : nullptr, helpers, &out, &error)) {
    auto [file, line, col] = c.Locate(error.position);
    diags->Error(file, line, col,
                 "template error while rendering " + page_path + ": '" + error.tag +
                     "' is a helper, used here as a variable; write {{#" + error.tag + "}}text{{/" + error.tag +
                     "}}");
    return std::nullopt;
  }
  c.last_size.store(out.size(), std::memory_order_relaxed);
  return out;
}

}  // namespace ww
