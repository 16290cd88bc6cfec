#include "lua_runtime.h"

#include <lua.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace ww {

namespace {

constexpr int kHookEvery = 1000;  // instructions between budget checks
constexpr int kMaxDepth = 200;    // nesting of tables crossing the boundary

}  // namespace

struct LuaState::Impl {
  lua_State* L = nullptr;
  LuaLimits limits;
  size_t used = 0;
  int64_t count = 0;
  std::vector<HostFunction> host;
  std::vector<std::string> host_names;
  std::vector<int> plugin_refs;  // registry refs of the plugins' tables
  std::vector<std::string> chunknames;
  std::string err_file;  // innermost Lua frame at the last error
  int err_line = 0;

  static Impl* From(lua_State* L) { return *static_cast<Impl**>(lua_getextraspace(L)); }

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
        PushValue(e, depth + 1);
        lua_setfield(L, -2, k.c_str());
      }
    }
  }

  void SetString(const char* key, const std::string& s) {
    if (s.empty()) return;
    lua_pushlstring(L, s.data(), s.size());
    lua_setfield(L, -2, key);
  }

  void PushNode(const Node& n, int depth = 0) {
    luaL_checkstack(L, 6, "nested too deep");
    lua_createtable(L, 0, 6);
    lua_pushstring(L, NodeTypeName(n.type));
    lua_setfield(L, -2, "type");
    SetString("text", n.text);
    SetString("url", n.url);
    SetString("title", n.title);
    SetString("info", n.info);
    SetString("id", n.id);
    SetString("class", n.cls);
    if (n.type == NodeType::kDirective) SetString("name", n.info);
    if (n.level) {
      lua_pushinteger(L, n.level);
      lua_setfield(L, -2, "level");
    }
    if (n.type == NodeType::kList) {
      lua_pushboolean(L, n.ordered);
      lua_setfield(L, -2, "ordered");
      lua_pushinteger(L, n.start);
      lua_setfield(L, -2, "start");
      lua_pushboolean(L, n.tight);
      lua_setfield(L, -2, "tight");
    }
    if (n.task >= 0) {
      lua_pushstring(L, n.task ? "done" : "open");
      lua_setfield(L, -2, "task");
    }
    if (n.header) {
      lua_pushboolean(L, 1);
      lua_setfield(L, -2, "header");
    }
    if (!n.align.empty()) {
      std::string a;
      for (char c : n.align) a += c ? c : '-';
      SetString("align", a);
    }
    if (!n.args.empty()) {
      lua_createtable(L, 0, static_cast<int>(n.args.size()));
      for (const auto& [k, v] : n.args) {
        lua_pushlstring(L, v.data(), v.size());
        lua_setfield(L, -2, k.c_str());
      }
      lua_setfield(L, -2, "args");
    }
    if (n.line) {
      lua_pushinteger(L, n.line);
      lua_setfield(L, -2, "line");
    }
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

  static bool IsLeaf(NodeType t) {
    switch (t) {
      case NodeType::kText: case NodeType::kCode: case NodeType::kCodeBlock: case NodeType::kHtmlBlock:
      case NodeType::kHtmlInline: case NodeType::kRawBlock: case NodeType::kRawInline:
      case NodeType::kSoftBreak: case NodeType::kLineBreak: case NodeType::kThematicBreak:
      case NodeType::kFootnoteReference: case NodeType::kDirective:
        return true;
      default:
        return false;
    }
  }

  void Push(const LuaValue& v) {
    if (v.kind == LuaValue::Kind::kNil) {
      lua_pushnil(L);
    } else if (v.kind == LuaValue::Kind::kValue) {
      PushValue(v.value);
    } else if (v.nodes.size() == 1) {
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
    if (depth > kMaxDepth) luaL_error(L, "a table is nested more than %d levels deep (or refers to itself)", kMaxDepth);
    switch (lua_type(L, idx)) {
      case LUA_TNIL: return Value();
      case LUA_TBOOLEAN: return Value(lua_toboolean(L, idx) != 0);
      case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) return Value(static_cast<int64_t>(lua_tointeger(L, idx)));
        return Value(lua_tonumber(L, idx));
      case LUA_TSTRING: {
        size_t len;
        const char* s = lua_tolstring(L, idx, &len);
        return Value(std::string(s, len));
      }
      case LUA_TTABLE: {
        luaL_checkstack(L, 4, "nested too deep");
        lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, idx));
        lua_Integer keys = 0;
        bool only_ints = true;
        std::vector<std::pair<std::string, Value>> fields;
        lua_pushnil(L);
        while (lua_next(L, idx)) {
          ++keys;
          if (lua_type(L, -2) == LUA_TSTRING) {
            only_ints = false;
            fields.emplace_back(lua_tostring(L, -2), ToValue(-1, depth + 1));
          } else if (!lua_isinteger(L, -2)) {
            only_ints = false;
          }
          lua_pop(L, 1);
        }
        if (n > 0 && only_ints && keys == n) {
          Array a;
          for (lua_Integer i = 1; i <= n; ++i) {
            lua_rawgeti(L, idx, i);
            a.push_back(ToValue(-1, depth + 1));
            lua_pop(L, 1);
          }
          return Value(std::move(a));
        }
        // Key order in Lua is arbitrary: sort, so output is the same every build.
        std::sort(fields.begin(), fields.end(), [](auto& a, auto& b) { return a.first < b.first; });
        return Value(Object(std::make_move_iterator(fields.begin()), std::make_move_iterator(fields.end())));
      }
      default:
        luaL_error(L, "a %s cannot be passed to Wegwijzer; use text, numbers, booleans and tables",
                   luaL_typename(L, idx));
        return Value();
    }
  }

  std::string FieldString(int idx, const char* key) {
    lua_getfield(L, idx, key);
    std::string s;
    if (lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER) s = lua_tostring(L, -1);
    lua_pop(L, 1);
    return s;
  }

  lua_Integer FieldInt(int idx, const char* key, lua_Integer fallback) {
    lua_getfield(L, idx, key);
    lua_Integer v = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : fallback;
    lua_pop(L, 1);
    return v;
  }

  bool FieldBool(int idx, const char* key, bool fallback) {
    lua_getfield(L, idx, key);
    bool v = lua_isnil(L, -1) ? fallback : lua_toboolean(L, -1) != 0;
    lua_pop(L, 1);
    return v;
  }

  Node ToNode(int idx, int depth = 0) {
    idx = lua_absindex(L, idx);
    if (depth > kMaxDepth) luaL_error(L, "nodes are nested more than %d levels deep", kMaxDepth);
    if (!IsNodeTable(idx)) luaL_error(L, "expected a node (a table with a 'type' such as \"Paragraph\"), got %s",
                                      luaL_typename(L, idx));
    luaL_checkstack(L, 4, "nested too deep");
    Node n;
    NodeTypeFromName(FieldString(idx, "type"), &n.type);
    n.text = FieldString(idx, "text");
    n.url = FieldString(idx, "url");
    n.title = FieldString(idx, "title");
    n.info = FieldString(idx, "info");
    if (n.type == NodeType::kDirective && n.info.empty()) n.info = FieldString(idx, "name");
    n.id = FieldString(idx, "id");
    n.cls = FieldString(idx, "class");
    n.level = static_cast<int>(FieldInt(idx, "level", n.type == NodeType::kHeading ? 2 : 0));
    n.ordered = FieldBool(idx, "ordered", false);
    n.start = static_cast<int>(FieldInt(idx, "start", 1));
    n.tight = FieldBool(idx, "tight", true);
    std::string task = FieldString(idx, "task");
    n.task = task == "done" ? 1 : task == "open" ? 0 : -1;
    n.header = FieldBool(idx, "header", false);
    for (char c : FieldString(idx, "align")) n.align.push_back(c == '-' ? 0 : c);
    n.line = static_cast<int>(FieldInt(idx, "line", 0));
    lua_getfield(L, idx, "children");
    if (lua_type(L, -1) == LUA_TTABLE) {
      lua_Integer len = static_cast<lua_Integer>(lua_rawlen(L, -1));
      for (lua_Integer i = 1; i <= len; ++i) {
        lua_rawgeti(L, -1, i);
        n.children.push_back(ToNode(-1, depth + 1));
        lua_pop(L, 1);
      }
    }
    lua_pop(L, 1);
    return n;
  }

  LuaValue ToLuaValue(int idx) {
    idx = lua_absindex(L, idx);
    if (lua_isnil(L, idx)) return LuaValue();
    if (IsNodeTable(idx)) return LuaValue::OfNodes({ToNode(idx)});
    if (lua_type(L, idx) == LUA_TTABLE) {
      lua_rawgeti(L, idx, 1);
      bool list_of_nodes = IsNodeTable(-1);
      lua_pop(L, 1);
      if (list_of_nodes) {
        std::vector<Node> nodes;
        lua_Integer len = static_cast<lua_Integer>(lua_rawlen(L, idx));
        for (lua_Integer i = 1; i <= len; ++i) {
          lua_rawgeti(L, idx, i);
          nodes.push_back(ToNode(-1));
          lua_pop(L, 1);
        }
        return LuaValue::OfNodes(std::move(nodes));
      }
    }
    return LuaValue::Of(ToValue(idx));
  }

  // ---- Errors

  // Remembers the innermost Lua frame, so an error names the plugin's line
  // even when raised from C++ or by the instruction budget.
  void NoteLocation(lua_State* thread) {
    lua_Debug ar;
    for (int level = 0; lua_getstack(thread, level, &ar); ++level) {
      if (lua_getinfo(thread, "Sl", &ar) && ar.currentline > 0 && ar.source[0] == '@') {
        err_file = ar.source + 1;
        err_line = ar.currentline;
        return;
      }
    }
  }

  static int MessageHandler(lua_State* L) {
    Impl* I = From(L);
    I->NoteLocation(L);
    if (!lua_isstring(L, 1)) {
      if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
      lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    return 1;
  }

  LuaError MakeError(int status) {
    LuaError e;
    std::string msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : "unknown error";
    if (status == LUA_ERRMEM) {
      msg = "plugin used more than " + std::to_string(limits.memory_bytes >> 20) +
            " MB of memory; look for a table or text that keeps growing";
    }
    e.file = err_file;
    e.line = err_line;
    // Strip our own "file:line: " prefix; keep any other.
    std::string prefix = err_file + ":" + std::to_string(err_line) + ": ";
    if (!err_file.empty() && msg.rfind(prefix, 0) == 0) msg = msg.substr(prefix.size());
    else if (msg.rfind(err_file + ":", 0) == 0 && !err_file.empty()) {
      size_t colon = msg.find(": ", err_file.size() + 1);
      if (colon != std::string::npos) {
        e.line = std::atoi(msg.c_str() + err_file.size() + 1);
        msg = msg.substr(colon + 2);
      }
    }
    e.message = msg;
    return e;
  }

  int ProtectedCall(int nargs, int nresults, LuaError* err) {
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, &MessageHandler);
    lua_insert(L, base);
    count = 0;
    err_file.clear();
    err_line = 0;
    int status = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    if (status != LUA_OK) {
      *err = MakeError(status);
      lua_pop(L, 1);
    }
    return status;
  }
};

