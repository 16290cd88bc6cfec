#include "site/data_format.h"

#include <toml++/toml.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "utf8.h"

namespace ww {

bool DataFormatFromPath(std::string_view path, DataFormat* format) {
  auto ends = [&](std::string_view suffix) { return path.ends_with(suffix); };
  if (ends(".yaml") || ends(".yml"))
    *format = DataFormat::kYaml;
  else if (ends(".toml"))
    *format = DataFormat::kToml;
  else if (ends(".json"))
    *format = DataFormat::kJson;
  else
    return false;
  return true;
}

namespace {

constexpr int kMaxDepth = 200;  // deeper nesting is refused, not recursed into
// YAML aliases share one node, so a small file can stand for billions of
// values ("billion laughs"); copying stops at this many.
constexpr size_t kMaxValues = 1'000'000;

// A YAML scalar as a Value: quoted ones are text; plain ones may be true,
// false, null, a whole number or a decimal. yaml-cpp leaves this to us.
Value ScalarValue(const std::string& s, bool quoted) {
  if (quoted) return Value(s);
  if (s == "true" || s == "True" || s == "TRUE") return Value(true);
  if (s == "false" || s == "False" || s == "FALSE") return Value(false);
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return Value();
  // Whole numbers, then decimals; anything else (dates, words) stays text.
  {
    size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    bool digits = i < s.size() && s.size() - i <= 18;
    for (size_t k = i; k < s.size() && digits; ++k) digits = s[k] >= '0' && s[k] <= '9';
    if (digits) return Value(static_cast<int64_t>(std::stoll(s)));
  }
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end && *end == '\0' && std::isfinite(d) && s.find_first_of("0123456789") != std::string::npos &&
      s.find_first_not_of("0123456789+-.eE") == std::string::npos)
    return Value(d);
  return Value(s);
}

// Objects are built in linear time: Value::Set finds a key by a scan (right
// for the few keys of most tables), which made front matter or a data file
// of 300,000 keys take minutes. A repeated key keeps its first place and
// gets its last value, as Set gives.
class KeyedObject {
 public:
  // False when the object already has kMaxKeys keys and `key` is a new one.
  bool Add(std::string key, Value v) {
    auto [it, fresh] = at_.try_emplace(key, object_.size());
    if (!fresh) {
      object_[it->second].second = std::move(v);
      return true;
    }
    if (object_.size() >= kMaxKeys) {
      at_.erase(it);
      return false;
    }
    object_.emplace_back(std::move(key), std::move(v));
    return true;
  }
  Value Take() { return Value(std::move(object_)); }

 private:
  Object object_;
  std::unordered_map<std::string, size_t> at_;
};

std::string TooManyKeys() {
  return "a table with more than " + std::to_string(kMaxKeys) +
         " keys; split the data into several files, or make it a list";
}

// Whether the quoted scalar that starts at source[pos] has its closing
// quote. yaml-cpp takes a quote left open at the end of the text as closed
// there ("title: \"Kapot" gives the title "Kapot "), so an author's missing
// quote would pass in silence.
bool QuoteClosed(std::string_view source, size_t pos) {
  if (pos >= source.size() || (source[pos] != '"' && source[pos] != '\'')) return true;  // not known: trust yaml-cpp
  const char quote = source[pos];
  for (size_t i = pos + 1; i < source.size(); ++i) {
    if (quote == '"' && source[i] == '\\') {
      ++i;  // an escape: the next character is part of the text
    } else if (source[i] == quote) {
      if (quote == '\'' && i + 1 < source.size() && source[i + 1] == '\'') {
        ++i;  // '' is a quote inside single quotes
        continue;
      }
      return true;
    }
  }
  return false;
}

// *at: where the problem is (0-based, as yaml-cpp counts), when known.
// `source`: the text yaml-cpp read.
bool FromYaml(const YAML::Node& node, std::string_view source, int depth, size_t* budget, Value* out,
              std::string* err, YAML::Mark* at) {
  if (depth > kMaxDepth) {
    *err = "nested more than " + std::to_string(kMaxDepth) + " levels deep";
    return false;
  }
  if (*budget == 0) {
    *err = "holds more than " + std::to_string(kMaxValues) + " values (aliases '*' repeat data)";
    return false;
  }
  --*budget;
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      *out = Value();
      return true;
    case YAML::NodeType::Scalar:
      if (node.Tag() == "!" && !node.Mark().is_null() && node.Mark().pos >= 0 &&  // "!": a quoted scalar
          !QuoteClosed(source, static_cast<size_t>(node.Mark().pos))) {
        const char quote = source[static_cast<size_t>(node.Mark().pos)];
        *err = std::string("the text in quotes that starts here has no closing ") + quote + ": end it with " +
               quote + ", or leave out the opening " + quote;
        *at = node.Mark();
        return false;
      }
      *out = ScalarValue(node.Scalar(), node.Tag() == "!");
      return true;
    case YAML::NodeType::Sequence: {
      Array a;
      for (const auto& child : node) {
        Value v;
        if (!FromYaml(child, source, depth + 1, budget, &v, err, at)) return false;
        a.push_back(std::move(v));
      }
      *out = Value(std::move(a));
      return true;
    }
    case YAML::NodeType::Map: {
      KeyedObject o;
      for (const auto& kv : node) {
        Value v;
        if (!FromYaml(kv.second, source, depth + 1, budget, &v, err, at)) return false;
        std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
        if (!o.Add(std::move(key), std::move(v))) {
          *err = TooManyKeys();
          *at = kv.first.Mark();
          return false;
        }
      }
      *out = o.Take();
      return true;
    }
  }
  return true;
}

