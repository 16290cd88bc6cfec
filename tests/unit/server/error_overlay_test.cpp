#include "server/error_overlay.h"

#include <doctest/doctest.h>

using namespace ww;

TEST_SUITE("error_overlay") {
  TEST_CASE("a good build clears the list") { CHECK(BuildErrorsScript({}) == "window.__wegwijzerErrors = [];\n"); }

  TEST_CASE("errors with their place; warnings left out; text safe in a script") {
    std::vector<Diagnostic> d = {
        {"content/a.md", 3, 7, Severity::kError, "link to </script><b>x</b>: there is no page"},
        {"content/b.md", 1, 1, Severity::kWarning, "page has no title"},
        {"site.toml", 0, 0, Severity::kError, "invalid TOML"},
    };
    std::string js = BuildErrorsScript(d);
    CHECK(js.starts_with("window.__wegwijzerErrors = [{"));
    CHECK(js.find("\"where\":\"content/a.md:3:7\"") != std::string::npos);
    CHECK(js.find("\"where\":\"site.toml\"") != std::string::npos);
    CHECK(js.find("page has no title") == std::string::npos);
    CHECK(js.find("</script>") == std::string::npos);
  }

  TEST_CASE("at most kOverlayMaxErrors, and how many more") {
    std::vector<Diagnostic> d(kOverlayMaxErrors + 5, Diagnostic{"a.md", 1, 1, Severity::kError, "fout"});
    std::string js = BuildErrorsScript(d);
    size_t n = 0;
    for (size_t at = js.find("\"fout\""); at != std::string::npos; at = js.find("\"fout\"", at + 1)) ++n;
    CHECK(n == kOverlayMaxErrors);
    CHECK(js.find("5 fouten meer") != std::string::npos);
  }

  TEST_CASE("the overlay script writes text, never HTML, and styles only through CSSOM") {
    std::string js = ErrorOverlayScript();
    CHECK(js.find("innerHTML") == std::string::npos);
    CHECK(js.find("setAttribute('style'") == std::string::npos);
    CHECK(js.find("textContent") != std::string::npos);
  }
}
