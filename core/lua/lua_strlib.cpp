// The pattern functions of the string library, on lua_pattern's counted
// matcher: arguments, plain finds, the gmatch iterator and the text gsub
// builds, each as lstrlib.c's str_find_aux, gmatch and str_gsub do.
#include "lua/lua_strlib.h"

#include <cctype>
#include <cstring>
#include <string>

#include "lua/lua_pattern.h"
#include "lua/lua_state_impl.h"

namespace ww {

namespace {

// A find pattern without any of these is plain text: memmem, no matcher.
constexpr const char* kSpecials = "^$*+?.([%-";

int U(char c) { return static_cast<unsigned char>(c); }

// A 1-based start position, negative from the end, as Lua's posrelat.
size_t StartIndex(lua_Integer pos, size_t len) {
  if (pos > 0) return static_cast<size_t>(pos);
  if (pos == 0) return 1;
  if (pos < -static_cast<lua_Integer>(len)) return 1;
  return len + static_cast<size_t>(pos) + 1;
}

bool NoSpecials(const char* p, size_t lp) {
  for (size_t i = 0; i < lp; ++i)
    if (std::strchr(kSpecials, p[i]) && p[i] != '\0') return false;
  return true;
}

// string.find and string.match share everything but what they return (as
// lstrlib.c's str_find_aux).
int FindOrMatch(lua_State* L, bool find) {
  size_t ls, lp;
  const char* s = luaL_checklstring(L, 1, &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  size_t init = StartIndex(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) {
    luaL_pushfail(L);
    return 1;
  }
  if (find && (lua_toboolean(L, 4) || NoSpecials(p, lp))) {
    // memmem is quick, but a loop of finds over a large text is much work for
    // few instructions: charge a step per 64 bytes.
    LuaState::Impl::From(L)->Charge(L, static_cast<int64_t>((ls - init) / 64));
    const void* at = lp == 0 ? s + init : memmem(s + init, ls - init, p, lp);
    if (at) {
      size_t start = static_cast<size_t>(static_cast<const char*>(at) - s);
      lua_pushinteger(L, static_cast<lua_Integer>(start + 1));
      lua_pushinteger(L, static_cast<lua_Integer>(start + lp));
      return 2;
    }
    luaL_pushfail(L);
    return 1;
  }
  PatternMatcher m(L, s, ls, p, lp);
  bool anchor = lp > 0 && *p == '^';
  if (anchor) ++p;
  const char* s1 = s + init;
  do {
    m.Reset();
    if (const char* e = m.Match(s1, p)) {
      if (find) {
        lua_pushinteger(L, static_cast<lua_Integer>(s1 - s) + 1);
        lua_pushinteger(L, static_cast<lua_Integer>(e - s));
        return m.PushCaptures(nullptr, nullptr) + 2;
      }
      return m.PushCaptures(s1, e);
    }
  } while (s1++ < m.src_end && !anchor);
  luaL_pushfail(L);
  return 1;
}

// Upvalues: subject, pattern, next start offset, end offset of the last match
// (-1: none). As in Lua 5.4, an empty match where the last one ended is
// skipped, so ("abc"):gmatch("%a*") gives "abc" and no empty string after it.
int GmatchStep(lua_State* L) {
  size_t ls, lp;
  const char* s = lua_tolstring(L, lua_upvalueindex(1), &ls);
  const char* p = lua_tolstring(L, lua_upvalueindex(2), &lp);
  size_t pos = static_cast<size_t>(lua_tointeger(L, lua_upvalueindex(3)));
  lua_Integer last = lua_tointeger(L, lua_upvalueindex(4));
  PatternMatcher m(L, s, ls, p, lp);
  for (size_t src = pos; src <= ls; ++src) {
    m.Reset();
    const char* e = m.Match(s + src, p);
    if (e && (last < 0 || e != s + last)) {
      lua_pushinteger(L, static_cast<lua_Integer>(e - s));
      lua_pushvalue(L, -1);
      lua_replace(L, lua_upvalueindex(3));
      lua_replace(L, lua_upvalueindex(4));
      return m.PushCaptures(s + src, e);
    }
  }
  lua_pushinteger(L, static_cast<lua_Integer>(ls) + 1);
  lua_replace(L, lua_upvalueindex(3));
  return 0;
}

// gsub builds its result in C++ memory, which the allocator does not see:
// cap it here, or ("x"):rep(1e4):gsub(".", big) could fill the machine.
void Append(lua_State* L, std::string& out, const char* s, size_t n) {
  auto* I = LuaState::Impl::From(L);
  if (out.size() + n > I->limits.memory_bytes) I->OutOfMemory(L);
  out.append(s, n);
}

// Appends what replaces the match s..e: the replacement text with %0..%9
// filled in, or the value a table or function gives (false or nil keep the
// match as it was).
void AddReplacement(PatternMatcher& m, std::string& out, const char* s, const char* e, int tr) {
  lua_State* L = m.L;
  if (tr == LUA_TFUNCTION) {
    lua_pushvalue(L, 3);
    int n = m.PushCaptures(s, e);
    lua_call(L, n, 1);
  } else if (tr == LUA_TTABLE) {
    m.PushCapture(0, s, e);
    lua_gettable(L, 3);
  } else {
    size_t l;
    const char* r = lua_tolstring(L, 3, &l);
    m.I->Charge(L, static_cast<int64_t>(l / 16));
    for (size_t i = 0; i < l; ++i) {
      if (r[i] != '%') {
        Append(L, out, r + i, 1);
        continue;
      }
      ++i;
      if (i < l && r[i] == '%') {
        Append(L, out, "%", 1);
      } else if (i < l && r[i] == '0') {
        Append(L, out, s, static_cast<size_t>(e - s));
      } else if (i < l && std::isdigit(U(r[i]))) {
        m.PushCapture(r[i] - '1', s, e);
        size_t cl;
        const char* c = luaL_tolstring(L, -1, &cl);
        Append(L, out, c, cl);
        lua_pop(L, 2);
      } else {
        luaL_error(L, "invalid use of '%c' in replacement string", '%');
      }
    }
    return;
  }
  if (!lua_toboolean(L, -1)) {
    Append(L, out, s, static_cast<size_t>(e - s));
  } else if (!lua_isstring(L, -1)) {
    luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
  } else {
    size_t l;
    const char* r = lua_tolstring(L, -1, &l);
    Append(L, out, r, l);
  }
  lua_pop(L, 1);
}

}  // namespace

int StrFind(lua_State* L) { return FindOrMatch(L, true); }
int StrMatch(lua_State* L) { return FindOrMatch(L, false); }

int StrGmatch(lua_State* L) {
  size_t ls;
  luaL_checklstring(L, 1, &ls);
  luaL_checkstring(L, 2);
  size_t init = StartIndex(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) init = ls + 1;
  lua_settop(L, 2);
  lua_pushinteger(L, static_cast<lua_Integer>(init));
  lua_pushinteger(L, -1);
  lua_pushcclosure(L, &GmatchStep, 4);
  return 1;
}

int StrGsub(lua_State* L) {
  size_t ls, lp;
  const char* src = luaL_checklstring(L, 1, &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  int tr = lua_type(L, 3);
  lua_Integer max_n = luaL_optinteger(L, 4, static_cast<lua_Integer>(ls) + 1);
  luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
                   "string/function/table");
  PatternMatcher m(L, src, ls, p, lp);
  bool anchor = lp > 0 && *p == '^';
  if (anchor) ++p;
  std::string out;
  const char* s = src;
  const char* last = nullptr;
  lua_Integer n = 0;
  while (n < max_n) {
    m.Reset();
    const char* e = m.Match(s, p);
    if (e && e != last) {  // (no empty match right where the last one ended, as Lua 5.4)
      ++n;
      AddReplacement(m, out, s, e, tr);
      s = last = e;
    } else if (s < m.src_end) {
      m.I->Charge(L, 1);  // the copy of a byte that did not match (measured: as costly as the try)
      Append(L, out, s++, 1);
    } else {
      break;
    }
    if (anchor) break;
  }
  Append(L, out, s, static_cast<size_t>(m.src_end - s));
  lua_pushlstring(L, out.data(), out.size());
  lua_pushinteger(L, n);
  return 2;
}

}  // namespace ww