// Front matter is nearly always flat: `key: value` lines with plain or
// quoted text, numbers, dates and `[a, b]` lists. yaml-cpp builds a node tree
// for it at about 30 µs a page, a third of reading a 10,000-page site, so
// that shape is read here; anything else (nesting, block lists, comments,
// escapes, multi-line text, odd characters) returns nullopt and goes to
// yaml-cpp. The result is the one yaml-cpp gives (tests/unit/
// data_format_test.cpp and fuzz/data compare the two).
namespace flat_yaml {

bool IsKeyStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsKeyChar(char c) { return IsKeyStart(c) || (c >= '0' && c <= '9') || c == '-'; }

// Characters that YAML reads as line breaks, byte order marks or white space
// beyond ' ', and control characters: any of them sends the text to yaml-cpp.
bool HasOddCharacters(std::string_view t) {
  if (FindInvalidUtf8(t) != std::string_view::npos) return true;
  for (size_t i = 0; i < t.size(); ++i) {
    auto c = static_cast<unsigned char>(t[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) < 0xA0) return true;  // C1 controls, NEL
    if (c == 0xE2 && t.substr(i).starts_with("\xE2\x80")) return true;      // U+2000..U+203F: LS, PS, spaces
    if (c == 0xEF && t.substr(i).starts_with("\xEF\xBB\xBF")) return true;  // BOM
  }
  return false;
}

// A quoted scalar that is the whole of `v`, with no escapes and no quote of
// its kind inside; its text goes to *out.
bool Quoted(std::string_view v, std::string* out) {
  if (v.size() < 2 || (v[0] != '"' && v[0] != '\'') || v.back() != v[0]) return false;
  std::string_view inner = v.substr(1, v.size() - 2);
  if (inner.find(v[0]) != std::string_view::npos || (v[0] == '"' && inner.find('\\') != std::string_view::npos))
    return false;
  *out = std::string(inner);
  return true;
}

// A plain scalar that is the whole of `v`. `in_list`: inside [ ], where
// , [ ] { } end a scalar.
bool Plain(std::string_view v, bool in_list) {
  if (v.empty() || v.front() == ' ' || v.back() == ' ' || v.back() == ':') return false;
  // YAML's indicators may not start a plain scalar ("-5" may: a number).
  bool start_ok = std::string_view("-?:,[]{}#&*!|>'\"%@`").find(v[0]) == std::string_view::npos ||
                  (v[0] == '-' && v.size() > 1 && v[1] >= '0' && v[1] <= '9');
  if (!start_ok) return false;
  if (v.find(": ") != std::string_view::npos || v.find(" #") != std::string_view::npos) return false;
  if (v.find_first_of("[]{}") != std::string_view::npos) return false;  // flow syntax: yaml-cpp decides
  if (in_list)  // yaml-cpp's flow context has rules of its own: only the simplest items
    for (char c : v)
      if (!(IsKeyChar(c) || static_cast<unsigned char>(c) >= 0x80 || c == ' ' || c == '.' || c == '/' || c == '+'))
        return false;
  return true;
}

std::optional<Value> Scalar(std::string_view v, bool in_list) {
  std::string text;
  if (Quoted(v, &text)) return Value(std::move(text));
  if (!Plain(v, in_list)) return std::nullopt;
  return ScalarValue(std::string(v), false);
}

std::optional<Value> List(std::string_view v) {
  v = v.substr(1, v.size() - 2);
  Array items;
  if (v.find_first_not_of(' ') == std::string_view::npos) return Value(std::move(items));
  while (true) {
    size_t comma = v.find(',');
    std::string_view item = v.substr(0, comma);
    size_t b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
    if (b == std::string_view::npos) return std::nullopt;  // "[a, , b]" or "[a,]"
    auto value = Scalar(item.substr(b, e + 1 - b), true);
    if (!value) return std::nullopt;
    items.push_back(std::move(*value));
    if (comma == std::string_view::npos) break;
    v.remove_prefix(comma + 1);
  }
  return Value(std::move(items));
}

std::optional<Value> Parse(std::string_view text) {
  if (HasOddCharacters(text)) return std::nullopt;
  Object out;
  std::unordered_set<std::string_view> keys;  // views into text
  bool any = false;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (line.empty()) continue;
    if (!IsKeyStart(line[0])) return std::nullopt;  // indented, comment, list item, directive...
    size_t k = 1;
    while (k < line.size() && IsKeyChar(line[k])) ++k;
    if (k == line.size() || line[k] != ':' || (k + 1 < line.size() && line[k + 1] != ' ')) return std::nullopt;
    std::string_view key = line.substr(0, k);
    if (key == "null" || key == "Null" || key == "NULL") return std::nullopt;  // a null key, not text
    // A repeated key: yaml-cpp's rules apply; too many: yaml-cpp's path says where.
    if (!keys.insert(key).second || keys.size() > kMaxKeys) return std::nullopt;
    std::string_view v = line.substr(std::min(line.size(), k + 2));
    std::optional<Value> value;
    if (v.empty())
      value = Value();  // "key:" is null (an indented block may follow: then the next line fails)
    else if (v.front() == '[' && v.back() == ']')
      value = List(v);
    else
      value = Scalar(v, false);
    if (!value) return std::nullopt;
    out.emplace_back(std::string(key), std::move(*value));
    any = true;
  }
  if (!any) return std::nullopt;  // empty: yaml-cpp's null
  return Value(std::move(out));
}

}  // namespace flat_yaml

