#include "value.h"

#include <cmath>
#include <cstdio>

namespace ww {

// Words for the messages authors read ("expected a list, got text"), not
// C++ type names.
const char* Value::type_name() const {
  switch (v_.index()) {
    case 0:
      return "nothing";
    case 1:
      return "a true/false value";
    case 2:
      return "a whole number";
    case 3:
      return "a number";
    case 4:
      return "text";
    case 5:
      return "a list";
    default:
      return "a table";
  }
}

// A linear search: objects keep the author's order (value.h), and the ones
// looked up in (front matter, settings) are small.
const Value* Value::Get(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : as_object())
    if (k == key) return &v;
  return nullptr;
}

Value* Value::Get(std::string_view key) { return const_cast<Value*>(static_cast<const Value*>(this)->Get(key)); }

// A missing step, or a step into something that is not a table, ends in
// nullptr: Get answers both.
const Value* Value::Find(std::string_view dotted) const {
  const Value* cur = this;
  while (cur) {
    size_t dot = dotted.find('.');
    cur = cur->Get(dotted.substr(0, dot));
    if (dot == std::string_view::npos) return cur;
    dotted.remove_prefix(dot + 1);
  }
  return nullptr;
}

Value& Value::Set(std::string_view key, Value v) {
  // In place: a field a plugin changes keeps its place in the front matter
  // a template shows.
  if (Value* existing = Get(key)) {
    *existing = std::move(v);
    return *existing;
  }
  return Add(key, std::move(v));
}

Value& Value::Add(std::string_view key, Value v) {
  if (is_null()) v_ = Object{};
  as_object().emplace_back(std::string(key), std::move(v));
  return as_object().back().second;
}

Value& Value::Push(Value v) {
  if (is_null()) v_ = Array{};
  as_array().push_back(std::move(v));
  return as_array().back();
}

std::string Value::GetString(std::string_view key, std::string_view fallback) const {
  const Value* v = Get(key);
  // A number or true/false as text (`title: 2024` is a title); a list or a
  // table is none.
  if (!v || v->is_null() || v->is_array() || v->is_object()) return std::string(fallback);
  return v->ToText();
}

int64_t Value::GetInt(std::string_view key, int64_t fallback) const {
  const Value* v = Get(key);
  return v && v->is_number() ? v->as_int() : fallback;
}

bool Value::GetBool(std::string_view key, bool fallback) const {
  const Value* v = Get(key);
  return v && v->is_bool() ? v->as_bool() : fallback;
}

// Whole numbers without ".0" (a template shows 3, not 3.0), others with 15
// significant digits, which hides the noise of binary fractions (0.1 + 0.2
// shows as 0.3). JSON has no NaN or infinity: they become null.
static std::string FormatDouble(double d) {
  if (std::isnan(d) || std::isinf(d)) return "null";
  if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<int64_t>(d));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}

std::string Value::ToText() const {
  switch (v_.index()) {
    case 0:
      return "";
    case 1:
      return as_bool() ? "true" : "false";
    case 2:
      return std::to_string(std::get<int64_t>(v_));
    case 3:
      return FormatDouble(std::get<double>(v_));
    case 4:
      return as_string();
    default:  // a template that shows a list or table by mistake shows what it holds
      return ToJson();
  }
}

void AppendJsonString(std::string& out, std::string_view s, JsonTarget target) {
  static const char* hex = "0123456789abcdef";
  const bool html = target == JsonTarget::kHtml;
  auto u00 = [&](unsigned char c) {
    out += "\\u00";
    out += hex[c >> 4];
    out += hex[c & 15];
  };
  // Runs that need no escape are copied at once: a search index is
  // megabytes of them.
  size_t done = 0;  // s[0, done) is written
  auto flush = [&](size_t i, size_t skip) {
    out.append(s, done, i - done);
    done = i + skip;
  };
  out += '"';
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      flush(i, 1);
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      flush(i, 1);
      if (html && c == '\n')
        out += "\\n";
      else if (html && c == '\r')
        out += "\\r";
      else if (html && c == '\t')
        out += "\\t";
      else
        u00(c);
    } else if (html && (c == '<' || c == '>' || c == '&')) {
      flush(i, 1);
      u00(c);
    } else if (!html && c == 0xE2 && i + 2 < s.size() && s[i + 1] == '\x80' &&
               (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) {  // U+2028, U+2029
      flush(i, 3);
      out += s[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    }
  }
  flush(s.size(), 0);
  out += '"';
}

static void AppendJson(std::string& out, const Value& v) {
  if (v.is_null())
    out += "null";
  else if (v.is_bool())
    out += v.as_bool() ? "true" : "false";
  else if (v.is_int())
    out += std::to_string(v.as_int());
  else if (v.is_double())
    out += FormatDouble(v.as_double());
  else if (v.is_string())
    AppendJsonString(out, v.as_string());
  else if (v.is_array()) {
    out += '[';
    bool first = true;
    for (const Value& e : v.as_array()) {
      if (!first) out += ',';
      first = false;
      AppendJson(out, e);
    }
    out += ']';
  } else {
    // In the author's order: built sites are compared byte for byte.
    out += '{';
    bool first = true;
    for (const auto& [k, e] : v.as_object()) {
      if (!first) out += ',';
      first = false;
      AppendJsonString(out, k);
      out += ':';
      AppendJson(out, e);
    }
    out += '}';
  }
}

std::string Value::ToJson() const {
  std::string out;
  AppendJson(out, *this);
  return out;
}

}  // namespace ww
