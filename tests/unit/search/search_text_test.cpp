#include "search/search_text.h"

#include <doctest/doctest.h>

#include <string>

#include "diagnostics.h"
#include "markdown/markdown.h"

namespace {

ww::SearchDoc Extract(const std::string& markdown) {
  ww::Diagnostics diags;
  ww::Page page;
  page.out_path = "rol/ib.html";
  page.title = "De IB'er";
  page.summary = "Wat een IB'er doet.";
  return ww::ExtractSearchDoc(ww::ParseMarkdown(markdown, 1, "rol/ib.md", &diags), page);
}

}  // namespace

TEST_CASE("ExtractSearchDoc: a section per heading up to level 4, each block's text once, spaced") {
  ww::SearchDoc doc = Extract(
      "Vooraf *een* [link](x.md).\n"
      "Tweede regel.\n\n"
      "<div class=\"x\">\n</div>\n\n"
      "- punt een\n- punt twee\n\n"
      "## Taken\n\n"
      "```\ncode  blijft\n```\n\n"
      "##### Diep\n\n"
      "> citaat\n\n"
      "### Leeg\n\n"
      "<!-- niets -->\n");
  CHECK(doc.url == "rol/ib.html");
  CHECK(doc.title == "De IB'er");
  CHECK(doc.summary == "Wat een IB'er doet.");
  REQUIRE(doc.sections.size() == 3);
  CHECK(doc.sections[0].heading == "");
  CHECK(doc.sections[0].anchor == "");
  // The HTML block gives no text and no second space.
  CHECK(doc.sections[0].text == "Vooraf een link. Tweede regel. punt een punt twee");
  CHECK(doc.sections[1].heading == "Taken");
  CHECK(doc.sections[1].anchor == "taken");
  // Code as written; a level-5 heading is text of its section.
  CHECK(doc.sections[1].text == "code  blijft\n Diep citaat");
  CHECK(doc.sections[2].heading == "Leeg");
  CHECK(doc.sections[2].text == "");
}

TEST_CASE("ExtractSearchDoc: a page that opens with a heading has no empty top section") {
  ww::SearchDoc doc = Extract("# Kop\n\nTekst.\n");
  REQUIRE(doc.sections.size() == 1);
  CHECK(doc.sections[0].heading == "Kop");
  CHECK(doc.sections[0].text == "Tekst.");
  CHECK(Extract("").sections.size() == 1);  // an empty page: its one (empty) section
}
