// clock: the time of day behind an interface, so that what a build dates
// (feeds, the print edition, the year in the footer) can be fixed in tests.
#pragma once

#include <cstdint>
#include <string>

namespace ww {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch.
  virtual std::int64_t Now() const = 0;

  // The system clock, for callers that are not handed one.
  static const Clock& Default();
};

class SystemClock : public Clock {
 public:
  std::int64_t Now() const override;
};

// Always the same moment.
class FixedClock : public Clock {
 public:
  explicit FixedClock(std::int64_t seconds) : seconds_(seconds) {}
  std::int64_t Now() const override { return seconds_; }

 private:
  std::int64_t seconds_;
};

// The date of a moment in UTC, as YYYY-MM-DD (as the build has always dated
// feeds and prints: the date does not depend on the machine's time zone).
std::string UtcDate(std::int64_t seconds);

}  // namespace ww
