// lua_strlib: string.find, match, gmatch and gsub for plugins, with every
// matching step charged to the call's instruction budget (the matcher is
// lua_pattern) and the text gsub builds held to the memory cap. Internal to
// core/lua/: the sandbox puts them in place of Lua's own.
//
// They behave as Lua 5.4's own (same results, same error messages), except
// that a pattern which would run past the budget raises "ran too long".
// REQUIRES: L belongs to a LuaState (Impl::From(L) is set).
#pragma once

#include <lua.hpp>

namespace ww {

int StrFind(lua_State* L);
int StrMatch(lua_State* L);
int StrGmatch(lua_State* L);
int StrGsub(lua_State* L);

}  // namespace ww
