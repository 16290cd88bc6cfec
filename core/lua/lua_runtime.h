// lua_runtime: the public face of core/lua/, the one folder that touches the
// Lua C API (as lapi.c does for Lua itself). Everything else passes Values
// and Nodes; the files behind this header are listed in lua_state_impl.h.
//
// A LuaState is a sandboxed Lua 5.4 interpreter (Debian's C++ build, so Lua
// errors unwind with exceptions and C++ destructors run). Each plugin gets its
// own environment with copies of the safe standard libraries: no io, os
// (except time/clock/date), require, dofile, loadfile, debug, string.dump,
// collectgarbage, __gc finalizers or binary chunks; the string metatable is
// locked, and data shared by the plugins of a state (SetApiValue) is
// read-only, so no plugin can change what another one sees.
//
// Every call runs under an instruction budget, and the state under a memory
// cap. Work done in C on a plugin's behalf counts too: string patterns
// (find/match/gmatch/gsub run on our own step-counted matcher), table.move,
// table.sort, every byte Lua allocates (concatenation, string.rep, format,
// table.concat, load), the text the library functions read (utf8.len,
// string.upper, tonumber, load), the host functions' own work, and
// converting results into C++ (a table that refers to itself, or shares one
// table many times, cannot blow up). A runaway plugin ends with an error
// naming its file and line; pcall cannot catch that error.
//
// Every entry point runs inside a protected call: nothing a plugin does can
// abort the process. Thread-compatible: one LuaState per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "markdown/document.h"
#include "value.h"

namespace ww {

struct LuaLimits {
  int64_t instructions = 200'000'000;  // per call (Lua VM instructions and C work)
  size_t memory_bytes = 256u << 20;    // per state: everything its plugins hold at once
  // Per call, a backstop for work the count cannot see: comparing two long
  // equal texts with == or < is one VM instruction whatever their length, so
  // a loop of comparisons stays under any instruction budget. Checked with
  // the count hook (every kHookEvery instructions); 0 turns it off.
  double seconds = 20;
};

// A value crossing the boundary: plain data, a node, a list of nodes, or (as
// an argument only) the read-only data set by SetApiValue.
struct LuaValue {
  enum class Kind { kNil, kValue, kNodes, kApi } kind = Kind::kNil;
  Value value;
  std::vector<Node> nodes;  // kNodes; one node is a list of one
  bool single = false;      // kNodes: Lua gave (or gets) one node, not a list

  static LuaValue Of(Value v) {
    LuaValue l;
    l.kind = Kind::kValue;
    l.value = std::move(v);
    return l;
  }
  static LuaValue OfNode(Node n) {
    LuaValue l;
    l.kind = Kind::kNodes;
    l.nodes.push_back(std::move(n));
    l.single = true;
    return l;
  }
  // wegwijzer.NAME itself, not a copy: converting a large site into Lua
  // once more for every call that hands it over would cost more than the call.
  static LuaValue Api(const std::string& name) {
    LuaValue l;
    l.kind = Kind::kApi;
    l.value = Value(name);
    return l;
  }
  static LuaValue OfNodes(std::vector<Node> n) {
    LuaValue l;
    l.kind = Kind::kNodes;
    l.nodes = std::move(n);
    return l;
  }
};

struct LuaError {
  enum class Kind {
    kSyntax,        // the plugin file does not parse
    kRuntime,       // error(), a bug, or a host function refusing
    kInstructions,  // the instruction budget ran out
    kMemory,        // the memory cap was reached
  } kind = Kind::kRuntime;
  std::string message;  // without the "file:line:" prefix
  std::string file;     // the plugin file, when known
  int line = 0;
  std::string called_from;  // "plugins/x.lua:12, plugins/x.lua:30": outer plugin frames
};

// A C++ function callable from Lua as wegwijzer.NAME(...). Returns false and
// sets *error to raise a Lua error in the calling plugin.
using HostFunction = std::function<bool(const std::vector<LuaValue>& args, LuaValue* result, std::string* error)>;

class LuaState {
 public:
  explicit LuaState(const LuaLimits& limits);
  ~LuaState();
  LuaState(const LuaState&) = delete;
  LuaState& operator=(const LuaState&) = delete;

  // False when the state could not even be set up (e.g. a tiny memory cap).
  bool ok() const;

  // Adds wegwijzer.NAME. Call before loading plugins. With takes_nodes, a
  // node argument arrives as a node (kNodes); otherwise every argument is
  // plain data. steps_per_byte: instructions charged to the call per byte
  // of its text arguments, for a function whose own work grows with them
  // (parsing Markdown); converting arguments and results is charged anyway.
  void AddHostFunction(const std::string& name, HostFunction fn, bool takes_nodes = false, int steps_per_byte = 0);

  // Sets wegwijzer.NAME to read-only data (e.g. the site tree), seen by every
  // plugin of this state. May be called again later to replace it; plugins
  // see the new value from their next call on. The data becomes Lua tables
  // when a plugin first reads it (and counts against the memory cap then).
  bool SetApiValue(const std::string& name, const Value& value, LuaError* err);
  // The same, with the data made by `make` only when a plugin first reads it
  // (e.g. the site: most builds have no plugin that reads it). `make` runs on
  // the thread that reads; it may be shared by states on several threads.
  using ApiValueMaker = std::function<std::shared_ptr<const Value>()>;
  bool SetApiValue(const std::string& name, ApiValueMaker make, LuaError* err);

  // Runs a plugin's source (text only, never bytecode) in a fresh sandboxed
  // environment; it must return a table. Returns the plugin's id, or -1.
  int LoadPlugin(const std::string& chunkname, const std::string& source, LuaError* err);

  // Keys of plugin[sub] (or of the plugin table) whose values are functions,
  // sorted. Raw access: no metamethod of the plugin's runs.
  std::vector<std::string> Functions(int plugin, const std::string& sub = "");
  // A non-function field of the plugin table, as data (null when absent).
  Value Field(int plugin, const std::string& key);

  // Calls plugin[sub][fn](args...) (sub may be empty). A node argument
  // becomes a table; a table result with a `type` field becomes a node, a
  // list of such tables a node list. With read_back_first, the first
  // argument (after the call's in-place changes) is the result when the
  // function returns nothing.
  bool Call(int plugin, const std::string& sub, const std::string& fn, const std::vector<LuaValue>& args,
            LuaValue* result, LuaError* err, bool read_back_first = false);

  size_t memory_used() const;

  // Where the function of the last Call is defined (plugin file, line): for
  // messages about what it returned.
  std::pair<std::string, int> LastFunction() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ww
