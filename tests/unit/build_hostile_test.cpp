// The whole build against hostile input, second round (issue 17, part A):
// folders of the site that are links to elsewhere, files that are no files
// or are huge, names that break links or collide on other systems, NUL and
// XML-forbidden characters, paths the engine writes itself. Each case gives
// a message with its place, exit 1 (a failed build), the previous site as it
// was, and nothing read from outside the site.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "build.h"
#include "site_fixture.h"

using namespace ww;
using namespace ww::testing;
namespace fs = std::filesystem;

namespace {

const char* kPrevious = "<p>the previous site</p>";

// The mini site on a MemoryDisk, with a previous build in out/.
struct MemSite {
  MemoryDisk disk;
  Diagnostics diags;
  explicit MemSite(const std::string& toml_extra = "") {
    AddMiniSite(&disk, toml_extra);
    disk.files["site/content/_index.md"] = "---\ntitle: Start\n---\n# Welkom\n";
    disk.files["out/index.html"] = kPrevious;
    MarkAsOutput(&disk, "out");
  }
  void Put(const std::string& rel, const std::string& text) { disk.files["site/content/" + rel] = text; }
  bool Build() { return BuildMemorySite(&disk, &diags).ok; }
  bool PreviousIntact() const {
    auto it = disk.files.find("out/index.html");
    return it != disk.files.end() && it->second == kPrevious;
  }
  std::string Out(const std::string& rel) const {
    auto it = disk.files.find("out/" + rel);
    return it == disk.files.end() ? "" : it->second;
  }
  // An error whose message holds `needle`, or null (it points into `sorted`).
  mutable std::vector<Diagnostic> sorted;
  const Diagnostic* Error(const std::string& needle) const {
    sorted = diags.Sorted();
    const Diagnostic* d = FindDiag(sorted, needle);
    return d && d->severity == Severity::kError ? d : nullptr;
  }
};

// The mini site in a temp folder on the real disk, for links, FIFOs and
// sparse huge files; `root/outside/` holds what must never be published.
struct RealSite {
  std::string root;
  RealDisk disk;
  Diagnostics diags;
  RealSite() {
    std::string tmpl = (fs::temp_directory_path() / "ww-hostile-XXXXXX").string();
    root = mkdtemp(tmpl.data());
    MemoryDisk m;
    AddMiniSite(&m);
    std::string err;
    for (const auto& [path, text] : m.files) REQUIRE(disk.WriteFile(root + "/" + path, text, &err));
    Put("site/content/_index.md", "---\ntitle: Start\n---\nWelkom\n");
    Put("outside/geheim.md", "---\ntitle: Geheim\n---\nde sleutel\n");
    Put("outside/id_rsa", "PRIVATE KEY\n");
    Put("out/index.html", kPrevious);
    Put("out/.wegwijzer-output", OutputMarkText("out"));
  }
  ~RealSite() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  void Put(const std::string& rel, const std::string& text) {
    std::string err;
    REQUIRE(disk.WriteFile(root + "/" + rel, text, &err));
  }
  // A file of `bytes` that takes no room on disk (a hole), like a 1 GB file.
  void PutSparse(const std::string& rel, off_t bytes) {
    fs::create_directories(fs::path(root + "/" + rel).parent_path());
    std::ofstream(root + "/" + rel).close();
    REQUIRE(truncate((root + "/" + rel).c_str(), bytes) == 0);
  }
  void Fifo(const std::string& rel) {
    fs::remove(root + "/" + rel);
    REQUIRE(mkfifo((root + "/" + rel).c_str(), 0644) == 0);
  }
  bool Build() {
    BuildOptions o = MemoryBuildOptions();
    o.site_dir = root + "/site";
    o.out_dir = root + "/out";
    return ww::Build(o, disk, &diags).ok;
  }
  bool PreviousIntact() {
    std::string text, err;
    return disk.ReadFile(root + "/out/index.html", &text, &err) && text == kPrevious;
  }
  // Nothing of outside/ reached the output (by name or by contents).
  bool NothingPublished() {
    for (const auto& e : fs::recursive_directory_iterator(root + "/out")) {
      std::string text, err;
      if (e.is_regular_file() && disk.ReadFile(e.path().string(), &text, &err) &&
          (text.find("de sleutel") != std::string::npos || text.find("PRIVATE KEY") != std::string::npos))
        return false;
    }
    return true;
  }
  // An error whose message holds `needle`, or null (it points into `sorted`).
  mutable std::vector<Diagnostic> sorted;
  const Diagnostic* Error(const std::string& needle) const {
    sorted = diags.Sorted();
    const Diagnostic* d = FindDiag(sorted, needle);
    return d && d->severity == Severity::kError ? d : nullptr;
  }
};

}  // namespace