namespace {

void* Allocate(void* ud, void* ptr, size_t osize, size_t nsize) {
  auto* I = static_cast<LuaState::Impl*>(ud);
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    I->used -= old;
    std::free(ptr);
    return nullptr;
  }
  if (nsize > old && I->used + (nsize - old) > I->limits.memory_bytes) return nullptr;
  void* p = std::realloc(ptr, nsize);
  if (!p) return nullptr;
  I->used = I->used - old + nsize;
  return p;
}

void CountHook(lua_State* L, lua_Debug*) {
  auto* I = LuaState::Impl::From(L);
  I->count += kHookEvery;
  if (I->count > I->limits.instructions) {
    I->NoteLocation(L);
    lua_pushfstring(L, "%s:%d: plugin ran too long (over %d million instructions in one call); look for an endless loop",
                    I->err_file.c_str(), I->err_line, static_cast<int>(I->limits.instructions / 1000000));
    lua_error(L);
  }
}

int HostTrampoline(lua_State* L) {
  auto* I = LuaState::Impl::From(L);
  size_t index = static_cast<size_t>(lua_tointeger(L, lua_upvalueindex(1)));
  std::vector<LuaValue> args;
  int n = lua_gettop(L);
  for (int i = 1; i <= n; ++i) args.push_back(I->ToLuaValue(i));
  LuaValue result;
  std::string error;
  bool ok;
  try {
    ok = I->host[index](args, &result, &error);
  } catch (const std::exception& e) {
    ok = false;
    error = e.what();
  }
  if (!ok) {
    std::string msg = I->host_names[index] + ": " + error;
    luaL_where(L, 1);
    lua_pushlstring(L, msg.data(), msg.size());
    lua_concat(L, 2);
    return lua_error(L);
  }
  I->Push(result);
  return 1;
}

