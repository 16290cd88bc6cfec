#include "site/base_manifest.h"

#include <doctest/doctest.h>

#include "incremental.h"
#include "site/config.h"
#include "site_fixture.h"

using namespace ww;
using ww::testing::FindDiag;

namespace {

// The mini site with a base "netwerk" below the school's folder; its page
// template shows the colophon the way a theme's footer does.
void AddBaseSite(MemoryDisk* disk, const std::string& manifest, const std::string& toml_extra = "") {
  ww::testing::AddMiniSite(disk);
  disk->files["site/site.toml"] =
      "title = \"Proef\"\ntheme = \"mini\"\nlicence = \"CC BY 4.0\"\n[content]\nsources = [\"netwerk\", \"school\"]\n"
      "[feed]\nenabled = true\n[sitemap]\nenabled = true\n" +
      (toml_extra.empty() ? std::string("[print]\nenabled = false\n") : toml_extra);
  auto& f = disk->files;
  f["site/themes/mini/templates/page.mustache"] =
      "<title>{{page.title}}</title>\n<main>{{{page.content}}}</main>\n<footer>{{#site.has_colophon}}"
      "{{#site.bases}}[{{name}} {{version}} {{licence}} {{url}}]{{/site.bases}}{{site.licence}}"
      "{{/site.has_colophon}}</footer>\n";
  f["site/netwerk/_index.md"] = "---\ntitle: Start\n---\nWelkom.\n";
  f["site/netwerk/zorg.md"] = "---\ntitle: Zorg\n---\nDe zorgroute.\n";
  if (!manifest.empty()) f["site/netwerk/base.toml"] = manifest;
  f["site/school/eigen.md"] = "---\ntitle: Eigen\n---\nVan de school.\n";
}

}  // namespace

TEST_SUITE("base_manifest") {
  TEST_CASE("a source with base.toml is a base: name, version, licence and url") {
    MemoryDisk disk;
    disk.files["netwerk/base.toml"] =
        "name = \"Netwerk IB\"\nversion = \"2.1\"\nlicence = \"CC BY-SA 4.0\"\nurl = \"https://netwerk.example/\"\n";
    Diagnostics diags;
    auto m = ReadBaseManifest(disk, "netwerk", "netwerk/base.toml", &diags);
    REQUIRE(m);
    CHECK(m->name == "Netwerk IB");
    CHECK(m->version == "2.1");
    CHECK(m->licence == "CC BY-SA 4.0");
    CHECK(m->url == "https://netwerk.example/");
    CHECK(BaseLabel(*m) == "Netwerk IB 2.1");
    CHECK(diags.WarningCount() == 0);
    CHECK_FALSE(ReadBaseManifest(disk, "school", "school/base.toml", &diags));  // none: no base, no message
    CHECK(diags.ErrorCount() == 0);
  }

  TEST_CASE("name and version are required; a number is no version; a missing licence is a warning") {
    MemoryDisk disk;
    disk.files["a/base.toml"] = "name = \"Netwerk\"\nversion = 2.1\n";
    Diagnostics diags;
    CHECK_FALSE(ReadBaseManifest(disk, "a", "a/base.toml", &diags));
    auto all = diags.Sorted();
    const Diagnostic* d = FindDiag(all, "version must be text in quotes");
    REQUIRE(d);
    CHECK(d->path == "a/base.toml");
    CHECK(d->line == 2);

    disk.files["b/base.toml"] = "version = \"1\"\nlicense = \"x\"\n";
    Diagnostics d2;
    CHECK_FALSE(ReadBaseManifest(disk, "b", "b/base.toml", &d2));
    CHECK(FindDiag(d2.Sorted(), "name is missing"));
    CHECK(FindDiag(d2.Sorted(), "unknown key 'license' is ignored"));

    disk.files["c/base.toml"] = "name = \"N\"\nversion = \"1\"\nurl = \"javascript:alert(1)\"\n";
    Diagnostics d3;
    auto m = ReadBaseManifest(disk, "c", "c/base.toml", &d3);
    REQUIRE(m);
    CHECK(m->url.empty());
    CHECK(FindDiag(d3.Sorted(), "url must be a web address"));
    CHECK(FindDiag(d3.Sorted(), "no licence"));
  }

  TEST_CASE("LoadConfig reads each source's manifest and the site's own licence") {
    MemoryDisk disk;
    AddBaseSite(&disk, "name = \"Netwerk IB\"\nversion = \"1.0\"\nlicence = \"CC BY-SA 4.0\"\n");
    Diagnostics diags;
    auto c = LoadConfig(disk, "site", &diags);
    REQUIRE(c);
    REQUIRE(c->bases.size() == 1);
    CHECK(c->bases[0].source == "netwerk");
    CHECK(c->licence == "CC BY 4.0");
    CHECK(FindBase(c->bases, "netwerk") == &c->bases[0]);
    CHECK(FindBase(c->bases, "school") == nullptr);
  }

  TEST_CASE("the colophon names the base, its version and licence beside the site's own, on pages and in print") {
    MemoryDisk disk;
    AddBaseSite(&disk,
                "name = \"Netwerk IB\"\nversion = \"1.0\"\nlicence = \"CC BY-SA 4.0\"\nurl = \"https://n.example/\"\n",
                "[print]\nenabled = true\n");
    Diagnostics diags;
    auto r = ww::testing::BuildMemorySite(&disk, &diags);
    REQUIRE(r.ok);
    CHECK(disk.files["out/eigen.html"].find(
              "<footer>[Netwerk IB 1.0 CC BY-SA 4.0 https://n.example/]CC BY 4.0</footer>") != std::string::npos);
    const std::string& print = disk.files["out/print.html"];
    CHECK(
        print.find("<p class=\"print-cover__base\">Gebaseerd op Netwerk IB versie 1.0 (licentie: CC BY-SA 4.0)</p>") !=
        std::string::npos);
    CHECK(print.find("<p class=\"print-cover__licence\">Licentie van deze site: CC BY 4.0</p>") != std::string::npos);
    // base.toml is no data file and is not published.
    CHECK_FALSE(disk.files.count("out/base.toml"));
    CHECK(diags.WarningCount() == 0);
  }

  TEST_CASE("a site without a base or licence has no colophon") {
    MemoryDisk disk;
    AddBaseSite(&disk, "");
    disk.files["site/site.toml"] =
        "title = \"Proef\"\ntheme = \"mini\"\n[content]\nsources = [\"netwerk\", \"school\"]\n";
    Diagnostics diags;
    REQUIRE(ww::testing::BuildMemorySite(&disk, &diags).ok);
    CHECK(disk.files["out/eigen.html"].find("<footer></footer>") != std::string::npos);
  }

  TEST_CASE("a changed base.toml is seen by the next build of serve (it is part of the skeleton)") {
    MemoryDisk disk;
    AddBaseSite(&disk, "name = \"N\"\nversion = \"1.0\"\nlicence = \"L\"\n");
    BuildCache cache;
    BuildOptions o = ww::testing::MemoryBuildOptions();
    o.cache = &cache;
    Diagnostics d1;
    REQUIRE(Build(o, disk, &d1).ok);
    CHECK(disk.files["out/eigen.html"].find("[N 1.0 L ]") != std::string::npos);
    disk.files["site/netwerk/base.toml"] = "name = \"N\"\nversion = \"1.1\"\nlicence = \"L\"\n";
    Diagnostics d2;
    REQUIRE(Build(o, disk, &d2).ok);
    CHECK(disk.files["out/eigen.html"].find("[N 1.1 L ]") != std::string::npos);
  }
}
