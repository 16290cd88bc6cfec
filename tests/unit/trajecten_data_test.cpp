// The trajectory data file (content/1-zorgroute/trajecten.toml) against the
// source: seed 002, "1-Zorgroute: informatie over de implementatietrajecten op
// schoolniveau" (CED-Groep, 2008). Every count and duration below was copied by
// hand from the seed's activity lists and its table "SAMENVATTING VAN DE
// TRAJECTEN", and every total was worked out by hand; none is derived from the
// data file. The calculator (plugins/trajectcalculator.lua and
// themes/default/assets/calculator.js) computes with the same rules as Hours().
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "diagnostics.h"
#include "site/data_format.h"
#include "value.h"

namespace {

const char* kPath = WW_SOURCE_DIR "/content/1-zorgroute/trajecten.toml";

const ww::Value& Data() {
  static const ww::Value data = [] {
    std::ifstream in(kPath, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open ", kPath);
    std::stringstream ss;
    ss << in.rdbuf();
    ww::Diagnostics diags;
    std::optional<ww::Value> v = ww::ParseData(ss.str(), ww::DataFormat::kToml, kPath, 0, &diags);
    for (const ww::Diagnostic& d : diags.Sorted()) MESSAGE(d.Format());
    REQUIRE(v.has_value());
    REQUIRE_FALSE(diags.HasErrors());
    return *v;
  }();
  return data;
}

const ww::Value& List(const ww::Value& v, const char* key) {
  const ww::Value* l = v.Get(key);
  REQUIRE_MESSAGE(l != nullptr, "missing ", key);
  REQUIRE_MESSAGE(l->is_array(), key, " is not a list");
  return *l;
}

std::vector<std::string> Ids(const ww::Value& list) {
  std::vector<std::string> ids;
  for (const ww::Value& e : list.as_array()) ids.push_back(e.GetString("id"));
  return ids;
}

const ww::Value& Trajectory(const std::string& id) {
  for (const ww::Value& t : List(Data(), "trajectories").as_array())
    if (t.GetString("id") == id) return t;
  FAIL("no trajectory ", id);
  throw 0;
}

double Num(const ww::Value& v, const char* key) {
  const ww::Value* n = v.Get(key);
  return n && n->is_number() ? n->as_double() : -1;
}

// One row of an activity list: count × hours, optionally per group, per teacher
// or per started group of `group_size` teachers.
struct Row {
  double count;
  double hours;
  std::string per;  // "", "groep", "leerkracht", "leerkrachtgroep"
  int group_size;
  bool operator<(const Row& o) const {
    return std::tie(count, hours, per, group_size) < std::tie(o.count, o.hours, o.per, o.group_size);
  }
  bool operator==(const Row& o) const {
    return std::tie(count, hours, per, group_size) == std::tie(o.count, o.hours, o.per, o.group_size);
  }
};

std::string Show(const std::vector<Row>& rows) {
  std::string s;
  for (const Row& r : rows) {
    std::ostringstream o;
    o << r.count << " x " << r.hours << " uur";
    if (!r.per.empty()) o << " per " << r.per;
    if (r.group_size) o << " (max " << r.group_size << ")";
    s += (s.empty() ? "" : ", ") + o.str();
  }
  return s.empty() ? "-" : s;
}

// The metered rows of one trajectory, year and activity type, sorted.
std::vector<Row> Rows(const std::string& traj, const std::string& year, const std::string& type) {
  std::vector<Row> rows;
  for (const ww::Value& a : List(Trajectory(traj), "activities").as_array()) {
    if (a.GetString("year") != year || a.GetString("type") != type || a.GetBool("unmetered")) continue;
    rows.push_back({Num(a, "count"), Num(a, "hours"), a.GetString("per"), static_cast<int>(a.GetInt("group_size"))});
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// The hours of one row for a school; the rule the calculator uses.
double RowHours(const ww::Value& a, int groups, int teachers) {
  if (a.GetBool("unmetered")) return 0;
  double h = Num(a, "count") * Num(a, "hours");
  std::string per = a.GetString("per");
  if (per == "groep") return h * groups;
  if (per == "leerkracht") return h * teachers;
  if (per == "leerkrachtgroep") {
    int64_t size = a.GetInt("group_size");
    return h * static_cast<double>((teachers + size - 1) / size);
  }
  return h;
}

// Hours of a trajectory in one year ("" = all years).
double Hours(const std::string& traj, const std::string& year, int groups, int teachers) {
  double total = 0;
  for (const ww::Value& a : List(Trajectory(traj), "activities").as_array())
    if (year.empty() || a.GetString("year") == year) total += RowHours(a, groups, teachers);
  return total;
}

const std::string kY1 = "implementatiejaar", kY2 = "borgingsjaar_1", kY3 = "borgingsjaar_2";
const std::vector<std::string> kTrajectories = {"minimum", "standaard", "intensief"};

}  // namespace

TEST_SUITE("trajecten_data") {
  TEST_CASE("the file parses and has the structure the calculator needs") {
    const ww::Value& d = Data();
    CHECK(d.GetInt("schema_version") == 2);
    CHECK(d.GetString("unit") == "uur");
    CHECK(Ids(List(d, "years")) == std::vector<std::string>{kY1, kY2, kY3});
    CHECK(Ids(List(d, "trajectories")) == kTrajectories);
    // The rows of the summary table, in its order (plus e-mail consultancy from the activity lists).
    CHECK(Ids(List(d, "activity_types")) ==
          std::vector<std::string>{"teambijeenkomst", "stafoverleg", "groepsbespreking", "klassenconsultatie",
                                   "leerlingbespreking", "coaching_ib", "emailconsultancy"});
    CHECK(Ids(List(d, "roles")) == std::vector<std::string>{"school", "begeleider"});

    // Default school size for the static tables, and the input bounds.
    const ww::Value* groups = d.Find("inputs.groups");
    const ww::Value* teachers = d.Find("inputs.teachers");
    REQUIRE(groups);
    REQUIRE(teachers);
    CHECK(groups->GetInt("default") == 8);
    CHECK(groups->GetInt("min") == 1);
    CHECK(groups->GetInt("max") == 60);
    CHECK(teachers->GetInt("default") == 10);
    CHECK(teachers->GetInt("min") == 1);
    CHECK(teachers->GetInt("max") == 120);

    std::set<std::string> years, types, roles;
    for (const ww::Value& y : List(d, "years").as_array()) years.insert(y.GetString("id"));
    for (const ww::Value& t : List(d, "activity_types").as_array()) types.insert(t.GetString("id"));
    for (const ww::Value& r : List(d, "roles").as_array()) roles.insert(r.GetString("id"));
    for (const std::string& id : kTrajectories) {
      CAPTURE(id);
      const ww::Value& t = Trajectory(id);
      CHECK_FALSE(t.GetString("label").empty());
      for (const ww::Value& a : List(t, "activities").as_array()) {
        CAPTURE(a.GetString("label"));
        CHECK(years.count(a.GetString("year")));
        CHECK(types.count(a.GetString("type")));
        CHECK(roles.count(a.GetString("by")));
        CHECK_FALSE(a.GetString("label").empty());
        const std::string per = a.GetString("per");
        CHECK((per.empty() || per == "groep" || per == "leerkracht" || per == "leerkrachtgroep"));
        if (per == "leerkrachtgroep") CHECK(a.GetInt("group_size") > 0);
        CHECK(Num(a, "count") >= 0);
        CHECK(Num(a, "hours") >= 0);
      }
    }
  }

  TEST_CASE("implementatiejaar: every cell of the summary table") {
    // ACTIVITEIT | MINIMUM | STANDAARD | INTENSIEF, copied from the seed.
    struct Cell {
      const char* type;
      std::vector<Row> minimum, standaard, intensief;
    };
    const std::vector<Cell> table = {
        // Teambijeenkomsten: 1 x 8 uur 2 x 2 uur | 1 x 8 uur 3 x 2 uur | 1 x 8 uur 3 x 2 uur
        {"teambijeenkomst",
         {{1, 8, "", 0}, {2, 2, "", 0}},
         {{1, 8, "", 0}, {3, 2, "", 0}},
         {{1, 8, "", 0}, {3, 2, "", 0}}},
        // Stafoverleggen: 3 x 1½ uur | 4 x 1½ uur | 4 x 1½ uur
        {"stafoverleg", {{3, 1.5, "", 0}}, {{4, 1.5, "", 0}}, {{4, 1.5, "", 0}}},
        // Groepsbesprekingen: 1 halve dag (4 x 1 uur) | 1 hele dag (8 x 1 uur) | alle groepen (1 uur per groep)
        {"groepsbespreking", {{4, 1, "", 0}}, {{8, 1, "", 0}}, {{1, 1, "groep", 0}}},
        // Klassenconsultaties: 1 halve dag (4 x 1 uur) | 1 hele dag (8 x 1 uur) | alle leerkrachten (1 uur per lkr.)
        {"klassenconsultatie", {{4, 1, "", 0}}, {{8, 1, "", 0}}, {{1, 1, "leerkracht", 0}}},
        // Effectieve ll.besprekingen: 1 x 1½ uur | 2 x 1½ uur | alle leerkrachten 3 x 1½ uur (max. 12 lkr. per groep)
        {"leerlingbespreking", {{1, 1.5, "", 0}}, {{2, 1.5, "", 0}}, {{3, 1.5, "leerkrachtgroep", 12}}},
        // Coaching IB: 4 x 2 uur | 6 x 2 uur | 8 x 2 uur
        {"coaching_ib", {{4, 2, "", 0}}, {{6, 2, "", 0}}, {{8, 2, "", 0}}},
    };
    for (const Cell& c : table) {
      CAPTURE(c.type);
      CHECK(Show(Rows("minimum", kY1, c.type)) == Show(c.minimum));
      CHECK(Show(Rows("standaard", kY1, c.type)) == Show(c.standaard));
      CHECK(Show(Rows("intensief", kY1, c.type)) == Show(c.intensief));
    }
  }

  TEST_CASE("borgingsjaren: every cell of the summary table") {
    struct Cell {
      const char* year;
      const char* type;
      std::vector<Row> minimum, standaard, intensief;
    };
    const std::vector<Cell> table = {
        // 1e BORGINGSJAAR
        // Teambijeenkomsten: - | 1 x 2 uur | 2 x 2 uur
        {"borgingsjaar_1", "teambijeenkomst", {}, {{1, 2, "", 0}}, {{2, 2, "", 0}}},
        // Stafoverleggen: 1 x 1½ uur | 2 x 1½ uur | 2 x 1½ uur
        {"borgingsjaar_1", "stafoverleg", {{1, 1.5, "", 0}}, {{2, 1.5, "", 0}}, {{2, 1.5, "", 0}}},
        // Coaching IB: 2 x 2 uur | 4 x 2 uur | 6 x 2 uur
        {"borgingsjaar_1", "coaching_ib", {{2, 2, "", 0}}, {{4, 2, "", 0}}, {{6, 2, "", 0}}},
        // 2e BORGINGSJAAR
        // Stafoverleggen: - | - | 1 x 1½ uur
        {"borgingsjaar_2", "stafoverleg", {}, {}, {{1, 1.5, "", 0}}},
        // Coaching IB: - | - | 2 x 2 uur
        {"borgingsjaar_2", "coaching_ib", {}, {}, {{2, 2, "", 0}}},
    };
    for (const Cell& c : table) {
      CAPTURE(c.year);
      CAPTURE(c.type);
      CHECK(Show(Rows("minimum", c.year, c.type)) == Show(c.minimum));
      CHECK(Show(Rows("standaard", c.year, c.type)) == Show(c.standaard));
      CHECK(Show(Rows("intensief", c.year, c.type)) == Show(c.intensief));
    }
  }

  TEST_CASE("no activity beyond the summary table and e-mail consultancy") {
    // Cells the table leaves empty ("-") or does not have: nothing in the data either.
    const std::map<std::string, std::set<std::string>> types_per_year = {
        {kY1,
         {"teambijeenkomst", "stafoverleg", "groepsbespreking", "klassenconsultatie", "leerlingbespreking",
          "coaching_ib", "emailconsultancy"}},
        {kY2, {"teambijeenkomst", "stafoverleg", "coaching_ib"}},
        {kY3, {"stafoverleg", "coaching_ib"}},
    };
    size_t rows = 0;
    for (const std::string& id : kTrajectories) {
      for (const ww::Value& a : List(Trajectory(id), "activities").as_array()) {
        CAPTURE(id);
        CAPTURE(a.GetString("label"));
        auto it = types_per_year.find(a.GetString("year"));
        REQUIRE(it != types_per_year.end());
        CHECK(it->second.count(a.GetString("type")));
        ++rows;
      }
    }
    // minimum 8 + 2, standaard 8 + 3, intensief 8 + 3 + 2 rows (the start meeting and the
    // evaluation meetings are two rows each).
    CHECK(rows == 10 + 11 + 13);
    CHECK(Show(Rows("minimum", kY2, "teambijeenkomst")) == "-");
    CHECK(Show(Rows("minimum", kY3, "stafoverleg")) == "-");
    CHECK(Show(Rows("standaard", kY3, "coaching_ib")) == "-");
  }

  TEST_CASE("activity lists: the start meeting, the evaluation meetings and e-mail consultancy") {
    // "1 startbijeenkomst (8 uur) + 2 x een evaluatiebijeenkomst" (minimum), "+ 3 x" (standaard),
    // "4 teambijeenkomsten (startbijeenkomst á 8 uur + 3 x een evaluatiebijeenkomst á 2 uur)" (intensief).
    const std::map<std::string, int> evaluations = {{"minimum", 2}, {"standaard", 3}, {"intensief", 3}};
    for (const auto& [id, n] : evaluations) {
      CAPTURE(id);
      int start = 0, eval = 0, email = 0;
      for (const ww::Value& a : List(Trajectory(id), "activities").as_array()) {
        const std::string label = a.GetString("label");
        if (label == "Startbijeenkomst") {
          ++start;
          CHECK(a.GetString("year") == kY1);
          CHECK(Num(a, "count") == 1);
          CHECK(Num(a, "hours") == 8);
        }
        if (label.rfind("Evaluatiebijeenkomst", 0) == 0) {
          ++eval;
          CHECK(Num(a, "count") == n);
          CHECK(Num(a, "hours") == 2);
        }
        if (a.GetString("type") == "emailconsultancy") {
          ++email;
          CHECK(a.GetString("year") == kY1);  // "Emailconsultancy" is in the year-1 lists only
          CHECK(a.GetBool("unmetered"));
          CHECK(Num(a, "count") == 0);
          CHECK(Num(a, "hours") == 0);
        }
        if (a.GetString("type") == "leerlingbespreking" && a.GetString("per").empty())
          CHECK(a.GetInt("max_teachers") == 12);  // "maximaal 12 leerkrachten"
      }
      CHECK(start == 1);
      CHECK(eval == 1);
      CHECK(email == 1);
    }
    // "1 halve dag (4 uur)" (minimum) and "1 dag (8 uur)" (standaard) of group discussions and of
    // classroom consultations.
    for (const auto& [id, day, n] : std::vector<std::tuple<std::string, std::string, int>>{
             {"minimum", "(1 halve dag)", 4}, {"standaard", "(1 hele dag)", 8}}) {
      CAPTURE(id);
      int found = 0;
      for (const ww::Value& a : List(Trajectory(id), "activities").as_array()) {
        const std::string type = a.GetString("type");
        if (type != "groepsbespreking" && type != "klassenconsultatie") continue;
        ++found;
        CHECK(a.GetString("label").find(day) != std::string::npos);
        CHECK(RowHours(a, 30, 30) == n);  // fixed, whatever the school size
      }
      CHECK(found == 2);
    }
  }

  TEST_CASE("who does what: the school's and the guide's contribution per trajectory") {
    const std::map<std::string, std::pair<size_t, size_t>> sizes = {
        {"minimum", {6, 5}}, {"standaard", {6, 6}}, {"intensief", {4, 6}}};
    const std::map<std::string, size_t> intended = {{"minimum", 6}, {"standaard", 5}, {"intensief", 5}};
    for (const std::string& id : kTrajectories) {
      CAPTURE(id);
      const ww::Value& t = Trajectory(id);
      CHECK(List(t, "intended_for").as_array().size() == intended.at(id));
      const ww::Value* c = t.Get("contributions");
      REQUIRE(c);
      CHECK(List(*c, "school").as_array().size() == sizes.at(id).first);
      CHECK(List(*c, "begeleider").as_array().size() == sizes.at(id).second);
      for (const char* role : {"school", "begeleider"})
        for (const ww::Value& s : List(*c, role).as_array()) CHECK_FALSE(s.ToText().empty());
    }
    // The zorgplan: minimum "herschrijven zorgplan" by the school; standaard half and half;
    // intensief a small part by the school and the largest part by the guide.
    auto has = [](const std::string& id, const char* role, const std::string& text) {
      for (const ww::Value& s : List(*Trajectory(id).Get("contributions"), role).as_array())
        if (s.ToText() == text) return true;
      return false;
    };
    CHECK(has("minimum", "school", "Herschrijven van het zorgplan"));
    CHECK(has("standaard", "school", "Herschrijven van de helft van het zorgplan"));
    CHECK(has("standaard", "begeleider", "Herschrijven van de helft van het zorgplan"));
    CHECK(has("intensief", "school", "Herschrijven van een klein deel van het zorgplan"));
    CHECK(has("intensief", "begeleider", "Herschrijven van het grootste deel van het zorgplan"));
  }

  TEST_CASE("totals per year: minimum and standaard do not depend on the school size") {
    // Minimum: 8 + 4 + 4½ + 4 + 4 + 1½ + 8 = 34; 1½ + 4 = 5½.
    // Standaard: 8 + 6 + 6 + 8 + 8 + 3 + 12 = 51; 2 + 3 + 8 = 13.
    for (auto [g, l] : std::vector<std::pair<int, int>>{{1, 1}, {4, 5}, {8, 10}, {16, 25}, {24, 30}, {60, 120}}) {
      CAPTURE(g);
      CAPTURE(l);
      CHECK(Hours("minimum", kY1, g, l) == 34);
      CHECK(Hours("minimum", kY2, g, l) == 5.5);
      CHECK(Hours("minimum", kY3, g, l) == 0);
      CHECK(Hours("minimum", "", g, l) == 39.5);
      CHECK(Hours("standaard", kY1, g, l) == 51);
      CHECK(Hours("standaard", kY2, g, l) == 13);
      CHECK(Hours("standaard", kY3, g, l) == 0);
      CHECK(Hours("standaard", "", g, l) == 64);
      // Intensief after the first year: 4 + 3 + 12 = 19; 1½ + 4 = 5½.
      CHECK(Hours("intensief", kY2, g, l) == 19);
      CHECK(Hours("intensief", kY3, g, l) == 5.5);
    }
  }

  TEST_CASE("totals: intensief scales with groups and teachers") {
    // Year 1: 8 + 6 + 6 + 16 = 36 fixed, + 1 hour per group + 1 hour per teacher
    // + 3 × 1½ hours per started group of 12 teachers. Worked out by hand:
    struct Case {
      int groups, teachers;
      double year1, total;
    };
    const std::vector<Case> cases = {
        {4, 5, 49.5, 74},       // 36 + 4 + 5 + 4½ (1 group)
        {8, 10, 58.5, 83},      // 36 + 8 + 10 + 4½; the example in trajectcalculator.md
        {16, 25, 90.5, 115},    // 36 + 16 + 25 + 13½ (3 groups of teachers)
        {24, 30, 103.5, 128},   // 36 + 24 + 30 + 13½ (3 groups)
        {12, 12, 64.5, 89},     // 12 teachers: still 1 group
        {12, 13, 70, 94.5},     // 13 teachers: 2 groups, 9 hours
        {1, 1, 42.5, 67},       // the smallest school the calculator accepts
        {60, 120, 261, 285.5},  // the largest: 36 + 60 + 120 + 45 (10 groups)
    };
    for (const Case& c : cases) {
      CAPTURE(c.groups);
      CAPTURE(c.teachers);
      CHECK(Hours("intensief", kY1, c.groups, c.teachers) == c.year1);
      CHECK(Hours("intensief", "", c.groups, c.teachers) == c.total);
    }
    // Per activity for 8 groups and 10 teachers.
    auto type_hours = [](const std::string& type, int g, int l) {
      double h = 0;
      for (const ww::Value& a : List(Trajectory("intensief"), "activities").as_array())
        if (a.GetString("year") == kY1 && a.GetString("type") == type) h += RowHours(a, g, l);
      return h;
    };
    CHECK(type_hours("teambijeenkomst", 8, 10) == 14);
    CHECK(type_hours("stafoverleg", 8, 10) == 6);
    CHECK(type_hours("groepsbespreking", 8, 10) == 8);
    CHECK(type_hours("klassenconsultatie", 8, 10) == 10);
    CHECK(type_hours("leerlingbespreking", 8, 10) == 4.5);
    CHECK(type_hours("coaching_ib", 8, 10) == 16);
    CHECK(type_hours("leerlingbespreking", 16, 25) == 13.5);
  }

}  // TEST_SUITE
