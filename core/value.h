// Value: a dynamic, JSON-like value.
//
// One type carries front matter, site.toml settings, data files, template
// contexts and values crossing into Lua, so no module needs to know another's
// parser. Objects keep their insertion order: data files (e.g. the trajectory
// table) and front matter are shown in the order the author wrote them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ww {

class Value;
using Array = std::vector<Value>;
using Object = std::vector<std::pair<std::string, Value>>;

class Value {
 public:
  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : v_(b) {}
  Value(int i) : v_(static_cast<int64_t>(i)) {}
  Value(int64_t i) : v_(i) {}
  Value(double d) : v_(d) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(Array a) : v_(std::move(a)) {}
  Value(Object o) : v_(std::move(o)) {}

  static Value MakeObject() { return Value(Object{}); }
  static Value MakeArray() { return Value(Array{}); }

  bool is_null() const { return v_.index() == 0; }
  bool is_bool() const { return v_.index() == 1; }
  bool is_int() const { return v_.index() == 2; }
  bool is_double() const { return v_.index() == 3; }
  bool is_number() const { return is_int() || is_double(); }
  bool is_string() const { return v_.index() == 4; }
  bool is_array() const { return v_.index() == 5; }
  bool is_object() const { return v_.index() == 6; }
  const char* type_name() const;

  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return is_int() ? std::get<int64_t>(v_) : static_cast<int64_t>(std::get<double>(v_)); }
  double as_double() const { return is_double() ? std::get<double>(v_) : static_cast<double>(std::get<int64_t>(v_)); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  std::string& as_string() { return std::get<std::string>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  // Object access. Get returns nullptr when absent or when this is not an object.
  const Value* Get(std::string_view key) const;
  Value* Get(std::string_view key);
  // Dotted path, e.g. "form.scale".
  const Value* Find(std::string_view dotted) const;
  // Sets (replacing) a key; turns a null value into an object first.
  Value& Set(std::string_view key, Value v);
  // Appends a key without looking for it first: for objects built from
  // scratch whose keys are all different (each page's template context).
  Value& Add(std::string_view key, Value v);
  // Appends to an array; turns a null value into an array first.
  Value& Push(Value v);

  // Convenience getters with defaults, tolerant of absent keys and wrong types.
  std::string GetString(std::string_view key, std::string_view fallback = "") const;
  int64_t GetInt(std::string_view key, int64_t fallback = 0) const;
  bool GetBool(std::string_view key, bool fallback = false) const;

  // Text form for templates: strings as they are, numbers without trailing zeros.
  std::string ToText() const;
  // JSON. Safe to embed in <script type="application/json">: '<', '>' and '&'
  // are written as \u escapes, so content can never close the script element.
  std::string ToJson() const;

  friend bool operator==(const Value& a, const Value& b) { return a.v_ == b.v_; }

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Array, Object> v_;
};

// Where a JSON string literal is going to be read. The two places need
// different escapes, and the output of each is fixed (built sites are
// compared byte for byte), so the escaper takes the place as an option.
enum class JsonTarget {
  // Inside <script type="application/json"> in HTML (ToJson): '<', '>' and
  // '&' as \u escapes, so content can never close the element; \n, \r, \t
  // in their short forms.
  kHtml,
  // A plain .js file such as search-index.js: U+2028 and U+2029 as \u
  // escapes, which JavaScript before ES2019 does not allow in a string
  // literal; every control character as \u00XX; '<', '>', '&' as they are
  // (no HTML parser reads the file).
  kScriptFile,
};

// Writes s as a JSON string literal (with quotes) into out, with the escapes
// of `target`; kHtml is what ToJson does.
void AppendJsonString(std::string& out, std::string_view s, JsonTarget target = JsonTarget::kHtml);

}  // namespace ww
