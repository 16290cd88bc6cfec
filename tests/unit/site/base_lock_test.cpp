#include "site/base_lock.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "sha256.h"
#include "site_fixture.h"

using namespace ww;
using ww::testing::FindDiag;

namespace {

const char* kRoute1 = "---\ntitle: Route\n---\nStap 1.\n\nStap 2.\n";
const char* kRoute2 = "---\ntitle: Route\n---\nStap 1.\n\nStap 2, nu met de ouders.\n\nStap 3.\n";

// A base "netwerk" in version 1 under the school's folder "school".
struct Overlay {
  MemoryDisk disk;
  SiteConfig config;
  Overlay() {
    ww::testing::AddMiniSite(&disk, "[content]\nsources = [\"netwerk\", \"school\"]\n");
    auto& f = disk.files;
    f["site/netwerk/base.toml"] = "name = \"Netwerk IB\"\nversion = \"1.0\"\nlicence = \"CC BY-SA 4.0\"\n";
    f["site/netwerk/_index.md"] = "---\ntitle: Start\n---\nWelkom.\n";
    f["site/netwerk/zorg/_index.md"] = "---\ntitle: Zorg\n---\n";
    f["site/netwerk/zorg/route.md"] = kRoute1;
    f["site/netwerk/zorg/overleg.md"] = "---\ntitle: Overleg\n---\nElke maand.\n";
    f["site/school/eigen.md"] = "---\ntitle: Eigen\n---\nVan de school.\n";
    Reload();
  }
  void Reload() {
    Diagnostics d;
    auto c = LoadConfig(disk, "site", &d);
    REQUIRE(c);
    config = *c;
  }
  // Version 2 of the base: route.md and overleg.md changed.
  void BaseV2() {
    disk.files["site/netwerk/base.toml"] = "name = \"Netwerk IB\"\nversion = \"2.0\"\nlicence = \"CC BY-SA 4.0\"\n";
    disk.files["site/netwerk/zorg/route.md"] = kRoute2;
    disk.files["site/netwerk/zorg/overleg.md"] = "---\ntitle: Overleg\n---\nElke week.\n";
    Reload();
  }
  std::vector<Diagnostic> Build() {
    Diagnostics d;
    auto r = ww::testing::BuildMemorySite(&disk, &d);
    CHECK(r.ok);
    return d.Sorted();
  }
  bool Override(const std::string& path, std::string* err = nullptr) {
    std::string note, e;
    bool ok = OverridePage(disk, "site", config, path, &note, &e);
    if (err) *err = e;
    return ok;
  }
};

}  // namespace

