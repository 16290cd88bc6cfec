// Tests of the sandbox (lua_sandbox.cpp): what a plugin cannot reach, and
// that plugins cannot change what another one sees.

#include <doctest/doctest.h>

#include "lua/lua_fixture.h"

using namespace ww;
using namespace ww::testing;

TEST_SUITE("lua_sandbox") {
  TEST_CASE("the sandbox: no way out") {
    Sandbox s;
    // Libraries and functions that are simply not there.
    CHECK(s.Json("return { os.execute == nil, os.exit == nil, os.getenv == nil, os.remove == nil, io == nil,\n"
                 "  require == nil, package == nil, dofile == nil, loadfile == nil, debug == nil,\n"
                 "  collectgarbage == nil, string.dump == nil, ('').dump == nil, loadstring == nil,\n"
                 "  type(os.time) == 'function', type(os.date) == 'function' }") ==
          "[true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true]");
    // No bytecode, in any way.
    CHECK(s.Json("return { load('\\27Lua\\x54\\0') }").find("attempt to load a binary chunk") != std::string::npos);
    CHECK(s.Json("return { load('\\27Lua', 'x', 'b') }").find("attempt to load a binary chunk") != std::string::npos);
    CHECK(s.Error("return load(function() return nil end)").message.find("takes the code as text") !=
          std::string::npos);
    // load with a custom environment sees only that environment.
    CHECK(s.Json("return load('return os', 'x', 't', {})()") == "nil");
    CHECK(s.Json("return load('return os == nil and upper ~= nil', 'x', 't', '')()") == "true");
    CHECK(s.Json("return load('return os.execute')()") == "nil");
    CHECK(s.Json("return load('x = 5 return x')() + x") == "10");  // default: the plugin's own globals
    // _G is the plugin's own environment, nothing more.
    CHECK(s.Json("return { _G == _ENV, rawget(_G, 'io') == nil, _G._G == _G }") == "[true,true,true]");
    CHECK(s.Json("setmetatable(_G, { __index = function(t, k) return 'stub' end }) return io") == R"("stub")");
    // The string metatable is locked.
    CHECK(s.Json("return getmetatable('')") == "false");
    CHECK(s.Error("getmetatable('').__index.upper = function() return 'x' end").message.find("index a boolean") !=
          std::string::npos);
    CHECK(s.Error("setmetatable('', {})").message.find("table expected, got string") != std::string::npos);
    // No finalizers: they would run outside any budget.
    CHECK(s.Error("setmetatable({}, { __gc = function() while true do end end })").message.find("cannot use __gc") !=
          std::string::npos);
    CHECK(s.Json("local mt = {} setmetatable({}, mt) mt.__gc = function() while true do end end return 1") == "1");
    // Random numbers are the same every build.
    Sandbox other;
    CHECK(s.Json("return math.random(1, 1000000)") == other.Json("return math.random(1, 1000000)"));
  }

  TEST_CASE("one plugin cannot change what another one sees") {
    Sandbox s;
    int a = s.Load(
        "string.upper = function() return 'gehackt' end\n"
        "table.concat = nil\n"
        "x = 'globaal'\n"
        "wegwijzer.extra = 1\n"
        "return { f = function() return ('a'):upper() end }",
        "plugins/a.lua");
    int b = s.Load(
        "return { f = function()\n"
        "  return { ('b'):upper(), string.upper('c'), type(table.concat), x == nil, wegwijzer.extra == nil }\n"
        "end }",
        "plugins/b.lua");
    CHECK(s.Ok(a, "f").value == Value("A"));  // method calls use the locked string library
    CHECK(s.Ok(b, "f").value.ToJson() == R"(["B","C","function",true,true])");
  }
}  // TEST_SUITE
