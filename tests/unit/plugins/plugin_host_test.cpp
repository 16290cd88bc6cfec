// Tests of the plugin host, end to end: a small site on a MemoryDisk, built
// with ww::Build, with plugins dropped into its plugins/ folder. Also runs
// every example in docs/plugins.md and the built-in callout plugin.
#include "plugins/plugin_host.h"

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "build.h"
#include "disk.h"
#include "site/config.h"
#include "site/content_tree.h"

using namespace ww;

namespace {

std::string ReadSourceFile(const std::string& rel) {
  std::ifstream in(std::string(WW_SOURCE_DIR) + "/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

const char* kTemplate =
    "<title>{{page.title}}</title>\n"
    "{{#page.scripts}}<script src=\"{{src}}\"></script>\n{{/page.scripts}}"
    "{{#page.styles}}<link rel=\"stylesheet\" href=\"{{href}}\">\n{{/page.styles}}"
    "{{#page.tags}}<tag>{{name}}</tag>\n{{/page.tags}}"
    "<main>\n{{{page.content}}}</main>\n";

// A site in memory: site/ holds site.toml, content/, plugins/ and a tiny
// theme; builtin/ plays the project's own plugins folder.
struct Site {
  MemoryDisk disk;
  std::unique_ptr<Diagnostics> diags_ = std::make_unique<Diagnostics>();
  BuildResult result;
  std::string extra_toml;

  Site() {
    for (const char* kind : {"home", "section", "page"})
      Add(std::string("themes/mini/templates/") + kind + ".mustache", kTemplate);
    Add("themes/mini/i18n/nl.toml", "");
    Page("_index.md", "Home", "Welkom.\n");
  }
  void Add(const std::string& rel, const std::string& text) { disk.files["site/" + rel] = text; }
  void Builtin(const std::string& name, const std::string& source) { disk.files["builtin/" + name + ".lua"] = source; }
  void Plugin(const std::string& name, const std::string& source) { Add("plugins/" + name + ".lua", source); }
  void Page(const std::string& rel, const std::string& title, const std::string& body, const std::string& fm = "") {
    Add("content/" + rel, "---\ntitle: \"" + title + "\"\n" + fm + "---\n" + body);
  }

  bool Build(int jobs = 2) {
    disk.files["site/site.toml"] = "title = \"Test\"\n" + extra_toml + "\n[theme]\nname = \"mini\"\n";
    diags_ = std::make_unique<Diagnostics>();
    BuildOptions opt;
    opt.site_dir = "site";
    opt.out_dir = "out";
    opt.builtin_plugins_dir = "builtin";
    opt.jobs = jobs;
    result = ww::Build(opt, disk, diags_.get());
    return result.ok;
  }
  std::string Out(const std::string& rel) {
    auto it = disk.files.find("out/" + rel);
    return it == disk.files.end() ? std::string("<missing>") : it->second;
  }
  // The content of <main> in an output page.
  std::string Main(const std::string& rel) {
    std::string html = Out(rel);
    size_t a = html.find("<main>\n"), b = html.find("</main>");
    return a == std::string::npos || b == std::string::npos ? html : html.substr(a + 7, b - a - 7);
  }
  std::string Messages() const {
    std::string out;
    for (const Diagnostic& d : diags_->Sorted()) out += d.Format() + "\n";
    return out;
  }
};

}  // namespace

// Builds the site; on failure the test stops and shows the messages.
void Builds(Site& site, int jobs = 2) {
  bool built = site.Build(jobs);
  INFO(site.Messages());
  REQUIRE(built);
}

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

  TEST_CASE("node hooks: nil keeps, a node replaces, a list splices, {} deletes") {
    Site s;
    s.Page("a.md", "A", "## Kop\n\nHoud *dit*.\n\nVervang dit.\n\nSplits dit.\n\nWeg hiermee.\n\n---\n");
    s.Plugin("p",
             "return {\n"
             "  Paragraph = function(p)\n"
             "    local text = wegwijzer.text(p)\n"
             "    if text:find('^Houd') then return nil end\n"
             "    if text:find('^Vervang') then return { type = 'Paragraph', children = { 'Vervangen.' } } end\n"
             "    if text:find('^Splits') then\n"
             "      return { { type = 'Paragraph', children = { 'Een.' } }, { type = 'Paragraph', children = { 'Twee.' "
             "} } }\n"
             "    end\n"
             "    if text:find('^Weg') then return {} end\n"
             "  end,\n"
             "  ThematicBreak = function() return {} end,\n"
             "  Heading = function(h) h.level = 3 h.children = { 'Nieuwe kop' } h.id = nil return h end,\n"
             "}");
    Builds(s);
    CHECK(s.Main("a.html") ==
          "<h3 id=\"nieuwe-kop\">Nieuwe kop</h3>\n<p>Houd <em>dit</em>.</p>\n<p>Vervangen.</p>\n<p>Een.</p>\n"
          "<p>Twee.</p>\n");
  }

  TEST_CASE("node hooks run bottom-up and never on their own output") {
    Site s;
    s.Page("a.md", "A", "*a **b***\n");
    s.Plugin("p",
             "local order = {}\n"
             "return {\n"
             "  Emph = function(e) order[#order + 1] = 'Emph' return { type = 'Emph', children = { { type = 'Emph', "
             "children = e.children } } } end,\n"
             "  Strong = function(s) order[#order + 1] = 'Strong' end,\n"
             "  Paragraph = function(p) order[#order + 1] = 'Paragraph'\n"
             "    table.insert(p.children, ' ' .. table.concat(order, '>')) order = {} return p end,\n"
             "}");
    Builds(s, 1);
    CHECK(s.Main("a.html") == "<p><em><em>a <strong>b</strong></em></em> Strong&gt;Emph&gt;Paragraph</p>\n");
  }

  TEST_CASE("a hook that returns something else is an error naming plugin, page and line") {
    Site s;
    s.Page("a.md", "A", "Eerste.\n\nTweede.\n");
    s.Plugin("bad", "return { Paragraph = function(p) return 'html?' end }");
    s.Plugin("worse", "return { Heading = function(h) return { type = 'Kop' } end }");
    s.Page("b.md", "B", "## x\n");
    CHECK_FALSE(s.Build());
    std::string m = s.Messages();
    INFO(m);
    CHECK(Has(m,
              "plugins/bad.lua: error: plugin 'bad': the Paragraph hook for content/a.md:4 must return nothing (keep "
              "the node), a node, a list of nodes, or {} (delete it); it returned text"));
    CHECK(Has(m, "the Heading hook for content/b.md:4 must return"));
    CHECK(Has(m, "a table whose type \"Kop\" is not a node type"));
  }

  TEST_CASE("the Document hook and filter") {
    Site s;
    s.Page("form.md", "Formulier", "Tekst.\n", "form:\n  id: test\n");
    s.Page("plain.md", "Gewoon", "Tekst.\n");
    s.Plugin("forms",
             "return {\n"
             "  filter = 'form',\n"
             "  Document = function(doc, page)\n"
             "    table.insert(doc.children, 1, { type = 'Heading', level = 2, children = { 'Formulier ' .. "
             "page.meta.form.id } })\n"
             "    return doc\n"
             "  end,\n"
             "  Paragraph = function(p) return { type = 'Paragraph', children = { 'gezien' } } end,\n"
             "}");
    s.Plugin("count",
             "return { Document = function(doc) doc.children[#doc.children + 1] = { type = 'Paragraph',\n"
             "  children = { #doc.children .. ' blokken' } } return doc end }");
    Builds(s);
    // Plugins run one after another ("count" before "forms"): each sees what the one before made.
    CHECK(s.Main("form.html") == "<h2 id=\"formulier-test\">Formulier test</h2>\n<p>gezien</p>\n<p>gezien</p>\n");
    CHECK(s.Main("plain.html") == "<p>Tekst.</p>\n<p>1 blokken</p>\n");
  }

  TEST_CASE("directives: HTML, nodes, nothing, {} and nesting") {
    Site s;
    s.Page("a.md", "A",
           "```box kind=\"groot\" flag\nInhoud & meer\n```\n\n"
           "```nodes\nx\n```\n\n"
           "```keep\ncode\n```\n\n"
           "```gone\nx\n```\n\n"
           "```unknown\nblijft code\n```\n\n"
           "> ```box kind=klein\n> in citaat\n> ```\n\n"
           "```outer\n```\n\n"
           "```loop\n```\n");
    s.Plugin(
        "d",
        "return { directives = {\n"
        "  box = function(node, page)\n"
        "    return '<div class=\"' .. node.args.kind .. '\" data-flag=\"' .. tostring(node.args.flag) .. '\">' ..\n"
        "      wegwijzer.escape(node.text) .. '</div>\\n'\n"
        "  end,\n"
        "  nodes = function(node) return { { type = 'Paragraph', children = { 'als ', { type = 'Strong', children = { "
        "'nodes' } } } } } end,\n"
        "  keep = function() return nil end,\n"
        "  gone = function() return {} end,\n"
        "  outer = function() return wegwijzer.markdown('```box kind=binnen\\nnest\\n```\\n') end,\n"
        "  loop = function(node) return { { type = 'CodeBlock', info = 'loop', text = '' } } end,\n"
        "} }");
    CHECK_FALSE(s.Build());
    CHECK(s.Main("a.html") == "<missing>");
    CHECK(Has(s.Messages(), "content/a.md:31: error: directive 'loop' is nested more than 8 deep"));
    s.Page("a.md", "A",
           "```box kind=\"groot\" flag\nInhoud & meer\n```\n\n"
           "```nodes\nx\n```\n\n"
           "```keep\ncode\n```\n\n"
           "```gone\nx\n```\n\n"
           "```unknown\nblijft code\n```\n\n"
           "> ```box kind=klein\n> in citaat\n> ```\n\n"
           "```outer\n```\n");
    Builds(s);
    std::string main = s.Main("a.html");
    CHECK(Has(main, "<div class=\"groot\" data-flag=\"true\">Inhoud &amp; meer\n</div>\n"));
    CHECK(Has(main, "<p>als <strong>nodes</strong></p>\n"));
    CHECK(Has(main, "<pre><code class=\"language-keep\">code\n</code></pre>"));
    CHECK_FALSE(Has(main, "gone"));
    CHECK(Has(main, "blijft code"));
    CHECK(Has(main, "<blockquote>\n<div class=\"klein\" data-flag=\"nil\">in citaat\n</div>\n</blockquote>"));
    CHECK(Has(main, "<div class=\"binnen\" data-flag=\"nil\">nest\n</div>"));
  }

  TEST_CASE("template helpers") {
    Site s;
    for (const char* kind : {"home", "section", "page"})
      s.Add(
          std::string("themes/mini/templates/") + kind + ".mustache",
          "<main>\n[{{#helpers.shout}}hallo & zo{{/helpers.shout}}] [{{#helpers.where}}x{{/helpers.where}}]</main>\n");
    s.Plugin("h",
             "return { helpers = {\n"
             "  shout = function(text) return wegwijzer.escape(text:upper()) .. '!' end,\n"
             "  where = function(text, page) return page.path end,\n"
             "} }");
    s.Page("a.md", "A", "x\n");
    Builds(s);
    CHECK(s.Main("a.html") == "[HALLO &amp; ZO!] [a.md]");
    CHECK(s.Main("index.html") == "[HALLO &amp; ZO!] [_index.md]");
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

  TEST_CASE("the wegwijzer API") {
    Site s;
    s.Page("rol/_index.md", "Rol", "x\n");
    s.Page("rol/functie.md", "Functie", "Tekst.\n", "zeta: 1\n");
    s.Add("content/rol/data.toml", "naam = \"IB'er\"\n[[items]]\nx = 1\n");
    s.Add("content/img/logo.png", "PNG");
    s.Add("notes/extra.txt", "extra tekst");
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