// load() for plugins: text chunks only, in the caller's environment.
int SafeLoad(lua_State* L) {
  size_t len;
  const char* s = luaL_checklstring(L, 1, &len);
  const char* name = luaL_optstring(L, 2, "=(load)");
  int env_index = lua_isnoneornil(L, 4) ? lua_upvalueindex(1) : 4;
  if (luaL_loadbufferx(L, s, len, name, "t") != LUA_OK) {
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
  }
  lua_pushvalue(L, env_index);
  lua_setupvalue(L, -2, 1);
  return 1;
}

int SafePrint(lua_State* L) {
  int n = lua_gettop(L);
  std::string line;
  for (int i = 1; i <= n; ++i) {
    if (i > 1) line += '\t';
    line += luaL_tolstring(L, i, nullptr);
    lua_pop(L, 1);
  }
  std::fprintf(stderr, "plugin: %s\n", line.c_str());
  return 0;
}

void CopyTable(lua_State* L, const char* lib, std::initializer_list<const char*> skip = {}) {
  lua_getglobal(L, lib);
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, -3)) {
    bool skipped = false;
    if (lua_type(L, -2) == LUA_TSTRING)
      for (const char* s : skip) skipped |= std::strcmp(lua_tostring(L, -2), s) == 0;
    if (skipped) {
      lua_pop(L, 1);
      continue;
    }
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_settable(L, -4);
  }
  lua_remove(L, -2);
}

}  // namespace

