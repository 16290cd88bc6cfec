// Values and nodes across the boundary (as lapi.c does for Lua's own values):
// C++ Values and Nodes pushed as Lua tables, and Lua values read back into
// C++. Reading back is where a plugin can hurt the engine (a table that holds
// itself, or one table a million times), so it is bounded in depth, charged to
// the call's budget, and capped in the C++ memory it makes.
#include <algorithm>
#include <cstring>

#include "lua/lua_state_impl.h"

namespace ww {

namespace {

// Types whose `text` a plugin may read without checking: always a string,
// even when empty.
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

// Types that never hold children. Every other node gets a `children` table,
// even an empty one, so a plugin can append to it without checking.
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

// "Document, Paragraph, ...": the error for a wrong `type` lists them all.
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

// ---- Into Lua

void LuaState::Impl::PushValue(const Value& v, int depth) {
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

// Fields of the node table on top of the stack.
void LuaState::Impl::SetString(const char* key, const std::string& s, bool always) {
  if (s.empty() && !always) return;
  lua_pushlstring(L, s.data(), s.size());
  lua_setfield(L, -2, key);
}

void LuaState::Impl::SetInt(const char* key, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, key);
}

void LuaState::Impl::SetBool(const char* key, bool v) {
  lua_pushboolean(L, v);
  lua_setfield(L, -2, key);
}

// A node as a table. Empty fields are left out (but see HasText), so a
// plugin sees only what the node has. Below kMaxDepth the children are
// dropped rather than failing: a tree that deep is no document anyone wrote.
void LuaState::Impl::PushNode(const Node& n, int depth) {
  luaL_checkstack(L, 6, "nested too deep");
  // A node table costs about as much as converting a value back (measured
  // with wegwijzer.markdown in a loop: the nodes, not the text, were the work).
  Charge(L, kConvertCost);
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

void LuaState::Impl::Push(const LuaValue& v) {
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

// ---- Into C++. Errors are raised as Lua errors.

// Charges C++ memory made while converting a Lua result, and its work (a
// value costs about as much as kConvertCost instructions).
void LuaState::Impl::Spend(size_t bytes) {
  convert_bytes += bytes;
  Charge(L, kConvertCost + static_cast<int64_t>(bytes / kBytesPerStep));
  if (convert_bytes > limits.memory_bytes)
    luaL_error(L,
               "the value is too large to pass to Wegwijzer (over %s once converted); does a table hold the "
               "same table many times?",
               Megabytes(limits.memory_bytes).c_str());
}

// True when idx is a table whose `type` names a node type.
bool LuaState::Impl::IsNodeTable(int idx) {
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

// Plain data. A read-only proxy is read through to its hidden table. A table
// that holds itself ends at kMaxDepth; one that holds a table many times is
// stopped by Spend, since each copy costs C++ memory though Lua shares it.
Value LuaState::Impl::ToValue(int idx, int depth) {
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
std::string LuaState::Impl::NodeString(int idx, const char* key, const char* type) {
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

lua_Integer LuaState::Impl::NodeInt(int idx, const char* key, lua_Integer fallback, const char* type) {
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

bool LuaState::Impl::NodeBool(int idx, const char* key, bool fallback) {
  lua_getfield(L, idx, key);
  bool v = lua_isnil(L, -1) ? fallback : lua_toboolean(L, -1) != 0;
  lua_pop(L, 1);
  return v;
}

// A node table, checked field by field: a wrong field is an error that names
// it, rather than a page that silently comes out wrong.
Node LuaState::Impl::ToNode(int idx, int depth) {
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
LuaValue LuaState::Impl::ToLuaValue(int idx, bool nodes) {
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

}  // namespace ww