// toml++ 3.3 (Debian 12) has undefined behaviour in its whitespace test
// (is_non_ascii_horizontal_whitespace): for U+00A1..U+0499, U+2C5E..U+3057
// (but U+3000) and U+FB26..U+FEFE its lookup table has no case, and it
// reaches __builtin_unreachable(). The parser asks that test about characters in
// several places, valid TOML included (the first character after a
// line-ending backslash in a """string"""), so no scan of ours can tell all of
// them in advance. Instead toml++ never sees those code points: each is moved
// up to plane 15 (U+F0000 + c), a character toml++ treats alike (not
// whitespace; allowed in strings and comments only), and moved back in the
// keys, strings and messages that come out. Found by fuzz/data.
constexpr char32_t kTomlShift = 0xF0000;

bool TomlUnsafe(char32_t c) {
  return (c >= 0xA1 && c <= 0x499) || (c >= 0x2C5E && c <= 0x3057 && c != 0x3000) || (c >= 0xFB26 && c <= 0xFEFE);
}

// A code point TomlShift moved up (and must move back).
bool IsShifted(char32_t c) { return c > kTomlShift && c != kNotUtf8 && TomlUnsafe(c - kTomlShift); }

// shift: TomlUnsafe(c) → c + kTomlShift; !shift: back. Everything else is
// copied as it is, bytes that are not UTF-8 too (toml++ reports them).
std::string TomlShift(std::string_view s, bool shift) {
  std::string out;
  out.reserve(s.size() + s.size() / 4);
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      out += s[i++];
      continue;
    }
    const size_t start = i;
    const char32_t cp = DecodeUtf8(s, &i);
    if (shift && TomlUnsafe(cp))
      AppendUtf8(&out, cp + kTomlShift);
    else if (!shift && IsShifted(cp))
      AppendUtf8(&out, cp - kTomlShift);
    else
      out.append(s, start, i - start);
  }
  return out;
}

// The first character that TomlShift could not tell apart from a shifted one.
size_t FindShiftedLookalike(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    if (IsShifted(DecodeUtf8(s, &i))) return start;
  }
  return std::string_view::npos;
}

