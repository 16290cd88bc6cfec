#include "text_diff.h"

#include <doctest/doctest.h>

using namespace ww;

TEST_SUITE("text_diff") {
  TEST_CASE("SplitLines: lines without their newline; a last line without one counts") {
    CHECK(SplitLines("").empty());
    CHECK(SplitLines("a\nb\n") == std::vector<std::string_view>{"a", "b"});
    CHECK(SplitLines("a\n\nb") == std::vector<std::string_view>{"a", "", "b"});
  }

  TEST_CASE("equal texts have no diff and no changed line") {
    CHECK(UnifiedDiff("a\nb\n", "a\nb\n", "x", "y") == "");
    CHECK(FirstChangedLine("a\nb\n", "a\nb\n") == 0);
  }

  TEST_CASE("FirstChangedLine points into the new text") {
    CHECK(FirstChangedLine("a\nb\nc\n", "a\nB\nc\n") == 2);
    CHECK(FirstChangedLine("a\nb\n", "a\nb\nc\n") == 3);
    CHECK(FirstChangedLine("a\nb\nc\n", "a\nb\n") == 2);  // lines removed at the end: the last line there is
    CHECK(FirstChangedLine("a\n", "") == 1);
  }

  TEST_CASE("one changed line, with three lines of context, as diff -u writes it") {
    std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    std::string after = "1\n2\n3\n4\nvijf\n6\n7\n8\n9\n";
    CHECK(UnifiedDiff(before, after, "oud", "nieuw") ==
          "--- oud\n+++ nieuw\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+vijf\n 6\n 7\n 8\n");
  }

  TEST_CASE("changes far apart make two hunks; near ones one") {
    std::string before, far, near;
    for (int i = 1; i <= 20; ++i) before += std::to_string(i) + "\n";
    far = before;
    far.replace(far.find("2\n"), 2, "twee\n");
    far.replace(far.find("19\n"), 3, "negentien\n");
    std::string d = UnifiedDiff(before, far, "a", "b");
    CHECK(d.find("@@ -1,5 +1,5 @@\n 1\n-2\n+twee\n 3\n") != std::string::npos);
    CHECK(d.find("@@ -16,5 +16,5 @@\n 16\n 17\n 18\n-19\n+negentien\n 20\n") != std::string::npos);
    near = before;
    near.replace(near.find("5\n"), 2, "vijf\n");
    near.replace(near.find("\n11\n") + 1, 3, "elf\n");
    std::string n = UnifiedDiff(before, near, "a", "b");
    CHECK(n.find("@@ -2,13 +2,13 @@") != std::string::npos);
    CHECK(n.find("@@ -", n.find("@@ -2,13") + 1) == std::string::npos);  // one hunk
  }

  TEST_CASE("lines added at the start and removed at the end; empty ranges name the line before") {
    CHECK(UnifiedDiff("a\n", "nieuw\na\n", "x", "y") == "--- x\n+++ y\n@@ -1 +1,2 @@\n+nieuw\n a\n");
    CHECK(UnifiedDiff("a\nb\n", "a\n", "x", "y") == "--- x\n+++ y\n@@ -1,2 +1 @@\n a\n-b\n");
    CHECK(UnifiedDiff("", "a\n", "x", "y") == "--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n");
  }

  TEST_CASE("a missing newline at the end is a change of its own, marked as diff -u marks it") {
    CHECK(UnifiedDiff("a\nb", "a\nb\n", "x", "y") ==
          "--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
  }

  TEST_CASE("a moved paragraph: only the lines that moved are removed and added") {
    std::string d = UnifiedDiff("a\nb\nc\nd\n", "b\nc\nd\na\n", "x", "y", 0);
    CHECK(d == "--- x\n+++ y\n@@ -1 +0,0 @@\n-a\n@@ -4,0 +4 @@\n+a\n");
  }

  TEST_CASE("a very large rewrite is bounded: the middle is removed and added as a whole") {
    std::string before, after;
    for (int i = 0; i < 3000; ++i) {
      before += "oud " + std::to_string(i) + "\n";
      after += "nieuw " + std::to_string(i) + "\n";
    }
    std::string d = UnifiedDiff("kop\n" + before + "voet\n", "kop\n" + after + "voet\n", "x", "y");
    CHECK(d.find("@@ -1,3002 +1,3002 @@\n kop\n-oud 0\n") != std::string::npos);
    CHECK(d.find("-oud 2999\n+nieuw 0\n") != std::string::npos);
    CHECK(d.ends_with("+nieuw 2999\n voet\n"));
  }
}
