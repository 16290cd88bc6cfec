// Tests of the plugin host, end to end: a small site on a MemoryDisk, built
// with ww::Build, with plugins dropped into its plugins/ folder. Finding,
// ordering and configuring plugins, setup, the page hook, template helpers,
// the limits in site.toml, parallel builds, the built-in callout plugin, and
// every example in docs/plugins.md.
#include "plugins/plugin_host.h"

#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "plugin_test_site.h"
#include "site/config.h"
#include "site/content_tree.h"

using namespace ww;
using namespace ww::plugin_test;

TEST_SUITE("plugin_host") {
  TEST_CASE("a site without plugins builds") {
    Site s;
    s.Page("a.md", "A", "Tekst.\n");
    Builds(s);
    CHECK(s.Main("a.html") == "<p>Tekst.</p>\n");
  }

  TEST_CASE("plugins are found, ordered, disabled and configured") {
    Site s;
    // Each plugin appends its name to every paragraph, so the order shows.
    auto tagger = [](const std::string& name) {
      return "return { Paragraph = function(p) table.insert(p.children, { type = 'Text', text = ' " + name +
             "' }) return p end }";
    };
    s.Builtin("b", tagger("builtin-b"));
    s.Builtin("callout", tagger("builtin-callout"));
    s.Plugin("a", tagger("a"));
    s.Plugin("c", tagger("c"));
    s.Plugin("callout", tagger("site-callout"));  // replaces the built-in one
    s.Plugin("d", tagger("d"));
    s.Add("plugins/sub/e.lua", tagger("e"));  // not in plugins/ itself: ignored
    s.Add("plugins/notes.txt", "not a plugin");
    s.extra_toml = "[plugins]\ndisabled = [\"d\", \"nope\"]\norder = [\"c\", \"missing\"]\n";
    Builds(s);
    CHECK(s.Main("index.html") == "<p>Welkom. c a builtin-b site-callout</p>\n");
    CHECK(Has(s.Messages(), "plugins.disabled names \"nope\", but there is no such plugin"));
    CHECK(Has(s.Messages(), "plugins.order names \"missing\""));
  }

  TEST_CASE("setup gets the site and the plugin's options") {
    Site s;
    s.Page("a.md", "A", "Tekst.\n", "tags: [een, twee]\n");
    s.Plugin("opts",
             "local seen\n"
             "return {\n"
             "  setup = function(site, options)\n"
             "    seen = options.greeting .. ' ' .. options.count .. ' ' .. #site.pages .. ' ' .. site.title ..\n"
             "      ' ' .. site.tags.een[1] .. ' ' .. tostring(options.flag)\n"
             "  end,\n"
             "  Paragraph = function(p) return { type = 'Paragraph', children = { seen } } end,\n"
             "}");
    s.extra_toml =
        "[plugins.options.opts]\ngreeting = \"hallo\"\ncount = 3\nflag = true\n"
        "[plugins.options.ghost]\nx = 1\n";
    Builds(s);
    CHECK(s.Main("a.html") == "<p>hallo 3 2 Test a.md true</p>\n");
    CHECK(Has(s.Messages(), "[plugins.options.ghost] is for a plugin that is not loaded"));
  }

  TEST_CASE("the page hook changes title, summary, tags and front matter") {
    Site s;
    s.Page("a.md", "Oud", "Tekst.\n", "zeta: 1\nalpha: 2\ntags: [x]\n");
    s.Page("b.md", "B", "Tekst.\n");
    s.Plugin("p",
             "return {\n"
             "  page = function(page)\n"
             "    if page.path ~= 'a.md' then return end\n"
             "    page.title = 'Nieuw: ' .. page.title\n"
             "    page.tags = { 'x', 'y' }\n"
             "    page.meta.added = true\n"
             "  end,\n"
             "  Paragraph = function(p, page)\n"
             "    local keys = {} for k in pairs(page.meta) do keys[#keys + 1] = k end table.sort(keys)\n"
             "    local other = ''\n"
             "    for _, q in ipairs(wegwijzer.site.pages) do if q.path == 'a.md' then other = q.title end end\n"
             "    return { type = 'Paragraph', children = { page.title .. ' | ' .. table.concat(keys, ',') ..\n"
             "      ' | ' .. other .. ' | ' .. #wegwijzer.site.tags.y } }\n"
             "  end,\n"
             "}");
    Builds(s);
    CHECK(Has(s.Out("a.html"), "<title>Nieuw: Oud</title>"));
    CHECK(Has(s.Out("a.html"), "<tag>x</tag>\n<tag>y</tag>"));
    // The render workers see the changed page and the changed site.
    CHECK(s.Main("a.html") == "<p>Nieuw: Oud | added,alpha,tags,title,zeta | Nieuw: Oud | 1</p>\n");
    CHECK(s.Main("b.html") == "<p>B | title | Nieuw: Oud | 1</p>\n");
  }

  TEST_CASE("a plugin's filter holds for its page hook, once earlier page hooks ran") {
    Site s;
    s.Page("a.md", "A", "Tekst.\n", "form: { id: x }\n");
    s.Page("b.md", "B", "Tekst.\n");
    s.Page("c.md", "C", "Tekst.\n");
    // Plugins run in name order: "adds" gives c.md the key before "only" runs.
    s.Plugin("adds", "return { page = function(page) if page.path == 'c.md' then page.meta.form = {} end end }");
    s.Plugin("only", "return { filter = 'form', page = function(page) page.title = page.title .. ' (gezien)' end }");
    Builds(s);
    CHECK(Has(s.Out("a.html"), "<title>A (gezien)</title>"));
    CHECK(Has(s.Out("b.html"), "<title>B</title>"));
    CHECK(Has(s.Out("c.html"), "<title>C (gezien)</title>"));
  }

  TEST_CASE("the page hook keeps the author's order of front matter keys") {
    // Lua tables have no order; what C++ sees afterwards (templates: page.params) keeps the author's.
    Site s;
    s.Page("a.md", "A", "Tekst.\n", "zeta: 1\nalpha: { b: 1, a: 2 }\nlist: [1, 2]\n");
    s.Plugin("p",
             "return { page = function(page) if not page.meta.alpha then return end\n"
             "  page.meta.alpha.c = 3 page.meta.new = 1 page.meta.list = {} end }");
    s.disk.files["site/site.toml"] = "title = \"Test\"\n";
    Diagnostics diags;
    auto config = LoadConfig(s.disk, "site", &diags);
    REQUIRE(config);
    auto host = PluginHost::Load(s.disk, *config, "site", "builtin", &diags);
    auto tree = BuildContentTree(s.disk, "site", *config, {}, &diags);
    REQUIRE(tree);
    host->Start(&*tree, &diags);
    CHECK_FALSE(diags.HasErrors());
    const Page& a = tree->pages[tree->by_rel.at("a.md")];
    CHECK(a.meta.ToJson() == R"({"title":"A","zeta":1,"alpha":{"b":1,"a":2,"c":3},"list":[],"new":1})");
  }

  TEST_CASE("template helpers") {
    Site s;
    for (const char* kind : {"home", "section", "page"})
      s.Add(
          std::string("themes/mini/templates/") + kind + ".mustache",
          "<main>\n[{{#helpers.shout}}hallo & zo{{/helpers.shout}}] [{{#helpers.where}}x{{/helpers.where}}]</main>\n");
    s.Plugin("h",
             "return { helpers = {\n"
             "  shout = function(text) return text:upper() .. '!' end,\n"
             "  where = function(text, page) return page.path end,\n"
             "} }");
    s.Page("a.md", "A", "x\n");
    Builds(s);
    CHECK(s.Main("a.html") == "[HALLO &amp; ZO!] [a.md]");
    CHECK(s.Main("index.html") == "[HALLO &amp; ZO!] [_index.md]");
  }

  TEST_CASE("a helper's result is text: a title with its tag or <script> comes out escaped, no crash (issue 17)") {
    Site s;
    for (const char* kind : {"home", "section", "page"})
      s.Add(std::string("themes/mini/templates/") + kind + ".mustache",
            "<main>\n{{#helpers.titel}}x{{/helpers.titel}}</main>\n");
    s.Plugin("h", "return { helpers = { titel = function(text, page) return page.title end } }");
    s.Page("a.md", "<script>alert(1)</script> {{#helpers.titel}}x{{/helpers.titel}}", "x\n");
    Builds(s);
    CHECK(s.Main("a.html") == "&lt;script&gt;alert(1)&lt;/script&gt; {{#helpers.titel}}x{{/helpers.titel}}");
  }

  TEST_CASE("wrong types from hooks are errors that name the plugin, the page and the line (issue 17)") {
    struct Case {
      const char* hook;
      const char* message;
    };
    for (Case c : {
             Case{"page.title = {}", "title must be text, not a table"},
             Case{"page.summary = true", "summary must be text, not a boolean"},
             Case{"page.tags = { 'a', 0/0 }", "tag 2 must be text, not NaN or infinity"},
             Case{"page.tags = { math.huge }", "tag 1 must be text, not NaN or infinity"},
             Case{"page.tags = { {} }", "tag 1 must be text, not a table"},
             Case{"page.tags = 'a'", "tags must be a list of text, not text"},
             Case{"page.meta = 5", "meta must be a table, not a number"},
             Case{"page.meta.x = { -math.huge }", "meta.x[1] is NaN or infinity"},
         }) {
      CAPTURE(c.hook);
      Site s;
      s.Page("a.md", "A", "x\n");
      s.Plugin("p", std::string("return {\n  page = function(page)\n    ") + c.hook + "\n  end,\n}");
      CHECK_FALSE(s.Build());
      std::string m = s.Messages();
      CHECK(Has(m, "plugins/p.lua:2: error: plugin 'p' failed in page hook for content/"));
      CHECK(Has(m, c.message));
      CHECK(s.Out("a.html") == "<missing>");
    }
    Site s;
    s.Page("a.md", "A", "x\n");
    s.Plugin("h",
             "return { helpers = {\n"
             "  tabel = function() return { 1 } end,\n"
             "  knoop = function() return { type = 'Text', text = 'x' } end,\n"
             "  nan = function() return 0/0 end,\n"
             "  getal = function() return 12 end,\n"
             "} }");
    for (const char* kind : {"home", "section", "page"})
      s.Add(std::string("themes/mini/templates/") + kind + ".mustache",
            "<main>\n{{#helpers.tabel}}{{/helpers.tabel}}{{#helpers.knoop}}{{/helpers.knoop}}"
            "{{#helpers.nan}}{{/helpers.nan}}{{#helpers.getal}}{{/helpers.getal}}</main>\n");
    CHECK_FALSE(s.Build());
    std::string m = s.Messages();
    CHECK(Has(m,
              "plugins/h.lua:2: error: plugin 'h' failed in template helper 'tabel' for content/a.md: a helper "
              "returns text, not a table"));
    CHECK(Has(m, "plugins/h.lua:3: error: plugin 'h' failed in template helper 'knoop'"));
    CHECK(Has(m, "a helper returns text, not nodes"));
    CHECK(Has(m, "plugins/h.lua:4: error: plugin 'h' failed in template helper 'nan'"));
    CHECK_FALSE(Has(m, "'getal'"));
  }

  TEST_CASE("limits in site.toml are checked") {
    Site s;
    s.extra_toml = "[plugins]\ninstructions = 10\nmemory_mb = \"veel\"\n";
    CHECK_FALSE(s.Build());
    CHECK(Has(s.Messages(), "plugins.instructions must be a whole number of at least 10000"));
    CHECK(Has(s.Messages(), "plugins.memory_mb must be a whole number of megabytes"));
  }

  TEST_CASE("a parallel build gives the same output as a serial one") {
    Site s;
    for (int i = 0; i < 40; ++i)
      s.Page("p" + std::to_string(i) + ".md", "P" + std::to_string(i),
             "Tekst [link](p0.md).\n\n## Kop " + std::to_string(i) + "\n");
    s.Plugin("count",
             "local n = 0\nreturn { Link = function(l, page) n = n + 1\n"
             "  l.title = page.title .. ' ' .. wegwijzer.hash(page.path) return l end }");
    Builds(s, 1);
    std::map<std::string, std::string> serial;
    for (auto& [k, v] : s.disk.files)
      if (k.rfind("out/", 0) == 0) serial[k] = v;
    Builds(s, 4);
    for (auto& [k, v] : serial) CHECK(s.disk.files[k] == v);
  }

  TEST_CASE("render workers on several threads read the site, made once when first read") {
    // No hook before rendering reads wegwijzer.site: the first reads come
    // from the workers, at the same time; each must see the whole site.
    Site s;
    for (int i = 0; i < 60; ++i)
      s.Page("p" + std::to_string(i) + ".md", "P" + std::to_string(i), "Tekst [link](p0.md).\n", "tags: [t]\n");
    s.Plugin("count",
             "return { Link = function(l, page)\n"
             "  l.title = #wegwijzer.site.pages .. ' ' .. #wegwijzer.site.tags.t .. ' ' .. wegwijzer.site.title\n"
             "  return l end }");
    for (int jobs : {1, 4}) {
      CAPTURE(jobs);
      Builds(s, jobs);
      for (int i = 0; i < 60; ++i)
        CHECK(s.Main("p" + std::to_string(i) + ".html").find("title=\"61 60 Test\"") != std::string::npos);
    }
  }

  TEST_CASE("the built-in callout plugin") {
    Site s;
    s.Builtin("callout", ReadSourceFile("plugins/callout.lua"));
    s.Page("a.md", "A",
           "Tekst.\n\n"
           "```callout type=let-op title=\"Voorbehoud & zo\"\nLet **goed** op. Zie [B](b.md).\n\n- een\n```\n\n"
           "```callout\nZonder type.\n```\n\n"
           "```callout type=tip\nEen tip.\n```\n\n"
           "```callout type=gevaar title=\"Raar\"\nOnbekend type.\n```\n");
    s.Page("b.md", "B", "x\n");
    Builds(s);
    CHECK(s.Main("a.html") ==
          "<p>Tekst.</p>\n"
          "<aside class=\"callout callout--let-op\" aria-label=\"Voorbehoud &amp; zo\">\n"
          "<p class=\"callout__title\">Voorbehoud &amp; zo</p>\n"
          "<p>Let <strong>goed</strong> op. Zie <a href=\"b.html\">B</a>.</p>\n<ul>\n<li>een</li>\n</ul>\n"
          "</aside>\n"
          "<aside class=\"callout callout--info\" aria-label=\"Info\">\n<p class=\"callout__title\">Info</p>\n"
          "<p>Zonder type.</p>\n</aside>\n"
          "<aside class=\"callout callout--tip\" aria-label=\"Tip\">\n<p class=\"callout__title\">Tip</p>\n"
          "<p>Een tip.</p>\n</aside>\n"
          "<aside class=\"callout callout--info\" aria-label=\"Raar\">\n<p class=\"callout__title\">Raar</p>\n"
          "<p>Onbekend type.</p>\n</aside>\n");
    CHECK(Has(s.Messages(),
              "content/a.md:20: warning: plugin 'callout': unknown callout type \"gevaar\"; use info, "
              "let-op or tip (shown as info)"));
    // A broken link inside a callout is found like any other, at its own line.
    s.Page("a.md", "A", "Tekst.\n\n```callout\nEerste regel.\n[kapot](weg.md)\n```\n");
    CHECK_FALSE(s.Build());
    CHECK(Has(s.Messages(), "content/a.md:8:1: error:"));
  }

  // ---- docs/plugins.md: every example is built and its documented output checked.
  //
  // An example starts at `<!-- example: NAME [uses=OTHER] -->` and runs to the next
  // example or heading. Its fenced blocks, by info string:
  //   lua                  the plugin, saved as plugins/NAME.lua (uses=OTHER: OTHER's plugin
  //                        and input files, under OTHER's name)
  //   markdown [file=P]    content/voorbeeld.md (front matter added when missing), or file P
  //   toml [file=P]        added to site.toml, or written to file P
  //   js file=P            the theme's file P (assets/x.js), for a plugin that loads it
  //   mustache             the page template
  //   html [file=P]        the expected <main> of voorbeeld.html (or of P); with a mustache
  //                        block, the whole page
  //   json file=P          the expected output file P
  //   text                 expected messages, one per line; without it the build must succeed

  namespace {

  struct Block {
    std::string lang, file, text;
  };

  struct Example {
    std::string name, uses;
    int line = 0;
    std::vector<Block> blocks;
  };

  std::string Trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }

  std::vector<Example> ParseExamples(const std::string& doc, int* lua_blocks) {
    std::vector<Example> out;
    std::stringstream in(doc);
    std::string line;
    int n = 0;
    bool in_example = false;
    *lua_blocks = 0;
    static const std::regex marker(R"(<!-- example: ([\w-]+)(?: uses=([\w-]+))? -->)");
    while (std::getline(in, line)) {
      ++n;
      std::smatch m;
      if (std::regex_search(line, m, marker)) {
        out.push_back({m[1], m[2], n, {}});
        in_example = true;
        continue;
      }
      if (line.rfind("#", 0) == 0) in_example = false;
      if (line.rfind("```", 0) != 0) continue;
      size_t ticks = line.find_first_not_of('`');
      std::string fence = line.substr(0, ticks), info = line.substr(ticks);
      Block b;
      b.lang = info.substr(0, info.find(' '));
      if (size_t f = info.find("file="); f != std::string::npos) b.file = info.substr(f + 5);
      while (std::getline(in, line)) {
        ++n;
        if (line == fence) break;
        b.text += line + "\n";
      }
      if (b.lang == "lua") ++*lua_blocks;
      if (in_example) out.back().blocks.push_back(b);
    }
    return out;
  }

  }  // namespace

  TEST_CASE("every example in docs/plugins.md works as documented") {
    std::string doc = ReadSourceFile("docs/plugins.md");
    REQUIRE_FALSE(doc.empty());
    int lua_blocks = 0;
    std::vector<Example> examples = ParseExamples(doc, &lua_blocks);
    std::map<std::string, const Example*> by_name;
    int lua_in_examples = 0, checks = 0;
    for (const Example& e : examples) {
      by_name[e.name] = &e;
      for (const Block& b : e.blocks) lua_in_examples += b.lang == "lua";
    }
    CHECK(examples.size() >= 15);
    CHECK(lua_blocks == lua_in_examples);  // no untested Lua on the page

    for (const Example& e : examples) {
      CAPTURE(e.name);
      CAPTURE(e.line);
      Site s;
      std::vector<Block> blocks;
      std::string plugin_name = e.name;
      if (!e.uses.empty()) {
        REQUIRE(by_name.count(e.uses));
        plugin_name = e.uses;
        for (const Block& b : by_name[e.uses]->blocks)
          if (b.lang == "lua" || (!b.file.empty() && b.lang != "html" && b.lang != "json")) blocks.push_back(b);
      }
      blocks.insert(blocks.end(), e.blocks.begin(), e.blocks.end());
      std::vector<const Block*> expected;
      bool custom_template = false, expect_messages = false;
      for (const Block& b : blocks) {
        if (b.lang == "lua") {
          s.Plugin(plugin_name, b.text);
        } else if ((b.lang == "markdown" || b.lang == "toml") && !b.file.empty()) {
          s.Add(b.file, b.text);
        } else if (b.lang == "js" && !b.file.empty()) {
          s.Add("themes/mini/" + b.file, b.text);
        } else if (b.lang == "markdown") {
          s.Add("content/voorbeeld.md",
                b.text.rfind("---", 0) == 0 ? b.text : "---\ntitle: \"Voorbeeld\"\n---\n" + b.text);
        } else if (b.lang == "toml") {
          s.extra_toml += b.text;
        } else if (b.lang == "mustache") {
          custom_template = true;
          for (const char* kind : {"home", "section", "page"})
            s.Add(std::string("themes/mini/templates/") + kind + ".mustache", b.text);
        } else {
          expected.push_back(&b);
          expect_messages |= b.lang == "text";
        }
      }
      if (!s.disk.files.count("site/content/voorbeeld.md")) s.Page("voorbeeld.md", "Voorbeeld", "Tekst.\n");
      bool built = s.Build();
      std::string messages = s.Messages();
      INFO(messages);
      if (!expect_messages) CHECK(built);
      for (const Block* b : expected) {
        ++checks;
        std::string want = Trim(b->text);
        if (b->lang == "text") {
          std::stringstream lines(b->text);
          for (std::string l; std::getline(lines, l);)
            if (!l.empty()) CHECK(Has(messages, l + "\n"));
        } else if (b->lang == "json") {
          CHECK(Trim(s.Out(b->file)) == want);
        } else if (b->lang == "html") {
          std::string out = b->file.empty() ? "voorbeeld.html" : b->file;
          CHECK(Trim(custom_template ? s.Out(out) : s.Main(out)) == want);
        } else {
          FAIL("unknown block type ```" << b->lang << " in an example");
        }
      }
    }
    CHECK(checks >= 13);
  }

}  // TEST_SUITE