// toml++'s table into a Value; keys and strings are shifted back (TomlShift).
// A table of more than kMaxKeys keys sets *too_many to the line of the first
// key beyond (toml++'s tables have unique keys: no merging needed).
Value FromToml(const toml::node& node, int* too_many) {
  if (auto* t = node.as_table()) {
    // toml++ keeps a table's keys sorted; Values keep the author's order.
    std::vector<std::pair<const toml::key*, const toml::node*>> entries;
    for (auto&& [k, v] : *t) entries.push_back({&k, &v});
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      const toml::source_position &x = a.first->source().begin, &y = b.first->source().begin;
      return std::tie(x.line, x.column) < std::tie(y.line, y.column);
    });
    if (entries.size() > kMaxKeys) {
      *too_many = static_cast<int>(entries[kMaxKeys].first->source().begin.line);
      return Value();
    }
    Object o;
    o.reserve(entries.size());
    for (const auto& [k, v] : entries) o.emplace_back(TomlShift(k->str(), false), FromToml(*v, too_many));
    return Value(std::move(o));
  }
  if (auto* a = node.as_array()) {
    Array arr;
    for (auto&& v : *a) arr.push_back(FromToml(v, too_many));
    return Value(std::move(arr));
  }
  if (auto* s = node.as_string()) return Value(TomlShift(s->get(), false));
  if (auto* i = node.as_integer()) return Value(static_cast<int64_t>(i->get()));
  if (auto* f = node.as_floating_point()) return Value(f->get());
  if (auto* b = node.as_boolean()) return Value(b->get());
  std::ostringstream ss;
  if (auto* d = node.as_date())
    ss << d->get();
  else if (auto* tm = node.as_time())
    ss << tm->get();
  else if (auto* dt = node.as_date_time())
    ss << dt->get();
  return Value(ss.str());
}

