#include "site/known_keys.h"

#include <doctest/doctest.h>

#include "site/config.h"
#include "site_fixture.h"

using namespace ww;
using ww::testing::FindDiag;

namespace {

std::vector<Diagnostic> Warnings(const std::string& toml) {
  MemoryDisk disk;
  disk.files["site/site.toml"] = toml;
  Diagnostics d;
  LoadConfig(disk, "site", &d);
  return d.Sorted();
}

}  // namespace

TEST_SUITE("known_keys") {
  TEST_CASE("the nearest known name: typos, swapped letters, Dutch words, case") {
    std::vector<std::string_view> known = {"title", "summary", "date", "weight", "tags"};
    CHECK(NearestName("titel", known) == "title");  // two letters swapped: one edit
    CHECK(NearestName("tite", known) == "title");
    CHECK(NearestName("Title", known) == "title");
    CHECK(NearestName("sumary", known) == "summary");
    CHECK(NearestName("datum", known, {{"datum", "date"}}) == "date");
    CHECK(NearestName("stappen", known).empty());
    CHECK(NearestName("competentie", known).empty());
    CHECK(NearestName("tag", known) == "tags");
    CHECK(NearestName("x", known).empty());
  }

  TEST_CASE("front matter: only a near miss of a field Wegwijzer reads is reported") {
    CHECK(FrontMatterSuggestion("titel") == "title");
    CHECK(FrontMatterSuggestion("samenvatting") == "summary");
    CHECK(FrontMatterSuggestion("gewicht") == "weight");
    CHECK(FrontMatterSuggestion("tilte") == "title");
    CHECK(FrontMatterSuggestion("title").empty());
    CHECK(FrontMatterSuggestion("form").empty());
    CHECK(FrontMatterSuggestion("stappen").empty());  // a field of the site's own
    CHECK(FrontMatterSuggestion("competentie").empty());
  }

  TEST_CASE("site.toml: an unknown key and a misspelt table, at their line and column") {
    auto all = Warnings("titel = \"X\"\n[serch]\nenabled = true\n[feed]\nenabeld = false\n[sitemap]\nenabled = true\n");
    const Diagnostic* t = FindDiag(all, "'titel'");
    REQUIRE(t);
    CHECK(t->severity == Severity::kWarning);
    CHECK(t->line == 1);
    CHECK(t->col == 1);
    CHECK(t->message == "unknown setting 'titel' is ignored; did you mean 'title'?");
    const Diagnostic* s = FindDiag(all, "[serch]");
    REQUIRE(s);
    CHECK(s->line == 2);
    CHECK(s->col == 2);
    CHECK(s->message == "unknown setting [serch] is ignored; did you mean [search]?");
    CHECK_FALSE(FindDiag(all, "serch.enabled"));  // the table once, not each of its keys
    const Diagnostic* f = FindDiag(all, "feed.enabeld");
    REQUIRE(f);
    CHECK(f->line == 5);
    CHECK(f->message.find("did you mean 'feed.enabled'?") != std::string::npos);
  }

  TEST_CASE("site.toml: free tables and every documented setting give no warning") {
    auto all = Warnings(
        "title = \"T\"\ndescription = \"D\"\nlanguage = \"nl\"\norganisation = \"O\"\nbase_url = \"https://x.nl/\"\n"
        "strict = false\n[theme]\nname = \"default\"\n[theme.colors]\nwat = \"#000\"\n[markup]\nunsafe_html = false\n"
        "[menu]\nheader = []\nfooter = []\n[plugins]\ndisabled = []\norder = []\nallow = []\ninstructions = 1000000\n"
        "memory_mb = 64\n[plugins.options.form]\nwat = 1\n[plugins.options.form.strings]\nx = \"y\"\n"
        "[search]\nenabled = true\nshard_pages = 500\n[feed]\nenabled = true\n[sitemap]\nenabled = true\n"
        "[print]\nenabled = true\n[images]\nmax_kb = 300\n[params]\neigen = 1\n[params.diep]\nook = 2\n");
    CHECK_MESSAGE(all.empty(), (all.empty() ? "" : all[0].Format()));
  }

  TEST_CASE("site.toml: feed and sitemap on by default without base_url are said once; set, they are not") {
    auto all = Warnings("title = \"T\"\n");
    const Diagnostic* w = FindDiag(all, "base_url");
    REQUIRE(w);
    CHECK(w->message.starts_with("feed.xml and sitemap.xml are written by default"));
    CHECK(all.size() == 1);
    CHECK(Warnings("base_url = \"https://x.nl/\"\n").empty());
    CHECK(Warnings("[feed]\nenabled = false\n[sitemap]\nenabled = true\n").empty());
    auto feed_only = Warnings("[sitemap]\nenabled = false\n");
    REQUIRE(feed_only.size() == 1);
    CHECK(feed_only[0].message.starts_with("feed.xml is written by default"));
    CHECK(feed_only[0].message.find("[feed] enabled = false") != std::string::npos);
  }

  TEST_CASE("site.toml: strict and [images] max_kb") {
    MemoryDisk disk;
    disk.files["site/site.toml"] = "strict = true\nbase_url = \"https://x.nl/\"\n[images]\nmax_kb = 200\n";
    Diagnostics d;
    auto c = LoadConfig(disk, "site", &d);
    REQUIRE(c);
    CHECK(c->strict);
    CHECK(c->image_max_kb == 200);
    disk.files["site/site.toml"] = "base_url = \"https://x.nl/\"\n[images]\nmax_kb = \"groot\"\n";
    CHECK_FALSE(LoadConfig(disk, "site", &d));
    CHECK(FindDiag(d.Sorted(), "images.max_kb must be a whole number"));
  }
}