LuaState::LuaState(const LuaLimits& limits) : impl_(std::make_unique<Impl>()) {
  impl_->limits = limits;
  lua_State* L = lua_newstate(&Allocate, impl_.get());
  impl_->L = L;
  *static_cast<Impl**>(lua_getextraspace(L)) = impl_.get();
  luaL_openlibs(L);
  // Lock the string metatable: no plugin can change string methods for others.
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);
  // string.dump would turn functions into bytecode.
  lua_getglobal(L, "string");
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_pop(L, 1);
  lua_newtable(L);
  lua_setglobal(L, "__wegwijzer_api");
  lua_sethook(L, &CountHook, LUA_MASKCOUNT, kHookEvery);
}

LuaState::~LuaState() {
  if (impl_->L) lua_close(impl_->L);
}

size_t LuaState::memory_used() const { return impl_->used; }

void LuaState::SetApiValue(const std::string& name, const Value& value) {
  lua_State* L = impl_->L;
  lua_getglobal(L, "__wegwijzer_api");
  impl_->PushValue(value);
  lua_setfield(L, -2, name.c_str());
  lua_pop(L, 1);
}

void LuaState::AddHostFunction(const std::string& name, HostFunction fn) {
  lua_State* L = impl_->L;
  impl_->host.push_back(std::move(fn));
  impl_->host_names.push_back("wegwijzer." + name);
  lua_getglobal(L, "__wegwijzer_api");
  lua_pushinteger(L, static_cast<lua_Integer>(impl_->host.size() - 1));
  lua_pushcclosure(L, &HostTrampoline, 1);
  lua_setfield(L, -2, name.c_str());
  lua_pop(L, 1);
}

int LuaState::LoadPlugin(const std::string& chunkname, const std::string& source, LuaError* err) {
  lua_State* L = impl_->L;
  int top = lua_gettop(L);
  if (luaL_loadbufferx(L, source.data(), source.size(), ("@" + chunkname).c_str(), "t") != LUA_OK) {
    std::string msg = lua_tostring(L, -1);
    lua_settop(L, top);
    err->file = chunkname;
    err->line = 0;
    if (msg.rfind(chunkname + ":", 0) == 0) {
      err->line = std::atoi(msg.c_str() + chunkname.size() + 1);
      size_t colon = msg.find(": ", chunkname.size() + 1);
      msg = colon == std::string::npos ? msg : msg.substr(colon + 2);
    }
    err->message = "syntax error: " + msg;
    return -1;
  }
  // A fresh environment with copies of the safe libraries.
  lua_newtable(L);
  int env = lua_gettop(L);
  for (const char* name : {"assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber", "tostring",
                           "type", "xpcall", "rawequal", "rawlen", "rawget", "rawset", "setmetatable",
                           "getmetatable", "_VERSION"}) {
    lua_getglobal(L, name);
    lua_setfield(L, env, name);
  }
  for (const char* lib : {"string", "table", "math", "utf8", "coroutine"}) {
    CopyTable(L, lib, {"dump"});
    lua_setfield(L, env, lib);
  }
  lua_newtable(L);
  for (const char* fn : {"time", "clock", "date"}) {
    lua_getglobal(L, "os");
    lua_getfield(L, -1, fn);
    lua_setfield(L, -3, fn);
    lua_pop(L, 1);
  }
  lua_setfield(L, env, "os");
  CopyTable(L, "__wegwijzer_api");
  lua_setfield(L, env, "wegwijzer");
  lua_pushvalue(L, env);
  lua_pushcclosure(L, &SafeLoad, 1);
  lua_setfield(L, env, "load");
  lua_pushcfunction(L, &SafePrint);
  lua_setfield(L, env, "print");
  lua_pushvalue(L, env);
  lua_setfield(L, env, "_G");
  lua_setupvalue(L, env - 1, 1);  // the chunk's _ENV

  if (impl_->ProtectedCall(0, 1, err) != LUA_OK) {
    if (err->file.empty()) err->file = chunkname;
    lua_settop(L, top);
    return -1;
  }
  if (!lua_istable(L, -1)) {
    err->file = chunkname;
    err->message = "a plugin must end with 'return { ...hooks... }', but this one returned " +
                   std::string(luaL_typename(L, -1));
    lua_settop(L, top);
    return -1;
  }
  impl_->plugin_refs.push_back(luaL_ref(L, LUA_REGISTRYINDEX));
  impl_->chunknames.push_back(chunkname);
  lua_settop(L, top);
  return static_cast<int>(impl_->plugin_refs.size() - 1);
}

