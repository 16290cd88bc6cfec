// The sandbox: what a plugin's environment holds. Each plugin gets copies of
// the safe standard libraries (never the globals themselves), and the library
// functions that could run for ever in C or escape the budget are wrapped:
// patterns (lua_strlib), string.rep, table.move, table.sort, xpcall's handler,
// setmetatable's __gc, load's binary chunks.
#include <algorithm>
#include <cstdio>
#include <string>

#include "lua/lua_state_impl.h"
#include "lua/lua_strlib.h"

namespace ww {

namespace {

// string.rep("", 2^50) would loop in C for ever without allocating anything
// (any other repetition allocates its result first, so the memory cap stops it).
int SafeRep(lua_State* L) {
  size_t l, lsep;
  luaL_checklstring(L, 1, &l);
  lua_Integer n = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &lsep);
  if (n > 0 && l + lsep == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

// table.move(t, 1, 2^62, 2) would loop in C for ever: charge its length first.
int ChargedMove(lua_State* L) {
  lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
  if (e >= f) {
    lua_Unsigned n = static_cast<lua_Unsigned>(e) - static_cast<lua_Unsigned>(f);
    LuaState::Impl::From(L)->Charge(L, n > (1ull << 62) ? (1ll << 62) : static_cast<int64_t>(n));
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

// table.sort's own loop is C (only a Lua comparator is counted): charge
// about n log n first.
int ChargedSort(lua_State* L) {
  if (lua_type(L, 1) == LUA_TTABLE) {
    int64_t n = static_cast<int64_t>(lua_rawlen(L, 1)), steps = n;
    for (int64_t k = n; k > 1; k >>= 1) steps += n;
    LuaState::Impl::From(L)->Charge(L, steps);
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 0);
  return 0;
}

// Finalizers run with hooks off (even at lua_close), beyond any budget.
int SafeSetMetatable(lua_State* L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    lua_rawget(L, 2);
    bool gc = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (gc) return luaL_error(L, "plugins cannot use __gc (finalizers run outside the plugin's time limit)");
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

// A plugin's xpcall message handler, guarded: after a budget error raised by
// the count hook, Lua runs the handler with hooks still switched off (until
// the next pcall boundary restores them), so a looping handler would never
// be stopped. Once the budget is gone, the handler is skipped.
int GuardedHandler(lua_State* L) {
  if (LuaState::Impl::From(L)->exhausted) {
    lua_settop(L, 1);
    return 1;
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

int SafeXpcall(lua_State* L) {
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, &GuardedHandler, 1);
  lua_replace(L, 2);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

// load() for plugins: text chunks only; by default in the caller's environment.
int SafeLoad(lua_State* L) {
  size_t len;
  if (lua_type(L, 1) != LUA_TSTRING) return luaL_error(L, "load() in a plugin takes the code as text");
  const char* s = lua_tolstring(L, 1, &len);
  const char* name = luaL_optstring(L, 2, "=(load)");
  int env = lua_isnone(L, 4) ? lua_upvalueindex(1) : 4;
  if (luaL_loadbufferx(L, s, len, name, "t") != LUA_OK) {
    luaL_pushfail(L);
    lua_insert(L, -2);
    return 2;
  }
  lua_pushvalue(L, env);
  if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
  return 1;
}

// print() for plugins: one line on stderr, cut short after 4000 bytes, so a
// plugin's debugging output cannot flood the build's log.
int SafePrint(lua_State* L) {
  int n = lua_gettop(L);
  std::string line;
  for (int i = 1; i <= n && line.size() < 4000; ++i) {
    if (i > 1) line += '\t';
    size_t len;
    const char* s = luaL_tolstring(L, i, &len);
    line.append(s, std::min<size_t>(len, 4000));
    lua_pop(L, 1);
  }
  std::fprintf(stderr, "plugin: %s\n", line.c_str());
  return 0;
}

// Copies the fields of global library `lib` into a new table on the stack.
void CopyLibrary(lua_State* L, const char* lib) {
  lua_getglobal(L, lib);
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, -3)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -4);
  }
  lua_remove(L, -2);
}

// Puts wrapper in place of lib.fn, with the original as its upvalue 1.
void Wrap(lua_State* L, const char* lib, const char* fn, lua_CFunction wrapper) {
  lua_getglobal(L, lib);
  lua_getfield(L, -1, fn);
  lua_pushcclosure(L, wrapper, 1);
  lua_setfield(L, -2, fn);
  lua_pop(L, 1);
}

void Replace(lua_State* L, const char* lib, const char* fn, lua_CFunction f) {
  lua_getglobal(L, lib);
  lua_pushcfunction(L, f);
  lua_setfield(L, -2, fn);
  lua_pop(L, 1);
}

}  // namespace

// The global libraries are never seen by plugins; each plugin gets copies.
// What is changed here is changed for the string metatable too (its __index
// is the global string table).
void LuaState::Impl::OpenLibraries() {
  luaL_openlibs(L);
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);
  lua_getglobal(L, "string");
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_pop(L, 1);
  Replace(L, "string", "find", &StrFind);
  Replace(L, "string", "match", &StrMatch);
  Replace(L, "string", "gmatch", &StrGmatch);
  Replace(L, "string", "gsub", &StrGsub);
  Wrap(L, "string", "rep", &SafeRep);
  Wrap(L, "table", "move", &ChargedMove);
  Wrap(L, "table", "sort", &ChargedSort);
  lua_getglobal(L, "setmetatable");
  lua_pushcclosure(L, &SafeSetMetatable, 1);
  lua_setglobal(L, "setmetatable");
  lua_getglobal(L, "xpcall");
  lua_pushcclosure(L, &SafeXpcall, 1);
  lua_setglobal(L, "xpcall");
  // The same random numbers every build.
  lua_getglobal(L, "math");
  lua_getfield(L, -1, "randomseed");
  lua_pushinteger(L, 20240301);
  lua_call(L, 1, 0);
  lua_pop(L, 1);

  // Shared by every plugin's wegwijzer table: host functions are copied in
  // (NewEnvironment), data is reached through __index (lua_shared_data).
  lua_newtable(L);
  api_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_newtable(L);
  data_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_createtable(L, 0, 2);
  lua_pushcfunction(L, &ApiIndex);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  wegwijzer_mt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

// Pushes a fresh environment with copies of the safe libraries.
void LuaState::Impl::NewEnvironment() {
  lua_newtable(L);
  int env = lua_gettop(L);
  for (const char* name :
       {"assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber", "tostring", "type", "xpcall",
        "rawequal", "rawlen", "rawget", "rawset", "setmetatable", "getmetatable", "_VERSION"}) {
    lua_getglobal(L, name);
    lua_setfield(L, env, name);
  }
  for (const char* lib : {"string", "table", "math", "utf8", "coroutine"}) {
    CopyLibrary(L, lib);
    lua_setfield(L, env, lib);
  }
  lua_newtable(L);
  lua_getglobal(L, "os");
  for (const char* fn : {"time", "clock", "date"}) {
    lua_getfield(L, -1, fn);
    lua_setfield(L, -3, fn);
  }
  lua_pop(L, 1);
  lua_setfield(L, env, "os");
  // wegwijzer: the host functions copied, the shared data through __index.
  lua_newtable(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, api_ref);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -5);
  }
  lua_pop(L, 1);
  lua_rawgeti(L, LUA_REGISTRYINDEX, wegwijzer_mt_ref);
  lua_setmetatable(L, -2);
  lua_setfield(L, env, "wegwijzer");
  lua_pushvalue(L, env);
  lua_pushcclosure(L, &SafeLoad, 1);
  lua_setfield(L, env, "load");
  lua_pushcfunction(L, &SafePrint);
  lua_setfield(L, env, "print");
  lua_pushvalue(L, env);
  lua_setfield(L, env, "_G");
}

}  // namespace ww
