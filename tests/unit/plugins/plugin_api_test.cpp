// Tests of the wegwijzer.* functions: through a build, as plugins use them,
// and on a bare Lua state with a PluginCall, as the hook runner sets it up.
#include "plugins/plugin_api.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "lua/lua_runtime.h"
#include "plugin_test_site.h"
#include "site/config.h"
#include "site/content_tree.h"

using namespace ww;
using namespace ww::plugin_test;

TEST_SUITE("plugin_api") {
  TEST_CASE("number: Dutch notation, English on request, years stay years") {
    CHECK(DutchNumber(1234.5, -1, "nl") == "1234,5");
    CHECK(DutchNumber(12345.678, -1, "nl") == "12.345,68");
    CHECK(DutchNumber(12345.678, -1, "en") == "12,345.68");
    CHECK(DutchNumber(123456, -1, "nl") == "123.456");
    CHECK(DutchNumber(1e6, 0, "nl") == "1.000.000");
    CHECK(DutchNumber(0.5, 2, "nl") == "0,50");
    CHECK(DutchNumber(2024, -1, "nl") == "2024");
    CHECK(DutchNumber(-0.001, -1, "nl") == "0");
    CHECK(DutchNumber(-1234567, -1, "nl") == "-1.234.567");
    CHECK(DutchNumber(std::nan(""), -1, "nl") == "NaN");
    CHECK(DutchNumber(-std::numeric_limits<double>::infinity(), -1, "nl") == "-∞");
    CHECK(DutchNumber(std::numeric_limits<double>::max(), 0, "nl").size() > 300);
  }

  TEST_CASE("asset paths stay inside the site") {
    CHECK(AssetPath("assets/forms.js") == "assets/forms.js");
    CHECK(AssetPath("./assets/../img/logo.png") == "img/logo.png");
    CHECK(AssetPath("https://cdn.example.org/x.js") == "");
    CHECK(AssetPath("//cdn.example.org/x.js") == "");
    CHECK(AssetPath("/etc/passwd") == "");
    CHECK(AssetPath("../buiten.js") == "");
    CHECK(AssetPath("") == "");
  }

  TEST_CASE("the functions read the call in progress, as the hook runner sets it") {
    // No host and no build: a bare state, the API and a PluginCall.
    MemoryDisk disk;
    disk.files["site/site.toml"] = "title = \"Test\"\nlanguage = \"en\"\n";
    disk.files["site/content/_index.md"] = "---\ntitle: Home\n---\n";
    disk.files["site/content/rol/functie.md"] = "---\ntitle: Functie\n---\n";
    Diagnostics diags;
    auto config = LoadConfig(disk, "site", &diags);
    REQUIRE(config);
    auto tree = BuildContentTree(disk, "site", *config, {}, &diags);
    REQUIRE(tree);
    REQUIRE_FALSE(diags.HasErrors());
    std::string site_dir = "site";
    std::vector<PluginInfo> plugins(1);
    plugins[0].name = "t";
    plugins[0].path = "plugins/t.lua";
    PluginCall call;
    call.disk = &disk;
    call.config = &*config;
    call.site_dir = &site_dir;
    call.plugins = &plugins;
    call.tree = &*tree;
    call.diags = &diags;

    LuaState lua(LuaLimits{});
    AddPluginApi(&lua, &call);
    LuaError e;
    int id = lua.LoadPlugin("plugins/t.lua",
                            "return { run = function()\n"
                            "  wegwijzer.warn('hier')\n"
                            "  wegwijzer.use_script('assets/x.js')\n"
                            "  return wegwijzer.url('rol/functie.md') .. ' ' .. wegwijzer.number(12345.5) .. ' ' ..\n"
                            "    select(2, pcall(wegwijzer.write_file, 'x.txt', 'x'))\n"
                            "end }",
                            &e);
    REQUIRE(id >= 0);
    auto run = [&] {
      LuaValue r;
      LuaError err;
      bool ok = lua.Call(id, "", "run", {}, &r, &err);
      INFO(err.message);
      CHECK(ok);
      return r.value.ToText();
    };

    // As in setup: no page, so URLs are from the site root and messages name the plugin.
    CHECK(run() == "rol/functie.html 12,345.5 wegwijzer.write_file: files can only be written in the finish hook");
    // As on a page, at a node on line 7: what use_script asks goes to the page's extras.
    PageExtras extras;
    tree->theme_assets.insert("assets/x.js");  // as the build sets it: a file the theme publishes
    call.page = &tree->pages[tree->by_rel.at("rol/functie.md")];
    call.extras = &extras;
    call.line = 7;
    CHECK(run() == "functie.html 12,345.5 wegwijzer.write_file: files can only be written in the finish hook");
    CHECK(extras.scripts == std::vector<std::string>{"assets/x.js"});

    std::string messages;
    for (const Diagnostic& d : diags.Sorted()) messages += d.Format() + "\n";
    CHECK(Has(messages, "plugins/t.lua: warning: plugin 't': hier\n"));
    CHECK(Has(messages, "content/rol/functie.md:7: warning: plugin 't': hier\n"));
  }

  TEST_CASE("finish writes extra files, only inside the output and never over the build's own") {
    Site s;
    s.Page("a.md", "A", "x\n");
    s.Plugin("f",
             "return { finish = function(site)\n"
             "  local titles = {} for _, p in ipairs(site.pages) do titles[#titles + 1] = p.title end\n"
             "  wegwijzer.write_file('data/titels.json', wegwijzer.json(titles))\n"
             "  for i, bad in ipairs({ '../buiten.txt', '/etc/x', 'a.html', 'data/titels.json', '' }) do\n"
             "    local ok, err = pcall(wegwijzer.write_file, bad, 'x')\n"
             "    wegwijzer.write_file('refused/' .. i .. '.txt', tostring(ok) .. ' ' .. err)\n"
             "  end\n"
             "end,\n"
             "Paragraph = function() local ok, err = pcall(wegwijzer.write_file, 'x.txt', 'x')\n"
             "  return { type = 'Paragraph', children = { err } } end }");
    Builds(s);
    CHECK(s.Out("data/titels.json") == R"(["Home","A"])");
    CHECK(s.Out("refused/1.txt") ==
          "false wegwijzer.write_file: refusing to write \"../buiten.txt\": outside the output folder");
    CHECK(s.Out("refused/2.txt") ==
          "false wegwijzer.write_file: refusing to write \"/etc/x\": outside the output folder");
    CHECK(s.Out("refused/3.txt") ==
          "false wegwijzer.write_file: refusing to write \"a.html\": the build already wrote that file (a page or an "
          "asset)");
    CHECK(Has(s.Out("refused/4.txt"), "the build already wrote that file"));
    CHECK(Has(s.Out("refused/5.txt"), "outside the output folder"));
    CHECK(s.disk.files.count("buiten.txt") == 0);
    CHECK(Has(s.Main("a.html"), "files can only be written in the finish hook"));
    CHECK(Has(s.Out("a.html"), "<title>A</title>"));  // not overwritten
  }

  TEST_CASE("finish reads back what the build wrote, only inside the output and only in finish") {
    Site s;
    s.Page("a.md", "A", "x\n");
    s.Plugin("r",
             "return { finish = function(site)\n"
             "  local html = wegwijzer.read_output('a.html')\n"
             "  wegwijzer.write_file('kopie/titel.txt', html:match('<title>(.-)</title>'))\n"
             "  for i, bad in ipairs({ '../buiten.txt', 'geen.html' }) do\n"
             "    local ok, err = pcall(wegwijzer.read_output, bad)\n"
             "    wegwijzer.write_file('refused/' .. i .. '.txt', tostring(ok) .. ' ' .. err)\n"
             "  end\n"
             "end,\n"
             "Paragraph = function() local ok, err = pcall(wegwijzer.read_output, 'a.html')\n"
             "  return { type = 'Paragraph', children = { err } } end }");
    Builds(s);
    CHECK(Has(s.Out("kopie/titel.txt"), "A"));
    CHECK(Has(s.Out("refused/1.txt"), "false wegwijzer.read_output: \"../buiten.txt\" is outside the output folder"));
    CHECK(Has(s.Out("refused/2.txt"), "false wegwijzer.read_output: \"geen.html\" is not in the output"));
    CHECK(Has(s.Out("a.html"), "the output can only be read in the finish hook"));
  }

  TEST_CASE("the wegwijzer API") {
    Site s;
    s.Page("rol/_index.md", "Rol", "x\n");
    s.Page("rol/functie.md", "Functie", "Tekst.\n", "zeta: 1\n");
    s.Add("content/rol/data.toml", "naam = \"IB'er\"\n[[items]]\nx = 1\n");
    s.Add("content/img/logo.png", "PNG");
    s.Add("notes/extra.txt", "extra tekst");
    s.Add("themes/mini/assets/forms.js", "");
    s.Add("themes/mini/assets/forms.css", "");
    s.Plugin(
        "api",
        "return { Paragraph = function(p, page)\n"
        "  if page.path ~= 'rol/functie.md' then return end\n"
        "  local out = {\n"
        "    wegwijzer.escape('<a href=\"x\">&</a>'),\n"
        "    wegwijzer.slug('Jaar 1 (implementatie) é'),\n"
        "    wegwijzer.url('_index.md'), wegwijzer.url('rol/_index.md'), wegwijzer.url('rol'),\n"
        "    wegwijzer.url('rol/functie.md#taken'), wegwijzer.url('/rol/functie.md'), wegwijzer.url('img/logo.png'),\n"
        "    wegwijzer.url('assets/forms.js'), select(2, pcall(wegwijzer.url, 'nergens.md')),\n"
        "    wegwijzer.json({ a = { 1, 2 }, b = '</script>' }),\n"
        "    wegwijzer.hash('tekst'), wegwijzer.hash('tekst') == wegwijzer.hash('tekst'),\n"
        "    wegwijzer.number(1234.5), wegwijzer.number(12345.678), wegwijzer.number(-1234567), wegwijzer.number(0.5, "
        "1),\n"
        "    wegwijzer.number(2024), wegwijzer.number(-0.001), select(2, pcall(wegwijzer.number, 'x')),\n"
        "    wegwijzer.data('rol/data').naam, wegwijzer.data('rol/data').items[1].x,\n"
        "    select(2, pcall(wegwijzer.data, 'geen')),\n"
        "    wegwijzer.read_file('notes/extra.txt'), select(2, pcall(wegwijzer.read_file, '../geheim')),\n"
        "    select(2, pcall(wegwijzer.read_file, '/etc/passwd')),\n"
        "    (wegwijzer.render(wegwijzer.markdown('**vet** en [x](https://example.org)')):gsub('\\n', '')),\n"
        "    wegwijzer.text(wegwijzer.markdown('# Kop\\n\\nTekst *met* nadruk')),\n"
        "    wegwijzer.text(p), wegwijzer.render({}), wegwijzer.render({ type = 'Code', text = '<x>' }),\n"
        "    select(2, pcall(wegwijzer.render, 'tekst')),\n"
        "    #wegwijzer.markdown('a\\n\\nb'), #wegwijzer.markdown(''), wegwijzer.markdown('x', 40)[1].line,\n"
        "    wegwijzer.config.kleur, wegwijzer.site.title, page.url, page.source, page.section, page.kind,\n"
        "  }\n"
        "  for i, v in ipairs(out) do out[i] = tostring(v) end\n"
        "  wegwijzer.use_script('assets/forms.js')\n"
        "  wegwijzer.use_script('assets/forms.js')\n"
        "  wegwijzer.use_style('assets/forms.css')\n"
        "  local ok, err = pcall(wegwijzer.use_script, 'https://cdn.example.org/x.js')\n"
        "  out[#out + 1] = err\n"
        "  return { type = 'CodeBlock', text = table.concat(out, '\\n') }\n"
        "end }");
    s.extra_toml = "[params]\nkleur = \"blauw\"\n";
    Builds(s);
    std::string out = s.Out("rol/functie.html");
    CHECK(Has(out,
              "<script src=\"../assets/forms.js\"></script>\n<link rel=\"stylesheet\" "
              "href=\"../assets/forms.css\">\n<main>"));
    CHECK(out.find("<script src=\"../assets/forms.js\"") ==
          out.rfind("<script src=\"../assets/forms.js\""));  // asked twice, loaded once
    std::string code = s.Main("rol/functie.html");
    std::vector<std::string> lines;
    {
      size_t a = code.find("<code>") + 6, b = code.find("</code>");
      std::stringstream ss(code.substr(a, b - a));
      for (std::string l; std::getline(ss, l);) lines.push_back(l);
    }
    std::vector<std::string> expected = {
        "&amp;lt;a href=&amp;quot;x&amp;quot;&amp;gt;&amp;amp;&amp;lt;/a&amp;gt;",
        "jaar-1-implementatie-e",
        "../index.html",
        "index.html",
        "index.html",
        "functie.html#taken",
        "functie.html",
        "../img/logo.png",
        "../assets/forms.js",
        "wegwijzer.url: no page &quot;nergens.md&quot; in the site (give its path in content/, "
        "e.g. &quot;rol/functie.md&quot;)",
        "{&quot;a&quot;:[1,2],&quot;b&quot;:&quot;\\u003c/script\\u003e&quot;}",
    };
    REQUIRE(lines.size() > 40);
    for (size_t i = 0; i < expected.size(); ++i) CHECK(lines[i] == expected[i]);
    CHECK(lines[11].size() == 8);
    CHECK(lines[12] == "true");
    CHECK(lines[13] == "1234,5");
    CHECK(lines[14] == "12.345,68");
    CHECK(lines[15] == "-1.234.567");
    CHECK(lines[16] == "0,5");
    CHECK(lines[17] == "2024");
    CHECK(lines[18] == "0");
    CHECK(Has(lines[19], "wegwijzer.number: expects a number"));
    CHECK(lines[20] == "IB&#39;er");
    CHECK(lines[21] == "1");
    CHECK(Has(lines[22], "no data file &quot;geen&quot;"));
    CHECK(lines[23] == "extra tekst");
    CHECK(Has(lines[24], "is outside the site folder"));
    CHECK(Has(lines[25], "is outside the site folder"));
    CHECK(lines[26] ==
          "&lt;p&gt;&lt;strong&gt;vet&lt;/strong&gt; en &lt;a "
          "href=&quot;https://example.org&quot;&gt;x&lt;/a&gt;&lt;/p&gt;");
    CHECK(lines[27] == "Kop Tekst met nadruk");
    CHECK(lines[28] == "Tekst.");
    CHECK(lines[29] == "");
    CHECK(lines[30] == "&lt;code&gt;&amp;lt;x&amp;gt;&lt;/code&gt;");
    CHECK(Has(lines[31], "expects a node or a list of nodes"));
    CHECK(lines[32] == "2");
    CHECK(lines[33] == "0");
    CHECK(lines[34] == "40");
    CHECK(lines[35] == "blauw");
    CHECK(lines[36] == "Test");
    CHECK(lines[37] == "rol/functie.html");
    CHECK(lines[38] == "content/rol/functie.md");
    CHECK(lines[39] == "rol/_index.md");
    CHECK(lines[40] == "page");
    CHECK(Has(lines[41], "is not a file of this site"));
  }

  TEST_CASE("use_script and use_style load only files the site publishes (issue 17)") {
    Site s;
    s.Add("themes/mini/assets/eigen.js", "");
    s.Add("content/img/stijl.css", "");
    s.Page("a.md", "A", "Tekst.\n");
    s.Plugin("u",
             "return { Paragraph = function(p)\n"
             "  wegwijzer.use_script('assets/eigen.js')\n"
             "  wegwijzer.use_style('img/stijl.css')\n"
             "  wegwijzer.use_style('assets/brand.css')\n"
             "  local out = {}\n"
             "  for _, bad in ipairs({ 'data:text/javascript,alert(1)', 'javascript:alert(1)', 'JavaScript:x',\n"
             "                         'assets/ontbreekt.js', 'img/geen.css', '' }) do\n"
             "    local ok, err = pcall(wegwijzer.use_script, bad)\n"
             "    local ok2 = pcall(wegwijzer.use_style, bad)\n"
             "    out[#out + 1] = tostring(ok or ok2) .. ' ' .. err\n"
             "  end\n"
             "  return { type = 'CodeBlock', text = table.concat(out, '\\n') }\n"
             "end }");
    Builds(s);
    std::string out = s.Out("a.html");
    out = out.substr(0, out.find("<main>") + 6);  // what the page loads (the messages are in <main>)
    CHECK(Has(out,
              "<script src=\"assets/eigen.js\"></script>\n<link rel=\"stylesheet\" href=\"img/stijl.css\">\n"
              "<link rel=\"stylesheet\" href=\"assets/brand.css\">\n<main>"));
    CHECK_FALSE(Has(out, "alert"));
    CHECK_FALSE(Has(out, "src=\"javascript"));
    CHECK_FALSE(Has(out, "ontbreekt.js\""));
    std::string main = s.Main("a.html");
    CHECK(
        Has(main, "false wegwijzer.use_script: &quot;data:text/javascript,alert(1)&quot; is not a file of this site"));
    CHECK(Has(main, "false wegwijzer.use_script: &quot;javascript:alert(1)&quot; is not a file of this site"));
    CHECK(Has(main, "false wegwijzer.use_script: &quot;JavaScript:x&quot; is not a file of this site"));
    CHECK(Has(main,
              "false wegwijzer.use_script: &quot;assets/ontbreekt.js&quot; is not a file this site publishes; put it "
              "in the theme&#39;s assets/ folder"));
    CHECK(Has(main, "false wegwijzer.use_script: &quot;img/geen.css&quot; is not a file this site publishes"));
    CHECK(Has(main, "false wegwijzer.use_script: &quot;&quot; is not a file of this site"));
  }

  TEST_CASE("wegwijzer.markdown is charged for its work, and refuses a table too wide (issue 17)") {
    Site s;
    s.extra_toml = "[plugins]\ninstructions = 1000000\n";
    s.Page("a.md", "A", "Een.\n\nTwee.\n");
    s.Plugin("md",
             "local rows = { '| a | b | c |', '|---|---|---|' }\n"
             "for i = 1, 1000 do rows[#rows + 1] = '| ' .. i .. ' | x | y |' end\n"
             "local tabel = table.concat(rows, '\\n')\n"
             "local done = 0\n"
             "return { Paragraph = function(p, page)\n"
             "  if wegwijzer.text(p) == 'Een.' then\n"
             "    local wide = '|' .. string.rep('a|', 101) .. '\\n|' .. string.rep('-|', 101)\n"
             "    local ok, err = pcall(wegwijzer.markdown, wide, 20)\n"
             "    return wegwijzer.warn(err)\n"
             "  end\n"
             "  -- Only on a.md's second paragraph: on the home page's, run by the other\n"
             "  -- worker, the plugin could fail first and be skipped before a.md.\n"
             "  if wegwijzer.text(p) ~= 'Twee.' then return end\n"
             "  for i = 1, 100 do wegwijzer.markdown(tabel) done = i end\n"
             "end }");
    CHECK_FALSE(s.Build());
    std::string m = s.Messages();
    INFO(m);
    CHECK(Has(m,
              "content/a.md:4: warning: plugin 'md': wegwijzer.markdown: line 20: a table with "
              "101 columns; tables may have at most 100 columns"));
    CHECK(Has(m,
              "plugins/md.lua:14: error: plugin 'md' failed in Paragraph hook for content/a.md:6: ran too long: "
              "more than 1 million instructions in one call"));
  }

  TEST_CASE("warn and fail name the page and the line") {
    Site s;
    s.Page("a.md", "A", "Een.\n\n```check\nx\n```\n");
    s.Plugin("w",
             "return {\n"
             "  Paragraph = function(p) wegwijzer.warn('let op: ' .. wegwijzer.text(p)) end,\n"
             "  directives = { check = function(node) wegwijzer.fail('kapot blok') end },\n"
             "  setup = function() wegwijzer.warn('in setup', 3) end,\n"
             "}");
    CHECK_FALSE(s.Build());
    std::string m = s.Messages();
    CHECK(Has(m, "content/a.md:4: warning: plugin 'w': let op: Een.\n"));
    CHECK(Has(m, "content/a.md:6: error: plugin 'w': kapot blok\n"));
    CHECK(Has(m, "plugins/w.lua:3: warning: plugin 'w': in setup\n"));
    CHECK(s.diags_->ErrorCount() == 1);  // fail is reported once, not again as a Lua error
  }

}  // TEST_SUITE
