// Tests of LuaState: loading plugins, calling them, host functions, and
// errors that name the plugin's file and line.
#include "lua/lua_runtime.h"

#include <doctest/doctest.h>

#include "lua/lua_fixture.h"

using namespace ww;
using namespace ww::testing;

TEST_SUITE("lua_runtime") {
  TEST_CASE("a plugin is a file that returns a table of functions") {
    Sandbox s;
    int id = s.Load("local n = 0\nreturn { f = function() n = n + 1 return n end, g = 1, Heading = function() end }");
    CHECK(s.L.Functions(id) == std::vector<std::string>{"Heading", "f"});
    CHECK(s.Ok(id, "f").value == Value(1));
    CHECK(s.Ok(id, "f").value == Value(2));  // state is kept between calls
    CHECK(s.L.Field(id, "g") == Value(1));
    CHECK(s.L.Field(id, "missing").is_null());

    LuaError e = s.LoadError("return 42");
    CHECK(e.message.find("must end with 'return { ...hooks... }'") != std::string::npos);
    CHECK(e.message.find("number") != std::string::npos);
    e = s.LoadError("local x = 1");
    CHECK(e.message.find("returned nothing") != std::string::npos);
  }

  TEST_CASE("a syntax error names the file and line") {
    Sandbox s;
    LuaError e = s.LoadError("return {\n  f = function()\n    return 1 +\n  end\n}", "plugins/kapot.lua");
    CHECK(e.kind == LuaError::Kind::kSyntax);
    CHECK(e.file == "plugins/kapot.lua");
    CHECK(e.line == 4);
    CHECK(e.message.rfind("syntax error: ", 0) == 0);
    CHECK(e.message.find("plugins/kapot.lua") == std::string::npos);  // not twice
  }

  TEST_CASE("an error while loading names the line") {
    Sandbox s;
    LuaError e = s.LoadError("local t = nil\n\nlocal x = t.field\nreturn {}");
    CHECK(e.kind == LuaError::Kind::kRuntime);
    CHECK(e.file == "plugins/p.lua");
    CHECK(e.line == 3);
    CHECK(e.message.find("attempt to index a nil value") != std::string::npos);
  }

  TEST_CASE("runtime errors name the innermost plugin line and the calls around it") {
    Sandbox s;
    int id = s.Load(
        "local function inner(x)\n"
        "  return x.y.z\n"
        "end\n"
        "local function outer()\n"
        "  local v = inner({}) return v\n"
        "end\n"
        "return {\n"
        "  f = function() local v = outer() return v end,\n"
        "  g = function() error('zelf gegooid') end,\n"
        "  h = function() error({}) end,\n"
        "  i = function() error(setmetatable({}, {__tostring = function() return 'mooi' end})) end,\n"
        "  j = function() local function check(v) if not v then error('check faalt', 2) end end\n"
        "    check(false)\n"
        "  end,\n"
        "  k = function() local co = coroutine.wrap(function()\n"
        "      error('in coroutine') end)\n"
        "    co()\n"
        "  end,\n"
        "}");
    LuaError e = s.Fails(id, "f");
    CHECK(e.file == "plugins/p.lua");
    CHECK(e.line == 2);
    CHECK(e.message.find("attempt to index a nil value (field 'y')") != std::string::npos);
    CHECK(e.called_from == "plugins/p.lua:5, plugins/p.lua:8");

    e = s.Fails(id, "g");
    CHECK(e.line == 9);
    CHECK(e.message == "zelf gegooid");
    e = s.Fails(id, "h");
    CHECK(e.message == "(error object is a table value)");
    e = s.Fails(id, "i");
    CHECK(e.message == "mooi");
    e = s.Fails(id, "j");
    CHECK(e.line == 13);  // error(msg, 2) names the caller's line
    CHECK(e.message == "check faalt");
    e = s.Fails(id, "k");
    CHECK(e.line == 16);  // inside the coroutine, not where it was resumed
    CHECK(e.message == "in coroutine");
  }

  TEST_CASE("calling what is not there is an error, not a crash") {
    Sandbox s;
    int id = s.Load("return { directives = { a = function() return 1 end } }");
    CHECK(s.Fails(id, "nope").message.find("no function 'nope'") != std::string::npos);
    LuaValue r;
    LuaError e;
    CHECK(s.L.Call(id, "directives", "a", {}, &r, &e));
    CHECK(r.value == Value(1));
    CHECK_FALSE(s.L.Call(id, "helpers", "a", {}, &r, &e));
    CHECK_FALSE(s.L.Call(99, "", "f", {}, &r, &e));
    CHECK(s.L.Functions(99).empty());
    CHECK(s.L.Functions(id, "directives") == std::vector<std::string>{"a"});
  }

  TEST_CASE("a plugin table's metamethods never run when hooks are looked up") {
    Sandbox s;
    int id = s.Load(
        "return setmetatable({ f = function() return 1 end },\n"
        "  { __index = function(t, k) while true do end end })");
    CHECK(s.L.Functions(id) == std::vector<std::string>{"f"});
    CHECK(s.L.Functions(id, "directives").empty());
    CHECK(s.L.Field(id, "filter").is_null());
    LuaValue r;
    LuaError e;
    CHECK_FALSE(s.L.Call(id, "", "g", {}, &r, &e));
    CHECK(e.message.find("no function 'g'") != std::string::npos);
  }

  TEST_CASE("read_back_first returns the changed argument when the function returns nothing") {
    Sandbox s;
    int id = s.Load(
        "return { page = function(p) p.title = p.title .. '!' end,\n"
        "  other = function(p) return { title = 'nieuw' } end }");
    Value page = Value::MakeObject();
    page.Set("title", "Titel");
    LuaValue r;
    LuaError e;
    REQUIRE(s.L.Call(id, "", "page", {LuaValue::Of(page)}, &r, &e, true));
    CHECK(r.value.GetString("title") == "Titel!");
    REQUIRE(s.L.Call(id, "", "other", {LuaValue::Of(page)}, &r, &e, true));
    CHECK(r.value.GetString("title") == "nieuw");
    REQUIRE(s.L.Call(id, "", "page", {LuaValue::Of(page)}, &r, &e, false));
    CHECK(r.kind == LuaValue::Kind::kNil);
  }

  TEST_CASE("host functions: arguments, results and errors at the caller's line") {
    Sandbox s;
    std::vector<LuaValue> seen;
    s.L.AddHostFunction("echo", [&](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
      seen = a;
      *r = a.empty() ? LuaValue() : a[0];
      return true;
    });
    s.L.AddHostFunction(
        "nodes",
        [&](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
          seen = a;
          *r = LuaValue::OfNodes({Make(NodeType::kThematicBreak)});
          return true;
        },
        true);
    s.L.AddHostFunction("refuse", [](const std::vector<LuaValue>&, LuaValue*, std::string* err) {
      *err = "dat mag niet";
      return false;
    });
    s.L.AddHostFunction("throws", [](const std::vector<LuaValue>&, LuaValue*, std::string*) -> bool {
      throw std::runtime_error("kapot");
    });
    int id = s.Load(
        "return {\n"
        "  data = function() return wegwijzer.echo({ type = 'Text', text = 'x' }, 2) end,\n"
        "  nodes = function() local l = wegwijzer.nodes({ type = 'Text', text = 'x' }) return #l, l[1].type end,\n"
        "  refuse = function()\n"
        "    wegwijzer.refuse()\n"
        "  end,\n"
        "  throws = function() wegwijzer.throws() end,\n"
        "  co = function() return coroutine.wrap(function() return wegwijzer.echo('in co') end)() end,\n"
        "  caught = function() local ok, msg = pcall(wegwijzer.refuse) return msg end,\n"
        "}");
    LuaValue r = s.Ok(id, "data");
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].kind == LuaValue::Kind::kValue);  // plain data: a node is just a table
    CHECK(seen[0].value.GetString("type") == "Text");
    REQUIRE(r.kind == LuaValue::Kind::kNodes);  // back in Lua it is a table; as a result, a node
    CHECK(r.nodes[0].text == "x");
    r = s.Ok(id, "nodes");
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].kind == LuaValue::Kind::kNodes);
    CHECK(r.value == Value(1));  // a list of one node, not the node
    LuaError e = s.Fails(id, "refuse");
    CHECK(e.line == 5);
    CHECK(e.message == "wegwijzer.refuse: dat mag niet");
    e = s.Fails(id, "throws");
    CHECK(e.message == "wegwijzer.throws: kapot");
    CHECK(s.Ok(id, "co").value == Value("in co"));  // converted on the coroutine's own stack
    CHECK(s.Ok(id, "caught").value == Value("wegwijzer.refuse: dat mag niet"));  // called by pcall: no Lua line
  }

  TEST_CASE("deep recursion ends with a message") {
    LuaLimits limits = SmallLimits();
    limits.instructions = 100'000'000;
    limits.memory_bytes = 256u << 20;
    Sandbox s(limits);
    auto t0 = std::chrono::steady_clock::now();
    LuaError e = s.Error("local function g() return 1 + g() end return g()");
    CHECK((e.message.find("stack overflow (does a function call itself without end?)") != std::string::npos ||
           e.kind != LuaError::Kind::kRuntime));
    CHECK(e.line == 1);
    e = s.Error("local t = setmetatable({}, { __index = function(t, k) return t[k] end }) return t.x");
    CHECK(e.message.find("stack overflow") != std::string::npos);
    e = s.Error("local function g(s) return (s:gsub('.', g)) end return g('abc')");
    CHECK(e.message.find("stack overflow") != std::string::npos);
    CHECK(s.Json("local function g(n) return pcall(g, n) end return g(1)") == "true");
    CHECK(Seconds(t0) < 60);
  }

  TEST_CASE("a state that cannot start reports it instead of crashing") {
    LuaLimits limits;
    limits.memory_bytes = 1000;
    LuaState L(limits);
    CHECK_FALSE(L.ok());
    LuaError e;
    CHECK(L.LoadPlugin("plugins/p.lua", "return {}", &e) < 0);
    CHECK(e.message.find("could not start") != std::string::npos);
    CHECK_FALSE(L.SetApiValue("site", Value(1), &e));
    CHECK(L.Functions(0).empty());
  }
}  // TEST_SUITE
