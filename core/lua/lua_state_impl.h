// lua_state_impl: the private state of a LuaState, shared by the files of
// core/lua/ as lstate.h is shared by Lua's own modules. Like every header of
// core/lua/ but lua_runtime.h it names the Lua C API: include it only from
// core/lua/*.cpp.
//
// Every function of the Lua side finds the Impl of its state with
// Impl::From(L), whichever thread (coroutine) L is: the pointer sits in the
// main state's extra space, which new threads copy.
//
// The members are grouped by the file that defines them, one job each:
//   lua_runtime.cpp      the protected call and the errors it returns
//   lua_budget.cpp       the instruction budget and the memory cap
//   lua_convert.cpp      Values and Nodes onto the Lua stack and back
//   lua_shared_data.cpp  wegwijzer.NAME: read-only, made into Lua on first read
//   lua_sandbox.cpp      the libraries each plugin gets, and their wrappers
// The string patterns (lua_strlib, lua_pattern) only charge the budget.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <lua.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lua/lua_runtime.h"

namespace ww {

inline constexpr int kHookEvery = 1000;   // VM instructions between budget checks
inline constexpr int kMaxDepth = 200;     // nesting of tables crossing the boundary
inline constexpr int kConvertCost = 100;  // instructions charged per value converted into C++
// Work done in C is charged by the bytes it reads or makes: one instruction
// per kBytesPerStep bytes (about what copying them costs next to one VM
// instruction). Without it a loop of a few instructions over a large text
// (s .. "x", string.rep, load, utf8.len) runs for hours within the budget.
inline constexpr int kBytesPerStep = 16;
// Library functions that read a text byte by byte (utf8.len decodes each
// character, string.upper maps each byte) cost more per byte than copying:
// one instruction per kReadBytesPerStep bytes read; load's lexer, one a byte.
inline constexpr int kReadBytesPerStep = 2;

// "16 MB", or "1000 bytes" below a megabyte: how errors name the memory cap.
inline std::string Megabytes(size_t bytes) {
  if (bytes >= (1u << 20)) return std::to_string(bytes >> 20) + " MB";
  return std::to_string(bytes) + " bytes";
}

struct LuaState::Impl {
  lua_State* main = nullptr;  // the state
  lua_State* L = nullptr;     // the thread values are converted on: main, or a coroutine calling a host function
  LuaLimits limits;
  bool ready = false;  // libraries open: a refused allocation from now on is a plugin's

  // Memory. `tight` is set when an allocation was refused: from then on, in
  // this call, growth is only allowed below 3/4 of the cap, so a plugin that
  // keeps making garbage near the cap fails at once instead of running a full
  // collection for every allocation.
  size_t used = 0;
  bool tight = false;
  bool mem_refused = false;
  std::string mem_file;
  int mem_line = 0;

  // The instruction budget of the current call.
  int64_t count = 0;
  bool exhausted = false;
  bool timed_out = false;                          // exhausted by limits.seconds, not by the count
  std::chrono::steady_clock::time_point deadline;  // of the current call, when limits.seconds > 0
  bool armed = false;  // the budget ran out in C: the count hook fires at the next instruction
  // The thread running plugin code: main, or the coroutine a plugin resumed
  // (lua_sandbox tracks resume and wrap). The allocator arms its hook.
  lua_State* running = nullptr;
  std::string budget_file;
  int budget_line = 0;

  // C++ memory made by the conversion in progress (Lua values into C++).
  size_t convert_bytes = 0;

  struct Host {
    std::string name;
    HostFunction fn;
    bool takes_nodes;
    int steps_per_byte;  // charged per byte of its text arguments (its own work in C++)
  };
  std::vector<Host> host;
  std::vector<int> plugin_refs;  // registry refs of the plugins' tables
  std::vector<std::string> chunknames;
  int api_ref = LUA_NOREF;   // host functions, copied into each plugin's wegwijzer table
  int data_ref = LUA_NOREF;  // read-only data, reached through the wegwijzer tables' __index
  int wegwijzer_mt_ref = LUA_NOREF;
  // SetApiValue data not yet made into Lua tables: converted when a plugin
  // first reads it. A 10,000-page site costs tens of milliseconds per state
  // to convert, and most plugins never look at it.
  std::map<std::string, LuaState::ApiValueMaker, std::less<>> pending_api;

  // The innermost plugin frame at the last error, and the frames around it.
  std::string err_file, called_from;
  int err_line = 0;
  // Where the function being called is defined: names errors raised after it returned.
  std::string fallback_file;
  int fallback_line = 0;

  static Impl* From(lua_State* L) { return *static_cast<Impl**>(lua_getextraspace(L)); }

