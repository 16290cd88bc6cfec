// Tests of wegwijzer.NAME data (lua_shared_data.cpp): read-only, shared by
// every plugin, converted on first read, and within the memory cap.

#include <doctest/doctest.h>

#include "lua/lua_fixture.h"

using namespace ww;
using namespace ww::testing;

TEST_SUITE("lua_shared_data") {
  TEST_CASE("shared data is read-only and seen by every plugin") {
    Sandbox s;
    Value site = Value::MakeObject();
    Value pages = Value::MakeArray();
    for (const char* t : {"Een", "Twee", "Drie"}) {
      Value p = Value::MakeObject();
      p.Set("title", t);
      pages.Push(p);
    }
    site.Set("pages", pages);
    site.Set("title", "Wegwijzer");
    LuaError e;
    REQUIRE(s.L.SetApiValue("site", site, &e));
    int a = s.Load(
        "return {\n"
        "  write = function() wegwijzer.site.title = 'gehackt' end,\n"
        "  deep = function() wegwijzer.site.pages[1].title = 'gehackt' end,\n"
        "  insert = function() table.insert(wegwijzer.site.pages, {}) end,\n"
        "  shadow = function() wegwijzer.site = { title = 'eigen' } return wegwijzer.site.title end,\n"
        "  read = function()\n"
        "    local titles = {}\n"
        "    for i, p in ipairs(wegwijzer.site.pages) do titles[#titles + 1] = p.title end\n"
        "    local keys = {} for k in pairs(wegwijzer.site) do keys[#keys + 1] = k end table.sort(keys)\n"
        "    return { #wegwijzer.site.pages, table.concat(titles, ','), table.concat(keys, ','),\n"
        "             wegwijzer.site.pages[2].title, getmetatable(wegwijzer.site) }\n"
        "  end,\n"
        "  json = function() return wegwijzer.site.pages end,\n"
        "}");
    int b = s.Load("return { read = function() return wegwijzer.site.title end }", "plugins/b.lua");
    CHECK(s.Fails(a, "write").message.find("read-only") != std::string::npos);
    CHECK(s.Fails(a, "deep").message.find("read-only") != std::string::npos);
    CHECK(s.Fails(a, "insert").message.find("read-only") != std::string::npos);
    CHECK(s.Ok(a, "read").value.ToJson() == R"([3,"Een,Twee,Drie","pages,title","Twee",false])");
    CHECK(s.Ok(a, "json").value.ToJson() == R"([{"title":"Een"},{"title":"Twee"},{"title":"Drie"}])");
    CHECK(s.Ok(a, "shadow").value == Value("eigen"));  // its own wegwijzer table only
    CHECK(s.Ok(b, "read").value == Value("Wegwijzer"));
    // Replaced later: every plugin sees the new value from its next call.
    site.Set("title", "Nieuw");
    REQUIRE(s.L.SetApiValue("site", site, &e));
    CHECK(s.Ok(b, "read").value == Value("Nieuw"));
  }

  TEST_CASE("shared data stays read-only through rawset and pairs (issue 17)") {
    Sandbox s;
    Value site = Value::MakeObject();
    Value page = Value::MakeObject();
    page.Set("title", "Een");
    site.Set("pages", Value(Array{page}));
    site.Set("title", "Wegwijzer");
    LuaError e;
    REQUIRE(s.L.SetApiValue("site", site, &e));
    REQUIRE(s.L.SetApiValue("config", Value(Object{{"kleur", Value("blauw")}}), &e));
    int a = s.Load(
        "return {\n"
        "  raw = function() rawset(wegwijzer.site, 'title', 'gehackt') end,\n"
        "  rawdeep = function() rawset(wegwijzer.site.pages[1], 'title', 'gehackt') end,\n"
        "  rawconfig = function() rawset(wegwijzer.config, 'kleur', 'rood') end,\n"
        "  rawnew = function() rawset(wegwijzer.site, 'nieuw', 1) end,\n"
        // pairs gives the loop's state: it must not be the hidden table of data.
        "  state = function() local _, t = pairs(wegwijzer.site) t.title = 'gehackt' end,\n"
        "  rawstate = function() local _, t = pairs(wegwijzer.site.pages[1]) rawset(t, 'title', 'gehackt') end,\n"
        "  mine = function() local t = setmetatable({}, { __index = wegwijzer.site }) rawset(t, 'title', 'eigen')\n"
        "    return t.title end,\n"
        "}");
    int b = s.Load(
        "return { read = function()\n"
        "  local keys = {} for k, v in pairs(wegwijzer.site) do keys[#keys + 1] = k end table.sort(keys)\n"
        "  return wegwijzer.site.title .. ' ' .. wegwijzer.site.pages[1].title .. ' ' .. wegwijzer.config.kleur ..\n"
        "    ' ' .. table.concat(keys, ',')\n"
        "end }",
        "plugins/b.lua");
    for (const char* fn : {"raw", "rawdeep", "rawconfig", "rawnew", "state", "rawstate"}) {
      CAPTURE(fn);
      LuaError err = s.Fails(a, fn);
      CHECK(err.message.find("read-only") != std::string::npos);
      CHECK(err.line > 0);
    }
    CHECK(s.Ok(a, "mine").value == Value("eigen"));  // rawset on a table of its own still works
    CHECK(s.Ok(b, "read").value == Value("Wegwijzer Een blauw pages,title"));
  }

  TEST_CASE("shared data becomes Lua tables only when a plugin reads it") {
    Sandbox s;
    Value site = Value::MakeObject();
    Value pages = Value::MakeArray();
    for (int i = 0; i < 5000; ++i) {
      Value p = Value::MakeObject();
      p.Set("title", "Pagina " + std::to_string(i));
      p.Set("url", "p" + std::to_string(i) + ".html");
      pages.Push(p);
    }
    site.Set("pages", pages);
    site.Set("language", "nl");
    LuaError e;
    size_t before = s.L.memory_used();
    REQUIRE(s.L.SetApiValue("site", site, &e));
    int id = s.Load(
        "local kept\n"
        "return {\n"
        "  nothing = function() return 1 end,\n"
        "  keep = function(site) kept = site end,\n"
        "  count = function() return #wegwijzer.site.pages end,\n"
        "  kept = function()\n"
        "    local n = 0 for _ in pairs(kept) do n = n + 1 end\n"
        "    return { #kept.pages, kept.pages[3].title, n, kept.language, getmetatable(kept) }\n"
        "  end,\n"
        "  same = function(site) return rawequal(site, wegwijzer.site) end,\n"
        "  write = function(site) site.language = 'en' end,\n"
        "  missing = function() return wegwijzer.nothing_here == nil end,\n"
        "}");
    CHECK(s.Ok(id, "nothing").value == Value(int64_t{1}));
    // Handed to a plugin as an argument (setup, finish), it is not converted either ...
    s.Ok(id, "keep", {LuaValue::Api("site")});
    size_t idle = s.L.memory_used();
    CHECK(idle - before < 200'000);  // 5,000 pages as Lua tables take far more
    CHECK(s.Ok(id, "missing").value == Value(true));
    // ... until it is read, and then it is read-only, like wegwijzer.site.
    CHECK(s.Fails(id, "write", {LuaValue::Api("site")}).message.find("read-only") != std::string::npos);
    CHECK(s.Ok(id, "kept").value.ToJson() == R"([5000,"Pagina 2",2,"nl",false])");
    CHECK(s.L.memory_used() - idle > 500'000);
    CHECK(s.Ok(id, "count").value == Value(int64_t{5000}));
    CHECK(s.Ok(id, "same", {LuaValue::Api("site")}).value == Value(true));  // converted: the table itself
    // Read first inside a coroutine: converted on that coroutine's stack.
    Sandbox fresh;
    REQUIRE(fresh.L.SetApiValue("site", site, &e));
    int f = fresh.Load(
        "return { co = function()\n"
        "  local c = coroutine.wrap(function() coroutine.yield(wegwijzer.site.pages[7].title) end)\n"
        "  return c()\n"
        "end }");
    CHECK(fresh.Ok(f, "co").value == Value("Pagina 6"));
    // Given back untouched, a lazy site argument is converted on the way back.
    Sandbox echo;
    REQUIRE(echo.L.SetApiValue("site", site, &e));
    int g = echo.Load("return { echo = function(site) return site end }");
    LuaValue back = echo.Ok(g, "echo", {LuaValue::Api("site")});
    REQUIRE(back.value.is_object());
    CHECK(back.value.Get("pages")->as_array().size() == 5000);
  }

  TEST_CASE("shared data too large for the memory cap fails the plugin that reads it") {
    LuaLimits limits = SmallLimits();
    limits.memory_bytes = 4u << 20;
    Sandbox s(limits);
    Value pages = Value::MakeArray();
    for (int i = 0; i < 200000; ++i) pages.Push(Value("pagina met een titel " + std::to_string(i)));
    Value site = Value::MakeObject();
    site.Set("pages", pages);
    LuaError e;
    REQUIRE(s.L.SetApiValue("site", site, &e));
    int id = s.Load(
        "return {\n"
        "  small = function() return 'ok' end,\n"
        "  big = function()\n"
        "    return #wegwijzer.site.pages\n"
        "  end,\n"
        "}");
    CHECK(s.Ok(id, "small").value == Value("ok"));
    LuaError big = s.Fails(id, "big");
    CHECK(big.kind == LuaError::Kind::kMemory);
    CHECK(big.file == "plugins/p.lua");
    CHECK(big.line == 4);                           // where it reads wegwijzer.site
    CHECK(s.Ok(id, "small").value == Value("ok"));  // the state goes on working
  }
}  // TEST_SUITE
