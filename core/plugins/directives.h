// directives: a fenced code block whose info string names a directive that a
// plugin defines (```callout type=tip) becomes what the plugin's function
// returns (docs/plugins.md, "Directives"): HTML text, a node or a list of
// nodes, nothing (the block stays code) or {} (the block is removed).
// Directives in the nodes a directive returns are expanded in turn, at most
// kMaxDirectiveDepth deep.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "markdown/document.h"
#include "plugins/plugin_state.h"
#include "plugins/plugin_view.h"

namespace ww {

// Directives whose output holds directives again, at most this deep.
inline constexpr int kMaxDirectiveDepth = 8;

// `callout type=let-op title="Let op" open` → name "callout" and the
// arguments in order: type=let-op, title=Let op, open=true. Values may be
// quoted with " or ' (an unclosed quote runs to the end); a key without a
// value is "true". Never fails. Appends to *name and *args.
void ParseDirectiveInfo(const std::string& info, std::string* name,
                        std::vector<std::pair<std::string, std::string>>* args);

// Replaces every code block in `nodes` (at any depth) whose directive some
// running plugin defines. A failing directive leaves its block as code.
// REQUIRES: state.call.page and state.call.diags are set.
void ExpandDirectives(PluginState& state, std::vector<Node>& nodes, LazyPageValue& page, int depth = 0);

}  // namespace ww
