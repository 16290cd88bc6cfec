#include "publish/base_pack.h"

#include <doctest/doctest.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <map>

#include "site/overlays.h"

using namespace ww;
namespace fs = std::filesystem;

namespace {

// The names and texts of the files in a ZIP.
std::map<std::string, std::string> ReadZip(const std::string& path) {
  std::map<std::string, std::string> out;
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  REQUIRE(z);
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(z, i, 0, &st);
    std::string data(st.size, '\0');
    zip_file_t* f = zip_fopen_index(z, i, 0);
    zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    out[st.name] = data;
  }
  zip_close(z);
  return out;
}

struct TempDir {
  std::string root;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "ww-basepack-XXXXXX").string();
    root = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  void Write(const std::string& rel, const std::string& text) {
    RealDisk disk;
    std::string err;
    REQUIRE(disk.WriteFile(root + "/" + rel, text, &err));
  }
};

}  // namespace

TEST_SUITE("base_pack") {
  TEST_CASE("pack --base: the manifest, the content (layers merged), the site's theme files and plugins") {
    TempDir t;
    t.Write("site/site.toml", "title = \"Netwerk\"\n[content]\nsources = [\"regio\", \"content\"]\n");
    t.Write("site/regio/a.md", "regio a");
    t.Write("site/regio/b.md", "regio b");
    t.Write("site/regio/base.toml", "name = \"Regio\"\nversion = \"1\"\nlicence = \"L\"\n");
    t.Write("site/content/b.md", "netwerk b");
    t.Write("site/content/img/x.png", "PNG");
    t.Write("site/content/base.toml", "name = \"Netwerk IB\"\nversion = \"2.1\"\nlicence = \"CC BY-SA 4.0\"\n");
    t.Write("site/content/plugins/stempel.lua", "return {}");
    t.Write("site/themes/default/assets/extra.css", "x{}");
    t.Write("site/plugins/eigen.lua", "return {}");
    t.Write("builtin/plugins/form.lua", "return {}");
    RealDisk disk;
    Diagnostics diags;
    auto config = LoadConfig(disk, t.root + "/site", &diags);
    REQUIRE(config);
    REQUIRE(config->bases.size() == 2);
    CHECK(BaseZipName(config->bases.back()) == "netwerk-ib-2.1.zip");
    BasePackResult r;
    std::string err, zip = t.root + "/base.zip";
    REQUIRE_MESSAGE(WriteBaseZip(disk, t.root + "/site", *config, t.root + "/builtin/themes",
                                 t.root + "/builtin/plugins", zip, &r, &err, &diags),
                    err);
    CHECK(r.manifest == "content/base.toml");
    auto files = ReadZip(zip);
    CHECK(files["base.toml"].find("Netwerk IB") != std::string::npos);  // the top source's manifest
    CHECK(files["a.md"] == "regio a");
    CHECK(files["b.md"] == "netwerk b");  // the higher layer wins, as in a build
    CHECK(files["img/x.png"] == "PNG");
    CHECK(files.count("themes/default/assets/extra.css"));
    CHECK(files.count("plugins/eigen.lua"));
    CHECK(files.count("plugins/stempel.lua"));
    CHECK_FALSE(files.count("plugins/form.lua"));  // built in: every school has it
    CHECK(files.size() == r.files);
    CHECK(files.size() == 7);

    // Unpacked into a school's folder, it is a base: a content source with its manifest.
    for (const auto& [name, text] : files) t.Write("school/netwerk/" + name, text);
    t.Write("school/site.toml", "[content]\nsources = [\"netwerk\", \"eigen\"]\n");
    t.Write("school/eigen/_index.md", "---\ntitle: School\n---\n");
    auto school = LoadConfig(disk, t.root + "/school", &diags);
    REQUIRE(school);
    REQUIRE(school->bases.size() == 1);
    CHECK(school->bases[0].source == "netwerk");
    CHECK(school->bases[0].version == "2.1");
    auto content = MergeLayers(disk, ContentLayers(t.root + "/school", *school), true, &diags);
    CHECK(content.count("a.md"));
    CHECK_FALSE(content.count("base.toml"));
    CHECK_FALSE(content.count("plugins/eigen.lua"));
  }

  TEST_CASE("a site that states no base is refused, and nothing is written") {
    TempDir t;
    t.Write("site/site.toml", "title = \"X\"\n");
    t.Write("site/content/a.md", "a");
    RealDisk disk;
    Diagnostics diags;
    auto config = LoadConfig(disk, t.root + "/site", &diags);
    REQUIRE(config);
    BasePackResult r;
    std::string err;
    CHECK_FALSE(WriteBaseZip(disk, t.root + "/site", *config, "", "", t.root + "/b.zip", &r, &err, &diags));
    CHECK(err.find("states no base: put a base.toml") != std::string::npos);
    CHECK_FALSE(fs::exists(t.root + "/b.zip"));
  }
}
