// Tests of the step-counted string patterns (lua_strlib.cpp on lua_pattern.cpp),
// compared with Lua's own implementation on fixed and random patterns.
#include <doctest/doctest.h>

#include <cstdio>
#include <lua.hpp>  // only for the reference implementation of string patterns
#include <random>
#include <string>
#include <vector>

#include "lua/lua_fixture.h"

using namespace ww;
using namespace ww::testing;

namespace {

// Runs `code` (which gets s, p, r as globals) in a state and serialises the
// results (or the error message without its position).
std::string Serialise(lua_State* L) {
  std::string out;
  int n = lua_gettop(L);
  for (int i = 1; i <= n; ++i) {
    if (i > 1) out += "|";
    if (lua_type(L, i) == LUA_TNUMBER && lua_isinteger(L, i))
      out += "i" + std::to_string(lua_tointeger(L, i));
    else if (lua_type(L, i) == LUA_TSTRING)
      out += "s" + std::string(lua_tostring(L, i));
    else
      out += luaL_typename(L, i);
  }
  return out;
}

std::string StripWhere(std::string msg) {
  size_t c = msg.find(": ");
  if (msg.rfind("[string", 0) == 0 || msg.rfind("plugins/", 0) == 0) msg = msg.substr(c + 2);
  return msg;
}

std::string Reference(const std::string& code) {
  lua_State* L = luaL_newstate();
  luaL_openlibs(L);
  std::string out;
  if (luaL_loadstring(L, code.c_str()) != LUA_OK || lua_pcall(L, 0, LUA_MULTRET, 0) != LUA_OK) {
    out = "error: " + StripWhere(lua_tostring(L, -1));
  } else {
    out = Serialise(L);
  }
  lua_close(L);
  return out;
}

// The same code in the sandbox: results come back as a list of strings.
std::string Ours(Sandbox& s, const std::string& code) {
  std::string wrapped =
      "return { f = function() local r = table.pack(pcall(function() " + code +
      " end)) if not r[1] then return { 'error: ' .. tostring(r[2]) } end\n"
      "local out = {} for i = 2, r.n do local v = r[i]\n"
      "  if math.type(v) == 'integer' then out[#out + 1] = 'i' .. v\n"
      "  elseif type(v) == 'string' then out[#out + 1] = 's' .. v else out[#out + 1] = type(v) end end\n"
      "return out end }";
  int id = s.Load(wrapped);
  LuaValue r = s.Ok(id, "f");
  std::string out;
  if (r.value.is_array())
    for (size_t i = 0; i < r.value.as_array().size(); ++i) {
      if (i) out += "|";
      out += r.value.as_array()[i].ToText();
    }
  if (out.rfind("error: ", 0) == 0) out = "error: " + StripWhere(out.substr(7));
  return out;
}

std::string LuaQuote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\%03d", c);
    out += buf;
  }
  return out + "\"";
}

}  // namespace

