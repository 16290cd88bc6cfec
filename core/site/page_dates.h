// page_dates: checks the dates of front matter (`date`, `lastmod`).
//
// A page's date goes into the page, the feed and the sitemap only as
// year-month-day (2024-12-31, ISO 8601), optionally with a time. Dutch
// authors write 31-12-2024; such a date, or one that does not exist
// (2024-13-45), is left out with a warning that says how to write it.
#pragma once

#include <string>
#include <string_view>

namespace ww {

// True when `text` is a date as Wegwijzer reads it: YYYY-MM-DD that exists,
// optionally followed by 'T' or ' ' and a time. Otherwise false, with *fix
// saying what to write ("write dates as 2024-12-31 (year-month-day)").
bool CheckDate(std::string_view text, std::string* fix);

}  // namespace ww
