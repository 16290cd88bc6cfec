// node_hooks: runs a plugin's typed node hooks (Heading = function(node,
// page)) and its Document hook over a page's Markdown tree, and puts what
// they return in place (docs/plugins.md, "Node hooks, and what they return"):
// nothing keeps the node, a node replaces it, a list is spliced in, and {}
// deletes it. Anything else is an error naming the plugin, page and line.
#pragma once

#include <vector>

#include "markdown/document.h"
#include "plugins/plugin_state.h"
#include "plugins/plugin_view.h"

namespace ww {

// Plugin `i`'s typed hooks over `nodes`, bottom-up: children before their
// parent, and never over what a hook returned. Stops when the plugin is
// stopped. REQUIRES: state.call.page and state.call.diags are set.
void RunNodeHooks(PluginState& state, size_t i, std::vector<Node>& nodes, LazyPageValue& page);

// Plugin `i`'s Document(doc, page) hook, when it has one and still runs;
// a returned Document node replaces *doc. Same REQUIRES.
void RunDocumentHook(PluginState& state, size_t i, Node* doc, LazyPageValue& page);

// Gives nodes a plugin made without a line (line 0) the line of the block
// they replace, all the way down, so messages about them (a broken link)
// point into the page.
void InheritLine(std::vector<Node>& nodes, int line);

}  // namespace ww
