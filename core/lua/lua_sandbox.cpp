// The sandbox: what a plugin's environment holds. Each plugin gets copies of
// the safe standard libraries (never the globals themselves), and the library
// functions that could run for ever in C or escape the budget are wrapped:
// patterns (lua_strlib), string.rep, table.move, table.sort, table.insert and
// remove, the text the string and utf8 functions read, load's chunk,
// xpcall's handler, setmetatable's __gc, load's binary chunks, rawset on the
// read-only shared data; coroutine.resume and wrap tell the budget which
// thread runs.
#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <vector>

#include "lua/lua_state_impl.h"
#include "lua/lua_strlib.h"

namespace ww {

namespace {

using Impl = LuaState::Impl;

// Calls the function a wrapper stands for (its upvalue 1) with the
// arguments as they are; returns all its results.
int CallWrapped(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

// Library functions that read their text arguments in C: utf8.len or
// tonumber read a whole text and make nothing the allocator would charge,
// string.upper reads what it makes. The bytes are charged first
// (kReadBytesPerStep).
int ChargedByText(lua_State* L) {
  size_t bytes = 0;
  for (int i = 1, n = lua_gettop(L); i <= n; ++i)
    if (lua_type(L, i) == LUA_TSTRING) bytes += lua_rawlen(L, i);
  Impl::From(L)->Charge(L, static_cast<int64_t>(bytes / kReadBytesPerStep));
  return CallWrapped(L);
}

// string.rep("", 2^50) would loop in C for ever without allocating anything
// (any other repetition allocates its result first: the allocator charges
// it, and the memory cap stops it).
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

// table.insert and table.remove as ltablib.c has them, with each element
// moved charged: their loop is C, and its length comes from a __len the
// plugin may write (2^40, and no element to move), so it cannot be charged
// up front. Tables only (proxies of shared data are tables too).
int ChargedInsert(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  Impl* I = Impl::From(L);
  lua_Integer e = luaL_intop(+, luaL_len(L, 1), 1);  // the first empty element
  lua_Integer pos = e;
  switch (lua_gettop(L)) {
    case 2:
      break;
    case 3:
      pos = luaL_checkinteger(L, 2);
      luaL_argcheck(L, static_cast<lua_Unsigned>(pos) - 1u < static_cast<lua_Unsigned>(e), 2, "position out of bounds");
      for (lua_Integer i = e; i > pos; i--) {
        I->Charge(L, 1);
        lua_geti(L, 1, i - 1);
        lua_seti(L, 1, i);
      }
      break;
    default:
      return luaL_error(L, "wrong number of arguments to 'insert'");
  }
  lua_seti(L, 1, pos);
  return 0;
}

int ChargedRemove(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  Impl* I = Impl::From(L);
  lua_Integer size = luaL_len(L, 1);
  lua_Integer pos = luaL_optinteger(L, 2, size);
  if (pos != size)
    luaL_argcheck(L, static_cast<lua_Unsigned>(pos) - 1u <= static_cast<lua_Unsigned>(size), 2,
                  "position out of bounds");
  lua_geti(L, 1, pos);
  for (; pos < size; pos++) {
    I->Charge(L, 1);
    lua_geti(L, 1, pos + 1);
    lua_seti(L, 1, pos);
  }
  lua_pushnil(L);
  lua_seti(L, 1, pos);
  return 1;
}

// table.concat(t, sep, i, j) visits every element from i to j in C, even
// when each is "" and nothing is made: one step per element, first.
int ChargedConcat(lua_State* L) {
  if (lua_type(L, 1) == LUA_TTABLE) {
    lua_Integer i = luaL_optinteger(L, 3, 1);
    lua_Integer j = lua_isnoneornil(L, 4) ? luaL_len(L, 1) : luaL_checkinteger(L, 4);
    if (j >= i) {
      lua_Unsigned n = static_cast<lua_Unsigned>(j) - static_cast<lua_Unsigned>(i);
      Impl::From(L)->Charge(L, n > (1ull << 62) ? (1ll << 62) : static_cast<int64_t>(n));
    }
  }
  return ChargedByText(L);
}

// The thread a plugin resumes runs its code until it yields or ends; the
// budget's allocator must know which thread to stop (ArmHook).
struct RunningScope {
  Impl* I;
  lua_State* saved;
  RunningScope(Impl* i, lua_State* co) : I(i), saved(i->running) {
    if (co) I->running = co;
  }
  ~RunningScope() { I->running = saved; }
  RunningScope(const RunningScope&) = delete;
  RunningScope& operator=(const RunningScope&) = delete;
};

// coroutine.resume and coroutine.close: the thread is argument 1.
int TrackedResume(lua_State* L) {
  RunningScope scope(Impl::From(L), lua_tothread(L, 1));
  return CallWrapped(L);
}

// The function coroutine.wrap made (upvalue 1), its thread (upvalue 2).
int TrackedWrapped(lua_State* L) {
  RunningScope scope(Impl::From(L), lua_tothread(L, lua_upvalueindex(2)));
  return CallWrapped(L);
}

int TrackedWrap(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  lua_getupvalue(L, -1, 1);  // the thread: auxwrap's one upvalue
  if (!lua_isthread(L, -1)) {
    lua_pop(L, 1);
    return 1;
  }
  lua_pushcclosure(L, &TrackedWrapped, 2);
  return 1;
}

// rawset would put a key on a read-only proxy itself, where every plugin of
// the state would find it before the shared data.
int SafeRawset(lua_State* L) {
  if (Impl::IsFrozen(L, 1)) return Impl::RefuseWrite(L);
  return CallWrapped(L);
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
  Impl::From(L)->Charge(L, static_cast<int64_t>(len));  // the lexer reads all of it, comments too
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

// Wraps every function of global table `lib` in wrapper, but those in `except`.
void WrapAll(lua_State* L, const char* lib, lua_CFunction wrapper, std::initializer_list<const char*> except = {}) {
  lua_getglobal(L, lib);
  std::vector<std::string> names;
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    if (lua_type(L, -2) == LUA_TSTRING && lua_iscfunction(L, -1)) names.emplace_back(lua_tostring(L, -2));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  for (const std::string& n : names)
    if (std::none_of(except.begin(), except.end(), [&](const char* e) { return n == e; }))
      Wrap(L, lib, n.c_str(), wrapper);
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
  // Work in C over text: charged by the bytes read (the allocator charges
  // the bytes made). The string metatable's arithmetic ("1e9" + 1) reads
  // the text too.
  WrapAll(L, "string", &ChargedByText, {"find", "match", "gmatch", "gsub", "rep", "len"});
  WrapAll(L, "utf8", &ChargedByText);
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  for (const char* mm : {"__add", "__sub", "__mul", "__mod", "__pow", "__div", "__idiv", "__unm"}) {
    lua_getfield(L, -1, mm);
    if (lua_iscfunction(L, -1)) {
      lua_pushcclosure(L, &ChargedByText, 1);
      lua_setfield(L, -2, mm);
    } else {
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 2);
  Wrap(L, "os", "date", &ChargedByText);
  lua_getglobal(L, "tonumber");
  lua_pushcclosure(L, &ChargedByText, 1);
  lua_setglobal(L, "tonumber");
  Replace(L, "string", "find", &StrFind);
  Replace(L, "string", "match", &StrMatch);
  Replace(L, "string", "gmatch", &StrGmatch);
  Replace(L, "string", "gsub", &StrGsub);
  Wrap(L, "string", "rep", &SafeRep);
  Wrap(L, "table", "move", &ChargedMove);
  Wrap(L, "table", "sort", &ChargedSort);
  Wrap(L, "table", "concat", &ChargedConcat);
  Replace(L, "table", "insert", &ChargedInsert);
  Replace(L, "table", "remove", &ChargedRemove);
  Wrap(L, "coroutine", "resume", &TrackedResume);
  Wrap(L, "coroutine", "close", &TrackedResume);
  Wrap(L, "coroutine", "wrap", &TrackedWrap);
  lua_getglobal(L, "rawset");
  lua_pushcclosure(L, &SafeRawset, 1);
  lua_setglobal(L, "rawset");
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
