// The limits of a plugin: an instruction budget per call, counted by a hook
// in the VM, by Charge for work done in C, and by the allocator for every
// byte Lua allocates (concatenation, string.rep, format, table.concat, the
// parser of load: work in C that makes text); and a memory cap per state,
// kept by the allocator. Both end the call with an error that names where
// the plugin was when the limit was reached.
#include <algorithm>
#include <cstdlib>

#include "lua/lua_state_impl.h"

namespace ww {

// A thread armed to stop at the next instruction (ArmHook, OutOfBudget) may
// live on into a later call (a coroutine a plugin keeps): it counts what its
// hook really stands for, and goes back to the usual interval.
void LuaState::Impl::CountHook(lua_State* L, lua_Debug*) {
  Impl* I = From(L);
  int every = lua_gethookcount(L);
  I->count += every;
  // The clock as a backstop (LuaLimits::seconds); reading it once per
  // kHookEvery instructions costs nothing measurable.
  if (!I->exhausted && I->limits.seconds > 0 && std::chrono::steady_clock::now() > I->deadline) I->timed_out = true;
  if (I->exhausted || I->timed_out || I->count > I->limits.instructions) I->OutOfBudget(L);
  if (every != kHookEvery) lua_sethook(L, &CountHook, LUA_MASKCOUNT, kHookEvery);
}

void LuaState::Impl::Charge(lua_State* T, int64_t steps) {
  count += steps;
  if (exhausted || count > limits.instructions) OutOfBudget(T);
}

void LuaState::Impl::ChargeBytes(lua_State* T, size_t bytes) {
  Charge(T, static_cast<int64_t>(std::min<size_t>(bytes / kBytesPerStep, size_t{1} << 62)));
}

// The allocator may not raise: it makes the count hook fire at the next VM
// instruction of the thread running plugin code (and of main), which raises
// there. lua_sethook may be called at any time, even from a signal handler.
void LuaState::Impl::ArmHook() {
  if (armed) return;
  armed = true;
  lua_sethook(main, &CountHook, LUA_MASKCOUNT, 1);
  if (running && running != main) lua_sethook(running, &CountHook, LUA_MASKCOUNT, 1);
}

// From now on every instruction raises, so pcall cannot swallow the error:
// the first instruction after a pcall fails again, up to the outermost frame.
void LuaState::Impl::OutOfBudget(lua_State* T) {
  if (!exhausted) {
    exhausted = true;
    NoteLocation(T, &budget_file, &budget_line, nullptr);
  }
  lua_sethook(T, &CountHook, LUA_MASKCOUNT, 1);
  if (T != main) lua_sethook(main, &CountHook, LUA_MASKCOUNT, 1);
  luaL_error(T, "ran too long");
}

void LuaState::Impl::OutOfMemory(lua_State* T) {
  if (!mem_refused) {
    mem_refused = true;
    NoteLocation(T, &mem_file, &mem_line, nullptr);
  }
  luaL_error(T, "not enough memory");
}

// Lua answers a refused allocation with a full collection and a second try,
// then with a memory error; mem_file and mem_line keep where the plugin was
// for MakeError, since the error itself carries no place.
void* LuaState::Impl::Allocate(void* ud, void* ptr, size_t osize, size_t nsize) {
  auto* I = static_cast<Impl*>(ud);
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    I->used -= old;
    std::free(ptr);
    return nullptr;
  }
  if (nsize > old) {
    size_t cap = I->limits.memory_bytes, grow = nsize - old;
    if (I->ready) {  // bytes Lua makes are work done in C: charged, checked at the next instruction
      I->count += static_cast<int64_t>(grow / kBytesPerStep);
      if (I->count > I->limits.instructions) I->ArmHook();
    }
    size_t allowed = I->tight ? cap - cap / 4 : cap;
    if (I->used + grow > allowed) {
      if (I->ready && !I->mem_refused) {
        I->mem_refused = true;
        // Lua has not changed its stacks yet: safe to read where we are.
        I->NoteLocation(I->L, &I->mem_file, &I->mem_line, nullptr);
      }
      I->tight = true;
      return nullptr;
    }
  }
  void* p = std::realloc(ptr, nsize);
  if (!p) return nullptr;
  I->used = I->used - old + nsize;
  return p;
}

}  // namespace ww