std::vector<std::string> LuaState::Functions(int plugin, const std::string& sub) {
  lua_State* L = impl_->L;
  std::vector<std::string> out;
  int top = lua_gettop(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, impl_->plugin_refs.at(plugin));
  if (!sub.empty()) {
    lua_getfield(L, -1, sub.c_str());
  }
  if (lua_istable(L, -1)) {
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      if (lua_type(L, -2) == LUA_TSTRING && lua_isfunction(L, -1)) out.push_back(lua_tostring(L, -2));
      lua_pop(L, 1);
    }
  }
  lua_settop(L, top);
  std::sort(out.begin(), out.end());
  return out;
}

Value LuaState::Field(int plugin, const std::string& key) {
  lua_State* L = impl_->L;
  int top = lua_gettop(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, impl_->plugin_refs.at(plugin));
  lua_getfield(L, -1, key.c_str());
  Value v;
  if (!lua_isfunction(L, -1) && !lua_istable(L, -1)) v = impl_->ToValue(-1);
  else if (lua_istable(L, -1)) {
    // Tables of plain data only (options, lists of names).
    lua_pushcfunction(L, [](lua_State* L) -> int {
      Value* out = static_cast<Value*>(lua_touserdata(L, 2));
      *out = LuaState::Impl::From(L)->ToValue(1);
      return 0;
    });
    lua_pushvalue(L, -2);
    lua_pushlightuserdata(L, &v);
    if (lua_pcall(L, 2, 0, 0) != LUA_OK) v = Value();
  }
  lua_settop(L, top);
  return v;
}

bool LuaState::Call(int plugin, const std::string& sub, const std::string& fn, const std::vector<LuaValue>& args,
                    LuaValue* result, LuaError* err, bool read_back_first) {
  lua_State* L = impl_->L;
  int top = lua_gettop(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, impl_->plugin_refs.at(plugin));
  if (!sub.empty()) {
    lua_getfield(L, -1, sub.c_str());
    lua_remove(L, -2);
  }
  lua_getfield(L, -1, fn.c_str());
  lua_remove(L, -2);
  if (!lua_isfunction(L, -1)) {
    lua_settop(L, top);
    err->file = impl_->chunknames.at(plugin);
    err->message = "no function '" + fn + "'";
    return false;
  }
  // Converting arguments allocates inside Lua, so it runs protected too.
  struct Ctx {
    Impl* impl;
    const std::vector<LuaValue>* args;
    bool read_back;
    LuaValue* result;
  } ctx{impl_.get(), &args, read_back_first, result};
  lua_pushcfunction(L, [](lua_State* L) -> int {
    auto* c = static_cast<Ctx*>(lua_touserdata(L, 2));
    lua_settop(L, 1);
    for (const LuaValue& a : *c->args) c->impl->Push(a);
    int nargs = static_cast<int>(c->args->size());
    if (c->read_back && nargs > 0) {
      lua_pushvalue(L, 2);  // keep the first argument, below the function, to read back
      lua_insert(L, 1);
    }
    lua_call(L, nargs, 1);
    if (lua_isnil(L, -1) && c->read_back && nargs > 0) {
      *c->result = c->impl->ToLuaValue(1);
    } else {
      *c->result = c->impl->ToLuaValue(-1);
    }
    return 0;
  });
  lua_insert(L, -2);
  lua_pushlightuserdata(L, &ctx);
  bool ok = impl_->ProtectedCall(2, 0, err) == LUA_OK;
  if (!ok && err->file.empty()) err->file = impl_->chunknames.at(plugin);
  lua_settop(L, top);
  return ok;
}

}  // namespace ww
