// The form plugin (plugins/form.lua) through the whole build: a small site in
// a temp folder, built with ww::Build and the project's own plugins/, and the
// form definition it writes into the page read back as JSON. Checks item
// extraction, ids that survive edits elsewhere, groups and parts, advice from
// front matter, and the messages for mistakes in a form page.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "build.h"
#include "diagnostics.h"
#include "disk.h"
#include "site/data_format.h"
#include "value.h"

namespace fs = std::filesystem;
using namespace ww;

namespace {

// A site in a fresh temp folder with a minimal theme; removed afterwards.
struct FormSite {
  fs::path dir;
  RealDisk disk;
  std::unique_ptr<Diagnostics> diags = std::make_unique<Diagnostics>();
  BuildResult result;

  FormSite() {
    std::string tmpl = (fs::temp_directory_path() / "ww-form-test-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    dir = tmpl;
    Write("site.toml", "title = \"Proef\"\nlanguage = \"nl\"\n[theme]\nname = \"mini\"\n[print]\nenabled = false\n");
    const char* page =
        "<title>{{page.title}}</title>\n"
        "{{#page.styles}}<link rel=\"stylesheet\" href=\"{{href}}\">{{/page.styles}}\n"
        "{{#page.scripts}}<script src=\"{{src}}\"></script>{{/page.scripts}}\n"
        "<main>{{{page.content}}}</main>\n";
    Write("themes/mini/templates/page.mustache", page);
    Write("themes/mini/templates/section.mustache", page);
    Write("themes/mini/templates/home.mustache", page);
    Write("themes/mini/i18n/nl.toml", "nav_all_pages = \"Alle pagina's\"\n");
    // The scripts and styles the form plugin asks for: a page loads only files the site publishes.
    for (const auto& e : fs::directory_iterator(fs::path(WW_SOURCE_DIR) / "themes/default/assets"))
      if (e.path().filename().string().starts_with("forms"))
        Write("themes/mini/assets/" + e.path().filename().string(), "");
    Write("content/_index.md", "---\ntitle: \"Start\"\n---\nWelkom.\n");
    Write("content/over/_index.md", "---\ntitle: \"Over\"\n---\nOver.\n");
    Write("content/over/privacy.md", "---\ntitle: \"Privacy\"\n---\nPrivacy.\n");
  }
  ~FormSite() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  void Write(const std::string& rel, const std::string& text) {
    fs::path p = dir / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }

  bool Build() {
    diags = std::make_unique<Diagnostics>();
    BuildOptions o;
    o.site_dir = dir.string();
    o.out_dir = (dir / "out").string();
    o.builtin_plugins_dir = std::string(WW_SOURCE_DIR) + "/plugins";
    o.jobs = 1;
    o.use_git_dates = false;
    result = ww::Build(o, disk, diags.get());
    return result.ok;
  }

  std::string Read(const std::string& rel) const {
    std::ifstream in(dir / "out" / rel, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  std::string Messages() const {
    std::string out;
    for (const Diagnostic& d : diags->Sorted()) out += d.Format() + "\n";
    return out;
  }

  bool HasMessage(const std::string& needle) const {
    for (const Diagnostic& d : diags->Sorted())
      if (d.message.find(needle) != std::string::npos) return true;
    return false;
  }

  // The form definition the plugin put in the page.
  Value Definition(const std::string& rel, const std::string& form_id) const {
    std::string html = Read(rel);
    std::string open = "<script type=\"application/json\" id=\"ww-" + form_id + "-def\">";
    size_t a = html.find(open);
    REQUIRE_MESSAGE(a != std::string::npos, "no definition in " << rel);
    a += open.size();
    size_t b = html.find("</script>", a);
    REQUIRE(b != std::string::npos);
    Diagnostics scratch;
    auto v = ParseData(html.substr(a, b - a), DataFormat::kJson, rel, 0, &scratch);
    REQUIRE(v.has_value());
    return *v;
  }
};

std::string Str(const Value& v, const char* key) {
  const Value* f = v.Get(key);
  return f && f->is_string() ? f->as_string() : std::string();
}

std::vector<Value> Items(const Value& def, bool scored_only = true) {
  std::vector<Value> out;
  const Value* items = def.Get("items");
  if (!items || !items->is_array()) return out;
  for (const Value& it : items->as_array()) {
    const Value* h = it.Get("heading");
    if (scored_only && h && h->is_bool() && h->as_bool()) continue;
    out.push_back(it);
  }
  return out;
}

// item text → id
std::map<std::string, std::string> IdsByText(const Value& def) {
  std::map<std::string, std::string> out;
  for (const Value& it : Items(def, false)) out[Str(it, "text")] = Str(it, "id");
  return out;
}

const char* kScaleFront =
    "---\n"
    "title: \"Zelfevaluatie\"\n"
    "form:\n"
    "  id: proef\n"
    "  type: scale\n"
    "  scale: [Onvoldoende, Matig, Voldoende, Goed]\n"
    "  group_level: 2\n"
    "  reflection: true\n"
    "  name_field: Naam\n"
    "---\n";

const char* kScaleBody =
    "Inleiding met een [link](../over/privacy.md).\n"
    "\n"
    "- Een lijst voor de eerste groep is gewone tekst.\n"
    "\n"
    "## 1. Verzamelen\n"
    "\n"
    "- Ik observeer leerlingen.\n"
    "- Ik voer gesprekken met *ouders* en kinderen.\n"
    "\n"
    "## 2. Signaleren\n"
    "\n"
    "Tekst tussen kop en lijst blijft tekst.\n"
    "\n"
    "- Op basis van gegevens organiseer ik bijeenkomsten met als doel:\n"
    "  - doelen vast te stellen;\n"
    "  - de leerlijn te kennen.\n"
    "- Ik ken de [privacyregels](../over/privacy.md).\n"
    "\n"
    "## Kracht & kans\n"
    "\n"
    "**Kracht.** Beschrijf je sterke kanten.\n"
    "\n"
    "**Kans.** Beschrijf maximaal drie ontwikkelpunten.\n"
    "\n"
    "## Leervraag intervisie\n"
    "\n"
    "Kies er één.\n";

}  // namespace

TEST_CASE("form plugin: items, groups, sub-items and the page's controls") {
  FormSite s;
  s.Write("content/rol/_index.md", "---\ntitle: \"Rol\"\n---\nRol.\n");
  s.Write("content/rol/zelf.md", std::string(kScaleFront) + kScaleBody);
  REQUIRE_MESSAGE(s.Build(), s.Messages());

  Value def = s.Definition("rol/zelf.html", "proef");
  CHECK(Str(def, "id") == "proef");
  CHECK(Str(def, "type") == "scale");
  CHECK(Str(def, "title") == "Zelfevaluatie");
  CHECK(Str(def, "name_field") == "Naam");
  CHECK(Str(def, "privacy_url") == "../over/privacy.html");

  const Value* groups = def.Get("groups");
  REQUIRE(groups);
  REQUIRE(groups->as_array().size() == 2);  // not the list before the groups, not Kracht & kans
  CHECK(Str(groups->as_array()[0], "id") == "1");
  CHECK(Str(groups->as_array()[0], "label") == "1");
  CHECK(Str(groups->as_array()[1], "title") == "2. Signaleren");
  CHECK(Str(groups->as_array()[1], "anchor") == "kop-2-signaleren");  // the heading's id

  std::vector<Value> all = Items(def, false);
  std::vector<Value> scored = Items(def);
  CHECK(all.size() == 6);     // 2 + heading item + 2 sub-items + 1
  CHECK(scored.size() == 5);  // the heading item is not scored
  CHECK(Str(scored[1], "text") == "Ik voer gesprekken met ouders en kinderen.");
  CHECK(Str(scored[0], "group") == "1");
  CHECK(Str(scored[2], "group") == "2");
  CHECK(Str(scored[2], "text") == "doelen vast te stellen;");
  CHECK(Str(scored[2], "parent") == Str(all[2], "id"));
  for (const Value& it : scored) CHECK(Str(it, "id").rfind(Str(it, "group") + "-", 0) == 0);

  std::string html = s.Read("rol/zelf.html");
  // The document is all there: intro list, texts between, headings with anchors.
  CHECK(html.find("<li>Een lijst voor de eerste groep is gewone tekst.</li>") != std::string::npos);
  CHECK(html.find("<p>Tekst tussen kop en lijst blijft tekst.</p>") != std::string::npos);
  CHECK(html.find("<h2 id=\"kracht-kans\">") != std::string::npos);
  // Each item is a fieldset whose legend is the item's own text (emphasis kept),
  // with one radio per scale value.
  std::string first = "ww-proef-" + Str(scored[1], "id");
  CHECK(html.find("<li class=\"ww-item\" id=\"" + first + "\"") != std::string::npos);
  CHECK(html.find("<em>ouders</em>") != std::string::npos);
  for (int v = 1; v <= 4; ++v) CHECK(html.find("id=\"" + first + "-" + std::to_string(v) + "\"") != std::string::npos);
  CHECK(html.find("<span class=\"rating__label\">Voldoende</span>") != std::string::npos);
  // Links inside items are still rewritten to .html (they stay nodes).
  CHECK(html.find("<a href=\"../over/privacy.html\">privacyregels</a>") != std::string::npos);
  CHECK(html.find("privacy.md") == std::string::npos);
  // Sub-items are described by their heading item.
  CHECK(html.find("aria-describedby=\"ww-proef-" + Str(all[2], "id") + "-lead\"") != std::string::npos);
  // Reflection fields under their prompts, the name field, the panel, the assets.
  size_t kracht_p = html.find("<strong>Kracht.</strong>");
  size_t kracht_f = html.find("id=\"ww-proef-kracht\"");
  size_t kans_p = html.find("<strong>Kans.</strong>");
  size_t kans_f = html.find("id=\"ww-proef-kans-1-item\"");
  size_t leer_h = html.find("id=\"leervraag-intervisie\"");
  size_t leer_f = html.find("id=\"ww-proef-leervraag\"");
  CHECK(kracht_p < kracht_f);
  CHECK(kracht_f < kans_p);
  CHECK(kans_p < kans_f);
  CHECK(kans_f < leer_h);
  CHECK(leer_h < leer_f);
  CHECK(html.find("id=\"ww-proef-name\"") != std::string::npos);
  CHECK(html.find("data-ww-form=\"proef\"") != std::string::npos);
  CHECK(html.find("<script src=\"../assets/forms.js\"></script>") != std::string::npos);
  CHECK(html.find("<link rel=\"stylesheet\" href=\"../assets/forms.css\">") != std::string::npos);
  // No inline script or handler: the only <script> without src is the JSON definition.
  CHECK(html.find(" onclick=") == std::string::npos);
  CHECK(html.find("onchange=") == std::string::npos);
}

TEST_CASE("form plugin: item ids follow the text, not the position") {
  FormSite s;
  s.Write("content/rol/_index.md", "---\ntitle: \"Rol\"\n---\nRol.\n");
  s.Write("content/rol/zelf.md", std::string(kScaleFront) + kScaleBody);
  REQUIRE_MESSAGE(s.Build(), s.Messages());
  auto before = IdsByText(s.Definition("rol/zelf.html", "proef"));
  REQUIRE(before.size() == 6);

  // Edits elsewhere: new intro text, a new item first in group 1, a new
  // group 3, items in group 2 swapped, an item re-wrapped and its comma and
  // full stop changed, and the emphasis removed.
  std::string body =
      "Een nieuwe inleiding.\n"
      "\n"
      "## 1. Verzamelen\n"
      "\n"
      "- Een nieuw item bovenaan.\n"
      "- Ik observeer leerlingen.\n"
      "- Ik voer gesprekken met ouders\n"
      "  en kinderen\n"
      "\n"
      "## 2. Signaleren\n"
      "\n"
      "- Ik ken de [privacyregels](../over/privacy.md).\n"
      "- Op basis van gegevens organiseer ik bijeenkomsten, met als doel:\n"
      "  - de leerlijn te kennen.\n"
      "  - doelen vast te stellen;\n"
      "\n"
      "## 3. Nieuw\n"
      "\n"
      "- Nog een item.\n";
  s.Write("content/rol/zelf.md", std::string(kScaleFront) + body);
  REQUIRE_MESSAGE(s.Build(), s.Messages());
  auto after = IdsByText(s.Definition("rol/zelf.html", "proef"));
  CHECK(after["Ik observeer leerlingen."] == before["Ik observeer leerlingen."]);
  CHECK(after["Ik voer gesprekken met ouders en kinderen"] == before["Ik voer gesprekken met ouders en kinderen."]);
  CHECK(after["Ik ken de privacyregels."] == before["Ik ken de privacyregels."]);
  CHECK(after["doelen vast te stellen;"] == before["doelen vast te stellen;"]);
  CHECK(after["de leerlijn te kennen."] == before["de leerlijn te kennen."]);
  CHECK(after["Op basis van gegevens organiseer ik bijeenkomsten, met als doel:"] ==
        before["Op basis van gegevens organiseer ik bijeenkomsten met als doel:"]);
  // New items get new ids; every id is unique.
  std::set<std::string> ids;
  for (const auto& [text, id] : after) ids.insert(id);
  CHECK(ids.size() == after.size());
  CHECK(after["Nog een item."].rfind("3-", 0) == 0);

  // The same build twice gives the same ids (no dependence on order or time).
  REQUIRE(s.Build());
  CHECK(IdsByText(s.Definition("rol/zelf.html", "proef")) == after);
}

TEST_CASE("form plugin: the same text in two groups gets two ids") {
  FormSite s;
  s.Write("content/ib.md", std::string(kScaleFront) +
                               "## Cluster 1 — Coördineren\n\n- Goede communicatieve vaardigheden.\n\n"
                               "## Cluster 2 — Begeleiden\n\n- Goede communicatieve vaardigheden.\n");
  REQUIRE_MESSAGE(s.Build(), s.Messages());
  std::vector<Value> items = Items(s.Definition("ib.html", "proef"));
  REQUIRE(items.size() == 2);
  CHECK(Str(items[0], "id").rfind("cluster-1-", 0) == 0);
  CHECK(Str(items[1], "id").rfind("cluster-2-", 0) == 0);
  CHECK(Str(items[0], "id").substr(10) == Str(items[1], "id").substr(10));  // same text, same hash
}

TEST_CASE("form plugin: parts above the groups, numbering kept, checklist with notes") {
  FormSite s;
  s.Write("content/kaart.md",
          "---\n"
          "title: \"Kaart\"\n"
          "form:\n"
          "  id: kaart\n"
          "  type: scale\n"
          "  scale: [Nog niet, Deels, Grotendeels, Volledig]\n"
          "  group_level: 3\n"
          "  note: true\n"
          "  action: true\n"
          "---\n"
          "Uitleg.\n\n"
          "## A. In de groep\n\n"
          "### A.1 Volgen\n\n1. Eerste.\n2. Tweede. \\*\n\n"
          "```callout type=info title=\"Noot\"\nEen noot.\n```\n\n"
          "### A.2 Signaleren\n\n3. Derde.\n\n"
          "## B. In de school\n\n"
          "### B.1 Leerlijnen\n\n1. Eerste in B.\n\n"
          "## Colofon\n\nGemaakt door iemand.\n\n- geen item\n");
  s.Write("content/check.md",
          "---\n"
          "title: \"Checklist\"\n"
          "form:\n"
          "  id: check\n"
          "  type: checklist\n"
          "  note: true\n"
          "  moments: [Start, Na drie maanden]\n"
          "---\n"
          "## 1. Toegang\n\n- Systemen\n- Dossiers\n\n## 2. Rollen\n\n- Taken\n");
  REQUIRE_MESSAGE(s.Build(), s.Messages());

  Value def = s.Definition("kaart.html", "kaart");
  const Value* parts = def.Get("parts");
  REQUIRE(parts);
  REQUIRE(parts->as_array().size() == 2);  // A and B; Colofon has no groups
  CHECK(Str(parts->as_array()[0], "label") == "A");
  CHECK(Str(parts->as_array()[1], "title") == "B. In de school");
  const Value* groups = def.Get("groups");
  REQUIRE(groups->as_array().size() == 3);
  CHECK(Str(groups->as_array()[0], "id") == "a-1");
  CHECK(Str(groups->as_array()[0], "part") == "a");
  CHECK(Str(groups->as_array()[2], "part") == "b");
  std::vector<Value> items = Items(def);
  REQUIRE(items.size() == 4);
  CHECK(Str(items[1], "number") == "2");
  CHECK(Str(items[2], "number") == "3");
  CHECK(Str(items[3], "number") == "1");  // B starts again at 1, as the source does
  std::string html = s.Read("kaart.html");
  CHECK(html.find("<ol class=\"ww-items rating-group\" start=\"3\">") != std::string::npos);
  CHECK(html.find("<li>geen item</li>") != std::string::npos);  // the colophon's list stays text
  CHECK(html.find("data-ww-field=\"action\"") != std::string::npos);
  CHECK(html.find("data-ww-field=\"note\"") != std::string::npos);

  Value check = s.Definition("check.html", "check");
  CHECK(Str(check, "type") == "checklist");
  CHECK(Items(check).size() == 3);
  const Value* moments = check.Get("moments");
  REQUIRE(moments);
  REQUIRE(moments->as_array().size() == 2);
  CHECK(Str(moments->as_array()[1], "id") == "na-drie-maanden");
  CHECK(Str(moments->as_array()[1], "label") == "Na drie maanden");
  std::string ch = s.Read("check.html");
  CHECK(ch.find("type=\"checkbox\"") != std::string::npos);
  CHECK(ch.find("type=\"radio\"") == std::string::npos);
}

TEST_CASE("form plugin: advice thresholds come from the front matter") {
  FormSite s;
  s.Write("content/traject/_index.md", "---\ntitle: \"Traject\"\n---\nT.\n");
  s.Write("content/traject/calc.md", "---\ntitle: \"Calculator\"\n---\nRekenen.\n");
  s.Write("content/traject/trajecten.toml",
          "[[trajectories]]\nid = \"licht\"\nlabel = \"Licht traject\"\n"
          "[[trajectories]]\nid = \"zwaar\"\nlabel = \"Zwaar traject\"\n");
  auto page = [](const std::string& rules) {
    return "---\n"
           "title: \"Indicatoren\"\n"
           "form:\n"
           "  id: ind\n"
           "  type: scale\n"
           "  scale: [\"1 — Niet\", \"2\", \"3\", \"4\", \"5 — Wel\"]\n"
           "  advice:\n"
           "    basis: average\n"
           "    data: traject/trajecten\n"
           "    link: \"calc.md#traject-{trajectory}\"\n"
           "    rules:\n" +
           rules +
           "    note: \"Indicatief; de school kiest samen met het schoolbestuur.\"\n"
           "---\n"
           "## Indicatoren\n\n1. Sterke directie.\n2. Draagvlak.\n";
  };
  s.Write("content/traject/ind.md", page("      - {min: 3.5, trajectory: licht, text: \"Hoog.\"}\n"
                                         "      - {min: 1, trajectory: zwaar, text: \"Laag.\"}\n"));
  REQUIRE_MESSAGE(s.Build(), s.Messages());
  Value def = s.Definition("traject/ind.html", "ind");
  const Value* advice = def.Get("advice");
  REQUIRE(advice);
  CHECK(Str(*advice, "basis") == "average");
  CHECK(Str(*advice, "note") == "Indicatief; de school kiest samen met het schoolbestuur.");
  const Value* rules = advice->Get("rules");
  REQUIRE(rules);
  REQUIRE(rules->as_array().size() == 2);
  const Value& r0 = rules->as_array()[0];
  CHECK(r0.Get("min")->as_double() == doctest::Approx(3.5));
  CHECK(Str(r0, "trajectory") == "licht");
  CHECK(Str(r0, "label") == "Licht traject");
  CHECK(Str(r0, "url") == "calc.html#traject-licht");
  CHECK(Str(r0, "text") == "Hoog.");
  CHECK(rules->as_array()[1].Get("min")->as_double() == doctest::Approx(1.0));
  // The scale's labels: "1 — Niet" shows as 1 with the word Niet.
  std::string html = s.Read("traject/ind.html");
  CHECK(html.find("<span class=\"rating__value\">1</span> <span class=\"rating__label\">Niet</span>") !=
        std::string::npos);
  CHECK(html.find("<span class=\"rating__value\">3</span></span>") != std::string::npos);

  SUBCASE("rules out of order are an error") {
    s.Write("content/traject/ind.md", page("      - {min: 1, trajectory: zwaar, text: \"Laag.\"}\n"
                                           "      - {min: 3.5, trajectory: licht, text: \"Hoog.\"}\n"));
    CHECK_FALSE(s.Build());
    CHECK(s.HasMessage("from the highest `min` to the lowest"));
  }
  SUBCASE("an unknown trajectory is an error") {
    s.Write("content/traject/ind.md", page("      - {min: 1, trajectory: middel, text: \"Laag.\"}\n"));
    CHECK_FALSE(s.Build());
    CHECK(s.HasMessage("`middel` is not an id in traject/trajecten"));
  }
  SUBCASE("a threshold outside the scale is an error") {
    s.Write("content/traject/ind.md", page("      - {min: 7, trajectory: licht, text: \"Hoog.\"}\n"));
    CHECK_FALSE(s.Build());
    CHECK(s.HasMessage("outside the scale 1–5"));
  }
}

TEST_CASE("form plugin: mistakes in a form page are reported, with what to do") {
  FormSite s;
  auto form = [](const std::string& keys, const std::string& body) {
    return "---\ntitle: \"F\"\nform:\n" + keys + "---\n" + body;
  };
  const std::string ok_body = "## 1. Een\n\n- Item.\n";

  SUBCASE("no id") {
    s.Write("content/f.md", form("  type: checklist\n", ok_body));
    CHECK_FALSE(s.Build());
    CHECK(s.HasMessage("form.id must be lowercase letters"));
  }
  SUBCASE("unknown type") {
    s.Write("content/f.md", form("  id: f\n  type: quiz\n", ok_body));
    CHECK_FALSE(s.Build());
    CHECK(s.HasMessage("form.type must be `scale` or `checklist`"));
  }
  SUBCASE("a scale without labels") {
    s.Write("content/f.md", form("  id: f\n  type: scale\n", ok_body));
    CHECK_FALSE(s.Build());
    CHECK(s.HasMessage("needs `scale:`"));
  }
  SUBCASE("no items under headings of the group level") {
    s.Write("content/f.md", form("  id: f\n  type: checklist\n  group_level: 3\n", ok_body));
    CHECK_FALSE(s.Build());
    CHECK(s.HasMessage("this form has no items"));
  }
  SUBCASE("the same item twice in one group") {
    s.Write("content/f.md", form("  id: f\n  type: checklist\n", "## 1. Een\n\n- Item.\n- item\n"));
    CHECK_FALSE(s.Build());
    CHECK(s.HasMessage("appears twice"));
  }
  SUBCASE("two pages with the same form id") {
    s.Write("content/f.md", form("  id: f\n  type: checklist\n", ok_body));
    s.Write("content/g.md", form("  id: f\n  type: checklist\n", ok_body));
    CHECK_FALSE(s.Build());
    CHECK(s.HasMessage("form id \"f\" is also used by"));
  }
  SUBCASE("an unknown key is a warning, not an error") {
    s.Write("content/f.md", form("  id: f\n  type: checklist\n  colour: blue\n", ok_body));
    CHECK(s.Build());
    CHECK(s.HasMessage("unknown key form.colour"));
  }
}

TEST_CASE("form plugin: the definition cannot end its own script element") {
  FormSite s;
  s.Write("content/f.md",
          "---\ntitle: \"F </script>\"\nform:\n  id: f\n  type: checklist\n---\n"
          "## 1. Een\n\n- Typ `</script><img src=x>` nooit in een item.\n");
  REQUIRE_MESSAGE(s.Build(), s.Messages());
  std::string html = s.Read("f.html");
  size_t a = html.find("id=\"ww-f-def\">");
  REQUIRE(a != std::string::npos);
  size_t b = html.find("</script>", a);
  std::string json = html.substr(a, b - a);
  CHECK(json.find("<") == std::string::npos);
  Value def = s.Definition("f.html", "f");
  CHECK(Str(Items(def)[0], "text") == "Typ </script><img src=x> nooit in een item.");
}

TEST_CASE("form plugin: the published forms scripts and stylesheets are written for single-file forms") {
  FormSite s;
  // The theme's (here: fake) assets, as a form page asks for them.
  const char* scripts[] = {"forms-store",   "forms-dom",      "forms-definition", "forms-answers",
                           "forms-dialog",  "forms-panel",    "forms-print",      "forms-chart",
                           "forms-results", "forms-transfer", "forms-save",       "forms-actions",
                           "forms-summary", "forms-team",     "forms-single",     "forms"};
  for (const char* name : scripts)
    s.Write(std::string("themes/mini/assets/") + name + ".js",
            std::string("/* ") + name + " */ var x = \"</script>\";\n");
  s.Write("themes/mini/assets/forms.css", ".ww-form { color: red; }\n");
  s.Write("themes/mini/assets/forms-team.css", ".ww-team { color: blue; }\n");
  s.Write("content/deel/f.md", "---\ntitle: \"F\"\nform:\n  id: f\n  type: checklist\n---\n## 1. Een\n\n- Een punt.\n");
  REQUIRE_MESSAGE(s.Build(), s.Messages());
  std::string js = s.Read("assets/forms-sources.js");
  REQUIRE(!js.empty());
  CHECK(js.find("window.Wegwijzer.formSources = ") != std::string::npos);
  // Every forms script but the one that makes single files, in the page's order.
  size_t last = 0;
  for (const char* name : scripts) {
    size_t at = js.find(std::string("\"path\":\"assets/") + name + ".js\"");
    if (std::string(name) == "forms-single") {
      CHECK(at == std::string::npos);
      continue;
    }
    REQUIRE_MESSAGE(at != std::string::npos, name);
    CHECK(at > last);
    last = at;
  }
  // The page's stylesheets, resolved from the page's folder (../assets/…).
  CHECK(js.find("\"path\":\"assets/forms.css\"") != std::string::npos);
  CHECK(js.find("\"path\":\"assets/forms-team.css\"") != std::string::npos);
  CHECK(js.find(".ww-team { color: blue; }") != std::string::npos);
  // No text can end the script element that might hold it.
  CHECK(js.find("</script>") == std::string::npos);
}

TEST_CASE("form plugin: the handbook's five forms") {
  // The real content: item counts as docs/content.md lists them.
  struct Expect {
    const char* page;
    const char* id;
    size_t groups, scored;
  };
  const Expect forms[] = {
      {"starten/checklist.html", "startchecklist", 6, 20},
      {"rol/competenties.html", "ib-competenties", 4, 38},
      {"1-zorgroute/c1-competenties.html", "c1-competenties", 6, 30},
      {"1-zorgroute/succesindicatoren.html", "succesindicatoren", 1, 20},
      {"kwaliteitskaart/kaart.html", "kwaliteitskaart-ogw", 13, 66},
  };
  fs::path tmp = fs::temp_directory_path() / ("ww-form-handbook-" + std::to_string(getpid()));
  RealDisk disk;
  Diagnostics diags;
  BuildOptions o;
  o.site_dir = WW_SOURCE_DIR;
  o.out_dir = tmp.string();
  o.builtin_plugins_dir = std::string(WW_SOURCE_DIR) + "/plugins";
  o.use_git_dates = false;
  BuildResult r = ww::Build(o, disk, &diags);
  if (!r.ok) {
    // Other parts of the handbook may be mid-edit; the forms are what is checked here.
    std::string all;
    for (const Diagnostic& d : diags.Sorted()) all += d.Format() + "\n";
    MESSAGE("handbook build failed, skipping: " << all);
    std::error_code ec;
    fs::remove_all(tmp, ec);
    return;
  }
  for (const Expect& e : forms) {
    std::ifstream in(tmp / e.page, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string html = ss.str();
    std::string open = std::string("id=\"ww-") + e.id + "-def\">";
    size_t a = html.find(open);
    REQUIRE_MESSAGE(a != std::string::npos, e.page);
    a += open.size();
    size_t b = html.find("</script>", a);
    Diagnostics scratch;
    auto def = ParseData(html.substr(a, b - a), DataFormat::kJson, e.page, 0, &scratch);
    REQUIRE(def.has_value());
    CHECK_MESSAGE(def->Get("groups")->as_array().size() == e.groups, e.page);
    CHECK_MESSAGE(Items(*def).size() == e.scored, e.page);
  }
  std::error_code ec;
  fs::remove_all(tmp, ec);
}
