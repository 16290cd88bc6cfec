#include "site/image_size.h"

#include <doctest/doctest.h>

#include <string>

using namespace ww;

namespace {

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s += static_cast<char>(c);
  return s;
}

ImageSize Size(const std::string& bytes, const std::string& name = "x.bin") {
  ImageSize s;
  CHECK_MESSAGE(ReadImageSize(bytes, name, &s), name);
  return s;
}

// A JPEG header: SOI, optionally APP1 with EXIF orientation `turn` (big
// endian TIFF), then SOF0 of w × h.
std::string Jpeg(int w, int h, int turn) {
  std::string s = Bytes({0xFF, 0xD8});
  if (turn) {
    std::string exif = "Exif" + Bytes({0, 0, 'M', 'M', 0, 42, 0, 0,    0, 8, 0, 1, 0x01, 0x12,
                                       0, 3, 0,   0,   0, 1,  0, turn, 0, 0, 0, 0, 0,    0});
    int len = static_cast<int>(exif.size()) + 2;
    s += Bytes({0xFF, 0xE1, len >> 8, len & 0xFF}) + exif;
  }
  s += Bytes({0xFF, 0xC0, 0, 11, 8, h >> 8, h & 0xFF, w >> 8, w & 0xFF, 1, 1, 0x11, 0});
  return s + Bytes({0xFF, 0xD9});
}

}  // namespace

TEST_SUITE("image_size") {
  TEST_CASE("PNG and GIF") {
    std::string png = Bytes({0x89, 'P', 'N', 'G',  '\r', '\n', 0x1A, '\n', 0,    0, 0, 13, 'I', 'H', 'D',
                             'R',  0,   0,   0x0F, 0xA0, 0,    0,    0x0B, 0xB8, 1, 0, 0,  0,   0});
    ImageSize p = Size(png);
    CHECK(p.width == 4000);
    CHECK(p.height == 3000);
    ImageSize g = Size("GIF89a" + Bytes({0x20, 0x03, 0x58, 0x02, 0, 0}));
    CHECK(g.width == 800);
    CHECK(g.height == 600);
  }

  TEST_CASE("JPEG, turned by its EXIF orientation as a browser shows it") {
    ImageSize plain = Size(Jpeg(4000, 3000, 0));
    CHECK(plain.width == 4000);
    CHECK(plain.height == 3000);
    ImageSize upright = Size(Jpeg(4000, 3000, 6));  // a phone held upright
    CHECK(upright.width == 3000);
    CHECK(upright.height == 4000);
    ImageSize flipped = Size(Jpeg(4000, 3000, 3));  // upside down: no quarter turn
    CHECK(flipped.width == 4000);
  }

  TEST_CASE("WebP: lossy, lossless and extended") {
    std::string head = "RIFF" + Bytes({0, 0, 0, 0}) + "WEBP";
    std::string lossy = head + "VP8 " + Bytes({0, 0, 0, 0, 0, 0, 0, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01});
    ImageSize l = Size(lossy);
    CHECK(l.width == 640);
    CHECK(l.height == 480);
    std::string lossless = head + "VP8L" + Bytes({0, 0, 0, 0, 0x2F, 0, 0, 0, 0x10, 0, 0, 0, 0, 0});
    ImageSize ll = Size(lossless);
    CHECK(ll.width == 1);
    CHECK(ll.height == 1);
    std::string extended = head + "VP8X" + Bytes({0, 0, 0, 0, 0, 0, 0, 0, 0x1F, 0x03, 0, 0x57, 0x02, 0});
    ImageSize x = Size(extended);
    CHECK(x.width == 800);
    CHECK(x.height == 600);
  }

  TEST_CASE("SVG: width and height in pixels, else the viewBox") {
    ImageSize a =
        Size("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120px\" height=\"40\">",
             "logo.svg");
    CHECK(a.width == 120);
    CHECK(a.height == 40);
    ImageSize b = Size("<svg viewBox=\"0 0 300 150\" width=\"100%\">", "a.SVG");
    CHECK(b.width == 300);
    CHECK(b.height == 150);
    ImageSize c = Size("<svg viewBox=\"0,0,300,150\" width=\"600\">", "c.svg");
    CHECK(c.width == 600);
    CHECK(c.height == 300);
  }

  TEST_CASE("anything else, or a header cut off, has no size") {
    ImageSize s;
    CHECK_FALSE(ReadImageSize("", "a.png", &s));
    CHECK_FALSE(ReadImageSize("BM....", "a.bmp", &s));
    CHECK_FALSE(ReadImageSize(Jpeg(10, 10, 0).substr(0, 8), "a.jpg", &s));
    CHECK_FALSE(ReadImageSize("<svg width=\"10em\" height=\"2em\">", "a.svg", &s));
    CHECK_FALSE(ReadImageSize("<svg width=\"10\" height=\"2\">", "a.txt", &s));  // only an .svg is read as SVG
    std::string zero =
        Bytes({0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 0, 0, 0, 0, 1});
    CHECK_FALSE(ReadImageSize(zero, "z.png", &s));
    std::string riff = "RIFF" + Bytes({0, 0, 0, 0}) + "WEBPVP8L";
    CHECK_FALSE(ReadImageSize(riff, "short.webp", &s));
  }
}
