#include "value.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace ww;

TEST_SUITE("value") {
  TEST_CASE("Add appends a key without looking for it; Set replaces in place") {
    Value v;
    v.Add("a", 1);
    v.Add("b", "twee");
    REQUIRE(v.is_object());
    CHECK(v.as_object().size() == 2);
    CHECK(v.GetString("b") == "twee");
    v.Set("a", 3);  // in place: the order stays
    CHECK(v.as_object()[0].first == "a");
    CHECK(v.GetInt("a") == 3);
  }

  TEST_CASE("a default Value is null; each constructor picks its type") {
    CHECK(Value().is_null());
    CHECK(Value(nullptr).is_null());
    CHECK(Value(true).is_bool());
    CHECK(Value(3).is_int());
    CHECK(Value(int64_t{1} << 40).is_int());
    CHECK(Value(1.5).is_double());
    CHECK(Value(1.5).is_number());
    CHECK(Value(3).is_number());
    CHECK(Value("x").is_string());
    CHECK(Value(std::string("x")).is_string());
    CHECK(Value(std::string_view("x")).is_string());
    CHECK(Value::MakeArray().is_array());
    CHECK(Value::MakeObject().is_object());
  }

  TEST_CASE("type_name is readable in messages") {
    CHECK(std::string(Value().type_name()) == "nothing");
    CHECK(std::string(Value(true).type_name()) == "a true/false value");
    CHECK(std::string(Value(1).type_name()) == "a whole number");
    CHECK(std::string(Value(1.5).type_name()) == "a number");
    CHECK(std::string(Value("x").type_name()) == "text");
    CHECK(std::string(Value::MakeArray().type_name()) == "a list");
    CHECK(std::string(Value::MakeObject().type_name()) == "a table");
  }

  TEST_CASE("numbers convert between int and double") {
    CHECK(Value(2.9).as_int() == 2);
    CHECK(Value(7).as_double() == 7.0);
  }

  TEST_CASE("objects keep insertion order and Set replaces in place") {
    Value o = Value::MakeObject();
    o.Set("zeta", 1);
    o.Set("alpha", 2);
    o.Set("mid", 3);
    o.Set("zeta", 10);
    REQUIRE(o.as_object().size() == 3);
    CHECK(o.as_object()[0].first == "zeta");
    CHECK(o.as_object()[0].second == Value(10));
    CHECK(o.as_object()[1].first == "alpha");
    CHECK(o.as_object()[2].first == "mid");
    CHECK(o.ToJson() == R"({"zeta":10,"alpha":2,"mid":3})");
  }

  TEST_CASE("Set turns null into an object; Push turns null into an array") {
    Value o;
    o.Set("a", "b");
    CHECK(o.is_object());
    Value a;
    a.Push(1);
    a.Push("x");
    CHECK(a.is_array());
    CHECK(a.ToJson() == R"([1,"x"])");
  }

  TEST_CASE("Set returns the stored value so callers can fill it") {
    Value o;
    Value& list = o.Set("list", Value::MakeArray());
    list.Push(1);
    list.Push(2);
    CHECK(o.ToJson() == R"({"list":[1,2]})");
  }

  TEST_CASE("Get returns nullptr when absent or not an object") {
    Value o;
    o.Set("a", 1);
    CHECK(o.Get("a") != nullptr);
    CHECK(o.Get("b") == nullptr);
    CHECK(Value("text").Get("a") == nullptr);
    CHECK(Value().Get("a") == nullptr);
    CHECK(Value::MakeArray().Get("a") == nullptr);
    // The mutable overload points at the stored value.
    *o.Get("a") = Value("changed");
    CHECK(o.GetString("a") == "changed");
  }

  TEST_CASE("Find follows a dotted path") {
    Value o;
    Value inner;
    inner.Set("scale", 5);
    Value form;
    form.Set("form", inner);
    o.Set("params", form);
    REQUIRE(o.Find("params.form.scale") != nullptr);
    CHECK(o.Find("params.form.scale")->as_int() == 5);
    CHECK(o.Find("params.form") != nullptr);
    CHECK(o.Find("params.missing.scale") == nullptr);
    CHECK(o.Find("params.form.scale.deeper") == nullptr);
    CHECK(o.Find("nope") == nullptr);
    CHECK(Value().Find("a.b") == nullptr);
  }

  TEST_CASE("GetString, GetInt and GetBool fall back on absent keys and wrong types") {
    Value o;
    o.Set("s", "tekst");
    o.Set("i", 42);
    o.Set("d", 2.5);
    o.Set("b", true);
    o.Set("n", Value());
    o.Set("l", Value::MakeArray());
    o.Set("o", Value::MakeObject());
    CHECK(o.GetString("s") == "tekst");
    CHECK(o.GetString("i") == "42");
    CHECK(o.GetString("d") == "2.5");
    CHECK(o.GetString("b") == "true");
    CHECK(o.GetString("n", "fb") == "fb");
    CHECK(o.GetString("l", "fb") == "fb");
    CHECK(o.GetString("o", "fb") == "fb");
    CHECK(o.GetString("missing", "fb") == "fb");
    CHECK(o.GetInt("i") == 42);
    CHECK(o.GetInt("d") == 2);
    CHECK(o.GetInt("s", -1) == -1);
    CHECK(o.GetInt("missing", 7) == 7);
    CHECK(o.GetBool("b"));
    CHECK(o.GetBool("s", true));
    CHECK_FALSE(o.GetBool("i"));
    CHECK_FALSE(Value("x").GetBool("b"));
  }

  TEST_CASE("ToText writes numbers without trailing zeros") {
    CHECK(Value().ToText() == "");
    CHECK(Value(true).ToText() == "true");
    CHECK(Value(false).ToText() == "false");
    CHECK(Value(-12).ToText() == "-12");
    CHECK(Value(3.0).ToText() == "3");
    CHECK(Value(2.5).ToText() == "2.5");
    CHECK(Value(0.1).ToText() == "0.1");
    CHECK(Value(1e20).ToText() == "1e+20");
    CHECK(Value("a<b").ToText() == "a<b");
    Value list;
    list.Push(1);
    CHECK(list.ToText() == "[1]");
  }

  TEST_CASE("ToJson escapes quotes, control characters and keeps UTF-8") {
    CHECK(Value("a\"b\\c\nd\te\r").ToJson() == R"("a\"b\\c\nd\te\r")");
    CHECK(Value(std::string("\x01", 1)).ToJson() == R"("\u0001")");
    CHECK(Value("Één ĳs").ToJson() == "\"Één ĳs\"");
    CHECK(Value(std::numeric_limits<double>::quiet_NaN()).ToJson() == "null");
    CHECK(Value(std::numeric_limits<double>::infinity()).ToJson() == "null");
    CHECK(Value().ToJson() == "null");
    CHECK(Value::MakeObject().ToJson() == "{}");
    CHECK(Value::MakeArray().ToJson() == "[]");
  }

  TEST_CASE("ToJson can never close a script element") {
    Value v;
    v.Set("html", "</script><script>alert(1)</script>");
    v.Set("<key>", "&amp;");
    std::string json = v.ToJson();
    CHECK(json.find('<') == std::string::npos);
    CHECK(json.find('>') == std::string::npos);
    CHECK(json.find('&') == std::string::npos);
    CHECK(
        json ==
        R"({"html":"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e","\u003ckey\u003e":"\u0026amp;"})");
  }

  TEST_CASE("AppendJsonString appends a quoted literal") {
    std::string out = "x=";
    AppendJsonString(out, "a<b");
    CHECK(out == "x=\"a\\u003cb\"");
  }

  TEST_CASE("AppendJsonString for HTML: short forms of \\n \\r \\t, other controls as \\u00XX") {
    std::string out;
    AppendJsonString(out, "a\n\r\t\x01\"\\\xE2\x80\xA8");
    CHECK(out == "\"a\\n\\r\\t\\u0001\\\"\\\\\xE2\x80\xA8\"");
  }

  TEST_CASE("AppendJsonString for a .js file: line separators escaped, '<' kept") {
    std::string out;
    AppendJsonString(out, "</script>&\n\x01\"\\ \xE2\x80\xA8\xE2\x80\xA9\xE2\x80\xA6", JsonTarget::kScriptFile);
    CHECK(out == "\"</script>&\\u000a\\u0001\\\"\\\\ \\u2028\\u2029\xE2\x80\xA6\"");
    out.clear();
    AppendJsonString(out, "x\xE2\x80", JsonTarget::kScriptFile);  // cut short: copied as it is
    CHECK(out == "\"x\xE2\x80\"");
  }

  TEST_CASE("equality compares type and content") {
    CHECK(Value(1) == Value(1));
    CHECK_FALSE(Value(1) == Value(1.0));
    CHECK_FALSE(Value("1") == Value(1));
    Value a, b;
    a.Set("x", 1);
    b.Set("x", 1);
    CHECK(a == b);
    b.Set("y", 2);
    CHECK_FALSE(a == b);
  }

  TEST_CASE("deep copies are independent") {
    Value a;
    a.Set("list", Value::MakeArray()).Push(1);
    Value b = a;
    b.Get("list")->Push(2);
    CHECK(a.ToJson() == R"({"list":[1]})");
    CHECK(b.ToJson() == R"({"list":[1,2]})");
  }

}  // TEST_SUITE