TEST_SUITE("lua_strlib") {
  TEST_CASE("string patterns behave as Lua's own") {
    LuaLimits limits = SmallLimits();
    limits.instructions = 50'000'000;
    Sandbox s(limits);
    const char* cases[] = {
        "return string.find('hello world', 'o w')",
        "return string.find('hello world', 'o', 6)",
        "return string.find('hello', 'l', -2)",
        "return string.find('hello', '', 10)",
        "return string.find('hello', '', 6)",
        "return string.find('a.b', '.', 1, true)",
        "return string.find('abc', '(b)(c)')",
        "return string.find('abc', '()b()')",
        "return string.match('key = value', '(%w+)%s*=%s*(%w+)')",
        "return string.match('  trim me  ', '^%s*(.-)%s*$')",
        "return string.match('2024-03-01', '(%d+)-(%d+)-(%d+)')",
        "return string.match('THE (quick) fox', '%((%a+)%)')",
        "return string.match('[[nested]]', '%[(%b[])%]')",
        "return string.match('f(a(b)c)d', '%b()')",
        "return string.match('hello', '^(h?)(e+)(l*)(l-)o$')",
        "return string.match('THE (quick) fox', '%f[%a]%a+', 5)",
        "return string.match('aaa', 'a-b')",
        "return string.match('abcabc', '(abc)%1')",
        "return string.match('x', '()')",
        "return string.match('a]b', '[]]')",
        "return string.match('a^b', '[%^]')",
        "return string.match('a-b', '[a%-]+')",
        "return string.match('éa', '[\\128-\\255]+')",
        "return string.match('hello', '[^aeiou]+')",
        "return string.match('12ab', '%x+')",
        "return string.match('$100', '$%d+')",
        "return string.match('a$b', 'a$b')",
        "return string.match('^x', '^^x')",
        "return string.gsub('hello world', 'o', '0')",
        "return string.gsub('hello world', 'l+', function(x) return #x end)",
        "return string.gsub('$name is $age', '%$(%w+)', { name = 'Ann', age = 7 })",
        "return string.gsub('abc', '%w', '%0%0')",
        "return string.gsub('abc', '(a)(b)', '%2%1%%')",
        "return string.gsub('abc', '', '-')",
        "return string.gsub('abc', '.', { a = false, b = 1 })",
        "return string.gsub('hello', 'l', 'L', 1)",
        "return string.gsub('hello', '^h', 'H')",
        "return string.gsub('one two', '(%w+)', '<%1>')",
        "return string.gsub('abc', '()', '%1')",
        "return string.gsub('a,b,,c', ',', ';', 0)",
        "local t = {} for k, v in string.gmatch('a=1, b=2', '(%w+)=(%w+)') do t[#t+1] = k .. v end "
        "return table.concat(t, ' ')",
        "local t = {} for w in string.gmatch('one two  three', '%a+') do t[#t+1] = w end return table.concat(t, ',')",
        "local t = {} for w in string.gmatch('abc', '') do t[#t+1] = '.' end return #t",
        "local t = {} for w in string.gmatch('^a^a', '^a') do t[#t+1] = w end return #t",
        "local t = {} for a, b in string.gmatch('abcd', '()(.)', 3) do t[#t+1] = a .. b end return table.concat(t)",
        "local t = {} for a in string.gmatch('abcd', '.', 10) do t[#t+1] = a end return #t",
        // errors
        "return string.find('a', '%')",
        "return string.find('a', '[a')",
        "return string.find('a', '[a%')",
        "return string.find('a', '(a')",
        "return string.find('a', 'a)')",
        "return string.find('a', '%1')",
        "return string.find('a', '%b')",
        "return string.find('a', '%f')",
        "return string.gsub('a', 'a', '%2')",
        "return string.gsub('a', 'a', '%x')",
        "return string.gsub('a', 'a', '%')",
        "return string.gsub('a', 'a', {a = {}})",
        "return string.gsub('a', 'a', true)",
        "return string.find('a', ('(a)'):rep(33))",
        "return string.match('aaa', '(a*(.)%w(%s*))')",
        "return ('x'):rep(300):find(('x?'):rep(300) .. ('x'):rep(300))",
    };
    for (const char* code : cases) {
      CAPTURE(code);
      CHECK(Ours(s, code) == Reference(code));
    }
  }

  TEST_CASE("string patterns: random patterns agree with Lua's own") {
    LuaLimits limits = SmallLimits();
    limits.instructions = 50'000'000;
    Sandbox s(limits);
    std::mt19937 rng(12345);
    const std::vector<std::string> atoms = {"a",  "b", ".", "%a",    "%d", "%s",   "%W",     "[ab]", "[^a]", "[a-c]",
                                            "%%", "(", ")", "()",    "%1", "%b()", "%f[%w]", "*",    "+",    "-",
                                            "?",  "^", "$", "[%a-]", "x",  "%.",   " ",      "[]]"};
    const std::string alphabet = "aab b1(x).()%- ";
    int compared = 0;
    for (int round = 0; round < 400; ++round) {
      std::string p, subject;
      int n = 1 + static_cast<int>(rng() % 6);
      for (int i = 0; i < n; ++i) p += atoms[rng() % atoms.size()];
      int m = static_cast<int>(rng() % 12);
      for (int i = 0; i < m; ++i) subject += alphabet[rng() % alphabet.size()];
      for (const char* fn : {"find", "match", "gsub"}) {
        std::string code = std::string("return string.") + fn + "(" + LuaQuote(subject) + ", " + LuaQuote(p) +
                           (std::string(fn) == "gsub" ? ", '<%0>')" : ")");
        CAPTURE(code);
        CHECK(Ours(s, code) == Reference(code));
        ++compared;
      }
      std::string code = "local t = {} for a, b in string.gmatch(" + LuaQuote(subject) + ", " + LuaQuote(p) +
                         ") do t[#t+1] = tostring(a) .. '/' .. tostring(b) end return table.concat(t, ',')";
      CAPTURE(code);
      CHECK(Ours(s, code) == Reference(code));
    }
    CHECK(compared == 1200);
  }

}  // TEST_SUITE