  // Makes L (maybe a coroutine calling into C) the thread values are
  // converted on, until the scope ends, also when an error unwinds it.
  struct ThreadScope {
    Impl* impl;
    lua_State* saved;
    ThreadScope(Impl* i, lua_State* L) : impl(i), saved(i->L) { impl->L = L; }
    ~ThreadScope() { impl->L = saved; }
    ThreadScope(const ThreadScope&) = delete;
    ThreadScope& operator=(const ThreadScope&) = delete;
  };

  // ---- lua_runtime.cpp: protected execution

  // Runs fn inside lua_pcall with a message handler, so no Lua error (nor a
  // C++ exception) escapes: a plugin can never abort the process. Starts a
  // new budget; on failure fills *err and returns false. Defined (and only
  // instantiated) in lua_runtime.cpp, which holds every entry point.
  template <typename Fn>
  bool Run(Fn&& fn, LuaError* err);
  // Where the innermost plugin frame of thread T is (its "@" chunk), and, when
  // outer is given, the next few frames around it.
  void NoteLocation(lua_State* T, std::string* file, int* line, std::string* outer);
  // Pushes the table of plugin `plugin` (an id from LoadPlugin); raises when there is none.
  void PushPluginTable(int plugin);

  // ---- lua_budget.cpp: the instruction budget and the memory cap

  // Counts work done in C on a plugin's behalf (pattern matching,
  // table.move); raises once the budget is gone.
  void Charge(lua_State* T, int64_t steps);
  // The same for `bytes` of text read or made in C (kBytesPerStep).
  void ChargeBytes(lua_State* T, size_t bytes);
  // Raises "not enough memory" on T, noting where the plugin was.
  void OutOfMemory(lua_State* T);
  // The state's lua_Alloc (ud is the Impl): refuses growth beyond the cap.
  static void* Allocate(void* ud, void* ptr, size_t osize, size_t nsize);

  // ---- lua_convert.cpp: values and nodes across the boundary, on thread L

  // Pushes v as Lua: plain data becomes tables, a node a node table, kApi
  // the (lazy) read-only wegwijzer.NAME.
  void Push(const LuaValue& v);
  void PushValue(const Value& v, int depth = 0);
  // The value at idx as C++. Raises a Lua error for what cannot cross (a
  // function, a table nested too deep or too large, a malformed node); the
  // C++ memory and work are charged to the call. With nodes, a node table
  // becomes a node and a list of them a node list; otherwise all is data.
  LuaValue ToLuaValue(int idx, bool nodes = true);

  // ---- lua_shared_data.cpp: wegwijzer.NAME, read-only and lazily converted

  // Pushes a read-only copy of v: proxies that refuse writes and hide the data.
  void PushFrozen(const Value& v, int depth = 0);
  // Pushes wegwijzer.NAME (nil when there is none), converting it first if
  // it is still pending.
  void PushApi(std::string_view name);
  // Pushes wegwijzer.NAME as a proxy that converts it only on first use.
  void PushLazyApi(const std::string& name);
  // Pushes the data table behind the read-only proxy at idx; false (nothing
  // pushed) when idx is not one.
  static bool PushHidden(lua_State* L, int idx);
  // Whether idx is a read-only proxy (rawset refuses it).
  static bool IsFrozen(lua_State* L, int idx);
  // Raises the error a write to a read-only proxy gets.
  static int RefuseWrite(lua_State* L);
  // __index of every plugin's wegwijzer table: the shared data.
  static int ApiIndex(lua_State* L);

  // ---- lua_sandbox.cpp: the environment plugins run in

  // Makes the global libraries safe (they are never seen by plugins, only
  // copied), and the registry tables for host functions and shared data.
  void OpenLibraries();
  // Pushes a fresh environment with copies of the safe libraries.
  void NewEnvironment();

 private:
  // lua_runtime.cpp
  void BeginCall();
  LuaError MakeError(int status);

  // lua_budget.cpp
  static void CountHook(lua_State* L, lua_Debug* ar);
  void OutOfBudget(lua_State* T);
  void ArmHook();

  // lua_convert.cpp
  void Spend(size_t bytes);
  void SetString(const char* key, const std::string& s, bool always = false);
  void SetInt(const char* key, lua_Integer v);
  void SetBool(const char* key, bool v);
  void PushNode(const Node& n, int depth = 0);
  bool IsNodeTable(int idx);
  Value ToValue(int idx, int depth = 0);
  std::string NodeString(int idx, const char* key, const char* type);
  lua_Integer NodeInt(int idx, const char* key, lua_Integer fallback, const char* type);
  bool NodeBool(int idx, const char* key, bool fallback);
  Node ToNode(int idx, int depth = 0);

  // lua_shared_data.cpp
  void WrapInProxy();
};

}  // namespace ww
