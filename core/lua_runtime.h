// lua_runtime: the one module that touches the Lua C API (as lapi.c does for
// Lua itself). Everything else passes Values and Nodes.
//
// A LuaState is a sandboxed Lua 5.4 interpreter (Debian's C++ build, so Lua
// errors unwind with exceptions and C++ destructors run). Each plugin gets its
// own environment with copies of the safe standard libraries: no io, os
// (except time/clock/date), require, dofile, loadfile, debug, string.dump,
// collectgarbage, or binary chunks; the string metatable is locked. Every call
// runs under an instruction budget and the state under a memory cap, so a
// runaway plugin ends with an error naming its file and line.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "document.h"
#include "value.h"

namespace ww {

struct LuaLimits {
  int64_t instructions = 200'000'000;  // per call
  size_t memory_bytes = 256u << 20;    // per state
};

// A value crossing the boundary: plain data, a node, or a list of nodes.
struct LuaValue {
  enum class Kind { kNil, kValue, kNodes } kind = Kind::kNil;
  Value value;
  std::vector<Node> nodes;  // kNodes; one node is a list of one

  static LuaValue Of(Value v) { LuaValue l; l.kind = Kind::kValue; l.value = std::move(v); return l; }
  static LuaValue OfNodes(std::vector<Node> n) { LuaValue l; l.kind = Kind::kNodes; l.nodes = std::move(n); return l; }
};

struct LuaError {
  std::string message;  // without the "file:line:" prefix
  std::string file;     // the plugin file, when known
  int line = 0;
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

  // Adds wegwijzer.NAME. Call before loading plugins.
  void AddHostFunction(const std::string& name, HostFunction fn);

  // Sets wegwijzer.NAME to a data value (e.g. the site tree). Call before
  // loading plugins; the plugins of one state share it.
  void SetApiValue(const std::string& name, const Value& value);

  // Runs a plugin's source (text only, never bytecode) in a fresh sandboxed
  // environment; it must return a table. Returns the plugin's id, or -1.
  int LoadPlugin(const std::string& chunkname, const std::string& source, LuaError* err);

  // Keys of plugin[sub] (or of the plugin table) whose values are functions.
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

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ww
