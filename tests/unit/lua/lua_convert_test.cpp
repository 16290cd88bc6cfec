// Tests of values and nodes across the boundary (lua_convert.cpp), both ways,
// and of the tables a plugin may not pass.

#include <doctest/doctest.h>

#include "lua/lua_fixture.h"

using namespace ww;
using namespace ww::testing;

TEST_SUITE("lua_convert") {
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
}  // TEST_SUITE
