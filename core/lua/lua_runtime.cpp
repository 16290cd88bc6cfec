// The public LuaState, and the one protected call every entry point goes
// through (as lua.c's docall and msghandler): a plugin's error comes back as a
// LuaError naming the plugin's file and line, never as a Lua error or C++
// exception unwinding into the engine.
#include "lua/lua_runtime.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "lua/lua_state_impl.h"

namespace ww {

namespace {

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

std::string Count(int64_t n) {
  if (n >= 1'000'000 && n % 1'000'000 == 0) return std::to_string(n / 1'000'000) + " million";
  return std::to_string(n);
}

// Notes where the plugin was while the stack is still there to read (the
// error unwinds it).
int MessageHandler(lua_State* L) {
  LuaState::Impl* I = LuaState::Impl::From(L);
  I->NoteLocation(L, &I->err_file, &I->err_line, &I->called_from);
  if (!lua_isstring(L, 1) && !I->exhausted) {  // hooks may be off now: run no plugin code
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  return 1;
}

// Only reached by a bug of ours: every Lua call of the engine runs in Run.
int Panic(lua_State* L) {
  std::fprintf(stderr, "wegwijzer: unprotected Lua error: %s\n", lua_isstring(L, -1) ? lua_tostring(L, -1) : "?");
  std::abort();
}

// wegwijzer.NAME(...): upvalue 1 is the index of the host function.
int HostTrampoline(lua_State* L) {
  auto* I = LuaState::Impl::From(L);
  LuaState::Impl::ThreadScope scope(I, L);  // convert on the calling thread
  size_t index = static_cast<size_t>(lua_tointeger(L, lua_upvalueindex(1)));
  const LuaState::Impl::Host& h = I->host.at(index);
  bool nodes = h.takes_nodes;
  std::vector<LuaValue> args;
  int n = lua_gettop(L);
  for (int i = 1; i <= n; ++i) args.push_back(I->ToLuaValue(i, nodes));
  if (h.steps_per_byte > 0) {  // its own work, before it is done
    size_t bytes = 0;
    for (const LuaValue& a : args)
      if (a.kind == LuaValue::Kind::kValue && a.value.is_string()) bytes += a.value.as_string().size();
    I->Charge(L, static_cast<int64_t>(std::min<size_t>(bytes, size_t{1} << 40)) * h.steps_per_byte);
  }
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

}  // namespace

// ---- Protected execution

void LuaState::Impl::BeginCall() {
  count = 0;
  exhausted = false;
  timed_out = false;
  if (limits.seconds > 0)
    deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                      std::chrono::duration<double>(limits.seconds));
  armed = false;
  running = main;
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

// fn runs inside a C function called by lua_pcall: with Debian's C++ build
// of Lua, a Lua error is a C++ exception that unwinds fn's own destructors
// on its way to the pcall, and a C++ exception from fn is made a Lua error.
template <typename Fn>
bool LuaState::Impl::Run(Fn&& fn, LuaError* err) {
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
  int status = lua_pcall(L, 1, 0, top + 1);  // top + 1: MessageHandler
  if (status == LUA_OK && exhausted) {       // caught by the plugin, but the budget is gone all the same
    lua_pushliteral(L, "ran too long");
    status = LUA_ERRRUN;
  }
  if (status != LUA_OK) *err = MakeError(status);
  lua_settop(L, top);
  return status == LUA_OK;
}

// Looks at the top frames only: lua_getstack(level) walks the call chain from
// the top, and after a stack overflow it is 200,000 calls deep.
void LuaState::Impl::NoteLocation(lua_State* T, std::string* file, int* line, std::string* outer) {
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

// The error on top of the main stack as a LuaError. Budget and memory errors
// get our own message and the place noted when the limit was hit: the error
// itself may surface far from there, after pcalls and handlers.
LuaError LuaState::Impl::MakeError(int status) {
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
    e.message = timed_out ? "ran too long: more than " + Seconds(limits.seconds) +
                                " seconds in one call; look for a loop that never ends (comparing long texts "
                                "over and over takes time that no instruction count sees)"
                          : "ran too long: more than " + Count(limits.instructions) +
                                " instructions in one call; look for a loop that never ends";
  } else if (status == LUA_ERRMEM || (mem_refused && msg == "not enough memory")) {
    e.kind = LuaError::Kind::kMemory;
    if (!mem_file.empty()) {
      e.file = mem_file;
      e.line = mem_line;
    }
    e.called_from.clear();
    e.message =
        "used more than " + Megabytes(limits.memory_bytes) + " of memory; look for a table or text that keeps growing";
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

void LuaState::Impl::PushPluginTable(int plugin) {
  if (plugin < 0 || static_cast<size_t>(plugin) >= plugin_refs.size()) luaL_error(L, "no plugin %d", plugin);
  lua_rawgeti(L, LUA_REGISTRYINDEX, plugin_refs[plugin]);
}

// ---- The public API

LuaState::LuaState(const LuaLimits& limits) : impl_(std::make_unique<Impl>()) {
  Impl& I = *impl_;
  I.limits = limits;
  lua_State* L = lua_newstate(&Impl::Allocate, &I);
  if (!L) return;
  I.main = I.L = L;
  *static_cast<Impl**>(lua_getextraspace(L)) = &I;  // for Impl::From, on every thread
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
  impl_->ready = false;  // (closing is no plugin's work)
  if (impl_->main) lua_close(impl_->main);
}

bool LuaState::ok() const { return impl_->main != nullptr; }

size_t LuaState::memory_used() const { return impl_->used; }

std::pair<std::string, int> LuaState::LastFunction() const { return {impl_->fallback_file, impl_->fallback_line}; }

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

void LuaState::AddHostFunction(const std::string& name, HostFunction fn, bool takes_nodes, int steps_per_byte) {
  Impl& I = *impl_;
  I.host.push_back({"wegwijzer." + name, std::move(fn), takes_nodes, steps_per_byte});
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
        // A syntax error is returned, not raised: kept apart as kSyntax.
        // "@" marks the chunk as a plugin file for NoteLocation; "t": text only.
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
    if (syntax.starts_with(chunkname + ":")) {
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
        if (!sub.empty()) {  // raw: finding hooks runs none of the plugin's code
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
        // Errors raised after it returned (its result refused) have no
        // plugin frame left: they name where the function is defined.
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