TEST_SUITE("base_lock") {
  TEST_CASE("override copies the base page into the school's layer and records base, version and hash") {
    Overlay o;
    std::string note, err;
    REQUIRE(OverridePage(o.disk, "site", o.config, "zorg/route.md", &note, &err));
    CHECK(note.find("copied netwerk/zorg/route.md (Netwerk IB 1.0) to school/zorg/route.md") != std::string::npos);
    CHECK(o.disk.files["site/school/zorg/route.md"] == kRoute1);
    CHECK(o.disk.files["site/base-lock/zorg/route.md"] == kRoute1);
    CHECK(o.disk.files["site/base-lock.toml"].find("[[page]]\npath = \"zorg/route.md\"\nbase = \"netwerk\"\n"
                                                   "base_name = \"Netwerk IB\"\nbase_version = \"1.0\"\nsha256 = \"" +
                                                   Sha256Hex(kRoute1) + "\"\n") != std::string::npos);
    Diagnostics d;
    auto lock = ReadBaseLock(o.disk, "site", &d);
    REQUIRE(lock);
    REQUIRE(lock->pages.size() == 1);
    CHECK(lock->pages[0].line == 4);
    CHECK(lock->Find("zorg/route.md")->base_version == "1.0");
    // The front matter is the base's, untouched: no hash in the author's file.
    CHECK(o.disk.files["site/school/zorg/route.md"].find("sha256") == std::string::npos);
  }

  TEST_CASE("override never overwrites a file, and refuses what no base has") {
    Overlay o;
    o.disk.files["site/school/zorg/route.md"] = "eigen tekst";
    std::string err;
    CHECK_FALSE(o.Override("school/zorg/route.md", &err));
    CHECK(err.find("school/zorg/route.md exists already and is never overwritten") != std::string::npos);
    CHECK(o.disk.files["site/school/zorg/route.md"] == "eigen tekst");
    CHECK_FALSE(o.disk.files.count("site/base-lock.toml"));
    CHECK_FALSE(o.Override("zorg/bestaat-niet.md", &err));
    CHECK(err.find("no base layer has zorg/bestaat-niet.md") != std::string::npos);
    CHECK_FALSE(o.Override("themes/mini/templates/page.mustache", &err));
    CHECK(err.find("is no content path") != std::string::npos);
    CHECK_FALSE(o.Override("eigen.md", &err));  // the school's own page: no base has it
  }

  TEST_CASE("one content source: no base to take a page from") {
    MemoryDisk disk;
    ww::testing::AddMiniSite(&disk);
    disk.files["site/content/a.md"] = "a";
    Diagnostics d;
    auto c = LoadConfig(disk, "site", &d);
    std::string note, err;
    CHECK_FALSE(OverridePage(disk, "site", *c, "a.md", &note, &err));
    CHECK(err.find("one content source") != std::string::npos);
  }

  TEST_CASE("a base in two versions: the warning is exactly for the changed, overridden page") {
    Overlay o;
    REQUIRE(o.Override("zorg/route.md"));
    auto v1 = o.Build();
    CHECK(v1.empty());
    o.BaseV2();  // route.md (overridden) and overleg.md (not overridden) change
    auto v2 = o.Build();
    REQUIRE(v2.size() == 1);
    CHECK(v2[0].severity == Severity::kWarning);
    CHECK(v2[0].path == "school/zorg/route.md");
    CHECK(v2[0].line == 1);
    CHECK(v2[0].message.find("replaces netwerk/zorg/route.md:6, which changed since it was copied (Netwerk IB 1.0, "
                             "now Netwerk IB 2.0)") != std::string::npos);
    CHECK(v2[0].message.find("wegwijzer diff zorg/route.md") != std::string::npos);
    CHECK(v2[0].message.find("wegwijzer override --accept zorg/route.md") != std::string::npos);
    // The school's text is what is published, not the base's.
    CHECK(o.disk.files["out/zorg/route.html"].find("nu met de ouders") == std::string::npos);
    CHECK(o.disk.files["out/zorg/overleg.html"].find("Elke week") != std::string::npos);
  }

  TEST_CASE("diff shows what changed in the base since the copy; --accept silences the warning") {
    Overlay o;
    REQUIRE(o.Override("zorg/route.md"));
    std::string diff, err, note;
    REQUIRE(DiffBasePage(o.disk, "site", o.config, "zorg/route.md", &diff, &err));
    CHECK(diff.empty());
    o.BaseV2();
    REQUIRE(DiffBasePage(o.disk, "site", o.config, "zorg/route.md", &diff, &err));
    CHECK(diff ==
          "--- base-lock/zorg/route.md\t(Netwerk IB 1.0, as copied)\n"
          "+++ netwerk/zorg/route.md\t(Netwerk IB 2.0, now)\n"
          "@@ -3,4 +3,6 @@\n ---\n Stap 1.\n \n-Stap 2.\n+Stap 2, nu met de ouders.\n+\n+Stap 3.\n");
    REQUIRE(AcceptBasePage(o.disk, "site", o.config, "zorg/route.md", &note, &err));
    CHECK(note.find("recorded netwerk/zorg/route.md (Netwerk IB 2.0) for school/zorg/route.md") != std::string::npos);
    CHECK(o.disk.files["site/base-lock/zorg/route.md"] == kRoute2);
    CHECK(o.disk.files["site/base-lock.toml"].find("base_version = \"2.0\"") != std::string::npos);
    CHECK(o.disk.files["site/school/zorg/route.md"] == kRoute1);  // the school's text stays
    CHECK(o.Build().empty());
    REQUIRE(DiffBasePage(o.disk, "site", o.config, "zorg/route.md", &diff, &err));
    CHECK(diff.empty());
    REQUIRE(AcceptBasePage(o.disk, "site", o.config, "zorg/route.md", &note, &err));
    CHECK(note.find("nothing to do") != std::string::npos);
  }

  TEST_CASE("a school page that replaces a base page without a record is warned about; --accept records it") {
    Overlay o;
    o.disk.files["site/school/zorg/overleg.md"] = "---\ntitle: Overleg\n---\nOns overleg.\n";
    auto all = o.Build();
    REQUIRE(all.size() == 1);
    CHECK(all[0].path == "school/zorg/overleg.md");
    CHECK(all[0].message.find("replaces netwerk/zorg/overleg.md:1 without a record in base-lock.toml") !=
          std::string::npos);
    std::string note, err, diff;
    CHECK_FALSE(DiffBasePage(o.disk, "site", o.config, "zorg/overleg.md", &diff, &err));
    CHECK(err.find("has no record") != std::string::npos);
    CHECK_FALSE(DiffBasePage(o.disk, "site", o.config, "zorg/_index.md", &diff, &err));
    CHECK(err.find("school/zorg/_index.md does not exist: the site shows the base's page as it is") !=
          std::string::npos);
    REQUIRE(AcceptBasePage(o.disk, "site", o.config, "zorg/overleg.md", &note, &err));
    CHECK(o.Build().empty());
    // A page that hides a base page (hidden: true) is not published: no record needed.
    o.disk.files["site/school/zorg/route.md"] = "---\nhidden: true\n---\n";
    CHECK(o.Build().empty());
  }

  TEST_CASE("stale records and missing copies are said, not crashed on") {
    Overlay o;
    REQUIRE(o.Override("zorg/route.md"));
    o.disk.files.erase("site/school/zorg/route.md");
    auto all = o.Build();
    const Diagnostic* d = FindDiag(all, "is gone, so this record guards nothing");
    REQUIRE(d);
    CHECK(d->path == "site/base-lock.toml");
    CHECK(d->line == 4);

    Overlay p;
    REQUIRE(p.Override("zorg/route.md"));
    p.disk.files.erase("site/netwerk/zorg/route.md");
    CHECK(FindDiag(p.Build(), "which the base no longer has"));

    Overlay q;
    REQUIRE(q.Override("zorg/route.md"));
    q.disk.files["site/base-lock/zorg/route.md"] = "bewerkt";
    std::string diff, err;
    CHECK_FALSE(DiffBasePage(q.disk, "site", q.config, "zorg/route.md", &diff, &err));
    CHECK(err.find("base-lock/zorg/route.md is changed") != std::string::npos);
    q.disk.files.erase("site/base-lock/zorg/route.md");
    CHECK_FALSE(DiffBasePage(q.disk, "site", q.config, "zorg/route.md", &diff, &err));
    CHECK(err.find("base-lock/zorg/route.md is missing") != std::string::npos);
  }

  TEST_CASE("a broken lock file is an error at its line; the build fails and names it") {
    Overlay o;
    o.disk.files["site/base-lock.toml"] = "[[page]]\npath = \"zorg/route.md\"\n";
    Diagnostics d;
    CHECK_FALSE(ReadBaseLock(o.disk, "site", &d));
    const Diagnostic* e = FindDiag(d.Sorted(), "each [[page]] needs path and sha256");
    REQUIRE(e);
    CHECK(e->line == 1);
    Diagnostics b;
    CHECK_FALSE(ww::testing::BuildMemorySite(&o.disk, &b).ok);
    std::string note, err;
    CHECK_FALSE(o.Override("zorg/overleg.md", &err));
    CHECK(err.find("site/base-lock.toml:1") != std::string::npos);
  }

  TEST_CASE("FormatBaseLock and ReadBaseLock agree, odd characters included") {
    BaseLock lock;
    lock.Put({"b.md", "netwerk", "Naam \"met\" \\ tekens", "1", std::string(64, 'a'), 0});
    lock.Put({"a.md", "netwerk", "", "", std::string(64, 'b'), 0});
    lock.Put({"b.md", "netwerk", "Ander", "2", std::string(64, 'c'), 0});
    MemoryDisk disk;
    disk.files["s/base-lock.toml"] = FormatBaseLock(lock);
    Diagnostics d;
    auto back = ReadBaseLock(disk, "s", &d);
    REQUIRE(back);
    REQUIRE(back->pages.size() == 2);
    CHECK(back->pages[0].path == "a.md");
    CHECK(back->pages[0].base_name.empty());
    CHECK(back->pages[1].base_name == "Ander");
    CHECK(back->pages[1].sha256 == std::string(64, 'c'));
    lock.Put({"c.md", "n", "Naam \"met\" \\ tekens", "1", std::string(64, 'a'), 0});
    disk.files["s/base-lock.toml"] = FormatBaseLock(lock);
    back = ReadBaseLock(disk, "s", &d);
    REQUIRE(back);
    CHECK(back->Find("c.md")->base_name == "Naam \"met\" \\ tekens");
  }

  TEST_CASE("symbolic links out of a layer: no base file is read through one, no copy is written through one") {
    namespace fs = std::filesystem;
    std::string tmpl = (fs::temp_directory_path() / "ww-baselock-XXXXXX").string();
    std::string root = mkdtemp(tmpl.data());
    RealDisk disk;
    std::string err, note;
    REQUIRE(disk.WriteFile(root + "/site/site.toml", "[content]\nsources = [\"netwerk\", \"school\"]\n", &err));
    REQUIRE(disk.WriteFile(root + "/geheim.md", "geheim", &err));
    REQUIRE(disk.WriteFile(root + "/site/netwerk/a.md", "a", &err));
    REQUIRE(disk.WriteFile(root + "/site/school/eigen.md", "e", &err));
    REQUIRE(disk.MakeDirs(root + "/elders", &err));
    fs::create_symlink(root + "/geheim.md", root + "/site/netwerk/geheim.md");
    fs::create_symlink(root + "/elders", root + "/site/school/zorg");
    REQUIRE(disk.WriteFile(root + "/site/netwerk/zorg/b.md", "b", &err));
    Diagnostics d;
    auto config = LoadConfig(disk, root + "/site", &d);
    REQUIRE(config);
    CHECK_FALSE(OverridePage(disk, root + "/site", *config, "geheim.md", &note, &err));
    CHECK(err.find("no base layer has geheim.md") != std::string::npos);
    CHECK_FALSE(OverridePage(disk, root + "/site", *config, "zorg/b.md", &note, &err));
    CHECK(err.find("school/zorg/b.md lies outside school/") != std::string::npos);
    CHECK_FALSE(fs::exists(root + "/elders/b.md"));
    CHECK(OverridePage(disk, root + "/site", *config, "a.md", &note, &err));
    std::error_code ec;
    fs::remove_all(root, ec);
  }
}
