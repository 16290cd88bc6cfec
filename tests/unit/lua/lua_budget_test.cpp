// Tests of the limits (lua_budget.cpp): the instruction budget, also for work
// done in C, and the memory cap.

#include <doctest/doctest.h>

#include <chrono>

#include "lua/lua_fixture.h"

using namespace ww;
using namespace ww::testing;

TEST_SUITE("lua_budget") {
  TEST_CASE("the instruction budget ends endless loops, and pcall cannot catch it") {
    Sandbox s;
    int id = s.Load(
        "return {\n"
        "  plain = function()\n"
        "    while true do end\n"
        "  end,\n"
        "  caught = function()\n"
        "    while true do pcall(function() while true do end end) end\n"
        "  end,\n"
        "  handler = function()\n"
        "    return xpcall(function() while true do end end, function() while true do end end)\n"
        "  end,\n"
        "  co = function()\n"
        "    local co = coroutine.wrap(function()\n"
        "      while true do end\n"
        "    end)\n"
        "    co()\n"
        "  end,\n"
        "  resume = function()\n"
        "    while true do coroutine.resume(coroutine.create(function() while true do end end)) end\n"
        "  end,\n"
        "  recurse = function() local function f() return f() end return f() end,\n"
        "  metamethod = function() local t = setmetatable({}, { __index = function(t, k) while true do end end })\n"
        "    return t.x end,\n"
        "  sort = function() local t = {} for i = 1, 100 do t[i] = i end\n"
        "    table.sort(t, function(a, b) while true do end end) end,\n"
        "  ok = function() local n = 0 for i = 1, 1000 do n = n + i end return n end,\n"
        "}");
    for (const char* fn : {"plain", "caught", "handler", "co", "resume", "recurse", "metamethod", "sort"}) {
      CAPTURE(fn);
      auto t0 = std::chrono::steady_clock::now();
      LuaError e = s.Fails(id, fn);
      CHECK(e.kind == LuaError::Kind::kInstructions);
      CHECK(e.message == "ran too long: more than 5 million instructions in one call; look for a loop that never ends");
      CHECK(e.file == "plugins/p.lua");
      CHECK(e.line > 0);
      CHECK(Seconds(t0) < 20);
      CHECK(s.Ok(id, "ok").value == Value(500500));  // the state still works
    }
    CHECK(s.Fails(id, "plain").line == 3);
    CHECK(s.Fails(id, "co").line == 13);
  }

  TEST_CASE("work done in C counts against the budget") {
    Sandbox s;
    auto t0 = std::chrono::steady_clock::now();
    // Each of these would run for hours (or for ever) in Lua's own C code.
    for (const char* body : {
             "return ('a'):rep(20000):find(('a*'):rep(10) .. 'b')",
             "return ('a'):rep(1e6):find('.-b')",
             "return ('a' .. (' '):rep(1e5) .. 'a'):match('^%s*(.-)%s*$')",  // the classic quadratic trim
             "return ('a'):rep(1e5):gsub('a*b', '')",
             "for w in ('a'):rep(1e5):gmatch('a-b') do end",
             "table.move({}, 1, math.maxinteger - 1, 2)",
             "return ('('):rep(1e6):find('%b()')",
         }) {
      std::string code = body;
      CAPTURE(code);
      LuaError e = s.Error(body);
      CHECK(e.kind == LuaError::Kind::kInstructions);
      CHECK(e.line == 1);
    }
    CHECK(s.Json("return string.rep('', 2^50)") == R"("")");
    CHECK(s.Json("return string.rep('', 2^50, '')") == R"("")");
    CHECK(Seconds(t0) < 30);
  }

  TEST_CASE("work in C over large texts is charged by its bytes (issue 17)") {
    // Each loop is a few hundred instructions, far inside the budget of 5
    // million, but reads or makes hundreds of megabytes in C: it must end
    // with the budget's message, after a bounded part of its rounds (the
    // count `done` shows how far it got; without the charge it does all).
    Sandbox s;
    int id = s.Load(
        "local big = string.rep('x', 1e6)\n"
        "local empties = {} for i = 1, 1e5 do empties[i] = '' end\n"
        "local long = setmetatable({}, { __len = function() return 1e6 end })\n"
        "local done = 0\n"
        "local work = {\n"
        "  concat = function() local t = big .. 'y' end,\n"
        "  rep = function() local t = string.rep(big, 2) end,\n"
        "  format = function() local t = string.format('%s', big) end,\n"
        "  tconcat = function() local t = table.concat({ big, big }) end,\n"
        "  empties = function() local t = table.concat(empties) end,\n"
        "  upper = function() local t = big:upper() end,\n"
        "  utf8len = function() local n = utf8.len(big) end,\n"
        "  tonumber = function() local n = tonumber(big) end,\n"
        "  arith = function() local ok = pcall(function() return big + 1 end) end,\n"
        "  load = function() local f = load('return 1 --' .. big) end,\n"
        "  sub = function() local t = big:sub(2) end,\n"
        "  insert = function() table.insert(long, 1, 'x') end,\n"
        "}\n"
        "return {\n"
        "  run = function(name)\n"
        "    done = 0\n"
        "    for i = 1, 200 do work[name]() done = i end\n"
        "  end,\n"
        "  co = function(name)\n"
        "    done = 0\n"
        "    coroutine.wrap(function() for i = 1, 200 do work[name]() done = i end end)()\n"
        "  end,\n"
        "  done = function() return done end,\n"
        "}");
    for (const char* name : {"concat", "rep", "format", "tconcat", "empties", "upper", "utf8len", "tonumber", "arith",
                             "load", "sub", "insert"}) {
      for (const char* fn : {"run", "co"}) {
        CAPTURE(name);
        CAPTURE(fn);
        LuaError e = s.Fails(id, fn, {LuaValue::Of(Value(name))});
        CHECK(e.kind == LuaError::Kind::kInstructions);
        CHECK(e.message ==
              "ran too long: more than 5 million instructions in one call; look for a loop that never ends");
        CHECK(e.file == "plugins/p.lua");
        CHECK(e.line > 0);
        CHECK(s.Ok(id, "done").value.as_int() < 200);
      }
    }
    // Ordinary work on ordinary texts stays far inside the budget.
    CHECK(s.Json("local t = {} for i = 1, 1000 do t[i] = ('abc'):upper() .. i end return #table.concat(t, ',')") ==
          "6892");
  }

  TEST_CASE("the clock ends what the count cannot see: comparing long texts over and over") {
    LuaLimits limits = SmallLimits();
    limits.seconds = 0.5;
    Sandbox s(limits);
    int id = s.Load(
        "return {\n"
        "  cmp = function()\n"
        "    local a, b = ('x'):rep(8e6) .. 'a', ('x'):rep(8e6) .. 'a'\n"
        "    local n = 0\n"
        "    while true do if a == b and not (a < b) then n = n + 1 end end\n"
        "  end,\n"
        "  ok = function() local n = 0 for i = 1, 1000 do n = n + i end return n end,\n"
        "}");
    LuaError e = s.Fails(id, "cmp");
    CHECK(e.kind == LuaError::Kind::kInstructions);
    CHECK(e.message ==
          "ran too long: more than 0.5 seconds in one call; look for a loop that never ends (comparing long texts over "
          "and over takes time that no instruction count sees)");
    CHECK(e.file == "plugins/p.lua");
    CHECK(e.line == 5);
    // The next call has its own time.
    CHECK(s.Ok(id, "ok").value == Value(500500));
  }

  TEST_CASE("the memory cap ends runaway allocation") {
    LuaLimits limits = SmallLimits();
    limits.instructions = 2'000'000'000;
    limits.memory_bytes = 16u << 20;
    Sandbox s(limits);
    int id = s.Load(
        "local keep = {}\n"
        "return {\n"
        "  grow = function()\n"
        "    local t = {}\n"
        "    for i = 1, 1e9 do t[i] = { i } end\n"
        "  end,\n"
        "  text = function()\n"
        "    local s = 'x'\n"
        "    while true do s = s .. s end\n"
        "  end,\n"
        "  rep = function() return #string.rep('x', 1e9) end,\n"
        "  caught = function()\n"
        "    local ok = pcall(function() local t = {} for i = 1, 1e9 do t[i] = { i } end end)\n"
        "    return ok\n"
        "  end,\n"
        "  keep = function() for i = 1, 1e9 do keep[#keep + 1] = ('y'):rep(1000) .. i end end,\n"
        "  small = function() local t = {} for i = 1, 1000 do t[i] = i end return #t end,\n"
        "}");
    for (const char* fn : {"grow", "text", "rep", "keep"}) {
      CAPTURE(fn);
      auto t0 = std::chrono::steady_clock::now();
      LuaError e = s.Fails(id, fn);
      CHECK(e.kind == LuaError::Kind::kMemory);
      CHECK(e.message == "used more than 16 MB of memory; look for a table or text that keeps growing");
      CHECK(e.file == "plugins/p.lua");
      CHECK(e.line > 0);
      CHECK(Seconds(t0) < 30);
      CHECK(s.L.memory_used() <= limits.memory_bytes);
    }
    CHECK(s.Fails(id, "grow").line == 5);
    // A memory error is an ordinary error for pcall (the memory is free again).
    CHECK(s.Ok(id, "caught").value == Value(false));
    // Once 'keep' has filled the state, small calls still fail cleanly; no crash.
    LuaValue r;
    LuaError e;
    s.L.Call(id, "", "small", {}, &r, &e);
  }
}  // TEST_SUITE
