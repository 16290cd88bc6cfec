// libFuzzer target, differential: every input is a template, parsed and
// rendered by render/mustache and by kainjow/mustache (the reference it must
// match, byte for byte), over the same context. Any difference aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <kainjow/mustache.hpp>
#include <sstream>
#include <string>

#include "render/mustache.h"
#include "value.h"

namespace {

namespace mstch = kainjow::mustache;
using ww::Value;

// What the build did before render/mustache: a Value as kainjow's data ("" is
// false, numbers are their text; of two equal keys the last counts).
mstch::data ToData(const Value& v) {
  if (v.is_object()) {
    mstch::data d{mstch::data::type::object};
    for (const auto& [k, e] : v.as_object()) d[k] = ToData(e);
    return d;
  }
  if (v.is_array()) {
    mstch::data d{mstch::data::type::list};
    for (const Value& e : v.as_array()) d.push_back(ToData(e));
    return d;
  }
  if (v.is_string() && !v.as_string().empty()) return mstch::data{v.as_string()};
  if (v.is_bool()) return v.as_bool() ? mstch::data::type::bool_true : mstch::data::type::bool_false;
  if (v.is_null() || v.is_string()) return mstch::data::type::bool_false;
  return mstch::data{v.ToText()};
}

Value Obj(std::initializer_list<std::pair<const char*, Value>> members) {
  ww::Object o;
  for (const auto& [k, v] : members) o.emplace_back(k, v);
  return Value(std::move(o));
}

// Names a fuzzed template is likely to hit (tests/fuzz/mustache.dict has them).
const Value& Page() {
  static const Value page = Obj({
      {"s", "<a & \"b\" 'c'>"},
      {"e", ""},
      {"n", 3},
      {"d", -1.5},
      {"t", true},
      {"f", false},
      {"z", Value()},
      {"sp", "  \t "},
      {"nl", "x\ny"},
      {"list", Value(ww::Array{Obj({{"s", "een"}, {"n", 1}}), Obj({{"s", ""}, {"t", false}}), Value("str"), Value(2),
                               Value::MakeArray(), Value::MakeObject(), Value(false), Value()})},
      {"empty", Value::MakeArray()},
      {"obj", Obj({{"s", "in"}, {"o", Obj({{"s", "diep"}})}, {"list", Value(ww::Array{Value("a"), Value("b")})}})},
      {"dup", Obj({{"k", "eerste"}, {"k", "tweede"}})},
      {"a b", "spatie"},
      {"", "leeg"},
      {"x.y", "punt"},
      {"helpers", "van de pagina"},
  });
  return page;
}

const Value& Shared() {
  static const Value shared = Obj({{"t", Obj({{"hallo", "dag"}})}, {"s", "gedeeld"}, {"g", "gen"}});
  return shared;
}

std::string Upper(const std::string& s) {
  std::string o = s;
  for (char& c : o)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return o;
}
std::string Echo(const std::string& s) { return s + "{{s}}<&>"; }

void Fail(const char* what, const std::string& text, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "%s differ\ntemplate: [%s]\nkainjow:  [%s]\nours:     [%s]\n", what, text.c_str(), a.c_str(),
               b.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  ww::MustacheHelpers helpers{{"up", Upper}, {"echo", Echo}};

  mstch::mustache reference(text);
  ww::MustacheTemplate ours;
  ww::MustacheTemplate::Error error;
  bool parsed = ours.Parse(text, &error);
  // Our one error of our own: sections nested deeper than kainjow would go.
  if (!parsed && error.message.starts_with("Sections nested")) return 0;
  std::string ours_error = parsed ? "" : error.message + " at " + std::to_string(error.position);
  if (reference.error_message() != ours_error) Fail("parse errors", text, reference.error_message(), ours_error);
  // A {{> name}} tag left in a template is an error in a theme (template.cpp);
  // kainjow would look the name up in the context.
  if (!parsed || !ours.partials().empty()) return 0;

  mstch::data shared = ToData(Shared()), page = ToData(Page());
  mstch::data h{mstch::data::type::object};
  for (const auto& [name, fn] : helpers)
    h.set(name, mstch::lambda2{[call = fn](const std::string& t, const mstch::renderer&) {
            return mstch::html_escape<std::string>(call(t));
          }});
  page.set("helpers", h);
  mstch::context<std::string> ctx(&shared);
  ctx.push(&page);
  std::ostringstream expected;
  reference.render(ctx, expected);

  std::string got;
  bool rendered = ours.Render(Page(), &Shared(), helpers, &got, &error);
  if (reference.is_valid() != rendered)
    Fail("render errors", text, reference.error_message(), rendered ? "(none)" : error.message);
  if (rendered && expected.str() != got) Fail("outputs", text, expected.str(), got);
  return 0;
}
