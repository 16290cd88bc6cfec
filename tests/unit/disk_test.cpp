#include "disk.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace ww;
namespace fs = std::filesystem;

namespace {

// A fresh folder under the system's temp folder, removed afterwards.
struct TempDir {
  std::string path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "ww-disk-XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string operator/(const std::string& rel) const { return path + "/" + rel; }
};

void Put(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::vector<std::string> Rels(const std::vector<FileEntry>& entries, bool escaping) {
  std::vector<std::string> out;
  for (const FileEntry& e : entries)
    if (e.escapes_root == escaping) out.push_back(e.rel);
  return out;
}

}  // namespace

TEST_SUITE("disk") {
  TEST_CASE("NormalizePath removes '.', '..' and repeated slashes") {
    CHECK(NormalizePath("a/b/../c") == "a/c");
    CHECK(NormalizePath("./a//b/./c/") == "a/b/c");
    CHECK(NormalizePath("a/..") == "");
    CHECK(NormalizePath("") == "");
    CHECK(NormalizePath("/abs/./x") == "/abs/x");
  }

  TEST_CASE("NormalizePath returns empty when the path climbs above its start") {
    CHECK(NormalizePath("..") == "");
    CHECK(NormalizePath("../x") == "");
    CHECK(NormalizePath("a/../../x") == "");
    CHECK(NormalizePath("../../etc/passwd") == "");
    CHECK(NormalizePath("/../x") == "");
  }

  TEST_CASE("JoinPath, DirName and BaseName") {
    CHECK(JoinPath("a", "b") == "a/b");
    CHECK(JoinPath("a/", "b") == "a/b");
    CHECK(JoinPath("", "b") == "b");
    CHECK(JoinPath(".", "b") == "b");
    CHECK(JoinPath("a", "") == "a");
    CHECK(DirName("a/b/c.md") == "a/b");
    CHECK(DirName("c.md") == "");
    CHECK(BaseName("a/b/c.md") == "c.md");
    CHECK(BaseName("c.md") == "c.md");
    CHECK(BaseName("a/") == "");
  }

  TEST_CASE("MemoryDisk reads what it wrote; a missing file is an error with the path") {
    MemoryDisk d;
    std::string err, text;
    REQUIRE(d.WriteFile("x/./y.txt", "hallo", &err));
    CHECK(d.files.count("x/y.txt"));
    CHECK(d.ReadFile("x/y.txt", &text, &err));
    CHECK(text == "hallo");
    CHECK_FALSE(d.ReadFile("x/missing.txt", &text, &err));
    CHECK(err.find("x/missing.txt") != std::string::npos);
  }

  TEST_CASE("MemoryDisk: folders exist implicitly") {
    MemoryDisk d;
    d.files["a/b/c.md"] = "";
    CHECK(d.IsDir("a"));
    CHECK(d.IsDir("a/b"));
    CHECK(d.IsDir("a/b/"));
    CHECK_FALSE(d.IsDir("a/b/c.md"));
    CHECK_FALSE(d.IsDir("a/bb"));
    CHECK_FALSE(d.IsDir("x"));
    CHECK(d.IsFile("a/b/c.md"));
    CHECK_FALSE(d.IsFile("a/b"));
    CHECK(d.MTime("a/b/c.md") >= 0);
    CHECK(d.MTime("nope") == -1);
  }

  TEST_CASE("MemoryDisk: injected write failures") {
    MemoryDisk d;
    d.fail_writes_under = "out";
    std::string err;
    CHECK_FALSE(d.WriteFile("out/index.html", "x", &err));
    CHECK(err.find("out/index.html") != std::string::npos);
    CHECK(d.files.empty());
    CHECK(d.WriteFile("other/index.html", "x", &err));
  }

  TEST_CASE("MemoryDisk::ListFiles is sorted, relative, and skips hidden files") {
    MemoryDisk d;
    d.files["c/b.md"] = "";
    d.files["c/a.md"] = "";
    d.files["c/.git/config"] = "";
    d.files["c/sub/.hidden.md"] = "";
    d.files["c/sub/z.md"] = "";
    d.files["cc/other.md"] = "";
    auto list = d.ListFiles("c");
    CHECK(Rels(list, false) == std::vector<std::string>{"a.md", "b.md", "sub/z.md"});
    CHECK(d.ListFiles("missing").empty());
  }

  TEST_CASE("MemoryDisk::ListDir names the files and folders directly inside, hidden ones too") {
    MemoryDisk d;
    d.files["a/x.html"] = "";
    d.files["a-b/y.html"] = "";
    d.files["a.tmp-12/z.html"] = "";
    d.files[".verborgen"] = "";
    d.files["c/d/e.md"] = "";
    CHECK(d.ListDir("") == std::vector<std::string>{".verborgen", "a", "a-b", "a.tmp-12", "c"});
    CHECK(d.ListDir("c") == std::vector<std::string>{"d"});
    CHECK(d.ListDir("c/d/") == std::vector<std::string>{"e.md"});
    CHECK(d.ListDir("missing").empty());
  }

  TEST_CASE("MemoryDisk::Rename moves a folder and RemoveAll removes it") {
    MemoryDisk d;
    d.files["out.tmp/a.html"] = "a";
    d.files["out.tmp/x/b.html"] = "b";
    d.files["out.tmpother/keep"] = "k";
    std::string err;
    REQUIRE(d.Rename("out.tmp", "out", &err));
    CHECK(d.files.count("out/a.html"));
    CHECK(d.files.count("out/x/b.html"));
    CHECK(d.files.count("out.tmpother/keep"));
    CHECK_FALSE(d.files.count("out.tmp/a.html"));
    CHECK_FALSE(d.Rename("nothing", "x", &err));
    REQUIRE(d.RemoveAll("out", &err));
    CHECK(d.files.size() == 1);
  }

  TEST_CASE("MemoryDisk::Rename replaces a file that is already there, as rename(2) does") {
    MemoryDisk d;
    d.files["stage/a.html"] = "nieuw";
    d.files["out/a.html"] = "oud";
    std::string err;
    REQUIRE(d.Rename("stage/a.html", "out/a.html", &err));
    CHECK(d.files["out/a.html"] == "nieuw");
    CHECK_FALSE(d.files.count("stage/a.html"));
  }

  TEST_CASE("MemoryDisk::IsInside") {
    MemoryDisk d;
    CHECK(d.IsInside("site", "site/content/a.md"));
    CHECK_FALSE(d.IsInside("site", "site"));
    CHECK_FALSE(d.IsInside("site", "sitex/a.md"));
    CHECK_FALSE(d.IsInside("site", "site/../a.md"));
    CHECK_FALSE(d.IsInside("site", "../a.md"));
  }

  TEST_CASE("MemoryDisk can be written from several threads") {
    // The build writes pages from worker threads through OutputDir.
    MemoryDisk d;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&d, t] {
        std::string err;
        for (int i = 0; i < 300; ++i) d.WriteFile("out/" + std::to_string(t) + "/" + std::to_string(i), "x", &err);
      });
    for (auto& th : threads) th.join();
    CHECK(d.files.size() == 1200);
  }

  TEST_CASE("RealDisk: write creates folders, read returns the bytes") {
    TempDir t;
    RealDisk d;
    std::string err, text;
    REQUIRE(d.WriteFile(t / "a/b/c.bin", std::string("x\0y\r\n", 5), &err));
    CHECK(d.IsFile(t / "a/b/c.bin"));
    CHECK(d.IsDir(t / "a/b"));
    REQUIRE(d.ReadFile(t / "a/b/c.bin", &text, &err));
    CHECK(text == std::string("x\0y\r\n", 5));
    // Nanoseconds since the Unix epoch: after 2020, before 2200.
    CHECK(d.MTime(t / "a/b/c.bin") > 1'577'836'800'000'000'000LL);
    CHECK(d.MTime(t / "a/b/c.bin") < 7'258'118'400'000'000'000LL);
    CHECK(d.MTime(t / "nope") == -1);
    CHECK_FALSE(d.ReadFile(t / "nope.md", &text, &err));
    CHECK(err.find("nope.md") != std::string::npos);
  }

  TEST_CASE("RealDisk: a write into a path whose parent is a file fails with a message") {
    TempDir t;
    RealDisk d;
    Put(t / "file", "x");
    std::string err;
    CHECK_FALSE(d.WriteFile(t / "file/sub.html", "x", &err));
    CHECK_FALSE(err.empty());
  }

  TEST_CASE("RealDisk: Rename and RemoveAll") {
    TempDir t;
    RealDisk d;
    Put(t / "from/a.txt", "a");
    std::string err;
    REQUIRE(d.Rename(t / "from", t / "to", &err));
    CHECK(d.IsFile(t / "to/a.txt"));
    CHECK_FALSE(d.IsDir(t / "from"));
    CHECK_FALSE(d.Rename(t / "from", t / "x", &err));
    CHECK(err.find("from") != std::string::npos);
    REQUIRE(d.RemoveAll(t / "to", &err));
    CHECK_FALSE(d.IsDir(t / "to"));
    CHECK(d.RemoveAll(t / "never-there", &err));
  }

  TEST_CASE("RealDisk::RemoveAll removes a whole tree on several threads, and never follows a symlink out") {
    TempDir t;
    RealDisk d;
    for (int s = 0; s < 8; ++s)
      for (int p = 0; p < 20; ++p) Put(t / ("site/s" + std::to_string(s) + "/sub/p" + std::to_string(p) + ".html"), "x");
    Put(t / "site/index.html", "x");
    Put(t / "keep/precious.txt", "mine");
    std::filesystem::create_directory_symlink(t / "keep", t / "site/link-to-keep");
    std::filesystem::create_directory_symlink(t / "keep", t / "site/s3/sub/link");
    std::filesystem::create_symlink(t / "keep/precious.txt", t / "site/file-link.txt");
    std::string err;
    REQUIRE_MESSAGE(d.RemoveAll(t / "site", &err), err);
    CHECK_FALSE(std::filesystem::exists(t / "site"));
    CHECK(d.IsFile(t / "keep/precious.txt"));
    // A symlink itself, or a plain file, is removed as it is.
    std::filesystem::create_directory_symlink(t / "keep", t / "alone");
    REQUIRE(d.RemoveAll(t / "alone", &err));
    CHECK_FALSE(std::filesystem::exists(std::filesystem::symlink_status(t / "alone")));
    CHECK(d.IsFile(t / "keep/precious.txt"));
    Put(t / "plain.txt", "x");
    REQUIRE(d.RemoveAll(t / "plain.txt", &err));
    CHECK_FALSE(d.IsFile(t / "plain.txt"));
  }

  TEST_CASE("RealDisk::ListDir names the files and folders directly inside, hidden ones too") {
    TempDir t;
    RealDisk d;
    Put(t / "root/b.md", "");
    Put(t / "root/a/c.md", "");
    Put(t / "root/.tmp", "");
    CHECK(d.ListDir(t / "root") == std::vector<std::string>{".tmp", "a", "b.md"});
    CHECK(d.ListDir(t / "missing").empty());
  }

  TEST_CASE("RealDisk::ListFiles lists regular files sorted and skips hidden ones") {
    TempDir t;
    RealDisk d;
    Put(t / "root/b.md", "");
    Put(t / "root/a.md", "");
    Put(t / "root/sub/c.md", "");
    Put(t / "root/.git/config", "");
    Put(t / "root/sub/.swp", "");
    auto list = d.ListFiles(t / "root");
    CHECK(Rels(list, false) == std::vector<std::string>{"a.md", "b.md", "sub/c.md"});
    CHECK(Rels(list, true).empty());
    CHECK(d.ListFiles(t / "missing").empty());
  }

  TEST_CASE("RealDisk::ListFiles marks symlinks that lead outside the root") {
    TempDir t;
    RealDisk d;
    Put(t / "secret/passwd", "geheim");
    Put(t / "root/page.md", "");
    Put(t / "root/inside/x.md", "");
    fs::create_symlink(t / "secret/passwd", t / "root/file-link.md");
    fs::create_directory_symlink(t / "secret", t / "root/dir-link");
    fs::create_directory_symlink(t / "root/inside", t / "root/inside-link");
    auto list = d.ListFiles(t / "root");
    CHECK(Rels(list, true) == std::vector<std::string>{"dir-link", "file-link.md"});
    // Nothing below the escaping folder link is listed.
    for (const FileEntry& e : list) CHECK(e.rel.find("passwd") == std::string::npos);
    // A link to a folder inside the root is followed.
    auto inside = Rels(list, false);
    CHECK(std::find(inside.begin(), inside.end(), "inside-link/x.md") != inside.end());
    CHECK(std::find(inside.begin(), inside.end(), "page.md") != inside.end());
  }

  TEST_CASE("RealDisk::ListFiles survives a symlink loop") {
    TempDir t;
    RealDisk d;
    Put(t / "root/a/page.md", "");
    fs::create_directory_symlink(t / "root/a", t / "root/a/loop");
    fs::create_directory_symlink(t / "root", t / "root/up");
    auto list = d.ListFiles(t / "root");
    // The loop is cut off, and the file is not listed over and over.
    CHECK(list.size() < 10);
    auto rels = Rels(list, false);
    CHECK(std::find(rels.begin(), rels.end(), "a/page.md") != rels.end());
  }

  TEST_CASE("RealDisk::ListFiles goes on after a broken symlink") {
    TempDir t;
    RealDisk d;
    Put(t / "root/b.md", "");
    Put(t / "root/sub/c.md", "");
    fs::create_symlink(t / "root/nergens.md", t / "root/a-kapot.md");
    auto rels = Rels(d.ListFiles(t / "root"), false);
    CHECK(rels == std::vector<std::string>{"b.md", "sub/c.md"});
  }

  TEST_CASE("RealDisk::IsInside resolves symlinks") {
    TempDir t;
    RealDisk d;
    Put(t / "root/a.md", "");
    Put(t / "outside/b.md", "");
    fs::create_symlink(t / "outside/b.md", t / "root/b.md");
    CHECK(d.IsInside(t / "root", t / "root/a.md"));
    CHECK_FALSE(d.IsInside(t / "root", t / "root/b.md"));
    CHECK_FALSE(d.IsInside(t / "root", t / "root/../outside/b.md"));
    CHECK_FALSE(d.IsInside(t / "root", t / "root"));
    CHECK_FALSE(d.IsInside(t / "root", t / "rootx/a.md"));
  }

  // ---- files that are no files, or too big (issue 17)

  TEST_CASE("RealDisk::ReadFile refuses a FIFO, a device and a folder before reading, and never waits") {
    TempDir t;
    RealDisk d;
    REQUIRE(mkfifo((t / "pijp").c_str(), 0644) == 0);  // no writer: an open() for reading would wait for ever
    std::string text, err;
    CHECK_FALSE(d.ReadFile(t / "pijp", &text, &err));
    CHECK(err.find("a named pipe (FIFO), not a file") != std::string::npos);
    CHECK_FALSE(d.ReadFile("/dev/zero", &text, &err));  // would fill the memory, read as a file
    CHECK(err.find("a device") != std::string::npos);
    fs::create_directories(t / "map");
    CHECK_FALSE(d.ReadFile(t / "map", &text, &err));
    CHECK(err.find("a folder") != std::string::npos);
  }

  TEST_CASE("ReadFileAtMost refuses a bigger file from its size, before reading a byte") {
    TempDir t;
    RealDisk d;
    Put(t / "groot", "");
    REQUIRE(truncate((t / "groot").c_str(), 1LL << 30) == 0);  // 1 GB, a hole on disk
    std::string text = "vorige", err;
    bool too_big = false;
    CHECK_FALSE(d.ReadFileAtMost(t / "groot", 8u << 20, &text, &err, &too_big));
    CHECK(too_big);
    CHECK(err.find("is 1024 MB, more than the 8 MB it may be") != std::string::npos);
    CHECK(text.capacity() < (1u << 20));  // nothing was read into it

    Put(t / "klein", "precies");
    CHECK(d.ReadFileAtMost(t / "klein", 7, &text, &err, &too_big));
    CHECK(text == "precies");
    CHECK_FALSE(too_big);
    CHECK_FALSE(d.ReadFileAtMost(t / "klein", 6, &text, &err, &too_big));
    CHECK(too_big);

    MemoryDisk m;
    m.files["a"] = "twaalf bytes";
    CHECK_FALSE(m.ReadFileAtMost("a", 11, &text, &err, &too_big));
    CHECK(too_big);
    CHECK(m.ReadFileAtMost("a", 12, &text, &err, nullptr));
    CHECK(text == "twaalf bytes");
  }

}  // TEST_SUITE
