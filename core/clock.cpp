#include "clock.h"

#include <ctime>

namespace ww {

// A function-local static: made on first use, thread-safe, and alive until
// the program ends, so callers may keep the reference.
const Clock& Clock::Default() {
  static SystemClock system;
  return system;
}

std::int64_t SystemClock::Now() const { return static_cast<std::int64_t>(std::time(nullptr)); }

std::string UtcDate(std::int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);  // not gmtime: its result is one buffer shared by all threads
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace ww
