// i18n: the theme's UI strings and Dutch (or English) notation of dates and
// numbers.
#pragma once

#include <string>
#include <string_view>

#include "diagnostics.h"
#include "disk.h"
#include "site/overlays.h"
#include "value.h"

namespace ww {

// Reads the theme's i18n/LANG.toml (from the layer that wins it) into a flat
// table of strings.
Value LoadStrings(Disk& disk, const ThemeFiles& theme, const std::string& language, Diagnostics* diags);
// The same for a theme in one folder.
Value LoadStrings(Disk& disk, const std::string& theme_dir, const std::string& display_dir, const std::string& language,
                  Diagnostics* diags);

// "2024-03-05" (or a longer ISO timestamp) → "5 maart 2024" / "5 March 2024";
// returns "" for text that is not such a date.
std::string FormatDate(std::string_view iso, const std::string& language);
// True for "YYYY-MM-DD" with a real month and day.
bool IsIsoDate(std::string_view s);

// 1.5 → "1,5" (nl) or "1.5" (en); whole numbers without decimals.
std::string FormatNumber(double v, const std::string& language);

}  // namespace ww
