// wegwijzer.NAME: data set by SetApiValue (the site, the config) that every
// plugin of a state sees and none may change. A plugin gets an empty proxy
// whose metatable refuses writes and leads reads (__index, __len, __pairs) to
// the hidden data; the data is made into Lua only when a plugin first reads
// it, since most plugins never do and a large site takes long to convert.
#include "lua/lua_state_impl.h"

namespace ww {

namespace {

constexpr const char* kFrozenKey = "__wegwijzer_frozen";  // marks a read-only proxy's metatable

// Turns the lazy proxy at idx into an ordinary one.
void Materialize(lua_State* L, int idx) {
  lua_getmetatable(L, idx);
  int mt = lua_gettop(L);
  lua_getfield(L, mt, "__index");
  lua_getupvalue(L, -1, 1);  // the name
  size_t n = 0;
  const char* name = lua_tolstring(L, -1, &n);
  LuaState::Impl* I = LuaState::Impl::From(L);
  {
    LuaState::Impl::ThreadScope scope(I, L);
    I->PushApi(std::string_view(name, n));  // the real proxy
  }
  if (!LuaState::Impl::PushHidden(L, -1)) lua_newtable(L);  // (replaced meanwhile by a non-table: empty)
  lua_setfield(L, mt, "__index");
  lua_settop(L, mt - 1);
}

int LazyIndex(lua_State* L) {
  Materialize(L, 1);
  lua_getmetatable(L, 1);
  lua_getfield(L, -1, "__index");
  lua_pushvalue(L, 2);
  lua_rawget(L, -2);
  return 1;
}

// A write would change what every other plugin of the state sees.
int FrozenNewIndex(lua_State* L) { return LuaState::Impl::RefuseWrite(L); }

// The proxy itself is empty, so # and pairs are led to the hidden data
// (ipairs and indexing reach it through __index).
int FrozenLen(lua_State* L) {
  lua_Integer n = LuaState::Impl::PushHidden(L, 1) ? static_cast<lua_Integer>(lua_rawlen(L, -1)) : 0;
  lua_pushinteger(L, n);
  return 1;
}

// next() over the hidden table, which is the closure's upvalue: pairs must
// not hand the table itself to the plugin (as the state of a for loop),
// where any write would reach every other plugin.
int HiddenNext(lua_State* L) {
  lua_settop(L, 2);
  lua_pushvalue(L, 2);
  if (lua_next(L, lua_upvalueindex(1))) return 2;
  lua_pushnil(L);
  return 1;
}

int FrozenPairs(lua_State* L) {
  if (!LuaState::Impl::PushHidden(L, 1)) lua_newtable(L);
  lua_pushcclosure(L, &HiddenNext, 1);
  lua_pushvalue(L, 1);  // the proxy, as the loop's state
  lua_pushnil(L);
  return 3;
}

}  // namespace

// A read-only view of v: an empty proxy whose metatable's __index is the
// (hidden) table of data, itself made of proxies.
void LuaState::Impl::PushFrozen(const Value& v, int depth) {
  if (depth > kMaxDepth || (!v.is_array() && !v.is_object())) {
    PushValue(v, depth);
    return;
  }
  luaL_checkstack(L, 6, "nested too deep");
  if (v.is_array()) {
    lua_createtable(L, static_cast<int>(v.as_array().size()), 0);
    int i = 1;
    for (const Value& e : v.as_array()) {
      PushFrozen(e, depth + 1);
      lua_rawseti(L, -2, i++);
    }
  } else {
    lua_createtable(L, 0, static_cast<int>(v.as_object().size()));
    for (const auto& [k, e] : v.as_object()) {
      lua_pushlstring(L, k.data(), k.size());
      PushFrozen(e, depth + 1);
      lua_rawset(L, -3);
    }
  }
  WrapInProxy();
}

// Replaces the value on top of the stack (a data table, or a LazyIndex
// closure) with an empty read-only proxy whose __index it becomes.
void LuaState::Impl::WrapInProxy() {
  lua_createtable(L, 0, 0);  // the proxy
  lua_createtable(L, 0, 6);  // its metatable
  lua_pushvalue(L, -3);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, &FrozenNewIndex);
  lua_setfield(L, -2, "__newindex");
  lua_pushcfunction(L, &FrozenLen);
  lua_setfield(L, -2, "__len");
  lua_pushcfunction(L, &FrozenPairs);
  lua_setfield(L, -2, "__pairs");
  lua_pushboolean(L, 0);  // getmetatable gives false: the data stays out of reach
  lua_setfield(L, -2, "__metatable");
  lua_pushboolean(L, 1);
  lua_setfield(L, -2, kFrozenKey);
  lua_setmetatable(L, -2);
  lua_remove(L, -2);
}

