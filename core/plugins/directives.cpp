#include "plugins/directives.h"

#include <iterator>

#include "plugins/node_hooks.h"

namespace ww {

namespace {

// Lua's {} crosses as an empty object or an empty list alike; both mean
// "remove the block".
bool EmptyTable(const Value& v) {
  return (v.is_object() && v.as_object().empty()) || (v.is_array() && v.as_array().empty());
}

// The directive's node, as the plugin gets it: the block's text and place,
// with the info string taken apart.
Node DirectiveNode(const Node& block, const std::string& name,
                   const std::vector<std::pair<std::string, std::string>>& args) {
  Node d;
  d.type = NodeType::kDirective;
  d.info = name;
  d.text = block.text;
  d.args = args;
  d.line = block.line;
  d.col = block.col;
  return d;
}

// What directive `name` returned for `block`, as the nodes to put in its
// place; false (and a message) when it keeps the block.
bool Replacement(PluginState& s, const std::string& name, const Node& block, LuaValue r, LazyPageValue& page, int depth,
                 std::vector<Node>* out) {
  if (r.kind == LuaValue::Kind::kNil) return false;
  if (r.kind == LuaValue::Kind::kNodes) {
    *out = std::move(r.nodes);
    InheritLine(*out, block.line);
    ExpandDirectives(s, *out, page, depth + 1);
    return true;
  }
  if (r.value.is_string()) {  // a plugin's HTML is trusted, unlike HTML in content
    Node raw;
    raw.type = NodeType::kRawBlock;
    raw.text = r.value.as_string();
    raw.line = block.line;
    out->push_back(std::move(raw));
    return true;
  }
  if (EmptyTable(r.value)) return true;  // removes the block
  // The mistake is the plugin's, so the message is filed under its file.
  s.call.diags->Error(s.info().path, 0, 0,
                      "plugin '" + s.info().name + "': directive '" + name + "' for " + s.call.page->source_path + ":" +
                          std::to_string(block.line) +
                          " must return HTML text, a node, a list of nodes, {} (remove the block) or nothing (keep "
                          "it as code); it returned " +
                          r.value.type_name());
  return false;
}

}  // namespace

void ParseDirectiveInfo(const std::string& info, std::string* name,
                        std::vector<std::pair<std::string, std::string>>* args) {
  size_t i = 0, n = info.size();
  auto skip_ws = [&] {
    while (i < n && (info[i] == ' ' || info[i] == '\t')) ++i;
  };
  skip_ws();
  while (i < n && info[i] != ' ' && info[i] != '\t') *name += info[i++];
  while (true) {
    skip_ws();
    if (i >= n) break;
    std::string key, value;
    while (i < n && info[i] != '=' && info[i] != ' ' && info[i] != '\t') key += info[i++];
    if (i < n && info[i] == '=') {
      ++i;
      if (i < n && (info[i] == '"' || info[i] == '\'')) {
        char q = info[i++];
        while (i < n && info[i] != q) value += info[i++];
        ++i;  // past the closing quote; past n when unclosed, which ends the loop
      } else {
        while (i < n && info[i] != ' ' && info[i] != '\t') value += info[i++];
      }
    } else {
      value = "true";
    }
    if (!key.empty()) args->emplace_back(key, value);
  }
}

void ExpandDirectives(PluginState& s, std::vector<Node>& nodes, LazyPageValue& page, int depth) {
  for (size_t k = 0; k < nodes.size();) {
    Node& n = nodes[k];
    if (n.type != NodeType::kCodeBlock) {  // in lists and quotes too
      ExpandDirectives(s, n.children, page, depth);
      ++k;
      continue;
    }
    std::string name;
    std::vector<std::pair<std::string, std::string>> args;
    ParseDirectiveInfo(n.info, &name, &args);
    auto owner = s.directive_owner.find(name);
    if (owner == s.directive_owner.end() || !s.Runs(owner->second)) {
      ++k;
      continue;
    }
    // What the wegwijzer.* functions the directive calls report against.
    s.call.current = owner->second;
    s.call.line = n.line;
    // A directive that returns itself would otherwise recurse until the
    // stack runs out; the likeliest cause is named in the message.
    if (depth >= kMaxDirectiveDepth) {
      s.call.diags->Error(s.call.page->source_path, n.line, n.col,
                          "directive '" + name + "' is nested more than " + std::to_string(kMaxDirectiveDepth) +
                              " deep; does the plugin '" + s.info().name + "' put its own directive in its output?");
      ++k;
      continue;
    }
    LuaValue r;
    LuaError e;
    if (!s.lua->Call(s.loaded[s.call.current].id, "directives", name,
                     {LuaValue::OfNode(DirectiveNode(n, name, args)), LuaValue::Of(page.get())}, &r, &e)) {
      s.Report(e, "directive '" + name + "'");
      ++k;
      continue;
    }
    std::vector<Node> replacement;
    if (!Replacement(s, name, n, std::move(r), page, depth, &replacement)) {
      ++k;
      continue;
    }
    // What replaced the block is not looked at again: its directives were
    // expanded one level deeper already.
    size_t count = replacement.size();
    nodes.erase(nodes.begin() + static_cast<long>(k));
    nodes.insert(nodes.begin() + static_cast<long>(k), std::make_move_iterator(replacement.begin()),
                 std::make_move_iterator(replacement.end()));
    k += count;
  }
}

}  // namespace ww
