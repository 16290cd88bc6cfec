#include "plugins/node_hooks.h"

#include <iterator>
#include <string>
#include <utility>

namespace ww {

namespace {

// The mistake is the plugin's, so the message is filed under its file; the
// page and line say which call it was.
void BadReturn(const PluginState& s, const Value& v, const std::string& what) {
  std::string got = v.type_name();
  if (const Value* t = v.Get("type"); t && t->is_string())
    got = "a table whose type \"" + t->as_string() + "\" is not a node type";
  const PluginCall& c = s.call;
  c.diags->Error(s.info().path, 0, 0,
                 "plugin '" + s.info().name + "': " + what + " for " + c.page->source_path +
                     (c.line ? ":" + std::to_string(c.line) : "") +
                     " must return nothing (keep the node), a node, a list of nodes, or {} (delete it); it "
                     "returned " +
                     got);
}

}  // namespace

void InheritLine(std::vector<Node>& nodes, int line) {
  for (Node& n : nodes) {
    // A node with a line of its own passes that on instead: it is closer.
    if (n.line == 0) n.line = line;
    InheritLine(n.children, n.line);
  }
}

void RunNodeHooks(PluginState& s, size_t i, std::vector<Node>& nodes, LazyPageValue& page) {
  // k only moves forward past what a hook returned, so a hook never sees
  // its own output (a hook that wraps an Emph in an Emph would loop).
  for (size_t k = 0; k < nodes.size();) {
    if (!s.Runs(i)) return;  // stopped at a limit: every further call would fail the same way
    // Children first, so a parent's hook sees its children as their hooks left them.
    RunNodeHooks(s, i, nodes[k].children, page);
    if (!s.loaded[i].node_hooks.count(nodes[k].type)) {
      ++k;
      continue;
    }
    const char* type = NodeTypeName(nodes[k].type);
    s.call.line = nodes[k].line;
    LuaValue r;
    LuaError e;
    if (!s.lua->Call(s.loaded[i].id, "", type, {LuaValue::OfNode(nodes[k]), LuaValue::Of(page.get())}, &r, &e)) {
      s.Report(e, std::string(type) + " hook");
      ++k;
      continue;
    }
    if (r.kind == LuaValue::Kind::kNil) {
      ++k;
    } else if (r.kind == LuaValue::Kind::kNodes) {
      InheritLine(r.nodes, nodes[k].line);
      size_t count = r.nodes.size();
      nodes.erase(nodes.begin() + static_cast<long>(k));
      nodes.insert(nodes.begin() + static_cast<long>(k), std::make_move_iterator(r.nodes.begin()),
                   std::make_move_iterator(r.nodes.end()));
      k += count;
    } else if ((r.value.is_array() && r.value.as_array().empty()) ||
               (r.value.is_object() && r.value.as_object().empty())) {
      nodes.erase(nodes.begin() + static_cast<long>(k));  // {} deletes
    } else {
      BadReturn(s, r.value, std::string("the ") + type + " hook");
      ++k;
    }
  }
}

void RunDocumentHook(PluginState& s, size_t i, Node* doc, LazyPageValue& page) {
  const PluginState::Loaded& l = s.loaded[i];
  if (!l.document_hook || !s.Runs(i)) return;
  s.call.line = 0;  // the whole page: messages get no line
  LuaValue r;
  LuaError e;
  if (!s.lua->Call(l.id, "", "Document", {LuaValue::OfNode(*doc), LuaValue::Of(page.get())}, &r, &e)) {
    s.Report(e, "Document hook");
  } else if (r.kind == LuaValue::Kind::kNodes && r.nodes.size() == 1 && r.nodes[0].type == NodeType::kDocument) {
    *doc = std::move(r.nodes[0]);
  } else if (r.kind != LuaValue::Kind::kNil) {
    s.call.diags->Error(s.info().path, 0, 0,
                        "plugin '" + s.info().name + "': the Document hook for " + s.call.page->source_path +
                            " must return nothing (keep the document) or a node of type Document");
  }
}

}  // namespace ww
