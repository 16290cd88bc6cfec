#include "site/image_size.h"

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace ww {

namespace {

uint32_t Be16(std::string_view b, size_t at) {
  return (static_cast<uint8_t>(b[at]) << 8) | static_cast<uint8_t>(b[at + 1]);
}
uint32_t Be32(std::string_view b, size_t at) { return (Be16(b, at) << 16) | Be16(b, at + 2); }
uint32_t Le16(std::string_view b, size_t at) {
  return static_cast<uint8_t>(b[at]) | (static_cast<uint8_t>(b[at + 1]) << 8);
}
uint32_t Le24(std::string_view b, size_t at) { return Le16(b, at) | (static_cast<uint8_t>(b[at + 2]) << 16); }

bool Set(uint32_t w, uint32_t h, ImageSize* out) {
  if (w == 0 || h == 0 || w > 1000000 || h > 1000000) return false;
  out->width = static_cast<int>(w);
  out->height = static_cast<int>(h);
  return true;
}

// EXIF orientation 5 to 8 shows the picture turned a quarter: width and height swap.
bool ExifTurned(std::string_view app1) {
  if (app1.size() < 14 || app1.substr(0, 6) != std::string_view("Exif\0\0", 6)) return false;
  std::string_view tiff = app1.substr(6);
  bool le = tiff.substr(0, 2) == "II";
  if (!le && tiff.substr(0, 2) != "MM") return false;
  auto u16 = [&](size_t at) { return le ? Le16(tiff, at) : Be16(tiff, at); };
  auto u32 = [&](size_t at) { return le ? (Le16(tiff, at) | (Le16(tiff, at + 2) << 16)) : Be32(tiff, at); };
  uint32_t ifd = u32(4);
  if (ifd + 2 > tiff.size()) return false;
  uint32_t count = u16(ifd);
  for (uint32_t i = 0; i < count; ++i) {
    size_t e = ifd + 2 + static_cast<size_t>(i) * 12;
    if (e + 12 > tiff.size()) return false;
    if (u16(e) == 0x0112) {
      uint32_t v = u16(e + 8);
      return v >= 5 && v <= 8;
    }
  }
  return false;
}

bool Jpeg(std::string_view b, ImageSize* out) {
  bool turned = false;
  size_t at = 2;
  while (at + 4 <= b.size()) {
    if (static_cast<uint8_t>(b[at]) != 0xFF) return false;
    uint8_t marker = static_cast<uint8_t>(b[at + 1]);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
      at += 2;
      continue;
    }
    uint32_t len = Be16(b, at + 2);
    if (len < 2 || at + 2 + len > b.size()) return false;
    if (marker == 0xE1) turned |= ExifTurned(b.substr(at + 4, len - 2));
    // Start of frame (SOF0-15 but DHT C4, JPG C8 and DAC CC): height, then width.
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
      if (len < 7) return false;
      uint32_t h = Be16(b, at + 5), w = Be16(b, at + 7);
      return turned ? Set(h, w, out) : Set(w, h, out);
    }
    if (marker == 0xDA) return false;  // image data before any frame header
    at += 2 + len;
  }
  return false;
}

bool WebP(std::string_view b, ImageSize* out) {
  if (b.size() < 30) return false;
  std::string_view chunk = b.substr(12, 4);
  if (chunk == "VP8X") return Set(Le24(b, 24) + 1, Le24(b, 27) + 1, out);
  if (chunk == "VP8L" && static_cast<uint8_t>(b[20]) == 0x2F) {
    uint32_t bits = Le16(b, 21) | (Le16(b, 23) << 16);
    return Set((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, out);
  }
  if (chunk == "VP8 " && b.substr(23, 3) == "\x9d\x01\x2a") return Set(Le16(b, 26) & 0x3FFF, Le16(b, 28) & 0x3FFF, out);
  return false;
}

// The value of attribute `name` in the tag `tag`, "" when it has none.
std::string Attribute(std::string_view tag, std::string_view name) {
  for (size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    bool starts = at > 0 && std::isspace(static_cast<unsigned char>(tag[at - 1]));
    size_t eq = tag.find_first_not_of(" \t\r\n", at + name.size());
    if (!starts || eq == std::string_view::npos || tag[eq] != '=') continue;
    size_t q = tag.find_first_not_of(" \t\r\n", eq + 1);
    if (q == std::string_view::npos || (tag[q] != '"' && tag[q] != '\'')) continue;
    size_t end = tag.find(tag[q], q + 1);
    if (end == std::string_view::npos) return "";
    return std::string(tag.substr(q + 1, end - q - 1));
  }
  return "";
}

// "120", "120px", "120.5" → 120 (rounded); "" for %, em and other units.
int Pixels(const std::string& v) {
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  std::string unit = end ? std::string(end) : "";
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back()))) unit.pop_back();
  if (end == v.c_str() || (!unit.empty() && unit != "px") || d <= 0) return 0;
  return static_cast<int>(d + 0.5);
}

bool Svg(std::string_view b, ImageSize* out) {
  size_t open = b.find("<svg");
  if (open == std::string_view::npos) return false;
  size_t close = b.find('>', open);
  if (close == std::string_view::npos) return false;
  std::string_view tag = b.substr(open, close - open);
  int w = Pixels(Attribute(tag, "width")), h = Pixels(Attribute(tag, "height"));
  if (w > 0 && h > 0) return Set(w, h, out);
  std::string box = Attribute(tag, "viewBox");
  for (char& c : box)
    if (c == ',') c = ' ';
  double v[4];
  const char* p = box.c_str();
  for (double& x : v) {
    char* end = nullptr;
    x = std::strtod(p, &end);
    if (end == p) return false;
    p = end;
  }
  if (v[2] <= 0 || v[3] <= 0) return false;
  // One of width and height given: the other follows the viewBox's proportions.
  if (w > 0) return Set(w, static_cast<uint32_t>(w * v[3] / v[2] + 0.5), out);
  if (h > 0) return Set(static_cast<uint32_t>(h * v[2] / v[3] + 0.5), h, out);
  return Set(static_cast<uint32_t>(v[2] + 0.5), static_cast<uint32_t>(v[3] + 0.5), out);
}

}  // namespace

bool ReadImageSize(std::string_view b, std::string_view name, ImageSize* out) {
  if (b.size() >= 24 && b.substr(0, 8) == "\x89PNG\r\n\x1a\n" && b.substr(12, 4) == "IHDR")
    return Set(Be32(b, 16), Be32(b, 20), out);
  if (b.size() >= 10 && (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a"))
    return Set(Le16(b, 6), Le16(b, 8), out);
  if (b.size() >= 4 && static_cast<uint8_t>(b[0]) == 0xFF && static_cast<uint8_t>(b[1]) == 0xD8) return Jpeg(b, out);
  if (b.size() >= 16 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return WebP(b, out);
  std::string lower(name.substr(name.size() >= 4 ? name.size() - 4 : 0));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == ".svg") return Svg(b.substr(0, 64 * 1024), out);
  return false;
}

}  // namespace ww
