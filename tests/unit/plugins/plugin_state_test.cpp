// Tests of loading plugins into a Lua state and of what a failing plugin
// costs: errors with file, line and page, hook-name hints, and the limits
// that stop a runaway plugin.
#include "plugins/plugin_state.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "plugin_test_site.h"

using namespace ww;
using namespace ww::plugin_test;

TEST_SUITE("plugin_state") {
  TEST_CASE("plugin errors: syntax, runtime, hook names; the previous site stays") {
    Site s;
    s.Page("a.md", "A", "Tekst.\n\n## Kop\n");
    Builds(s);
    std::string good = s.Out("a.html");

    s.Plugin("syntax", "return {\n  Paragraph = function(p)\n    return p +\n  end\n}\n");
    CHECK_FALSE(s.Build());
    CHECK(
        Has(s.Messages(), "plugins/syntax.lua:4: error: plugin 'syntax': syntax error: unexpected symbol near 'end'"));
    CHECK(s.Out("a.html") == good);
    s.disk.files.erase("site/plugins/syntax.lua");

    s.Plugin("runtime",
             "local function helper(x)\n  return x.missing.field\nend\n"
             "return { Heading = function(h)\n  local v = helper({})\n  return v\nend,\n"
             "  heading = function() end, Paragraf = function() end }");
    CHECK_FALSE(s.Build());
    std::string m = s.Messages();
    CHECK(Has(m,
              "plugins/runtime.lua:2: error: plugin 'runtime' failed in Heading hook for content/a.md:6: attempt "
              "to index a nil value (field 'missing'); called from plugins/runtime.lua:5\n"));
    CHECK(Has(m, "plugin 'runtime' has a function 'heading' that is not a hook (did you mean 'Heading'?)"));
    CHECK(Has(m, "has a function 'Paragraf' that is not a hook;"));
    CHECK(s.Out("a.html") == good);
  }

  TEST_CASE("limits: a runaway plugin fails the build quickly, other errors are still reported") {
    Site s;
    for (int i = 0; i < 30; ++i) s.Page("p" + std::to_string(i) + ".md", "P", "Tekst.\n\n[kapot](nergens.md)\n");
    REQUIRE_FALSE(s.Build());  // the broken links alone
    s.Plugin("loop", "return { Paragraph = function(p)\n  while true do end\nend }");
    s.Plugin("eat",
             "return { Heading = function() end, Link = function(l)\n  local t = {}\n"
             "  while true do t[#t + 1] = ('x'):rep(1000) end\nend }");
    s.Plugin("fine", "return { Link = function(l) l.title = 'ok' return l end }");
    s.extra_toml = "[plugins]\ninstructions = 1000000\nmemory_mb = 8\n";
    auto t0 = std::chrono::steady_clock::now();
    CHECK_FALSE(s.Build());
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(seconds < 60);
    std::string m = s.Messages();
    CHECK(Has(m, "plugins/loop.lua:2: error: plugin 'loop' failed in Paragraph hook for content/"));
    CHECK(Has(m,
              "ran too long: more than 1 million instructions in one call; look for a loop that never ends (the "
              "limit is set by [plugins] instructions = N in site.toml); the plugin is skipped for the rest of this "
              "build"));
    CHECK(Has(m, "plugins/eat.lua:3: error: plugin 'eat' failed in Link hook for content/"));
    CHECK(Has(m,
              "used more than 8 MB of memory; look for a table or text that keeps growing (the limit is set by "
              "[plugins] memory_mb = N in site.toml)"));
    CHECK(Has(m, "content/p29.md:6:1: error:"));  // the content's own errors too
    // Skipped after its first limit error: at most one error per worker.
    size_t count = 0;
    for (size_t at = 0; (at = m.find("plugin 'loop' failed", at)) != std::string::npos; ++at) ++count;
    CHECK(count >= 1);
    CHECK(count <= 2);
  }

}  // TEST_SUITE