// TOML allows non-ASCII characters only in strings and comments. An author
// who writes `café = 1` gets this message, which says what to do, instead of
// toml++'s. Returns the byte offset of the first one outside them, or npos.
size_t FindBareNonAscii(std::string_view t) {
  size_t i = 0, n = t.size();
  auto at = [&](size_t k, std::string_view s) { return t.substr(k).starts_with(s); };
  while (i < n) {
    char c = t[i];
    if (static_cast<unsigned char>(c) >= 0x80) return i;
    if (c == '#') {
      while (i < n && t[i] != '\n') ++i;
    } else if (at(i, "\"\"\"") || at(i, "'''")) {
      std::string_view close = t.substr(i, 3);
      bool escapes = c == '"';
      for (i += 3; i < n && !at(i, close); ++i)
        if (escapes && t[i] == '\\') ++i;
      for (int extra = 0; extra < 2 && i + 3 < n && t[i + 3] == c; ++extra) ++i;  // """a"""" is `a"`
      i += 3;
    } else if (c == '"' || c == '\'') {
      for (++i; i < n && t[i] != c && t[i] != '\n'; ++i)
        if (c == '"' && t[i] == '\\') ++i;
      ++i;
    } else {
      ++i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

namespace {

// An escape ("\0", "\u0000") makes a NUL that no source byte had (CleanSource
// replaced those): it would cut a slug or file name short and is not allowed
// in HTML, so it becomes U+FFFD as a NUL byte in the text does.
void ReplaceNul(std::string* s) {
  for (size_t at; (at = s->find('\0')) != std::string::npos;) s->replace(at, 1, "\xEF\xBF\xBD");
}
void ReplaceNul(Value* v) {
  if (v->is_string()) {
    ReplaceNul(&v->as_string());
  } else if (v->is_array()) {
    for (Value& e : v->as_array()) ReplaceNul(&e);
  } else if (v->is_object()) {
    for (auto& [key, e] : v->as_object()) {
      ReplaceNul(&key);
      ReplaceNul(&e);
    }
  }
}

std::optional<Value> ParseDataWithNul(std::string_view text, DataFormat format, const std::string& path,
                                      int line_offset, Diagnostics* diags, bool fast_yaml);

}  // namespace

std::optional<Value> ParseData(std::string_view text, DataFormat format, const std::string& path, int line_offset,
                               Diagnostics* diags, bool fast_yaml) {
  std::optional<Value> v = ParseDataWithNul(text, format, path, line_offset, diags, fast_yaml);
  if (v) ReplaceNul(&*v);
  return v;
}

namespace {

std::optional<Value> ParseDataWithNul(std::string_view text, DataFormat format, const std::string& path,
                                      int line_offset, Diagnostics* diags, bool fast_yaml) {
  if (format == DataFormat::kToml) {
    if (size_t bad = FindBareNonAscii(text); bad != std::string_view::npos) {
      int line = 0, col = 0;
      LineColOf(text, bad, &line, &col);
      size_t end = bad;
      std::string what = DecodeUtf8(text, &end) != kNotUtf8 ? "'" + std::string(text.substr(bad, end - bad)) + "'"
                                                            : "a byte that is not UTF-8";
      diags->Error(path, line + line_offset, col,
                   "invalid TOML: " + what +
                       " outside quotes; keys and text with letters outside a-z need "
                       "quotes, e.g. \"café\" = \"naïef\"");
      return std::nullopt;
    }
    if (size_t bad = FindShiftedLookalike(text); bad != std::string_view::npos) {
      int line = 0, col = 0;
      LineColOf(text, bad, &line, &col);
      diags->Error(path, line + line_offset, col,
                   "invalid TOML: a private-use character (plane 15) that Wegwijzer cannot read in TOML; remove it");
      return std::nullopt;
    }
    try {
      toml::table t = toml::parse(TomlShift(text, true), path);
      int too_many = 0;
      Value v = FromToml(t, &too_many);
      if (too_many > 0) {
        diags->Error(path, too_many + line_offset, 1, TooManyKeys());
        return std::nullopt;
      }
      return v;
    } catch (const toml::parse_error& e) {
      diags->Error(
          path, static_cast<int>(e.source().begin.line) + line_offset, static_cast<int>(e.source().begin.column),
          "invalid TOML: " + TomlShift(e.description(), false) + "; check the quotes, '=' and brackets on this line");
      return std::nullopt;
    }
  }
  if (format == DataFormat::kYaml && fast_yaml)
    if (auto v = ParseFlatYaml(text)) return v;
  try {
    YAML::Node root = YAML::Load(std::string(text));
    Value v;
    std::string err;
    size_t budget = kMaxValues;
    YAML::Mark at = YAML::Mark::null_mark();
    if (!FromYaml(root, text, 0, &budget, &v, &err, &at)) {
      if (!at.is_null())
        diags->Error(path, at.line + 1 + line_offset, at.column + 1, err);
      else
        diags->Error(path, 1 + line_offset, 1, "data " + err + "; flatten the structure");
      return std::nullopt;
    }
    return v;
  } catch (const YAML::Exception& e) {
    const char* what = format == DataFormat::kJson ? "invalid JSON: " : "invalid YAML: ";
    diags->Error(path, e.mark.line + 1 + line_offset, e.mark.column + 1,
                 std::string(what) + e.msg + "; check the indentation and put text with ':' or '#' in quotes");
    return std::nullopt;
  }
}

}  // namespace

std::optional<Value> ParseFlatYaml(std::string_view text) { return flat_yaml::Parse(text); }

int FindKeyLine(std::string_view text, DataFormat format, std::string_view dotted_key) {
  try {
    if (format == DataFormat::kToml) {
      if (FindBareNonAscii(text) != std::string_view::npos || FindShiftedLookalike(text) != std::string_view::npos)
        return 0;  // ParseData said why
      toml::table t = toml::parse(TomlShift(text, true));
      toml::node_view<toml::node> n = t.at_path(TomlShift(dotted_key, true));
      return n ? static_cast<int>(n.node()->source().begin.line) : 0;
    }
    YAML::Node node = YAML::Load(std::string(text));
    int line = 0;
    while (!dotted_key.empty()) {
      size_t dot = dotted_key.find('.');
      std::string_view key = dotted_key.substr(0, dot);
      if (!node.IsMap()) return 0;
      YAML::Node next;  // YAML::Node's operator= would overwrite the document, so reset()
      bool found = false;
      for (const auto& kv : node) {
        if (kv.first.IsScalar() && kv.first.Scalar() == key) {
          line = kv.first.Mark().line + 1;
          next.reset(kv.second);
          found = true;
          break;
        }
      }
      if (!found) return 0;
      node.reset(next);
      dotted_key = dot == std::string_view::npos ? std::string_view() : dotted_key.substr(dot + 1);
    }
    return line;
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace ww
