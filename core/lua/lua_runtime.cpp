#include "lua/lua_runtime.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <lua.hpp>
#include <map>
#include <string_view>

namespace ww {

namespace {

constexpr int kHookEvery = 1000;                          // VM instructions between budget checks
constexpr int kMaxDepth = 200;                            // nesting of tables crossing the boundary
constexpr int kConvertCost = 100;                         // instructions charged per value converted into C++
constexpr const char* kFrozenKey = "__wegwijzer_frozen";  // marks a read-only proxy's metatable

std::string Count(int64_t n) {
  if (n >= 1'000'000 && n % 1'000'000 == 0) return std::to_string(n / 1'000'000) + " million";
  return std::to_string(n);
}

std::string Megabytes(size_t bytes) {
  if (bytes >= (1u << 20)) return std::to_string(bytes >> 20) + " MB";
  return std::to_string(bytes) + " bytes";
}

bool HasText(NodeType t) {
  switch (t) {
    case NodeType::kText:
    case NodeType::kCode:
    case NodeType::kCodeBlock:
    case NodeType::kHtmlBlock:
    case NodeType::kHtmlInline:
    case NodeType::kRawBlock:
    case NodeType::kRawInline:
    case NodeType::kDirective:
      return true;
    default:
      return false;
  }
}

bool IsLeaf(NodeType t) {
  switch (t) {
    case NodeType::kText:
    case NodeType::kCode:
    case NodeType::kCodeBlock:
    case NodeType::kHtmlBlock:
    case NodeType::kHtmlInline:
    case NodeType::kRawBlock:
    case NodeType::kRawInline:
    case NodeType::kSoftBreak:
    case NodeType::kLineBreak:
    case NodeType::kThematicBreak:
    case NodeType::kFootnoteReference:
    case NodeType::kDirective:
      return true;
    default:
      return false;
  }
}

std::string NodeTypeList() {
  std::string out;
  for (int i = 0;; ++i) {
    const char* name = NodeTypeName(static_cast<NodeType>(i));
    if (std::strcmp(name, "Unknown") == 0) break;
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace

struct LuaState::Impl {
  lua_State* main = nullptr;  // the state
  lua_State* L = nullptr;     // the thread values are converted on: main, or a coroutine calling a host function
  LuaLimits limits;
  bool ready = false;

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
  std::string budget_file;
  int budget_line = 0;

  // C++ memory made by the conversion in progress (Lua values into C++).
  size_t convert_bytes = 0;

  struct Host {
    std::string name;
    HostFunction fn;
    bool takes_nodes;
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

  // ---- Protected execution

  void BeginCall() {
    count = 0;
    exhausted = false;
    tight = false;
    mem_refused = false;
    mem_file.clear();
    mem_line = 0;
    budget_file.clear();
    budget_line = 0;
    err_file.clear();
    err_line = 0;
    called_from.clear();
    lua_sethook(main, &CountHook, LUA_MASKCOUNT, kHookEvery);
  }

  // Runs fn inside lua_pcall with the message handler, so no Lua error (nor
  // a C++ exception) escapes: a plugin can never abort the process.
  template <typename Fn>
  bool Run(Fn&& fn, LuaError* err) {
    if (!main) {
      err->message = "the Lua interpreter could not start (is the memory cap too small?)";
      return false;
    }
    lua_State* L = main;
    this->L = main;
    int top = lua_gettop(L);
    BeginCall();
    lua_pushcfunction(L, &MessageHandler);
    lua_pushcfunction(L, [](lua_State* L) -> int {
      auto* f = static_cast<std::remove_reference_t<Fn>*>(lua_touserdata(L, 1));
      lua_settop(L, 0);
      try {
        (*f)();
      } catch (const std::exception& e) {  // Lua's own errors are not std::exceptions
        luaL_error(L, "%s", e.what());
      }
      return 0;
    });
    lua_pushlightuserdata(L, &fn);
    int status = lua_pcall(L, 1, 0, top + 1);
    if (status == LUA_OK && exhausted) {  // caught by the plugin, but the budget is gone all the same
      lua_pushliteral(L, "ran too long");
      status = LUA_ERRRUN;
    }
    if (status != LUA_OK) *err = MakeError(status);
    lua_settop(L, top);
    return status == LUA_OK;
  }

  static int MessageHandler(lua_State* L) {
    Impl* I = From(L);
    I->NoteLocation(L, &I->err_file, &I->err_line, &I->called_from);
    if (!lua_isstring(L, 1) && !I->exhausted) {  // hooks may be off now: run no plugin code
      if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
      lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    return 1;
  }

  // The innermost frame of a plugin's own code ("@" chunks), and the next
  // few. Looks at the top frames only: lua_getstack(level) walks the call
  // chain from the top, and after a stack overflow it is 200,000 calls deep.
  void NoteLocation(lua_State* T, std::string* file, int* line, std::string* outer) {
    lua_Debug ar;
    bool found = false;
    int extra = 0;
    for (int level = 0; level < 64 && extra < 4 && lua_getstack(T, level, &ar); ++level) {
      if (!lua_getinfo(T, "Sl", &ar) || ar.currentline <= 0 || ar.source[0] != '@') continue;
      if (!found) {
        *file = ar.source + 1;
        *line = ar.currentline;
        found = true;
        if (!outer) return;
        outer->clear();
      } else if (extra++ < 4) {
        if (!outer->empty()) *outer += ", ";
        *outer += std::string(ar.source + 1) + ":" + std::to_string(ar.currentline);
      }
    }
  }

  LuaError MakeError(int status) {
    lua_State* L = main;
    LuaError e;
    std::string msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : "unknown error";
    e.file = err_file;
    e.line = err_line;
    e.called_from = called_from;
    if (exhausted) {
      e.kind = LuaError::Kind::kInstructions;
      e.file = budget_file;
      e.line = budget_line;
      e.called_from.clear();
      e.message = "ran too long: more than " + Count(limits.instructions) +
                  " instructions in one call; look for a loop that never ends";
    } else if (status == LUA_ERRMEM || (mem_refused && msg == "not enough memory")) {
      e.kind = LuaError::Kind::kMemory;
      if (!mem_file.empty()) {
        e.file = mem_file;
        e.line = mem_line;
      }
      e.called_from.clear();
      e.message = "used more than " + Megabytes(limits.memory_bytes) +
                  " of memory; look for a table or text that keeps growing";
    } else {
      // Lua puts "file:N: " in front of a message (coroutine.wrap adds
      // another); the innermost one names the line.
      const std::string& f = e.file.empty() ? fallback_file : e.file;
      while (!f.empty() && msg.size() > f.size() + 1 && msg.compare(0, f.size(), f) == 0 && msg[f.size()] == ':') {
        size_t p = f.size() + 1, q = p;
        while (q < msg.size() && std::isdigit(static_cast<unsigned char>(msg[q]))) ++q;
        if (q == p || msg.compare(q, 2, ": ") != 0) break;
        e.file = f;
        e.line = std::atoi(msg.c_str() + p);
        msg = msg.substr(q + 2);
      }
      if (msg.find("stack overflow") != std::string::npos) msg += " (does a function call itself without end?)";
      e.message = msg;
    }
    if (e.file.empty()) {
      e.file = fallback_file;
      e.line = fallback_line;
    }
    return e;
  }

  // ---- Budgets

  static void CountHook(lua_State* L, lua_Debug*) {
    Impl* I = From(L);
    I->count += kHookEvery;
    if (I->exhausted || I->count > I->limits.instructions) I->OutOfBudget(L);
  }

  // Work done in C on a plugin's behalf (pattern matching, table.move).
  void Charge(lua_State* T, int64_t steps) {
    count += steps;
    if (exhausted || count > limits.instructions) OutOfBudget(T);
  }

  // From now on every instruction raises, so pcall cannot swallow the error:
  // the first instruction after a pcall fails again, up to the outermost frame.
  void OutOfBudget(lua_State* T) {
    if (!exhausted) {
      exhausted = true;
      NoteLocation(T, &budget_file, &budget_line, nullptr);
    }
    lua_sethook(T, &CountHook, LUA_MASKCOUNT, 1);
    if (T != main) lua_sethook(main, &CountHook, LUA_MASKCOUNT, 1);
    luaL_error(T, "ran too long");
  }

  void OutOfMemory(lua_State* T) {
    if (!mem_refused) {
      mem_refused = true;
      NoteLocation(T, &mem_file, &mem_line, nullptr);
    }
    luaL_error(T, "not enough memory");
  }

  // Charges C++ memory made while converting a Lua result, and its work (a
  // value costs about as much as kConvertCost instructions).
  void Spend(size_t bytes) {
    convert_bytes += bytes;
    Charge(L, kConvertCost);
    if (convert_bytes > limits.memory_bytes)
      luaL_error(L,
                 "the value is too large to pass to Wegwijzer (over %s once converted); does a table hold the "
                 "same table many times?",
                 Megabytes(limits.memory_bytes).c_str());
  }

  // ---- Values and nodes into Lua

  void PushValue(const Value& v, int depth = 0) {
    luaL_checkstack(L, 4, "nested too deep");
    if (depth > kMaxDepth || v.is_null()) {
      lua_pushnil(L);
    } else if (v.is_bool()) {
      lua_pushboolean(L, v.as_bool());
    } else if (v.is_int()) {
      lua_pushinteger(L, static_cast<lua_Integer>(v.as_int()));
    } else if (v.is_double()) {
      lua_pushnumber(L, v.as_double());
    } else if (v.is_string()) {
      lua_pushlstring(L, v.as_string().data(), v.as_string().size());
    } else if (v.is_array()) {
      lua_createtable(L, static_cast<int>(v.as_array().size()), 0);
      int i = 1;
      for (const Value& e : v.as_array()) {
        PushValue(e, depth + 1);
        lua_rawseti(L, -2, i++);
      }
    } else {
      lua_createtable(L, 0, static_cast<int>(v.as_object().size()));
      for (const auto& [k, e] : v.as_object()) {
        lua_pushlstring(L, k.data(), k.size());
        PushValue(e, depth + 1);
        lua_rawset(L, -3);
      }
    }
  }

  // A read-only view of v: an empty proxy whose metatable's __index is the
  // (hidden) table of data, itself made of proxies.
  void PushFrozen(const Value& v, int depth = 0) {
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
  void WrapInProxy() {
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
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, kFrozenKey);
    lua_setmetatable(L, -2);
    lua_remove(L, -2);
  }

  // Pushes the data table behind a read-only proxy at idx; false (nothing
  // pushed) when idx is not one.
  static bool PushHidden(lua_State* L, int idx) {
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
  void PushLazyApi(const std::string& name) {
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
  // Turns the lazy proxy at idx into an ordinary one.
  static void Materialize(lua_State* L, int idx) {
    lua_getmetatable(L, idx);
    int mt = lua_gettop(L);
    lua_getfield(L, mt, "__index");
    lua_getupvalue(L, -1, 1);  // the name
    size_t n = 0;
    const char* name = lua_tolstring(L, -1, &n);
    Impl* I = From(L);
    {
      ThreadScope scope(I, L);
      I->PushApi(std::string_view(name, n));  // the real proxy
    }
    if (!PushHidden(L, -1)) lua_newtable(L);  // (replaced meanwhile by a non-table: empty)
    lua_setfield(L, mt, "__index");
    lua_settop(L, mt - 1);
  }
  static int LazyIndex(lua_State* L) {
    Materialize(L, 1);
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "__index");
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    return 1;
  }

  // Pushes wegwijzer.NAME (nil when there is none), converting it first if
  // it is still pending.
  void PushApi(std::string_view name) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, data_ref);
    lua_pushlstring(L, name.data(), name.size());
    lua_rawget(L, -2);
    if (lua_isnil(L, -1)) {
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
  // __index of every plugin's wegwijzer table: the shared data.
  static int ApiIndex(lua_State* L) {
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

  static int FrozenNewIndex(lua_State* L) {
    return luaL_error(L,
                      "wegwijzer.site and wegwijzer.config are read-only (every plugin shares them); copy what "
                      "you need into a table of your own");
  }
  static int FrozenLen(lua_State* L) {
    lua_Integer n = PushHidden(L, 1) ? static_cast<lua_Integer>(lua_rawlen(L, -1)) : 0;
    lua_pushinteger(L, n);
    return 1;
  }
  static int RawNext(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
  }
  static int FrozenPairs(lua_State* L) {
    lua_pushcfunction(L, &RawNext);
    if (!PushHidden(L, 1)) lua_newtable(L);
    lua_pushnil(L);
    return 3;
  }

  void SetString(const char* key, const std::string& s, bool always = false) {
    if (s.empty() && !always) return;
    lua_pushlstring(L, s.data(), s.size());
    lua_setfield(L, -2, key);
  }
  void SetInt(const char* key, lua_Integer v) {
    lua_pushinteger(L, v);
    lua_setfield(L, -2, key);
  }
  void SetBool(const char* key, bool v) {
    lua_pushboolean(L, v);
    lua_setfield(L, -2, key);
  }

  void PushNode(const Node& n, int depth = 0) {
    luaL_checkstack(L, 6, "nested too deep");
    lua_createtable(L, 0, 6);
    lua_pushstring(L, NodeTypeName(n.type));
    lua_setfield(L, -2, "type");
    SetString("text", n.text, HasText(n.type));
    bool link = n.type == NodeType::kLink || n.type == NodeType::kImage;
    SetString("url", n.url, link);
    SetString("title", n.title);
    SetString("info", n.info, n.type == NodeType::kCodeBlock);
    SetString("id", n.id);
    SetString("class", n.cls);
    if (n.type == NodeType::kHeading || n.level) SetInt("level", n.level);
    if (n.type == NodeType::kList) {
      SetBool("ordered", n.ordered);
      SetInt("start", n.start);
      SetBool("tight", n.tight);
    }
    if (n.task >= 0) SetString("task", n.task ? "done" : "open");
    if (n.header) SetBool("header", true);
    if (!n.align.empty()) {
      std::string a;
      for (char c : n.align) a += c ? c : '-';
      SetString("align", a);
    }
    if (n.type == NodeType::kDirective) {
      SetString("name", n.info, true);
      lua_createtable(L, 0, static_cast<int>(n.args.size()));
      for (const auto& [k, v] : n.args) {
        lua_pushlstring(L, k.data(), k.size());
        lua_pushlstring(L, v.data(), v.size());
        lua_rawset(L, -3);
      }
      lua_setfield(L, -2, "args");
    }
    if (n.line) SetInt("line", n.line);
    if (n.col) SetInt("col", n.col);
    if (!n.children.empty() || !IsLeaf(n.type)) {
      lua_createtable(L, static_cast<int>(n.children.size()), 0);
      int i = 1;
      if (depth < kMaxDepth)
        for (const Node& c : n.children) {
          PushNode(c, depth + 1);
          lua_rawseti(L, -2, i++);
        }
      lua_setfield(L, -2, "children");
    }
  }

  void Push(const LuaValue& v) {
    if (v.kind == LuaValue::Kind::kNil) {
      lua_pushnil(L);
    } else if (v.kind == LuaValue::Kind::kValue) {
      PushValue(v.value);
    } else if (v.kind == LuaValue::Kind::kApi) {
      PushLazyApi(v.value.as_string());
    } else if (v.single && v.nodes.size() == 1) {
      PushNode(v.nodes[0]);
    } else {
      lua_createtable(L, static_cast<int>(v.nodes.size()), 0);
      int i = 1;
      for (const Node& n : v.nodes) {
        PushNode(n);
        lua_rawseti(L, -2, i++);
      }
    }
  }

  // ---- Lua into values and nodes. Errors are raised as Lua errors.

  // True when idx is a table whose `type` names a node type.
  bool IsNodeTable(int idx) {
    if (lua_type(L, idx) != LUA_TTABLE) return false;
    lua_getfield(L, idx, "type");
    bool is = false;
    if (lua_type(L, -1) == LUA_TSTRING) {
      NodeType t;
      is = NodeTypeFromName(lua_tostring(L, -1), &t);
    }
    lua_pop(L, 1);
    return is;
  }

  Value ToValue(int idx, int depth = 0) {
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
      case LUA_TNIL:
        return Value();
      case LUA_TBOOLEAN:
        return Value(lua_toboolean(L, idx) != 0);
      case LUA_TNUMBER:
        Spend(sizeof(Value));
        if (lua_isinteger(L, idx)) return Value(static_cast<int64_t>(lua_tointeger(L, idx)));
        return Value(static_cast<double>(lua_tonumber(L, idx)));
      case LUA_TSTRING: {
        size_t len;
        const char* s = lua_tolstring(L, idx, &len);
        Spend(sizeof(Value) + len);
        return Value(std::string(s, len));
      }
      case LUA_TTABLE:
        break;
      default:
        luaL_error(L, "a %s cannot be passed to Wegwijzer; use text, numbers, booleans and tables",
                   luaL_typename(L, idx));
        return Value();
    }
    if (depth > kMaxDepth) luaL_error(L, "a table is nested more than %d levels deep (or contains itself)", kMaxDepth);
    luaL_checkstack(L, 6, "nested too deep");
    int hidden = 0;
    if (PushHidden(L, idx)) hidden = idx = lua_gettop(L);
    Spend(sizeof(Value));
    std::vector<std::pair<lua_Integer, Value>> ints;
    std::vector<std::pair<std::string, Value>> fields;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
      if (lua_type(L, -2) == LUA_TSTRING) {
        size_t len;
        const char* k = lua_tolstring(L, -2, &len);
        Spend(len);
        fields.emplace_back(std::string(k, len), ToValue(-1, depth + 1));
      } else if (lua_isinteger(L, -2)) {
        ints.emplace_back(lua_tointeger(L, -2), ToValue(-1, depth + 1));
      } else {
        luaL_error(L, "a table key must be text or a whole number, not a %s", luaL_typename(L, -2));
      }
      lua_pop(L, 1);
    }
    if (hidden) lua_remove(L, hidden);
    // Lua's key order is arbitrary: sort, so output is the same every build.
    std::sort(ints.begin(), ints.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::sort(fields.begin(), fields.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    bool sequence = fields.empty() && !ints.empty();
    for (size_t i = 0; sequence && i < ints.size(); ++i) sequence = ints[i].first == static_cast<lua_Integer>(i + 1);
    if (sequence) {
      Array a;
      a.reserve(ints.size());
      for (auto& [k, v] : ints) a.push_back(std::move(v));
      return Value(std::move(a));
    }
    Object o;
    o.reserve(ints.size() + fields.size());
    for (auto& [k, v] : ints) o.emplace_back(std::to_string(k), std::move(v));
    for (auto& f : fields) o.push_back(std::move(f));
    return Value(std::move(o));
  }

  // A string field of a node table: "" when absent; numbers become text.
  std::string NodeString(int idx, const char* key, const char* type) {
    lua_getfield(L, idx, key);
    std::string s;
    int t = lua_type(L, -1);
    if (t == LUA_TSTRING || t == LUA_TNUMBER) {
      size_t len;
      const char* p = lua_tolstring(L, -1, &len);
      Spend(len);
      s.assign(p, len);
    } else if (t != LUA_TNIL) {
      luaL_error(L, "the '%s' of a %s node must be text, not a %s", key, type, luaL_typename(L, -1));
    }
    lua_pop(L, 1);
    return s;
  }

  lua_Integer NodeInt(int idx, const char* key, lua_Integer fallback, const char* type) {
    lua_getfield(L, idx, key);
    lua_Integer v = fallback;
    if (!lua_isnil(L, -1)) {
      int isnum = 0;
      v = lua_tointegerx(L, -1, &isnum);
      if (!isnum)
        luaL_error(L, "the '%s' of a %s node must be a whole number, not a %s", key, type, luaL_typename(L, -1));
    }
    lua_pop(L, 1);
    return v;
  }

  bool NodeBool(int idx, const char* key, bool fallback) {
    lua_getfield(L, idx, key);
    bool v = lua_isnil(L, -1) ? fallback : lua_toboolean(L, -1) != 0;
    lua_pop(L, 1);
    return v;
  }

  Node ToNode(int idx, int depth = 0) {
    idx = lua_absindex(L, idx);
    if (depth > kMaxDepth)
      luaL_error(L, "nodes are nested more than %d levels deep (or a node contains itself)", kMaxDepth);
    luaL_checkstack(L, 6, "nested too deep");
    Spend(sizeof(Node));
    Node n;
    if (depth > 0 && lua_type(L, idx) == LUA_TSTRING) {  // "text" in a children list is a Text node
      size_t len;
      const char* s = lua_tolstring(L, idx, &len);
      Spend(len);
      n.type = NodeType::kText;
      n.text.assign(s, len);
      return n;
    }
    if (lua_type(L, idx) != LUA_TTABLE)
      luaL_error(L, "expected a node (a table with a type such as \"Paragraph\"), got a %s", luaL_typename(L, idx));
    std::string type = NodeString(idx, "type", "");
    if (!NodeTypeFromName(type, &n.type)) {
      if (type.empty()) luaL_error(L, "a node needs a 'type', one of: %s", NodeTypeList().c_str());
      luaL_error(L, "\"%s\" is not a node type; the types are %s", type.c_str(), NodeTypeList().c_str());
    }
    const char* tn = NodeTypeName(n.type);
    n.text = NodeString(idx, "text", tn);
    n.url = NodeString(idx, "url", tn);
    n.title = NodeString(idx, "title", tn);
    n.info = NodeString(idx, "info", tn);
    if (n.type == NodeType::kDirective) {
      std::string name = NodeString(idx, "name", tn);
      if (!name.empty()) n.info = name;
    }
    n.id = NodeString(idx, "id", tn);
    n.cls = NodeString(idx, "class", tn);
    n.level = static_cast<int>(NodeInt(idx, "level", n.type == NodeType::kHeading ? 2 : 0, tn));
    if (n.type == NodeType::kHeading && (n.level < 1 || n.level > 6))
      luaL_error(L, "a Heading's level must be 1 to 6, not %d", n.level);
    n.ordered = NodeBool(idx, "ordered", false);
    n.start = static_cast<int>(NodeInt(idx, "start", 1, tn));
    n.tight = NodeBool(idx, "tight", true);
    std::string task = NodeString(idx, "task", tn);
    if (!task.empty() && task != "done" && task != "open")
      luaL_error(L, "an Item's task must be \"open\" or \"done\", not \"%s\"", task.c_str());
    n.task = task == "done" ? 1 : task == "open" ? 0 : -1;
    n.header = NodeBool(idx, "header", false);
    for (char c : NodeString(idx, "align", tn)) n.align.push_back(c == '-' ? 0 : c);
    n.line = static_cast<int>(NodeInt(idx, "line", 0, tn));
    n.col = static_cast<int>(NodeInt(idx, "col", 0, tn));
    if (n.type == NodeType::kDirective) {
      lua_getfield(L, idx, "args");
      if (lua_istable(L, -1)) {
        Value args = ToValue(-1, depth + 1);
        if (args.is_object())
          for (const auto& [k, v] : args.as_object()) n.args.emplace_back(k, v.ToText());
      }
      lua_pop(L, 1);
    }
    lua_getfield(L, idx, "children");
    if (lua_istable(L, -1)) {
      lua_Integer len = static_cast<lua_Integer>(luaL_len(L, -1));
      n.children.reserve(static_cast<size_t>(std::min<lua_Integer>(len, 1024)));
      for (lua_Integer i = 1; i <= len; ++i) {
        lua_geti(L, -1, i);
        n.children.push_back(ToNode(-1, depth + 1));
        lua_pop(L, 1);
      }
    } else if (!lua_isnil(L, -1)) {
      luaL_error(L, "the children of a %s node must be a list of nodes, not a %s", tn, luaL_typename(L, -1));
    }
    lua_pop(L, 1);
    return n;
  }

  // A result or argument: nil, a node (a table whose `type` is a node type),
  // a list of nodes (when its first element is a node), or plain data.
  LuaValue ToLuaValue(int idx, bool nodes = true) {
    idx = lua_absindex(L, idx);
    convert_bytes = 0;
    if (lua_isnil(L, idx) || lua_isnone(L, idx)) return LuaValue();
    if (nodes && IsNodeTable(idx)) return LuaValue::OfNode(ToNode(idx));
    if (nodes && lua_type(L, idx) == LUA_TTABLE) {
      lua_geti(L, idx, 1);
      bool list_of_nodes = IsNodeTable(-1);
      lua_pop(L, 1);
      if (list_of_nodes) {
        std::vector<Node> out;
        lua_Integer len = static_cast<lua_Integer>(luaL_len(L, idx));
        for (lua_Integer i = 1; i <= len; ++i) {
          lua_geti(L, idx, i);
          if (!IsNodeTable(-1)) luaL_error(L, "item %d of a list of nodes is not a node", static_cast<int>(i));
          out.push_back(ToNode(-1, 1));
          lua_pop(L, 1);
        }
        return LuaValue::OfNodes(std::move(out));
      }
    }
    return LuaValue::Of(ToValue(idx));
  }

  void PushPluginTable(int plugin) {
    if (plugin < 0 || static_cast<size_t>(plugin) >= plugin_refs.size()) luaL_error(L, "no plugin %d", plugin);
    lua_rawgeti(L, LUA_REGISTRYINDEX, plugin_refs[plugin]);
  }

  // ---- The sandbox

  void OpenLibraries();
  void NewEnvironment();
};

// ---- String patterns
//
// string.find, match, gmatch and gsub, written after the Lua 5.4 reference
// manual (§6.4.1) with every step charged to the call's budget: Lua's own
// matcher backtracks in C, where no hook can stop it, so a pattern such as
// ("a"):rep(1e6):find(".-b") would hang the build.
namespace {

constexpr int kMaxCaptures = 32;
constexpr ptrdiff_t kUnfinished = -1;
constexpr ptrdiff_t kPosition = -2;
constexpr int kMaxMatchDepth = 200;
constexpr const char* kSpecials = "^$*+?.([%-";

int U(char c) { return static_cast<unsigned char>(c); }

struct Matcher {
  lua_State* L;
  LuaState::Impl* I;
  const char* src_init;
  const char* src_end;
  const char* pat_end;
  int depth = 0;
  int level = 0;
  struct {
    const char* init;
    ptrdiff_t len;
  } cap[kMaxCaptures];

  Matcher(lua_State* L, const char* s, size_t ls, const char* p, size_t lp)
      : L(L), I(LuaState::Impl::From(L)), src_init(s), src_end(s + ls), pat_end(p + lp) {}

  void Reset() {
    depth = 0;
    level = 0;
  }

  // Where the single-character class starting at p ends.
  const char* ClassEnd(const char* p) {
    char c = *p++;
    if (c == '%') {
      if (p >= pat_end) luaL_error(L, "malformed pattern (ends with '%%')");
      return p + 1;
    }
    if (c == '[') {
      if (p < pat_end && *p == '^') ++p;
      do {  // the first character of a set, even ']', is part of it
        if (p >= pat_end) luaL_error(L, "malformed pattern (missing ']')");
        c = *p++;
        if (c == '%' && p < pat_end) ++p;
      } while (p >= pat_end || *p != ']');
      return p + 1;
    }
    return p;
  }

  static bool ClassMatches(int c, int cl) {
    bool r;
    switch (std::tolower(cl)) {
      case 'a':
        r = std::isalpha(c);
        break;
      case 'c':
        r = std::iscntrl(c);
        break;
      case 'd':
        r = std::isdigit(c);
        break;
      case 'g':
        r = std::isgraph(c);
        break;
      case 'l':
        r = std::islower(c);
        break;
      case 'p':
        r = std::ispunct(c);
        break;
      case 's':
        r = std::isspace(c);
        break;
      case 'u':
        r = std::isupper(c);
        break;
      case 'w':
        r = std::isalnum(c);
        break;
      case 'x':
        r = std::isxdigit(c);
        break;
      default:
        return cl == c;
    }
    return std::isupper(cl) ? !r : r;
  }

  // p is at '[', ec at the closing ']'.
  static bool SetMatches(int c, const char* p, const char* ec) {
    bool sig = true;
    if (p[1] == '^') {
      sig = false;
      ++p;
    }
    while (++p < ec) {
      if (*p == '%') {
        ++p;
        if (ClassMatches(c, U(*p))) return sig;
      } else if (p[1] == '-' && p + 2 < ec) {
        p += 2;
        if (U(p[-2]) <= c && c <= U(*p)) return sig;
      } else if (U(*p) == c) {
        return sig;
      }
    }
    return !sig;
  }

  bool SingleMatch(const char* s, const char* p, const char* ep) {
    if (s >= src_end) return false;
    int c = U(*s);
    switch (*p) {
      case '.':
        return true;
      case '%':
        return ClassMatches(c, U(p[1]));
      case '[':
        return SetMatches(c, p, ep - 1);
      default:
        return U(*p) == c;
    }
  }

  const char* Match(const char* s, const char* p) {
    if (++depth > kMaxMatchDepth) luaL_error(L, "pattern too complex");
    const char* r = MatchHere(s, p);
    --depth;
    return r;
  }

  const char* MatchHere(const char* s, const char* p) {
    while (true) {
      I->Charge(L, 1);
      if (p == pat_end) return s;
      switch (*p) {
        case '(':
          if (p + 1 < pat_end && p[1] == ')') return StartCapture(s, p + 2, kPosition);
          return StartCapture(s, p + 1, kUnfinished);
        case ')':
          return EndCapture(s, p + 1);
        case '$':
          if (p + 1 == pat_end) return s == src_end ? s : nullptr;
          break;
        case '%':
          if (p + 1 >= pat_end) break;  // ClassEnd reports it
          if (p[1] == 'b') {
            s = MatchBalance(s, p + 2);
            if (!s) return nullptr;
            p += 4;
            continue;
          }
          if (p[1] == 'f') {
            p += 2;
            if (p >= pat_end || *p != '[') luaL_error(L, "missing '[' after '%%f' in pattern");
            const char* ep = ClassEnd(p);
            int prev = s == src_init ? 0 : U(s[-1]);
            int cur = s < src_end ? U(*s) : 0;
            if (SetMatches(prev, p, ep - 1) || !SetMatches(cur, p, ep - 1)) return nullptr;
            p = ep;
            continue;
          }
          if (std::isdigit(U(p[1]))) {
            s = MatchBackReference(s, U(p[1]));
            if (!s) return nullptr;
            p += 2;
            continue;
          }
          break;
        default:
          break;
      }
      const char* ep = ClassEnd(p);
      char q = ep < pat_end ? *ep : '\0';
      if (!SingleMatch(s, p, ep)) {
        if (q == '*' || q == '?' || q == '-') {
          p = ep + 1;
          continue;
        }
        return nullptr;
      }
      switch (q) {
        case '?': {
          const char* r = Match(s + 1, ep + 1);
          if (r) return r;
          p = ep + 1;
          continue;
        }
        case '+':
          return MaxExpand(s + 1, p, ep);
        case '*':
          return MaxExpand(s, p, ep);
        case '-':
          return MinExpand(s, p, ep);
        default:
          ++s;
          p = ep;
          continue;
      }
    }
  }

  const char* MaxExpand(const char* s, const char* p, const char* ep) {
    ptrdiff_t i = 0;
    while (SingleMatch(s + i, p, ep)) {
      ++i;
      I->Charge(L, 1);
    }
    for (; i >= 0; --i)
      if (const char* r = Match(s + i, ep + 1)) return r;
    return nullptr;
  }

  const char* MinExpand(const char* s, const char* p, const char* ep) {
    while (true) {
      if (const char* r = Match(s, ep + 1)) return r;
      if (!SingleMatch(s, p, ep)) return nullptr;
      ++s;
    }
  }

  const char* MatchBalance(const char* s, const char* p) {
    if (p + 1 >= pat_end) luaL_error(L, "malformed pattern (missing arguments to '%%b')");
    if (s >= src_end || *s != *p) return nullptr;
    char open = p[0], close = p[1];
    int depth_count = 1;
    while (++s < src_end) {
      I->Charge(L, 1);
      if (*s == close) {
        if (--depth_count == 0) return s + 1;
      } else if (*s == open) {
        ++depth_count;
      }
    }
    return nullptr;
  }

  const char* StartCapture(const char* s, const char* p, ptrdiff_t what) {
    if (level >= kMaxCaptures) luaL_error(L, "too many captures");
    cap[level].init = s;
    cap[level].len = what;
    ++level;
    const char* r = Match(s, p);
    if (!r) --level;
    return r;
  }

  const char* EndCapture(const char* s, const char* p) {
    int l = -1;
    for (int k = level - 1; k >= 0; --k)
      if (cap[k].len == kUnfinished) {
        l = k;
        break;
      }
    if (l < 0) luaL_error(L, "invalid pattern capture");
    cap[l].len = s - cap[l].init;
    const char* r = Match(s, p);
    if (!r) cap[l].len = kUnfinished;
    return r;
  }

  const char* MatchBackReference(const char* s, int digit) {
    int l = digit - '1';
    if (l < 0 || l >= level || cap[l].len == kUnfinished) luaL_error(L, "invalid capture index %%%d", l + 1);
    ptrdiff_t len = cap[l].len;
    if (len >= 0 && src_end - s >= len && std::memcmp(cap[l].init, s, static_cast<size_t>(len)) == 0) {
      I->Charge(L, len / 16);
      return s + len;
    }
    return nullptr;
  }

  // Capture i of the match s..e (the whole match when there are none).
  void PushCapture(int i, const char* s, const char* e) {
    if (i >= level) {
      if (i != 0) luaL_error(L, "invalid capture index %%%d", i + 1);
      lua_pushlstring(L, s, static_cast<size_t>(e - s));
      return;
    }
    ptrdiff_t l = cap[i].len;
    if (l == kUnfinished) luaL_error(L, "unfinished capture");
    if (l == kPosition)
      lua_pushinteger(L, static_cast<lua_Integer>(cap[i].init - src_init) + 1);
    else
      lua_pushlstring(L, cap[i].init, static_cast<size_t>(l));
  }

  // All captures (the whole match when there are none and s is given).
  int PushCaptures(const char* s, const char* e) {
    int n = (level == 0 && s) ? 1 : level;
    luaL_checkstack(L, n, "too many captures");
    for (int i = 0; i < n; ++i) PushCapture(i, s, e);
    return n;
  }
};

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
  Matcher m(L, s, ls, p, lp);
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

int StrFind(lua_State* L) { return FindOrMatch(L, true); }
int StrMatch(lua_State* L) { return FindOrMatch(L, false); }

// Upvalues: subject, pattern, next start offset, end offset of the last match (-1: none).
int GmatchStep(lua_State* L) {
  size_t ls, lp;
  const char* s = lua_tolstring(L, lua_upvalueindex(1), &ls);
  const char* p = lua_tolstring(L, lua_upvalueindex(2), &lp);
  size_t pos = static_cast<size_t>(lua_tointeger(L, lua_upvalueindex(3)));
  lua_Integer last = lua_tointeger(L, lua_upvalueindex(4));
  Matcher m(L, s, ls, p, lp);
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

void Append(lua_State* L, std::string& out, const char* s, size_t n) {
  auto* I = LuaState::Impl::From(L);
  if (out.size() + n > I->limits.memory_bytes) I->OutOfMemory(L);
  out.append(s, n);
}

void AddReplacement(Matcher& m, std::string& out, const char* s, const char* e, int tr) {
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

int StrGsub(lua_State* L) {
  size_t ls, lp;
  const char* src = luaL_checklstring(L, 1, &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  int tr = lua_type(L, 3);
  lua_Integer max_n = luaL_optinteger(L, 4, static_cast<lua_Integer>(ls) + 1);
  luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
                   "string/function/table");
  Matcher m(L, src, ls, p, lp);
  bool anchor = lp > 0 && *p == '^';
  if (anchor) ++p;
  std::string out;
  const char* s = src;
  const char* last = nullptr;
  lua_Integer n = 0;
  while (n < max_n) {
    m.Reset();
    const char* e = m.Match(s, p);
    if (e && e != last) {
      ++n;
      AddReplacement(m, out, s, e, tr);
      s = last = e;
    } else if (s < m.src_end) {
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

int HostTrampoline(lua_State* L) {
  auto* I = LuaState::Impl::From(L);
  LuaState::Impl::ThreadScope scope(I, L);  // convert on the calling thread
  size_t index = static_cast<size_t>(lua_tointeger(L, lua_upvalueindex(1)));
  const LuaState::Impl::Host& h = I->host.at(index);
  bool nodes = h.takes_nodes;
  std::vector<LuaValue> args;
  int n = lua_gettop(L);
  for (int i = 1; i <= n; ++i) args.push_back(I->ToLuaValue(i, nodes));
  LuaValue result;
  std::string error;
  bool ok;
  try {
    ok = h.fn(args, &result, &error);
  } catch (const std::exception& e) {
    ok = false;
    error = e.what();
  }
  if (!ok) {
    std::string msg = h.name + ": " + error;
    luaL_where(L, 1);
    lua_pushlstring(L, msg.data(), msg.size());
    lua_concat(L, 2);
    return lua_error(L);
  }
  I->Push(result);
  return 1;
}

void* Allocate(void* ud, void* ptr, size_t osize, size_t nsize) {
  auto* I = static_cast<LuaState::Impl*>(ud);
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    I->used -= old;
    std::free(ptr);
    return nullptr;
  }
  if (nsize > old) {
    size_t cap = I->limits.memory_bytes, grow = nsize - old;
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

int Panic(lua_State* L) {
  std::fprintf(stderr, "wegwijzer: unprotected Lua error: %s\n", lua_isstring(L, -1) ? lua_tostring(L, -1) : "?");
  std::abort();
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

LuaState::LuaState(const LuaLimits& limits) : impl_(std::make_unique<Impl>()) {
  Impl& I = *impl_;
  I.limits = limits;
  lua_State* L = lua_newstate(&Allocate, &I);
  if (!L) return;
  I.main = I.L = L;
  *static_cast<Impl**>(lua_getextraspace(L)) = &I;
  lua_atpanic(L, &Panic);
  LuaError err;
  if (!I.Run([&] { I.OpenLibraries(); }, &err)) {
    lua_close(L);
    I.main = I.L = nullptr;
    return;
  }
  I.ready = true;
}

LuaState::~LuaState() {
  if (impl_->main) lua_close(impl_->main);
}

bool LuaState::ok() const { return impl_->main != nullptr; }

size_t LuaState::memory_used() const { return impl_->used; }

bool LuaState::SetApiValue(const std::string& name, ApiValueMaker make, LuaError* err) {
  Impl& I = *impl_;
  I.fallback_file.clear();
  I.fallback_line = 0;
  I.pending_api.erase(name);
  bool ok = I.Run(
      [&] {  // the old table goes: the next read converts the new value
        lua_rawgeti(I.L, LUA_REGISTRYINDEX, I.data_ref);
        lua_pushlstring(I.L, name.data(), name.size());
        lua_pushnil(I.L);
        lua_rawset(I.L, -3);
      },
      err);
  if (ok) I.pending_api[name] = std::move(make);
  return ok;
}

bool LuaState::SetApiValue(const std::string& name, const Value& value, LuaError* err) {
  return SetApiValue(name, ApiValueMaker([v = std::make_shared<const Value>(value)] { return v; }), err);
}

void LuaState::AddHostFunction(const std::string& name, HostFunction fn, bool takes_nodes) {
  Impl& I = *impl_;
  I.host.push_back({"wegwijzer." + name, std::move(fn), takes_nodes});
  LuaError err;
  I.Run(
      [&] {
        lua_rawgeti(I.L, LUA_REGISTRYINDEX, I.api_ref);
        lua_pushinteger(I.L, static_cast<lua_Integer>(I.host.size() - 1));
        lua_pushcclosure(I.L, &HostTrampoline, 1);
        lua_setfield(I.L, -2, name.c_str());
      },
      &err);
}

int LuaState::LoadPlugin(const std::string& chunkname, const std::string& source, LuaError* err) {
  Impl& I = *impl_;
  I.fallback_file = chunkname;
  I.fallback_line = 0;
  std::string syntax;
  bool ok = I.Run(
      [&] {
        lua_State* L = I.L;
        if (luaL_loadbufferx(L, source.data(), source.size(), ("@" + chunkname).c_str(), "t") != LUA_OK) {
          syntax = lua_tostring(L, -1);
          return;
        }
        I.NewEnvironment();
        lua_setupvalue(L, -2, 1);  // the chunk's _ENV
        lua_call(L, 0, 1);
        if (!lua_istable(L, -1))
          luaL_error(L, "a plugin must end with 'return { ...hooks... }', but this one returned %s",
                     lua_isnil(L, -1) ? "nothing" : luaL_typename(L, -1));
        I.plugin_refs.push_back(luaL_ref(L, LUA_REGISTRYINDEX));
        I.chunknames.push_back(chunkname);
      },
      err);
  if (ok && syntax.empty()) return static_cast<int>(I.plugin_refs.size() - 1);
  if (!syntax.empty()) {
    err->kind = LuaError::Kind::kSyntax;
    err->file = chunkname;
    err->line = 0;
    if (syntax.rfind(chunkname + ":", 0) == 0) {
      err->line = std::atoi(syntax.c_str() + chunkname.size() + 1);
      size_t colon = syntax.find(": ", chunkname.size() + 1);
      if (colon != std::string::npos) syntax = syntax.substr(colon + 2);
    }
    err->message = "syntax error: " + syntax;
  }
  if (err->file.empty()) err->file = chunkname;
  return -1;
}

std::vector<std::string> LuaState::Functions(int plugin, const std::string& sub) {
  Impl& I = *impl_;
  std::vector<std::string> out;
  LuaError err;
  I.Run(
      [&] {
        lua_State* L = I.L;
        I.PushPluginTable(plugin);
        if (!sub.empty()) {
          lua_pushlstring(L, sub.data(), sub.size());
          lua_rawget(L, -2);
        }
        if (!lua_istable(L, -1)) return;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
          if (lua_type(L, -2) == LUA_TSTRING && lua_isfunction(L, -1)) out.push_back(lua_tostring(L, -2));
          lua_pop(L, 1);
        }
      },
      &err);
  std::sort(out.begin(), out.end());
  return out;
}

Value LuaState::Field(int plugin, const std::string& key) {
  Impl& I = *impl_;
  Value v;
  LuaError err;
  I.Run(
      [&] {
        I.PushPluginTable(plugin);
        lua_pushlstring(I.L, key.data(), key.size());
        lua_rawget(I.L, -2);
        if (!lua_isfunction(I.L, -1)) v = I.ToLuaValue(-1, false).value;
      },
      &err);
  return v;
}

bool LuaState::Call(int plugin, const std::string& sub, const std::string& fn, const std::vector<LuaValue>& args,
                    LuaValue* result, LuaError* err, bool read_back_first) {
  Impl& I = *impl_;
  I.fallback_file = plugin >= 0 && static_cast<size_t>(plugin) < I.chunknames.size() ? I.chunknames[plugin] : "";
  I.fallback_line = 0;
  *result = LuaValue();
  return I.Run(
      [&] {
        lua_State* L = I.L;
        I.PushPluginTable(plugin);
        if (!sub.empty()) {
          lua_pushlstring(L, sub.data(), sub.size());
          lua_rawget(L, -2);
          lua_remove(L, -2);
          if (!lua_istable(L, -1)) luaL_error(L, "the plugin has no table '%s'", sub.c_str());
        }
        lua_pushlstring(L, fn.data(), fn.size());
        lua_rawget(L, -2);
        lua_remove(L, -2);
        if (!lua_isfunction(L, -1)) luaL_error(L, "the plugin has no function '%s'", fn.c_str());
        lua_Debug ar;
        lua_pushvalue(L, -1);
        if (lua_getinfo(L, ">S", &ar) && ar.source[0] == '@') {
          I.fallback_file = ar.source + 1;
          I.fallback_line = ar.linedefined;
        }
        int func = lua_gettop(L);
        int nargs = static_cast<int>(args.size());
        luaL_checkstack(L, nargs + 4, "too many arguments");
        for (const LuaValue& a : args) I.Push(a);
        bool read_back = read_back_first && nargs > 0;
        if (read_back) {  // keep the first argument below the function, to read it back
          lua_pushvalue(L, func + 1);
          lua_insert(L, func);
        }
        lua_call(L, nargs, 1);
        if (read_back && lua_isnil(L, -1))
          *result = I.ToLuaValue(func);
        else
          *result = I.ToLuaValue(-1);
      },
      err);
}

}  // namespace ww
