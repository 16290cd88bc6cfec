#include "site/page_dates.h"

#include <doctest/doctest.h>

using namespace ww;

TEST_SUITE("page_dates") {
  TEST_CASE("year-month-day dates that exist, with or without a time") {
    std::string fix;
    for (const char* ok : {"2024-12-31", "2024-02-29", "2000-02-29", "2024-01-31T09:30:00+01:00", "2024-06-01 12:00"})
      CHECK_MESSAGE(CheckDate(ok, &fix), ok);
  }

  TEST_CASE("a Dutch day-month-year date is told the other way round") {
    std::string fix;
    CHECK_FALSE(CheckDate("31-12-2024", &fix));
    CHECK(fix == "31-12-2024 is day-month-year; write dates as year-month-day: 2024-12-31");
    CHECK_FALSE(CheckDate("1-2-2024", &fix));
    CHECK(fix.ends_with(": 2024-02-01"));
    CHECK_FALSE(CheckDate("5/3/2024", &fix));
    CHECK(fix.ends_with(": 2024-03-05"));
  }

  TEST_CASE("a date that does not exist, or is no date") {
    std::string fix;
    CHECK_FALSE(CheckDate("2024-13-45", &fix));
    CHECK(fix == "2024-13-45 does not exist (month 13); write dates as year-month-day, like 2024-12-31");
    CHECK_FALSE(CheckDate("2023-02-29", &fix));
    CHECK(fix.find("(day 29)") != std::string::npos);
    CHECK_FALSE(CheckDate("2024-1-5", &fix));
    CHECK(fix.ends_with(": 2024-01-05"));
    for (const char* bad : {"gisteren", "", "2024", "2024-12", "31 december 2024", "2024-12-31-1", "--"}) {
      CHECK_FALSE_MESSAGE(CheckDate(bad, &fix), bad);
      CHECK(fix.find("write dates as year-month-day") != std::string::npos);
    }
  }
}