TEST_SUITE("build: hostile input (issue 17)") {
  // ---- folders of the site that are links out of it

  TEST_CASE("content/ that is itself a link to a folder outside the site is refused, nothing of it published") {
    RealSite s;
    fs::remove_all(s.root + "/site/content");
    fs::create_directory_symlink(s.root + "/outside", s.root + "/site/content");
    CHECK_FALSE(s.Build());
    const Diagnostic* d = s.Error("outside the site folder");
    REQUIRE(d);
    CHECK(d->path == "content");
    CHECK(s.PreviousIntact());
    CHECK(s.NothingPublished());
  }

  TEST_CASE("a content source that is a link out of the site is refused") {
    RealSite s;
    s.Put("site/site.toml",
          "title = \"Proef\"\ntheme = \"mini\"\n[print]\nenabled = false\n"
          "[content]\nsources = [\"content\", \"school\"]\n");
    fs::create_directory_symlink(s.root + "/outside", s.root + "/site/school");
    CHECK_FALSE(s.Build());
    const Diagnostic* d = s.Error("outside the site folder");
    REQUIRE(d);
    CHECK(d->path == "school");
    CHECK(s.PreviousIntact());
    CHECK(s.NothingPublished());
  }

  TEST_CASE("plugins/ and themes/ that are links out of the site are refused: no plugin from elsewhere runs") {
    RealSite s;
    s.Put("outside/plugins/kwaad.lua", "error('ran a plugin from outside the site')\n");
    fs::create_directory_symlink(s.root + "/outside/plugins", s.root + "/site/plugins");
    CHECK_FALSE(s.Build());
    const Diagnostic* d = s.Error("outside the site folder");
    REQUIRE(d);
    CHECK(d->path == "plugins");
    CHECK_FALSE(s.Error("ran a plugin from outside"));
    CHECK(s.PreviousIntact());

    RealSite t;
    fs::rename(t.root + "/site/themes", t.root + "/outside/themes");
    fs::create_directory_symlink(t.root + "/outside/themes", t.root + "/site/themes");
    CHECK_FALSE(t.Build());
    d = t.Error("outside the site folder");
    REQUIRE(d);
    CHECK(d->path == "themes/mini");
    CHECK(t.PreviousIntact());
  }

  TEST_CASE("a link at the top to another folder inside the site is fine") {
    RealSite s;
    fs::rename(s.root + "/site/content", s.root + "/site/inhoud");
    fs::create_directory_symlink(s.root + "/site/inhoud", s.root + "/site/content");
    CHECK(s.Build());
  }

  // ---- files that are no files, or huge

  TEST_CASE("site.toml that is a FIFO is refused at once, not waited on") {
    RealSite s;
    s.Fifo("site/site.toml");
    CHECK_FALSE(s.Build());
    const Diagnostic* d = s.Error("named pipe");
    REQUIRE(d);
    CHECK(d->path.ends_with("site/site.toml"));
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("a huge site.toml is refused from its size, before it is read") {
    RealSite s;
    s.PutSparse("site/site.toml", 1LL << 30);
    CHECK_FALSE(s.Build());
    CHECK(s.Error("1024 MB, more than the 1 MB"));
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("a data file or a page that is huge is refused from its size; one that is a FIFO is not read") {
    RealSite s;
    s.PutSparse("site/content/groot.toml", 1LL << 30);
    s.PutSparse("site/content/groot.md", 9LL << 20);
    CHECK_FALSE(s.Build());
    const Diagnostic* d = s.Error("data files may be at most 8 MB");
    REQUIRE(d);
    CHECK(d->path == "content/groot.toml");
    CHECK(d->message.find("is 1024 MB, more than the 8 MB") != std::string::npos);  // told from its size
    CHECK(s.Error("pages may be at most 8 MB"));
    CHECK(s.PreviousIntact());

    RealSite t;  // (the walk lists regular files only: a FIFO is never opened)
    t.Fifo("site/content/pijp.toml");
    CHECK(t.Build());
  }

  TEST_CASE("wegwijzer.read_file of a FIFO, a device or a huge file: an error naming the plugin, no hang") {
    RealSite s;
    s.Fifo("site/pijp.txt");
    s.PutSparse("site/groot.txt", 1LL << 30);
    s.Put("site/plugins/lezer.lua",
          "return { setup = function(site)\n"
          "  local ok, e = pcall(wegwijzer.read_file, 'pijp.txt')\n"
          "  assert(not ok and tostring(e):find('named pipe'), tostring(e))\n"
          "  ok, e = pcall(wegwijzer.read_file, 'groot.txt')\n"
          "  assert(not ok and tostring(e):find('at most 16 MB'), tostring(e))\n"
          "  wegwijzer.read_file('groot.txt')\n"
          "end }\n");
    CHECK_FALSE(s.Build());
    const Diagnostic* d = s.Error("at most 16 MB");
    REQUIRE(d);
    CHECK(d->path.ends_with("plugins/lezer.lua"));
    CHECK(s.PreviousIntact());
  }

  // ---- NUL and characters XML forbids

  TEST_CASE("NUL never reaches a file name or the HTML; U+FFFE and U+FFFF never reach the feed or the sitemap") {
    MemSite s("[feed]\nenabled = true\n[sitemap]\nenabled = true\n");
    s.Put("a.md", std::string("---\ntitle: \"Nul\\0in \\uFFFF titel \\uFFFE\"\nslug: \"a\\0b\"\ndate: 2024-01-02\n"
                              "summary: \"x\\u0000y\\uFFFF\"\n---\nTekst met ") +
                      std::string(1, '\0') + " nul.\n");
    s.Put("b.md", std::string("---\ntitle: Rauw") + std::string(1, '\0') + "\ndate: 2024-01-03\n---\nb\n");
    REQUIRE(s.Build());
    for (const auto& [path, data] : s.disk.files) {
      CHECK(path.find('\0') == std::string::npos);
      if (path.starts_with("out/")) CHECK_MESSAGE(data.find('\0') == std::string::npos, path);
    }
    CHECK(
        s.disk.files.count("out/a\xEF\xBF\xBD"
                           "b.html"));
    for (const std::string f : {"feed.xml", "sitemap.xml"}) {
      std::string x = s.Out(f);
      REQUIRE_FALSE(x.empty());
      CHECK(x.find("\xEF\xBF\xBF") == std::string::npos);
      CHECK(x.find("\xEF\xBF\xBE") == std::string::npos);
    }
    CHECK(s.Out("feed.xml").find("in  titel") != std::string::npos);
  }

  // ---- names

  TEST_CASE("names with '#', '?' or '%' are refused with their place; '&' gives a working link") {
    MemSite s;
    s.Put("vraag?.md", "---\ntitle: V\n---\nv\n");
    s.Put("map#1/a.md", "---\ntitle: A\n---\na\n");
    s.Put("100%.pdf", "pdf");
    CHECK_FALSE(s.Build());
    const Diagnostic* d = s.Error("'?'");
    REQUIRE(d);
    CHECK(d->path == "content/vraag?.md");
    d = s.Error("'#'");
    REQUIRE(d);
    CHECK(d->path == "content/map#1/");
    CHECK(s.Error("'%'"));
    CHECK(s.PreviousIntact());

    MemSite t;
    t.Put("zorg&ondersteuning.md", "---\ntitle: Z\n---\nz\n");
    t.Put("_index.md", "---\ntitle: Start\n---\nZie [zorg](zorg&ondersteuning.md).\n");
    REQUIRE(t.Build());
    CHECK(t.Out("index.html").find("href=\"zorg&amp;ondersteuning.html\"") != std::string::npos);
    CHECK(t.disk.files.count("out/zorg&ondersteuning.html"));
  }

  TEST_CASE("a name that is not UTF-8 is an error") {
    MemSite s;
    s.Put("caf\xE9.md", "---\ntitle: C\n---\nc\n");  // Latin-1 é
    CHECK_FALSE(s.Build());
    const Diagnostic* d = s.Error("not UTF-8");
    REQUIRE(d);
    CHECK(d->path == "content/caf\xEF\xBF\xBD.md");
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("two names that differ only in case, or in the form of an accent, are an error") {
    MemSite s;
    s.Put("Rooster.md", "---\ntitle: R1\n---\nr\n");
    s.Put("rooster.md", "---\ntitle: R2\n---\nr\n");
    s.Put("Rol/a.md", "---\ntitle: A\n---\na\n");
    s.Put("rol/b.md", "---\ntitle: B\n---\nb\n");
    s.Put("caf\xC3\xA9.md", "---\ntitle: C1\n---\nc\n");   // é as one code point
    s.Put("cafe\xCC\x81.md", "---\ntitle: C2\n---\nc\n");  // e + combining acute
    CHECK_FALSE(s.Build());
    auto all = s.diags.Sorted();
    int clashes = 0;
    for (const Diagnostic& d : all)
      clashes += d.message.find("differ only in upper and lower case") != std::string::npos;
    CHECK(clashes == 3);
    CHECK(FindDiag(all, "\"content/rooster.md\" and \"content/Rooster.md\""));
    CHECK(FindDiag(all, "\"content/rol/\" and \"content/Rol/\""));
    CHECK(s.PreviousIntact());
  }

  TEST_CASE("content is normalised to NFC: a name and a title written with a combining accent are the composed ones") {
    MemSite s;
    // The page's file name and its title in the decomposed form (as macOS writes them).
    s.Put("cafe\xCC\x81.md", "---\ntitle: Cafe\xCC\x81\n---\nOpen\n");
    s.Put("_index.md", "---\ntitle: Start\n---\nZie [het caf\xC3\xA9](caf\xC3\xA9.md).\n");
    REQUIRE(s.Build());
    CHECK(s.disk.files.count("out/caf\xC3\xA9.html"));
    CHECK(s.Out("caf\xC3\xA9.html").find("<title>Caf\xC3\xA9</title>") != std::string::npos);
  }

  // ---- paths the engine writes itself

  TEST_CASE("a page, alias or static file on a path the engine writes is an error, as two pages on one path are") {
    MemSite s("[feed]\nenabled = true\n[sitemap]\nenabled = true\n");
    s.disk.files["site/site.toml"] =
        "title = \"Proef\"\ntheme = \"mini\"\n[print]\nenabled = true\n[feed]\nenabled = true\n";
    s.Put("feed.xml", "<feed/>");
    s.Put("search-docs-3.js", "x");
    s.Put("assets/brand.css", "body{}");
    s.Put("print.md", "---\ntitle: Print\n---\np\n");
    s.Put("regels/_index.md", "---\ntitle: Regels\n---\nr\n");
    s.Put("oud.md", "---\ntitle: Oud\naliases: [\"print-regels\"]\n---\no\n");
    CHECK_FALSE(s.Build());
    auto all = s.diags.Sorted();
    for (const char* path : {"content/feed.xml", "content/search-docs-3.js", "content/assets/brand.css",
                             "content/print.md", "content/oud.md"}) {
      bool found = false;
      for (const Diagnostic& d : all)
        found |= d.path == path && d.message.find("written by Wegwijzer itself") != std::string::npos;
      CHECK_MESSAGE(found, path);
    }
    CHECK(s.PreviousIntact());

    // The engine's own search page (zoeken.html) is a page: two pages on one path.
    MemSite t;
    t.Put("zoek.md", "---\ntitle: Zoek\naliases: [\"zoeken\"]\n---\nz\n");
    t.disk.files["site/themes/mini/templates/search.mustache"] = "<title>{{page.title}}</title>\n";
    CHECK_FALSE(t.Build());
    CHECK(FindDiag(t.diags.Sorted(), "zoeken.html is also written by"));
    CHECK(t.PreviousIntact());
  }

  TEST_CASE("the engine's paths are free when that part is turned off") {
    MemSite s("[feed]\nenabled = false\n");
    s.Put("feed.xml", "<feed/>");
    s.Put("print.md", "---\ntitle: Print\n---\np\n");  // the fixture turns print off
    CHECK(s.Build());
    CHECK(s.Out("feed.xml") == "<feed/>");
  }
}
