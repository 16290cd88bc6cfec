#include "site/page_dates.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace ww {

namespace {

bool Digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

int DaysIn(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool Exists(int y, int m, int d) { return m >= 1 && m <= 12 && d >= 1 && d <= DaysIn(y, m); }

std::string Iso(int y, int m, int d) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
  return out;
}

}  // namespace

bool CheckDate(std::string_view text, std::string* fix) {
  std::string_view day_part = text.substr(0, std::min(text.find_first_of("T "), text.size()));
  // Year, month and day, split on the first separator the author used.
  char sep = 0;
  for (char c : day_part)
    if (c == '-' || c == '/' || c == '.') {
      sep = c;
      break;
    }
  std::string_view parts[3];
  size_t n = 0, start = 0;
  for (size_t i = 0; sep && i <= day_part.size() && n < 3; ++i)
    if (i == day_part.size() || day_part[i] == sep) {
      parts[n++] = day_part.substr(start, i - start);
      start = i + 1;
    }
  bool numbers = n == 3 && start > day_part.size() && Digits(parts[0]) && Digits(parts[1]) && Digits(parts[2]) &&
                 parts[0].size() <= 4 && parts[1].size() <= 2 && parts[2].size() <= 4;
  const std::string how = "write dates as year-month-day, like 2024-12-31";
  if (!numbers) {
    *fix = "\"" + std::string(text) + "\" is no date; " + how;
    return false;
  }
  int a = std::stoi(std::string(parts[0])), b = std::stoi(std::string(parts[1])), c = std::stoi(std::string(parts[2]));
  if (parts[0].size() == 4 && sep == '-' && parts[1].size() == 2 && parts[2].size() == 2) {
    if (Exists(a, b, c)) return true;
    *fix = std::string(day_part) + " does not exist (" +
           (b < 1 || b > 12 ? "month " + std::to_string(b) : "day " + std::to_string(c)) + "); " + how;
    return false;
  }
  // Day-month-year, as Dutch authors write it: the fix is that date the other way round.
  if (parts[2].size() == 4 && Exists(c, b, a)) {
    *fix = std::string(day_part) + " is day-month-year; write dates as year-month-day: " + Iso(c, b, a);
    return false;
  }
  if (parts[0].size() == 4 && Exists(a, b, c)) {
    *fix = "write dates as year-month-day with '-' and two digits: " + Iso(a, b, c);
    return false;
  }
  *fix = "\"" + std::string(text) + "\" is no date; " + how;
  return false;
}

}  // namespace ww
