// Tests of the sandboxed Lua state: values and nodes across the boundary,
// errors with file:line, the sandbox, the limits, and the step-counted
// string patterns (compared with Lua's own implementation).
#include "lua/lua_runtime.h"

#include <doctest/doctest.h>

#include <chrono>
#include <lua.hpp>  // only for the reference implementation of string patterns
#include <random>
#include <string>
#include <vector>

using namespace ww;

namespace {

LuaLimits SmallLimits() {
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

bool SameNode(const Node& a, const Node& b) {
  if (a.type != b.type || a.text != b.text || a.url != b.url || a.title != b.title || a.info != b.info ||
      a.id != b.id || a.cls != b.cls || a.level != b.level || a.ordered != b.ordered || a.start != b.start ||
      a.tight != b.tight || a.task != b.task || a.header != b.header || a.align != b.align || a.args != b.args ||
      a.line != b.line || a.col != b.col || a.children.size() != b.children.size())
    return false;
  for (size_t i = 0; i < a.children.size(); ++i)
    if (!SameNode(a.children[i], b.children[i])) return false;
  return true;
}

Node Make(NodeType t) {
  Node n;
  n.type = t;
  return n;
}

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_SUITE("lua_runtime") {
  TEST_CASE("a plugin is a file that returns a table of functions") {
    Sandbox s;
    int id = s.Load("local n = 0\nreturn { f = function() n = n + 1 return n end, g = 1, Heading = function() end }");
    CHECK(s.L.Functions(id) == std::vector<std::string>{"Heading", "f"});
    CHECK(s.Ok(id, "f").value == Value(1));
    CHECK(s.Ok(id, "f").value == Value(2));  // state is kept between calls
    CHECK(s.L.Field(id, "g") == Value(1));
    CHECK(s.L.Field(id, "missing").is_null());

    LuaError e = s.LoadError("return 42");
    CHECK(e.message.find("must end with 'return { ...hooks... }'") != std::string::npos);
    CHECK(e.message.find("number") != std::string::npos);
    e = s.LoadError("local x = 1");
    CHECK(e.message.find("returned nothing") != std::string::npos);
  }

  TEST_CASE("a syntax error names the file and line") {
    Sandbox s;
    LuaError e = s.LoadError("return {\n  f = function()\n    return 1 +\n  end\n}", "plugins/kapot.lua");
    CHECK(e.kind == LuaError::Kind::kSyntax);
    CHECK(e.file == "plugins/kapot.lua");
    CHECK(e.line == 4);
    CHECK(e.message.rfind("syntax error: ", 0) == 0);
    CHECK(e.message.find("plugins/kapot.lua") == std::string::npos);  // not twice
  }

  TEST_CASE("an error while loading names the line") {
    Sandbox s;
    LuaError e = s.LoadError("local t = nil\n\nlocal x = t.field\nreturn {}");
    CHECK(e.kind == LuaError::Kind::kRuntime);
    CHECK(e.file == "plugins/p.lua");
    CHECK(e.line == 3);
    CHECK(e.message.find("attempt to index a nil value") != std::string::npos);
  }

  TEST_CASE("runtime errors name the innermost plugin line and the calls around it") {
    Sandbox s;
    int id = s.Load(
        "local function inner(x)\n"
        "  return x.y.z\n"
        "end\n"
        "local function outer()\n"
        "  local v = inner({}) return v\n"
        "end\n"
        "return {\n"
        "  f = function() local v = outer() return v end,\n"
        "  g = function() error('zelf gegooid') end,\n"
        "  h = function() error({}) end,\n"
        "  i = function() error(setmetatable({}, {__tostring = function() return 'mooi' end})) end,\n"
        "  j = function() local function check(v) if not v then error('check faalt', 2) end end\n"
        "    check(false)\n"
        "  end,\n"
        "  k = function() local co = coroutine.wrap(function()\n"
        "      error('in coroutine') end)\n"
        "    co()\n"
        "  end,\n"
        "}");
    LuaError e = s.Fails(id, "f");
    CHECK(e.file == "plugins/p.lua");
    CHECK(e.line == 2);
    CHECK(e.message.find("attempt to index a nil value (field 'y')") != std::string::npos);
    CHECK(e.called_from == "plugins/p.lua:5, plugins/p.lua:8");

    e = s.Fails(id, "g");
    CHECK(e.line == 9);
    CHECK(e.message == "zelf gegooid");
    e = s.Fails(id, "h");
    CHECK(e.message == "(error object is a table value)");
    e = s.Fails(id, "i");
    CHECK(e.message == "mooi");
    e = s.Fails(id, "j");
    CHECK(e.line == 13);  // error(msg, 2) names the caller's line
    CHECK(e.message == "check faalt");
    e = s.Fails(id, "k");
    CHECK(e.line == 16);  // inside the coroutine, not where it was resumed
    CHECK(e.message == "in coroutine");
  }

  TEST_CASE("calling what is not there is an error, not a crash") {
    Sandbox s;
    int id = s.Load("return { directives = { a = function() return 1 end } }");
    CHECK(s.Fails(id, "nope").message.find("no function 'nope'") != std::string::npos);
    LuaValue r;
    LuaError e;
    CHECK(s.L.Call(id, "directives", "a", {}, &r, &e));
    CHECK(r.value == Value(1));
    CHECK_FALSE(s.L.Call(id, "helpers", "a", {}, &r, &e));
    CHECK_FALSE(s.L.Call(99, "", "f", {}, &r, &e));
    CHECK(s.L.Functions(99).empty());
    CHECK(s.L.Functions(id, "directives") == std::vector<std::string>{"a"});
  }

  TEST_CASE("a plugin table's metamethods never run when hooks are looked up") {
    Sandbox s;
    int id = s.Load(
        "return setmetatable({ f = function() return 1 end },\n"
        "  { __index = function(t, k) while true do end end })");
    CHECK(s.L.Functions(id) == std::vector<std::string>{"f"});
    CHECK(s.L.Functions(id, "directives").empty());
    CHECK(s.L.Field(id, "filter").is_null());
    LuaValue r;
    LuaError e;
    CHECK_FALSE(s.L.Call(id, "", "g", {}, &r, &e));
    CHECK(e.message.find("no function 'g'") != std::string::npos);
  }

  TEST_CASE("values cross the boundary both ways") {
    Sandbox s;
    int id = s.Load(
        "return { id = function(...) return ... end,\n"
        "  types = function(v) local out = {} for k, x in pairs(v) do out[k] = math.type(x) or type(x) end"
        " return out end }");
    Value v = Value::MakeObject();
    const std::string with_nul("tekst met \0 nul", 15);
    v.Set("s", with_nul), v.Set("i", 42), v.Set("d", 2.5), v.Set("b", true), v.Set("n", Value());
    Value arr = Value::MakeArray();
    arr.Push(1), arr.Push("twee"), arr.Push(Value::MakeObject());
    v.Set("a", arr);
    Value back = s.Ok(id, "id", {LuaValue::Of(v)}).value;
    CHECK(back.GetString("s") == with_nul);
    CHECK(*back.Get("i") == Value(42));
    CHECK(back.Get("i")->is_int());
    CHECK(*back.Get("d") == Value(2.5));
    CHECK(*back.Get("b") == Value(true));
    CHECK(back.Get("n") == nullptr);  // nil is absent in a Lua table
    CHECK(back.Get("a")->ToJson() == R"([1,"twee",{}])");
    Value types = s.Ok(id, "types", {LuaValue::Of(v)}).value;
    CHECK(types.GetString("i") == "integer");
    CHECK(types.GetString("d") == "float");
    CHECK(types.GetString("a") == "table");

    // Keys come back sorted (Lua has no order); integer keys that are not a
    // sequence become text keys, so nothing is lost.
    CHECK(s.Json("return { z = 1, a = 2, m = 3 }") == R"({"a":2,"m":3,"z":1})");
    CHECK(s.Json("return { [1] = 'a', [3] = 'c' }") == R"({"1":"a","3":"c"})");
    CHECK(s.Json("return { 'a', 'b', x = 1 }") == R"({"1":"a","2":"b","x":1})");
    CHECK(s.Json("return {}") == "{}");
    CHECK(s.Json("return { 10, 20, 30 }") == "[10,20,30]");
    CHECK(s.Json("return nil") == "nil");
    CHECK(s.Json("return 'x', 'y'") == R"("x")");
    CHECK(s.Error("return { f = print }").message.find("a function cannot be passed") != std::string::npos);
    CHECK(s.Error("return { [2.5] = 1 }").message.find("table key must be text or a whole number") !=
          std::string::npos);
    CHECK(s.Error("return { coroutine.create(print) }").message.find("a thread cannot") != std::string::npos);
  }

  TEST_CASE("a self-referencing or exploding table is refused, not followed") {
    Sandbox s;
    LuaError e = s.Error("local t = {} t.self = t return t");
    CHECK(e.message.find("nested more than 200 levels deep (or contains itself)") != std::string::npos);
    CHECK(e.line == 1);
    e = s.Error("local n = { type = 'Emph' } n.children = { n } return n");
    CHECK(e.message.find("nested more than 200 levels deep") != std::string::npos);
    // 2^60 paths through 60 tables: the conversion runs out of budget at once.
    auto t0 = std::chrono::steady_clock::now();
    e = s.Error("local a = { 1 } for i = 1, 60 do a = { a, a } end return a");
    CHECK(e.kind == LuaError::Kind::kInstructions);
    CHECK(Seconds(t0) < 10);
    e = s.Error(
        "local a = { type = 'Text', text = 'x' }\n"
        "for i = 1, 60 do a = { type = 'Emph', children = { a, a } } end return a");
    CHECK(e.kind == LuaError::Kind::kInstructions);
    // A long string shared many times: the C++ copy would be huge.
    LuaLimits roomy = SmallLimits();
    roomy.instructions = 2'000'000'000;
    Sandbox big(roomy);
    e = big.Error("local s = ('x'):rep(1e6) local t = {} for i = 1, 1000 do t[i] = s end return t");
    CHECK(e.message.find("too large to pass to Wegwijzer") != std::string::npos);
  }

  TEST_CASE("every node field round-trips") {
    Sandbox s;
    int id = s.Load(
        "return { id = function(n) return n end, copy = function(n)\n"
        "  local c = {} for k, v in pairs(n) do c[k] = v end return c end }");
    std::vector<Node> nodes;
    {
      Node h = Make(NodeType::kHeading);
      h.level = 3, h.id = "taken", h.cls = "groot", h.line = 12, h.col = 1;
      Node t = Make(NodeType::kText);
      t.text = "Taken en <rollen> & \"zo\"";
      h.children.push_back(t);
      nodes.push_back(h);
    }
    {
      Node l = Make(NodeType::kList);
      l.ordered = true, l.start = 7, l.tight = false;
      Node i = Make(NodeType::kItem);
      i.task = 1;
      Node p = Make(NodeType::kParagraph);
      Node link = Make(NodeType::kLink);
      link.url = "rol/functie.md#taken", link.title = "Functie";
      Node code = Make(NodeType::kCode);
      code.text = "x = 1";
      link.children = {code};
      Node img = Make(NodeType::kImage);
      img.url = "img/a.png";
      p.children = {link, Make(NodeType::kSoftBreak), Make(NodeType::kLineBreak), img};
      i.children = {p};
      Node open = Make(NodeType::kItem);
      open.task = 0;
      l.children = {i, open, Make(NodeType::kItem)};
      nodes.push_back(l);
    }
    {
      Node t = Make(NodeType::kTable);
      t.align = {'l', 0, 'c', 'r'};
      Node row = Make(NodeType::kTableRow);
      row.header = true;
      row.children = {Make(NodeType::kTableCell), Make(NodeType::kTableCell)};
      t.children = {row, Make(NodeType::kTableRow)};
      nodes.push_back(t);
    }
    {
      Node cb = Make(NodeType::kCodeBlock);
      cb.info = "lua";
      cb.text = "print(1)\n";
      nodes.push_back(cb);
      Node d = Make(NodeType::kDirective);
      d.info = "callout";
      d.text = "**Let op**\n";
      d.args = {{"title", "Voorbehoud"}, {"type", "let-op"}};  // sorted: Lua tables have no order
      d.line = 29;
      nodes.push_back(d);
      Node fd = Make(NodeType::kFootnoteDefinition);
      fd.id = "1";
      nodes.push_back(fd);
      Node fr = Make(NodeType::kFootnoteReference);
      fr.id = "1";
      nodes.push_back(fr);
      for (NodeType t : {NodeType::kHtmlBlock, NodeType::kHtmlInline, NodeType::kRawBlock, NodeType::kRawInline}) {
        Node r = Make(t);
        r.text = "<b>x</b>";
        nodes.push_back(r);
      }
      Node e = Make(NodeType::kEmph);
      Node st = Make(NodeType::kStrong);
      Node del = Make(NodeType::kStrikethrough);
      Node empty_text = Make(NodeType::kText);
      del.children = {empty_text};
      st.children = {del};
      e.children = {st};
      nodes.push_back(e);
      nodes.push_back(Make(NodeType::kThematicBreak));
      nodes.push_back(Make(NodeType::kBlockQuote));
      Node doc = Make(NodeType::kDocument);
      doc.children = nodes;
      nodes.push_back(doc);
    }
    for (const Node& n : nodes) {
      CAPTURE(NodeTypeName(n.type));
      for (const char* fn : {"id", "copy"}) {
        LuaValue r = s.Ok(id, fn, {LuaValue::OfNode(n)});
        REQUIRE(r.kind == LuaValue::Kind::kNodes);
        CHECK(r.single);
        REQUIRE(r.nodes.size() == 1);
        CHECK(SameNode(r.nodes[0], n));
      }
    }
    // A list of nodes stays a list, even of one.
    LuaValue r = s.Ok(id, "id", {LuaValue::OfNodes({nodes[0]})});
    CHECK(r.kind == LuaValue::Kind::kNodes);
    CHECK_FALSE(r.single);
    CHECK(r.nodes.size() == 1);
  }

  TEST_CASE("what a node looks like in Lua") {
    Sandbox s;
    int id = s.Load(
        "return { f = function(n) return { n.type, n.level, n.id, #n.children, n.children[1].type,\n"
        "  n.children[1].text, n.line, n.col, n.url == nil } end,\n"
        "  d = function(n) return { n.type, n.name, n.info, n.text, n.args.type, n.args.title } end,\n"
        "  t = function(n) return { text = n.text, children = n.children } end }");
    Node h = Make(NodeType::kHeading);
    h.level = 2, h.id = "x", h.line = 4, h.col = 1;
    Node t = Make(NodeType::kText);
    t.text = "Kop";
    h.children = {t};
    CHECK(s.Ok(id, "f", {LuaValue::OfNode(h)}).value.ToJson() == R"(["Heading",2,"x",1,"Text","Kop",4,1,true])");
    Node d = Make(NodeType::kDirective);
    d.info = "callout", d.text = "body\n", d.args = {{"type", "tip"}, {"title", "Een tip"}};
    CHECK(s.Ok(id, "d", {LuaValue::OfNode(d)}).value.ToJson() ==
          R"(["Directive","callout","callout","body\n","tip","Een tip"])");
    // Text always has its text (even empty); leaves have no children table.
    Node empty = Make(NodeType::kText);
    CHECK(s.Ok(id, "t", {LuaValue::OfNode(empty)}).value.ToJson() == R"({"text":""})");
  }

  TEST_CASE("nodes made in Lua are checked") {
    Sandbox s;
    CHECK(s.Json("return { type = 'Strong', children = { 'vet', { type = 'Text', text = '!' } } }") == "<nodes>");
    int id = s.Load("return { f = function() return { type = 'Emph', children = { 'schuin' } } end }");
    LuaValue r = s.Ok(id, "f");
    REQUIRE(r.nodes.size() == 1);
    REQUIRE(r.nodes[0].children.size() == 1);
    CHECK(r.nodes[0].children[0].type == NodeType::kText);
    CHECK(r.nodes[0].children[0].text == "schuin");
    CHECK(s.Json("return { type = 'Heading', children = {} }") == "<nodes>");  // level defaults to 2

    CHECK(s.Error("return { type = 'Heading', level = 9 }").message.find("level must be 1 to 6") != std::string::npos);
    CHECK(s.Error("return { type = 'Text', text = {} }").message.find("'text' of a Text node must be text") !=
          std::string::npos);
    CHECK(s.Error("return { type = 'Item', task = 'half' }").message.find("task must be") != std::string::npos);
    CHECK(s.Error("return { type = 'List', start = 'een' }").message.find("whole number") != std::string::npos);
    CHECK(s.Error("return { type = 'Emph', children = 'x' }").message.find("must be a list of nodes") !=
          std::string::npos);
    CHECK(s.Error("return { type = 'Emph', children = { { type = 'Bogus' } } }")
              .message.find("\"Bogus\" is not a node type") != std::string::npos);
    CHECK(s.Error("return { { type = 'Text', text = 'a' }, 'b' }").message.find("item 2 of a list of nodes") !=
          std::string::npos);
    // A table whose type is not a node type is plain data (host functions get data with a 'type').
    CHECK(s.Json("return { type = 'let-op' }") == R"({"type":"let-op"})");
    // Errors raised after the function returned name where it is defined.
    id = s.Load("return {\n\n  f = function()\n    return { type = 'Heading', level = 0 }\n  end }");
    LuaError e = s.Fails(id, "f");
    CHECK(e.file == "plugins/p.lua");
    CHECK(e.line == 3);
  }

  TEST_CASE("read_back_first returns the changed argument when the function returns nothing") {
    Sandbox s;
    int id = s.Load(
        "return { page = function(p) p.title = p.title .. '!' end,\n"
        "  other = function(p) return { title = 'nieuw' } end }");
    Value page = Value::MakeObject();
    page.Set("title", "Titel");
    LuaValue r;
    LuaError e;
    REQUIRE(s.L.Call(id, "", "page", {LuaValue::Of(page)}, &r, &e, true));
    CHECK(r.value.GetString("title") == "Titel!");
    REQUIRE(s.L.Call(id, "", "other", {LuaValue::Of(page)}, &r, &e, true));
    CHECK(r.value.GetString("title") == "nieuw");
    REQUIRE(s.L.Call(id, "", "page", {LuaValue::Of(page)}, &r, &e, false));
    CHECK(r.kind == LuaValue::Kind::kNil);
  }

  TEST_CASE("host functions: arguments, results and errors at the caller's line") {
    Sandbox s;
    std::vector<LuaValue> seen;
    s.L.AddHostFunction("echo", [&](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
      seen = a;
      *r = a.empty() ? LuaValue() : a[0];
      return true;
    });
    s.L.AddHostFunction(
        "nodes",
        [&](const std::vector<LuaValue>& a, LuaValue* r, std::string*) {
          seen = a;
          *r = LuaValue::OfNodes({Make(NodeType::kThematicBreak)});
          return true;
        },
        true);
    s.L.AddHostFunction("refuse", [](const std::vector<LuaValue>&, LuaValue*, std::string* err) {
      *err = "dat mag niet";
      return false;
    });
    s.L.AddHostFunction("throws", [](const std::vector<LuaValue>&, LuaValue*, std::string*) -> bool {
      throw std::runtime_error("kapot");
    });
    int id = s.Load(
        "return {\n"
        "  data = function() return wegwijzer.echo({ type = 'Text', text = 'x' }, 2) end,\n"
        "  nodes = function() local l = wegwijzer.nodes({ type = 'Text', text = 'x' }) return #l, l[1].type end,\n"
        "  refuse = function()\n"
        "    wegwijzer.refuse()\n"
        "  end,\n"
        "  throws = function() wegwijzer.throws() end,\n"
        "  co = function() return coroutine.wrap(function() return wegwijzer.echo('in co') end)() end,\n"
        "  caught = function() local ok, msg = pcall(wegwijzer.refuse) return msg end,\n"
        "}");
    LuaValue r = s.Ok(id, "data");
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].kind == LuaValue::Kind::kValue);  // plain data: a node is just a table
    CHECK(seen[0].value.GetString("type") == "Text");
    REQUIRE(r.kind == LuaValue::Kind::kNodes);  // back in Lua it is a table; as a result, a node
    CHECK(r.nodes[0].text == "x");
    r = s.Ok(id, "nodes");
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].kind == LuaValue::Kind::kNodes);
    CHECK(r.value == Value(1));  // a list of one node, not the node
    LuaError e = s.Fails(id, "refuse");
    CHECK(e.line == 5);
    CHECK(e.message == "wegwijzer.refuse: dat mag niet");
    e = s.Fails(id, "throws");
    CHECK(e.message == "wegwijzer.throws: kapot");
    CHECK(s.Ok(id, "co").value == Value("in co"));  // converted on the coroutine's own stack
    CHECK(s.Ok(id, "caught").value == Value("wegwijzer.refuse: dat mag niet"));  // called by pcall: no Lua line
  }

  TEST_CASE("shared data is read-only and seen by every plugin") {
    Sandbox s;
    Value site = Value::MakeObject();
    Value pages = Value::MakeArray();
    for (const char* t : {"Een", "Twee", "Drie"}) {
      Value p = Value::MakeObject();
      p.Set("title", t);
      pages.Push(p);
    }
    site.Set("pages", pages);
    site.Set("title", "Wegwijzer");
    LuaError e;
    REQUIRE(s.L.SetApiValue("site", site, &e));
    int a = s.Load(
        "return {\n"
        "  write = function() wegwijzer.site.title = 'gehackt' end,\n"
        "  deep = function() wegwijzer.site.pages[1].title = 'gehackt' end,\n"
        "  insert = function() table.insert(wegwijzer.site.pages, {}) end,\n"
        "  shadow = function() wegwijzer.site = { title = 'eigen' } return wegwijzer.site.title end,\n"
        "  read = function()\n"
        "    local titles = {}\n"
        "    for i, p in ipairs(wegwijzer.site.pages) do titles[#titles + 1] = p.title end\n"
        "    local keys = {} for k in pairs(wegwijzer.site) do keys[#keys + 1] = k end table.sort(keys)\n"
        "    return { #wegwijzer.site.pages, table.concat(titles, ','), table.concat(keys, ','),\n"
        "             wegwijzer.site.pages[2].title, getmetatable(wegwijzer.site) }\n"
        "  end,\n"
        "  json = function() return wegwijzer.site.pages end,\n"
        "}");
    int b = s.Load("return { read = function() return wegwijzer.site.title end }", "plugins/b.lua");
    CHECK(s.Fails(a, "write").message.find("read-only") != std::string::npos);
    CHECK(s.Fails(a, "deep").message.find("read-only") != std::string::npos);
    CHECK(s.Fails(a, "insert").message.find("read-only") != std::string::npos);
    CHECK(s.Ok(a, "read").value.ToJson() == R"([3,"Een,Twee,Drie","pages,title","Twee",false])");
    CHECK(s.Ok(a, "json").value.ToJson() == R"([{"title":"Een"},{"title":"Twee"},{"title":"Drie"}])");
    CHECK(s.Ok(a, "shadow").value == Value("eigen"));  // its own wegwijzer table only
    CHECK(s.Ok(b, "read").value == Value("Wegwijzer"));
    // Replaced later: every plugin sees the new value from its next call.
    site.Set("title", "Nieuw");
    REQUIRE(s.L.SetApiValue("site", site, &e));
    CHECK(s.Ok(b, "read").value == Value("Nieuw"));
  }

  TEST_CASE("shared data becomes Lua tables only when a plugin reads it") {
    Sandbox s;
    Value site = Value::MakeObject();
    Value pages = Value::MakeArray();
    for (int i = 0; i < 5000; ++i) {
      Value p = Value::MakeObject();
      p.Set("title", "Pagina " + std::to_string(i));
      p.Set("url", "p" + std::to_string(i) + ".html");
      pages.Push(p);
    }
    site.Set("pages", pages);
    site.Set("language", "nl");
    LuaError e;
    size_t before = s.L.memory_used();
    REQUIRE(s.L.SetApiValue("site", site, &e));
    int id = s.Load(
        "local kept\n"
        "return {\n"
        "  nothing = function() return 1 end,\n"
        "  keep = function(site) kept = site end,\n"
        "  count = function() return #wegwijzer.site.pages end,\n"
        "  kept = function()\n"
        "    local n = 0 for _ in pairs(kept) do n = n + 1 end\n"
        "    return { #kept.pages, kept.pages[3].title, n, kept.language, getmetatable(kept) }\n"
        "  end,\n"
        "  same = function(site) return rawequal(site, wegwijzer.site) end,\n"
        "  write = function(site) site.language = 'en' end,\n"
        "  missing = function() return wegwijzer.nothing_here == nil end,\n"
        "}");
    CHECK(s.Ok(id, "nothing").value == Value(int64_t{1}));
    // Handed to a plugin as an argument (setup, finish), it is not converted either ...
    s.Ok(id, "keep", {LuaValue::Api("site")});
    size_t idle = s.L.memory_used();
    CHECK(idle - before < 200'000);  // 5,000 pages as Lua tables take far more
    CHECK(s.Ok(id, "missing").value == Value(true));
    // ... until it is read, and then it is read-only, like wegwijzer.site.
    CHECK(s.Fails(id, "write", {LuaValue::Api("site")}).message.find("read-only") != std::string::npos);
    CHECK(s.Ok(id, "kept").value.ToJson() == R"([5000,"Pagina 2",2,"nl",false])");
    CHECK(s.L.memory_used() - idle > 500'000);
    CHECK(s.Ok(id, "count").value == Value(int64_t{5000}));
    CHECK(s.Ok(id, "same", {LuaValue::Api("site")}).value == Value(true));  // converted: the table itself
    // Read first inside a coroutine: converted on that coroutine's stack.
    Sandbox fresh;
    REQUIRE(fresh.L.SetApiValue("site", site, &e));
    int f = fresh.Load(
        "return { co = function()\n"
        "  local c = coroutine.wrap(function() coroutine.yield(wegwijzer.site.pages[7].title) end)\n"
        "  return c()\n"
        "end }");
    CHECK(fresh.Ok(f, "co").value == Value("Pagina 6"));
    // Given back untouched, a lazy site argument is converted on the way back.
    Sandbox echo;
    REQUIRE(echo.L.SetApiValue("site", site, &e));
    int g = echo.Load("return { echo = function(site) return site end }");
    LuaValue back = echo.Ok(g, "echo", {LuaValue::Api("site")});
    REQUIRE(back.value.is_object());
    CHECK(back.value.Get("pages")->as_array().size() == 5000);
  }

  TEST_CASE("shared data too large for the memory cap fails the plugin that reads it") {
    LuaLimits limits = SmallLimits();
    limits.memory_bytes = 4u << 20;
    Sandbox s(limits);
    Value pages = Value::MakeArray();
    for (int i = 0; i < 200000; ++i) pages.Push(Value("pagina met een titel " + std::to_string(i)));
    Value site = Value::MakeObject();
    site.Set("pages", pages);
    LuaError e;
    REQUIRE(s.L.SetApiValue("site", site, &e));
    int id = s.Load(
        "return {\n"
        "  small = function() return 'ok' end,\n"
        "  big = function()\n"
        "    return #wegwijzer.site.pages\n"
        "  end,\n"
        "}");
    CHECK(s.Ok(id, "small").value == Value("ok"));
    LuaError big = s.Fails(id, "big");
    CHECK(big.kind == LuaError::Kind::kMemory);
    CHECK(big.file == "plugins/p.lua");
    CHECK(big.line == 4);                           // where it reads wegwijzer.site
    CHECK(s.Ok(id, "small").value == Value("ok"));  // the state goes on working
  }

  TEST_CASE("the sandbox: no way out") {
    Sandbox s;
    // Libraries and functions that are simply not there.
    CHECK(s.Json("return { os.execute == nil, os.exit == nil, os.getenv == nil, os.remove == nil, io == nil,\n"
                 "  require == nil, package == nil, dofile == nil, loadfile == nil, debug == nil,\n"
                 "  collectgarbage == nil, string.dump == nil, ('').dump == nil, loadstring == nil,\n"
                 "  type(os.time) == 'function', type(os.date) == 'function' }") ==
          "[true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true]");
    // No bytecode, in any way.
    CHECK(s.Json("return { load('\\27Lua\\x54\\0') }").find("attempt to load a binary chunk") != std::string::npos);
    CHECK(s.Json("return { load('\\27Lua', 'x', 'b') }").find("attempt to load a binary chunk") != std::string::npos);
    CHECK(s.Error("return load(function() return nil end)").message.find("takes the code as text") !=
          std::string::npos);
    // load with a custom environment sees only that environment.
    CHECK(s.Json("return load('return os', 'x', 't', {})()") == "nil");
    CHECK(s.Json("return load('return os == nil and upper ~= nil', 'x', 't', '')()") == "true");
    CHECK(s.Json("return load('return os.execute')()") == "nil");
    CHECK(s.Json("return load('x = 5 return x')() + x") == "10");  // default: the plugin's own globals
    // _G is the plugin's own environment, nothing more.
    CHECK(s.Json("return { _G == _ENV, rawget(_G, 'io') == nil, _G._G == _G }") == "[true,true,true]");
    CHECK(s.Json("setmetatable(_G, { __index = function(t, k) return 'stub' end }) return io") == R"("stub")");
    // The string metatable is locked.
    CHECK(s.Json("return getmetatable('')") == "false");
    CHECK(s.Error("getmetatable('').__index.upper = function() return 'x' end").message.find("index a boolean") !=
          std::string::npos);
    CHECK(s.Error("setmetatable('', {})").message.find("table expected, got string") != std::string::npos);
    // No finalizers: they would run outside any budget.
    CHECK(s.Error("setmetatable({}, { __gc = function() while true do end end })").message.find("cannot use __gc") !=
          std::string::npos);
    CHECK(s.Json("local mt = {} setmetatable({}, mt) mt.__gc = function() while true do end end return 1") == "1");
    // Random numbers are the same every build.
    Sandbox other;
    CHECK(s.Json("return math.random(1, 1000000)") == other.Json("return math.random(1, 1000000)"));
  }

  TEST_CASE("one plugin cannot change what another one sees") {
    Sandbox s;
    int a = s.Load(
        "string.upper = function() return 'gehackt' end\n"
        "table.concat = nil\n"
        "x = 'globaal'\n"
        "wegwijzer.extra = 1\n"
        "return { f = function() return ('a'):upper() end }",
        "plugins/a.lua");
    int b = s.Load(
        "return { f = function()\n"
        "  return { ('b'):upper(), string.upper('c'), type(table.concat), x == nil, wegwijzer.extra == nil }\n"
        "end }",
        "plugins/b.lua");
    CHECK(s.Ok(a, "f").value == Value("A"));  // method calls use the locked string library
    CHECK(s.Ok(b, "f").value.ToJson() == R"(["B","C","function",true,true])");
  }

  TEST_CASE("the instruction budget ends endless loops, and pcall cannot catch it") {
    Sandbox s;
    int id = s.Load(
        "return {\n"
        "  plain = function()\n"
        "    while true do end\n"
        "  end,\n"
        "  caught = function()\n"
        "    while true do pcall(function() while true do end end) end\n"
        "  end,\n"
        "  handler = function()\n"
        "    return xpcall(function() while true do end end, function() while true do end end)\n"
        "  end,\n"
        "  co = function()\n"
        "    local co = coroutine.wrap(function()\n"
        "      while true do end\n"
        "    end)\n"
        "    co()\n"
        "  end,\n"
        "  resume = function()\n"
        "    while true do coroutine.resume(coroutine.create(function() while true do end end)) end\n"
        "  end,\n"
        "  recurse = function() local function f() return f() end return f() end,\n"
        "  metamethod = function() local t = setmetatable({}, { __index = function(t, k) while true do end end })\n"
        "    return t.x end,\n"
        "  sort = function() local t = {} for i = 1, 100 do t[i] = i end\n"
        "    table.sort(t, function(a, b) while true do end end) end,\n"
        "  ok = function() local n = 0 for i = 1, 1000 do n = n + i end return n end,\n"
        "}");
    for (const char* fn : {"plain", "caught", "handler", "co", "resume", "recurse", "metamethod", "sort"}) {
      CAPTURE(fn);
      auto t0 = std::chrono::steady_clock::now();
      LuaError e = s.Fails(id, fn);
      CHECK(e.kind == LuaError::Kind::kInstructions);
      CHECK(e.message == "ran too long: more than 5 million instructions in one call; look for a loop that never ends");
      CHECK(e.file == "plugins/p.lua");
      CHECK(e.line > 0);
      CHECK(Seconds(t0) < 20);
      CHECK(s.Ok(id, "ok").value == Value(500500));  // the state still works
    }
    CHECK(s.Fails(id, "plain").line == 3);
    CHECK(s.Fails(id, "co").line == 13);
  }

  TEST_CASE("work done in C counts against the budget") {
    Sandbox s;
    auto t0 = std::chrono::steady_clock::now();
    // Each of these would run for hours (or for ever) in Lua's own C code.
    for (const char* body : {
             "return ('a'):rep(20000):find(('a*'):rep(10) .. 'b')",
             "return ('a'):rep(1e6):find('.-b')",
             "return ('a' .. (' '):rep(1e5) .. 'a'):match('^%s*(.-)%s*$')",  // the classic quadratic trim
             "return ('a'):rep(1e5):gsub('a*b', '')",
             "for w in ('a'):rep(1e5):gmatch('a-b') do end",
             "table.move({}, 1, math.maxinteger - 1, 2)",
             "return ('('):rep(1e6):find('%b()')",
         }) {
      std::string code = body;
      CAPTURE(code);
      LuaError e = s.Error(body);
      CHECK(e.kind == LuaError::Kind::kInstructions);
      CHECK(e.line == 1);
    }
    CHECK(s.Json("return string.rep('', 2^50)") == R"("")");
    CHECK(s.Json("return string.rep('', 2^50, '')") == R"("")");
    CHECK(Seconds(t0) < 30);
  }

  TEST_CASE("the memory cap ends runaway allocation") {
    LuaLimits limits = SmallLimits();
    limits.instructions = 2'000'000'000;
    limits.memory_bytes = 16u << 20;
    Sandbox s(limits);
    int id = s.Load(
        "local keep = {}\n"
        "return {\n"
        "  grow = function()\n"
        "    local t = {}\n"
        "    for i = 1, 1e9 do t[i] = { i } end\n"
        "  end,\n"
        "  text = function()\n"
        "    local s = 'x'\n"
        "    while true do s = s .. s end\n"
        "  end,\n"
        "  rep = function() return #string.rep('x', 1e9) end,\n"
        "  caught = function()\n"
        "    local ok = pcall(function() local t = {} for i = 1, 1e9 do t[i] = { i } end end)\n"
        "    return ok\n"
        "  end,\n"
        "  keep = function() for i = 1, 1e9 do keep[#keep + 1] = ('y'):rep(1000) .. i end end,\n"
        "  small = function() local t = {} for i = 1, 1000 do t[i] = i end return #t end,\n"
        "}");
    for (const char* fn : {"grow", "text", "rep", "keep"}) {
      CAPTURE(fn);
      auto t0 = std::chrono::steady_clock::now();
      LuaError e = s.Fails(id, fn);
      CHECK(e.kind == LuaError::Kind::kMemory);
      CHECK(e.message == "used more than 16 MB of memory; look for a table or text that keeps growing");
      CHECK(e.file == "plugins/p.lua");
      CHECK(e.line > 0);
      CHECK(Seconds(t0) < 30);
      CHECK(s.L.memory_used() <= limits.memory_bytes);
    }
    CHECK(s.Fails(id, "grow").line == 5);
    // A memory error is an ordinary error for pcall (the memory is free again).
    CHECK(s.Ok(id, "caught").value == Value(false));
    // Once 'keep' has filled the state, small calls still fail cleanly; no crash.
    LuaValue r;
    LuaError e;
    s.L.Call(id, "", "small", {}, &r, &e);
  }

  TEST_CASE("deep recursion ends with a message") {
    LuaLimits limits = SmallLimits();
    limits.instructions = 100'000'000;
    limits.memory_bytes = 256u << 20;
    Sandbox s(limits);
    auto t0 = std::chrono::steady_clock::now();
    LuaError e = s.Error("local function g() return 1 + g() end return g()");
    CHECK((e.message.find("stack overflow (does a function call itself without end?)") != std::string::npos ||
           e.kind != LuaError::Kind::kRuntime));
    CHECK(e.line == 1);
    e = s.Error("local t = setmetatable({}, { __index = function(t, k) return t[k] end }) return t.x");
    CHECK(e.message.find("stack overflow") != std::string::npos);
    e = s.Error("local function g(s) return (s:gsub('.', g)) end return g('abc')");
    CHECK(e.message.find("stack overflow") != std::string::npos);
    CHECK(s.Json("local function g(n) return pcall(g, n) end return g(1)") == "true");
    CHECK(Seconds(t0) < 60);
  }

  TEST_CASE("a state that cannot start reports it instead of crashing") {
    LuaLimits limits;
    limits.memory_bytes = 1000;
    LuaState L(limits);
    CHECK_FALSE(L.ok());
    LuaError e;
    CHECK(L.LoadPlugin("plugins/p.lua", "return {}", &e) < 0);
    CHECK(e.message.find("could not start") != std::string::npos);
    CHECK_FALSE(L.SetApiValue("site", Value(1), &e));
    CHECK(L.Functions(0).empty());
  }

  // ---- String patterns: our step-counted matcher against Lua's own.

  namespace {

  // Runs `code` (which gets s, p, r as globals) in a state and serialises the
  // results (or the error message without its position).
  std::string Serialise(lua_State* L) {
    std::string out;
    int n = lua_gettop(L);
    for (int i = 1; i <= n; ++i) {
      if (i > 1) out += "|";
      if (lua_type(L, i) == LUA_TNUMBER && lua_isinteger(L, i))
        out += "i" + std::to_string(lua_tointeger(L, i));
      else if (lua_type(L, i) == LUA_TSTRING)
        out += "s" + std::string(lua_tostring(L, i));
      else
        out += luaL_typename(L, i);
    }
    return out;
  }

  std::string StripWhere(std::string msg) {
    size_t c = msg.find(": ");
    if (msg.rfind("[string", 0) == 0 || msg.rfind("plugins/", 0) == 0) msg = msg.substr(c + 2);
    return msg;
  }

  std::string Reference(const std::string& code) {
    lua_State* L = luaL_newstate();
    luaL_openlibs(L);
    std::string out;
    if (luaL_loadstring(L, code.c_str()) != LUA_OK || lua_pcall(L, 0, LUA_MULTRET, 0) != LUA_OK) {
      out = "error: " + StripWhere(lua_tostring(L, -1));
    } else {
      out = Serialise(L);
    }
    lua_close(L);
    return out;
  }

  // The same code in the sandbox: results come back as a list of strings.
  std::string Ours(Sandbox& s, const std::string& code) {
    std::string wrapped =
        "return { f = function() local r = table.pack(pcall(function() " + code +
        " end)) if not r[1] then return { 'error: ' .. tostring(r[2]) } end\n"
        "local out = {} for i = 2, r.n do local v = r[i]\n"
        "  if math.type(v) == 'integer' then out[#out + 1] = 'i' .. v\n"
        "  elseif type(v) == 'string' then out[#out + 1] = 's' .. v else out[#out + 1] = type(v) end end\n"
        "return out end }";
    int id = s.Load(wrapped);
    LuaValue r = s.Ok(id, "f");
    std::string out;
    if (r.value.is_array())
      for (size_t i = 0; i < r.value.as_array().size(); ++i) {
        if (i) out += "|";
        out += r.value.as_array()[i].ToText();
      }
    if (out.rfind("error: ", 0) == 0) out = "error: " + StripWhere(out.substr(7));
    return out;
  }

  std::string LuaQuote(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03d", c);
      out += buf;
    }
    return out + "\"";
  }

  }  // namespace

  TEST_CASE("string patterns behave as Lua's own") {
    LuaLimits limits = SmallLimits();
    limits.instructions = 50'000'000;
    Sandbox s(limits);
    const char* cases[] = {
        "return string.find('hello world', 'o w')",
        "return string.find('hello world', 'o', 6)",
        "return string.find('hello', 'l', -2)",
        "return string.find('hello', '', 10)",
        "return string.find('hello', '', 6)",
        "return string.find('a.b', '.', 1, true)",
        "return string.find('abc', '(b)(c)')",
        "return string.find('abc', '()b()')",
        "return string.match('key = value', '(%w+)%s*=%s*(%w+)')",
        "return string.match('  trim me  ', '^%s*(.-)%s*$')",
        "return string.match('2024-03-01', '(%d+)-(%d+)-(%d+)')",
        "return string.match('THE (quick) fox', '%((%a+)%)')",
        "return string.match('[[nested]]', '%[(%b[])%]')",
        "return string.match('f(a(b)c)d', '%b()')",
        "return string.match('hello', '^(h?)(e+)(l*)(l-)o$')",
        "return string.match('THE (quick) fox', '%f[%a]%a+', 5)",
        "return string.match('aaa', 'a-b')",
        "return string.match('abcabc', '(abc)%1')",
        "return string.match('x', '()')",
        "return string.match('a]b', '[]]')",
        "return string.match('a^b', '[%^]')",
        "return string.match('a-b', '[a%-]+')",
        "return string.match('éa', '[\\128-\\255]+')",
        "return string.match('hello', '[^aeiou]+')",
        "return string.match('12ab', '%x+')",
        "return string.match('$100', '$%d+')",
        "return string.match('a$b', 'a$b')",
        "return string.match('^x', '^^x')",
        "return string.gsub('hello world', 'o', '0')",
        "return string.gsub('hello world', 'l+', function(x) return #x end)",
        "return string.gsub('$name is $age', '%$(%w+)', { name = 'Ann', age = 7 })",
        "return string.gsub('abc', '%w', '%0%0')",
        "return string.gsub('abc', '(a)(b)', '%2%1%%')",
        "return string.gsub('abc', '', '-')",
        "return string.gsub('abc', '.', { a = false, b = 1 })",
        "return string.gsub('hello', 'l', 'L', 1)",
        "return string.gsub('hello', '^h', 'H')",
        "return string.gsub('one two', '(%w+)', '<%1>')",
        "return string.gsub('abc', '()', '%1')",
        "return string.gsub('a,b,,c', ',', ';', 0)",
        "local t = {} for k, v in string.gmatch('a=1, b=2', '(%w+)=(%w+)') do t[#t+1] = k .. v end "
        "return table.concat(t, ' ')",
        "local t = {} for w in string.gmatch('one two  three', '%a+') do t[#t+1] = w end return table.concat(t, ',')",
        "local t = {} for w in string.gmatch('abc', '') do t[#t+1] = '.' end return #t",
        "local t = {} for w in string.gmatch('^a^a', '^a') do t[#t+1] = w end return #t",
        "local t = {} for a, b in string.gmatch('abcd', '()(.)', 3) do t[#t+1] = a .. b end return table.concat(t)",
        "local t = {} for a in string.gmatch('abcd', '.', 10) do t[#t+1] = a end return #t",
        // errors
        "return string.find('a', '%')",
        "return string.find('a', '[a')",
        "return string.find('a', '[a%')",
        "return string.find('a', '(a')",
        "return string.find('a', 'a)')",
        "return string.find('a', '%1')",
        "return string.find('a', '%b')",
        "return string.find('a', '%f')",
        "return string.gsub('a', 'a', '%2')",
        "return string.gsub('a', 'a', '%x')",
        "return string.gsub('a', 'a', '%')",
        "return string.gsub('a', 'a', {a = {}})",
        "return string.gsub('a', 'a', true)",
        "return string.find('a', ('(a)'):rep(33))",
        "return string.match('aaa', '(a*(.)%w(%s*))')",
        "return ('x'):rep(300):find(('x?'):rep(300) .. ('x'):rep(300))",
    };
    for (const char* code : cases) {
      CAPTURE(code);
      CHECK(Ours(s, code) == Reference(code));
    }
  }

  TEST_CASE("string patterns: random patterns agree with Lua's own") {
    LuaLimits limits = SmallLimits();
    limits.instructions = 50'000'000;
    Sandbox s(limits);
    std::mt19937 rng(12345);
    const std::vector<std::string> atoms = {"a",  "b", ".", "%a",    "%d", "%s",   "%W",     "[ab]", "[^a]", "[a-c]",
                                            "%%", "(", ")", "()",    "%1", "%b()", "%f[%w]", "*",    "+",    "-",
                                            "?",  "^", "$", "[%a-]", "x",  "%.",   " ",      "[]]"};
    const std::string alphabet = "aab b1(x).()%- ";
    int compared = 0;
    for (int round = 0; round < 400; ++round) {
      std::string p, subject;
      int n = 1 + static_cast<int>(rng() % 6);
      for (int i = 0; i < n; ++i) p += atoms[rng() % atoms.size()];
      int m = static_cast<int>(rng() % 12);
      for (int i = 0; i < m; ++i) subject += alphabet[rng() % alphabet.size()];
      for (const char* fn : {"find", "match", "gsub"}) {
        std::string code = std::string("return string.") + fn + "(" + LuaQuote(subject) + ", " + LuaQuote(p) +
                           (std::string(fn) == "gsub" ? ", '<%0>')" : ")");
        CAPTURE(code);
        CHECK(Ours(s, code) == Reference(code));
        ++compared;
      }
      std::string code = "local t = {} for a, b in string.gmatch(" + LuaQuote(subject) + ", " + LuaQuote(p) +
                         ") do t[#t+1] = tostring(a) .. '/' .. tostring(b) end return table.concat(t, ',')";
      CAPTURE(code);
      CHECK(Ours(s, code) == Reference(code));
    }
    CHECK(compared == 1200);
  }

}  // TEST_SUITE
