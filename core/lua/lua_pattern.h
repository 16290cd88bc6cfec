// lua_pattern: Lua 5.4 patterns (reference manual §6.4.1) matched with every
// step charged to the call's instruction budget. Lua's own matcher
// (lstrlib.c) backtracks in C, where no hook can stop it, so a pattern such
// as ("a"):rep(1e6):find(".-b") would hang the build; this one ends with
// "ran too long" instead. Results and error messages are Lua's own.
// Internal to core/lua/: lua_strlib builds string.find and the rest on it.
#pragma once

#include <cstddef>
#include <lua.hpp>

#include "lua/lua_runtime.h"

namespace ww {

// One pattern against one subject (lstrlib.c's MatchState). Errors (a
// malformed pattern, the budget gone) are raised as Lua errors on L.
// REQUIRES: L belongs to a LuaState; subject and pattern outlive the matcher.
struct PatternMatcher {
  static constexpr int kMaxCaptures = 32;  // as Lua's LUA_MAXCAPTURES

  PatternMatcher(lua_State* L, const char* s, size_t ls, const char* p, size_t lp);

  // Forgets the captures: call before each new attempt.
  void Reset();
  // Where the match of the pattern from p (within the pattern given, without
  // a leading '^') starting at subject position s ends, or null.
  const char* Match(const char* s, const char* p);
  // Pushes capture i of the match s..e (the whole match when there are none).
  void PushCapture(int i, const char* s, const char* e);
  // Pushes all captures (the whole match when there are none and s is given);
  // returns how many.
  int PushCaptures(const char* s, const char* e);

  lua_State* L;
  LuaState::Impl* I;
  const char* src_init;
  const char* src_end;
  const char* pat_end;

 private:
  int depth = 0;  // of Match calls, against kMaxMatchDepth
  int level = 0;  // captures opened so far
  struct {
    const char* init;
    ptrdiff_t len;  // or kUnfinished, kPosition
  } cap[kMaxCaptures];

  const char* ClassEnd(const char* p);
  static bool ClassMatches(int c, int cl);
  static bool SetMatches(int c, const char* p, const char* ec);
  bool SingleMatch(const char* s, const char* p, const char* ep);
  const char* MatchHere(const char* s, const char* p);
  const char* MaxExpand(const char* s, const char* p, const char* ep);
  const char* MinExpand(const char* s, const char* p, const char* ep);
  const char* MatchBalance(const char* s, const char* p);
  const char* StartCapture(const char* s, const char* p, ptrdiff_t what);
  const char* EndCapture(const char* s, const char* p);
  const char* MatchBackReference(const char* s, int digit);
};

}  // namespace ww
