// libFuzzer target: data files and site.toml: YAML, TOML and JSON into a Value
// (flat YAML read by our own reader and by yaml-cpp alike),
// and back out as script-safe JSON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "diagnostics.h"
#include "site/data_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  ww::DataFormat format = data[0] % 3 == 0   ? ww::DataFormat::kYaml
                          : data[0] % 3 == 1 ? ww::DataFormat::kToml
                                             : ww::DataFormat::kJson;
  ww::Diagnostics diags;
  // Flat YAML is read without yaml-cpp: it must give what yaml-cpp gives.
  if (format == ww::DataFormat::kYaml) {
    if (auto flat = ww::ParseFlatYaml(text)) {
      ww::Diagnostics slow_diags;
      auto slow = ww::ParseData(text, format, "fuzz.data", 0, &slow_diags, /*fast_yaml=*/false);
      if (!slow || !(*slow == *flat)) __builtin_trap();
    }
  }
  if (auto v = ww::ParseData(text, format, "fuzz.data", 0, &diags)) {
    std::string json = v->ToJson();
    if (json.find("</") != std::string::npos) __builtin_trap();  // must stay safe inside <script>
  }
  return 0;
}
