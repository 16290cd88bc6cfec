#include "render/i18n.h"

#include <cmath>
#include <cstdio>

#include "site/data_format.h"

namespace ww {

Value LoadStrings(Disk& disk, const ThemeFiles& theme, const std::string& language, Diagnostics* diags) {
  std::string rel = "i18n/" + language + ".toml";
  const LayeredFile* f = theme.Find(rel);
  std::string text, err;
  if (!f || !disk.ReadFile(f->disk_path, &text, &err)) {
    // Only a warning: a site in a language the theme has no strings for
    // still builds, with empty labels until the theme gets them.
    diags->Warning(JoinPath(theme.display, rel), 0, 0, "theme has no UI strings for this language; labels stay empty");
    return Value::MakeObject();
  }
  auto v = ParseData(text, DataFormat::kToml, f->display, 0, diags);
  return v ? *v : Value::MakeObject();
}

Value LoadStrings(Disk& disk, const std::string& theme_dir, const std::string& display_dir, const std::string& language,
                  Diagnostics* diags) {
  return LoadStrings(disk, ThemeFromDir(disk, theme_dir, display_dir), language, diags);
}

// Only the first ten characters count, so a timestamp ("2024-03-05T10:00")
// is a date too; FormatDate keeps the day only.
bool IsIsoDate(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  if (month < 1 || month > 12) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day >= 1 && day <= kDays[month - 1] + (month == 2 && leap);  // "2024-02-30" is no date
}

std::string FormatDate(std::string_view iso, const std::string& language) {
  if (!IsIsoDate(iso)) return "";
  static const char* nl[] = {"januari", "februari", "maart",     "april",   "mei",      "juni",
                             "juli",    "augustus", "september", "oktober", "november", "december"};
  static const char* en[] = {"January", "February", "March",     "April",   "May",      "June",
                             "July",    "August",   "September", "October", "November", "December"};
  int month = (iso[5] - '0') * 10 + (iso[6] - '0');
  int day = (iso[8] - '0') * 10 + (iso[9] - '0');
  // Dutch unless English: the two languages the theme has strings for.
  return std::to_string(day) + " " + (language == "en" ? en : nl)[month - 1] + " " + std::string(iso.substr(0, 4));
}

// At most two decimals, trailing zeros dropped (1.50 → "1,5"), and no
// grouping of thousands: that is wegwijzer.number's (plugin_api.h).
std::string FormatNumber(double v, const std::string& language) {
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (language != "en")
    for (char& c : s)
      if (c == '.') c = ',';
  return s;
}

}  // namespace ww
