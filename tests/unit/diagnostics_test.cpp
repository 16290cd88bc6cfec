#include "diagnostics.h"

#include <doctest/doctest.h>

#include <thread>

using namespace ww;

TEST_SUITE("diagnostics") {
  TEST_CASE("Format writes path:line:col, severity and message") {
    Diagnostic d{"content/a.md", 3, 7, Severity::kError, "bad thing; do this"};
    CHECK(d.Format() == "content/a.md:3:7: error: bad thing; do this");
    d.severity = Severity::kWarning;
    CHECK(d.Format() == "content/a.md:3:7: warning: bad thing; do this");
  }

  TEST_CASE("Format leaves out an unknown line or column") {
    CHECK(Diagnostic{"site.toml", 0, 0, Severity::kError, "m"}.Format() == "site.toml: error: m");
    CHECK(Diagnostic{"site.toml", 4, 0, Severity::kError, "m"}.Format() == "site.toml:4: error: m");
    // A column without a line says nothing useful; it is left out.
    CHECK(Diagnostic{"site.toml", 0, 5, Severity::kError, "m"}.Format() == "site.toml: error: m");
  }

  TEST_CASE("Format names the program when there is no path") {
    CHECK(Diagnostic{"", 0, 0, Severity::kError, "m"}.Format() == "wegwijzer: error: m");
  }

  TEST_CASE("counts errors and warnings apart") {
    Diagnostics d;
    CHECK_FALSE(d.HasErrors());
    CHECK(d.ErrorCount() == 0);
    d.Warning("a", 1, 1, "w");
    CHECK_FALSE(d.HasErrors());
    CHECK(d.WarningCount() == 1);
    d.Error("a", 1, 1, "e");
    d.Add({"b", 0, 0, Severity::kError, "e2"});
    CHECK(d.HasErrors());
    CHECK(d.ErrorCount() == 2);
    CHECK(d.WarningCount() == 1);
  }

  TEST_CASE("Sorted orders by path, line and column") {
    Diagnostics d;
    d.Error("b.md", 1, 1, "x");
    d.Error("a.md", 10, 2, "x");
    d.Error("a.md", 2, 9, "x");
    d.Error("a.md", 2, 3, "x");
    d.Error("a.md", 0, 0, "x");
    auto s = d.Sorted();
    REQUIRE(s.size() == 5);
    CHECK(s[0].Format() == "a.md: error: x");
    CHECK(s[1].Format() == "a.md:2:3: error: x");
    CHECK(s[2].Format() == "a.md:2:9: error: x");
    CHECK(s[3].Format() == "a.md:10:2: error: x");
    CHECK(s[4].Format() == "b.md:1:1: error: x");
  }

  TEST_CASE("Sorted reports the same problem once") {
    Diagnostics d;
    d.Error("t.mustache", 4, 0, "template error");
    d.Error("t.mustache", 4, 0, "template error");
    d.Error("t.mustache", 4, 0, "template error");
    CHECK(d.Sorted().size() == 1);
    // The counts are of what was reported (the build says how many errors it saw).
    CHECK(d.ErrorCount() == 3);
  }

  TEST_CASE("Sorted reports the same problem once even when others at that place came between") {
    // Workers report in any order: A, B, A must give the same output as A, A, B.
    Diagnostics d;
    d.Error("p.md", 1, 1, "A");
    d.Error("p.md", 1, 1, "B");
    d.Error("p.md", 1, 1, "A");
    auto s = d.Sorted();
    REQUIRE(s.size() == 2);
    Diagnostics e;
    e.Error("p.md", 1, 1, "B");
    e.Error("p.md", 1, 1, "A");
    e.Error("p.md", 1, 1, "A");
    auto t = e.Sorted();
    REQUIRE(t.size() == 2);
    CHECK(s[0].message == t[0].message);
    CHECK(s[1].message == t[1].message);
  }

  TEST_CASE("Sorted keeps different messages at the same place") {
    Diagnostics d;
    d.Error("p.md", 1, 1, "A");
    d.Warning("p.md", 1, 1, "B");
    CHECK(d.Sorted().size() == 2);
  }

  TEST_CASE("is safe to report into from several threads") {
    Diagnostics d;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&d, t] {
        for (int i = 0; i < 500; ++i) {
          if (i % 2)
            d.Error("f" + std::to_string(t), i, 1, "e");
          else
            d.Warning("f" + std::to_string(t), i, 1, "w");
        }
      });
    for (auto& th : threads) th.join();
    CHECK(d.ErrorCount() == 1000);
    CHECK(d.WarningCount() == 1000);
    CHECK(d.Sorted().size() == 2000);
  }

}  // TEST_SUITE
