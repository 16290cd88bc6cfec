// clock: the date a build stamps on its feeds and prints.
#include "clock.h"

#include <doctest/doctest.h>

using namespace ww;

TEST_CASE("UtcDate is the date in UTC") {
  CHECK(UtcDate(0) == "1970-01-01");
  CHECK(UtcDate(86399) == "1970-01-01");
  CHECK(UtcDate(86400) == "1970-01-02");
  CHECK(UtcDate(1709164800) == "2024-02-29");  // a leap day
  CHECK(UtcDate(FixedClock(1735689599).Now()) == "2024-12-31");
}

TEST_CASE("the default clock is the system's") {
  std::int64_t before = Clock::Default().Now(), after = SystemClock().Now();
  CHECK(before > 1700000000);  // after November 2023
  CHECK(after >= before);
  CHECK(after - before <= 1);
}