int LuaState::Impl::RefuseWrite(lua_State* L) {
  return luaL_error(L,
                    "wegwijzer.site and wegwijzer.config are read-only (every plugin shares them); copy what "
                    "you need into a table of your own");
}

bool LuaState::Impl::IsFrozen(lua_State* L, int idx) {
  if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx)) return false;
  lua_pushstring(L, kFrozenKey);
  lua_rawget(L, -2);  // raw: a plugin's own metatable may have one of its own
  bool frozen = lua_toboolean(L, -1);
  lua_pop(L, 2);
  return frozen;
}

bool LuaState::Impl::PushHidden(lua_State* L, int idx) {
  idx = lua_absindex(L, idx);
  if (!lua_getmetatable(L, idx)) return false;
  lua_getfield(L, -1, kFrozenKey);
  bool frozen = lua_toboolean(L, -1);
  lua_pop(L, 1);
  if (!frozen) {
    lua_pop(L, 1);
    return false;
  }
  lua_getfield(L, -1, "__index");
  if (lua_isfunction(L, -1)) {  // a lazy proxy (PushLazyApi): convert now
    lua_pop(L, 2);
    Materialize(L, idx);
    lua_getmetatable(L, idx);
    lua_getfield(L, -1, "__index");
  }
  lua_remove(L, -2);
  return true;
}

// A read-only proxy for wegwijzer.NAME that converts it only when it is
// first used (setup gets the site this way: most plugins never read it).
// Once converted it is a proxy like any other, sharing the data table of
// wegwijzer.NAME.
void LuaState::Impl::PushLazyApi(const std::string& name) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, data_ref);
  lua_pushlstring(L, name.data(), name.size());
  lua_rawget(L, -2);
  lua_remove(L, -2);
  if (!lua_isnil(L, -1) || !pending_api.count(name)) return;  // converted already, or no such value
  lua_pop(L, 1);
  lua_pushlstring(L, name.data(), name.size());
  lua_pushcclosure(L, &LazyIndex, 1);
  WrapInProxy();
}

void LuaState::Impl::PushApi(std::string_view name) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, data_ref);
  lua_pushlstring(L, name.data(), name.size());
  lua_rawget(L, -2);
  if (lua_isnil(L, -1)) {  // converted once per state, then shared by all its plugins
    if (auto it = pending_api.find(name); it != pending_api.end()) {
      lua_pop(L, 1);
      std::shared_ptr<const Value> v = it->second();  // (kept alive should the conversion fail)
      PushFrozen(*v);
      lua_pushlstring(L, name.data(), name.size());
      lua_pushvalue(L, -2);
      lua_rawset(L, -4);
      pending_api.erase(it);
    }
  }
  lua_remove(L, -2);
}

int LuaState::Impl::ApiIndex(lua_State* L) {
  size_t n = 0;
  const char* key = lua_type(L, 2) == LUA_TSTRING ? lua_tolstring(L, 2, &n) : nullptr;
  if (!key) {
    lua_pushnil(L);
    return 1;
  }
  Impl* I = From(L);
  ThreadScope scope(I, L);
  I->PushApi(std::string_view(key, n));
  return 1;
}

}  // namespace ww
