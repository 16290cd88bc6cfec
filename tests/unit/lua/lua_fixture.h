// lua_fixture: a LuaState with small limits, plugins loaded from strings,
// and helpers to call them and compare nodes, for the tests of core/lua/.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "lua/lua_runtime.h"

namespace ww::testing {

inline LuaLimits SmallLimits() {
  LuaLimits l;
  l.instructions = 5'000'000;
  l.memory_bytes = 32u << 20;
  return l;
}

// One state, plugins loaded from strings, and a helper to call plugin.f.
struct Sandbox {
  LuaState L;
  explicit Sandbox(LuaLimits limits = SmallLimits()) : L(limits) {}

  int Load(const std::string& source, const std::string& name = "plugins/p.lua") {
    LuaError e;
    int id = L.LoadPlugin(name, source, &e);
    INFO(e.file << ":" << e.line << ": " << e.message);
    REQUIRE(id >= 0);
    return id;
  }
  LuaError LoadError(const std::string& source, const std::string& name = "plugins/p.lua") {
    LuaError e;
    CHECK(L.LoadPlugin(name, source, &e) < 0);
    return e;
  }
  LuaValue Ok(int id, const std::string& fn, std::vector<LuaValue> args = {}) {
    LuaValue r;
    LuaError e;
    bool ok = L.Call(id, "", fn, args, &r, &e);
    INFO(e.file << ":" << e.line << ": " << e.message);
    CHECK(ok);
    return r;
  }
  LuaError Fails(int id, const std::string& fn, std::vector<LuaValue> args = {}) {
    LuaValue r;
    LuaError e;
    CHECK_FALSE(L.Call(id, "", fn, args, &r, &e));
    return e;
  }
  // Runs `return { f = function() BODY end }` and returns the result as JSON.
  std::string Json(const std::string& body) {
    int id = Load("return { f = function() " + body + " end }");
    LuaValue r = Ok(id, "f");
    if (r.kind == LuaValue::Kind::kNil) return "nil";
    if (r.kind == LuaValue::Kind::kNodes) return "<nodes>";
    return r.value.ToJson();
  }
  LuaError Error(const std::string& body) {
    int id = Load("return { f = function() " + body + " end }");
    return Fails(id, "f");
  }
};

inline bool SameNode(const Node& a, const Node& b) {
  if (a.type != b.type || a.text != b.text || a.url != b.url || a.title != b.title || a.info != b.info ||
      a.id != b.id || a.cls != b.cls || a.level != b.level || a.ordered != b.ordered || a.start != b.start ||
      a.tight != b.tight || a.task != b.task || a.header != b.header || a.align != b.align || a.args != b.args ||
      a.line != b.line || a.col != b.col || a.children.size() != b.children.size())
    return false;
  for (size_t i = 0; i < a.children.size(); ++i)
    if (!SameNode(a.children[i], b.children[i])) return false;
  return true;
}

inline Node Make(NodeType t) {
  Node n;
  n.type = t;
  return n;
}

inline double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace ww::testing
