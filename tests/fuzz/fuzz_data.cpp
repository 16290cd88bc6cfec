// libFuzzer target: data files and site.toml: YAML, TOML and JSON into a Value,
// and back out as script-safe JSON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "data_format.h"
#include "diagnostics.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  ww::DataFormat format = data[0] % 3 == 0 ? ww::DataFormat::kYaml
                          : data[0] % 3 == 1 ? ww::DataFormat::kToml
                                             : ww::DataFormat::kJson;
  ww::Diagnostics diags;
  if (auto v = ww::ParseData(text, format, "fuzz.data", 0, &diags)) {
    std::string json = v->ToJson();
    if (json.find("</") != std::string::npos) __builtin_trap();  // must stay safe inside <script>
  }
  return 0;
}
