#include "site/front_matter.h"

#include <doctest/doctest.h>

using namespace ww;

TEST_SUITE("front_matter") {
  TEST_CASE("a file without front matter is all body") {
    Diagnostics d;
    auto fm = SplitFrontMatter("# Kop\n\ntekst\n", "a.md", &d);
    REQUIRE(fm);
    CHECK(fm->data.is_object());
    CHECK(fm->data.as_object().empty());
    CHECK(fm->body == "# Kop\n\ntekst\n");
    CHECK(fm->body_line == 1);
  }

  TEST_CASE("an empty file is an empty body") {
    Diagnostics d;
    auto fm = SplitFrontMatter("", "a.md", &d);
    REQUIRE(fm);
    CHECK(fm->body.empty());
    CHECK(fm->body_line == 1);
    CHECK_FALSE(d.HasErrors());
  }

  TEST_CASE("YAML front matter between '---' lines") {
    Diagnostics d;
    std::string src = "---\ntitle: Hallo\nweight: 3\n---\n# Kop\n";
    auto fm = SplitFrontMatter(src, "a.md", &d);
    REQUIRE(fm);
    CHECK(fm->data.GetString("title") == "Hallo");
    CHECK(fm->data.GetInt("weight") == 3);
    CHECK(fm->body == "# Kop\n");
    CHECK(fm->body_line == 5);
    // The body points into the source.
    CHECK(fm->body.data() == src.data() + src.find("# Kop"));
  }

  TEST_CASE("YAML front matter may end with '...'") {
    Diagnostics d;
    auto fm = SplitFrontMatter("---\ntitle: x\n...\nbody\n", "a.md", &d);
    REQUIRE(fm);
    CHECK(fm->data.GetString("title") == "x");
    CHECK(fm->body == "body\n");
  }

  TEST_CASE("TOML front matter between '+++' lines") {
    Diagnostics d;
    auto fm = SplitFrontMatter("+++\ntitle = \"Hallo\"\ntags = [\"a\"]\n+++\nbody", "a.md", &d);
    REQUIRE(fm);
    CHECK(fm->data.GetString("title") == "Hallo");
    CHECK(fm->data.Get("tags")->as_array().size() == 1);
    CHECK(fm->body == "body");
    CHECK(fm->body_line == 5);
  }

  TEST_CASE("empty front matter is an empty object") {
    Diagnostics d;
    auto fm = SplitFrontMatter("---\n---\nbody\n", "a.md", &d);
    REQUIRE(fm);
    CHECK(fm->data.is_object());
    CHECK(fm->body == "body\n");
    CHECK(fm->body_line == 3);
    auto toml = SplitFrontMatter("+++\n+++\n", "a.md", &d);
    REQUIRE(toml);
    CHECK(toml->body.empty());
  }

  TEST_CASE("front matter closed at the very end of the file, without a newline") {
    Diagnostics d;
    auto fm = SplitFrontMatter("---\ntitle: x\n---", "a.md", &d);
    REQUIRE(fm);
    CHECK(fm->data.GetString("title") == "x");
    CHECK(fm->body.empty());
  }

  TEST_CASE("'---' later in a file is a thematic break, not front matter") {
    Diagnostics d;
    auto fm = SplitFrontMatter("tekst\n---\ntitle: x\n---\n", "a.md", &d);
    REQUIRE(fm);
    CHECK(fm->data.as_object().empty());
    CHECK(fm->body_line == 1);
  }

  TEST_CASE("unterminated front matter is an error at line 1 that says what to add") {
    for (const char* src : {"---\ntitle: x\n\n# Kop\n", "---", "+++\ntitle = 'x'\n", "---\ntitle: x\n--- \n"}) {
      Diagnostics d;
      CHECK_FALSE(SplitFrontMatter(src, "content/a.md", &d));
      auto s = d.Sorted();
      REQUIRE(s.size() == 1);
      CHECK(s[0].path == "content/a.md");
      CHECK(s[0].line == 1);
      CHECK(s[0].col == 1);
      CHECK(s[0].message.find("never closed") != std::string::npos);
    }
  }

  TEST_CASE("a YAML error points at the line in the Markdown file") {
    Diagnostics d;
    // Line 3 of the file holds the broken list.
    CHECK_FALSE(SplitFrontMatter("---\ntitle: x\ntags: [a, b\nweight: 1\n---\nbody\n", "content/a.md", &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].path == "content/a.md");
    CHECK(s[0].line >= 3);
    CHECK(s[0].line <= 5);
    CHECK(s[0].message.find("invalid YAML") != std::string::npos);
  }

  TEST_CASE("a bad indentation error names its exact line") {
    Diagnostics d;
    CHECK_FALSE(SplitFrontMatter("---\ntitle: x\n  weight: 1\n---\n", "a.md", &d));
    REQUIRE(d.Sorted().size() == 1);
    CHECK(d.Sorted()[0].line == 3);
  }

  TEST_CASE("a TOML error points at the line in the Markdown file") {
    Diagnostics d;
    CHECK_FALSE(SplitFrontMatter("+++\ntitle = \"x\"\nweight = = 3\n+++\n", "content/a.md", &d));
    auto s = d.Sorted();
    REQUIRE(s.size() == 1);
    CHECK(s[0].line == 3);
    CHECK(s[0].col >= 1);
    CHECK(s[0].message.find("invalid TOML") != std::string::npos);
  }

  TEST_CASE("front matter that is not a table of fields is an error") {
    for (const char* src : {"---\n- a\n- b\n---\n", "---\njust text\n---\n"}) {
      Diagnostics d;
      CHECK_FALSE(SplitFrontMatter(src, "a.md", &d));
      REQUIRE(d.Sorted().size() == 1);
      CHECK(d.Sorted()[0].line == 2);
      CHECK(d.Sorted()[0].message.find("key: value") != std::string::npos);
    }
  }

}  // TEST_SUITE

TEST_SUITE("front_matter: title from the first heading") {
  TEST_CASE("a first '# heading' is taken out and is the title") {
    std::string_view body = "\n# De *eerste* week ##\n\nTekst.\n";
    std::string_view rest = body;
    int line = 1;
    CHECK(TakeTitleHeading(body, &rest, &line) == "De eerste week");
    CHECK(rest == "\nTekst.\n");
    CHECK(line == 3);
  }

  TEST_CASE("anything else first leaves the body as it was") {
    for (std::string_view body : {"Tekst.\n# Kop\n", "## Kop\n", "#Kop\n", "    # code\n", "", "# \n", "#\n"}) {
      std::string_view rest = body;
      int line = 4;
      CHECK(TakeTitleHeading(body, &rest, &line).empty());
      CHECK(rest == body);
      CHECK(line == 4);
    }
  }
}
