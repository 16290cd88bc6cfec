// image_size: an image's width and height, read from its file's header.
//
// For <img width height>: the browser then keeps the image's room while it
// loads, so the text does not jump. PNG, JPEG (as shown: EXIF orientation
// turns a portrait phone photo), GIF, WebP and SVG (width/height in pixels,
// else the viewBox). No pixel is decoded: only the first bytes are read.
//
// Why not a library: no Debian -dev package reads all five without decoding
// (stb_image's stbi_info knows neither WebP nor SVG; gdk-pixbuf and
// ImageMagick decode and pull in much more); the headers are small and fixed.
#pragma once

#include <string_view>

namespace ww {

struct ImageSize {
  int width = 0;
  int height = 0;
};

// The size of the image in `bytes`, a whole file whose name is `name` (the
// extension tells an SVG). False for a file it cannot read: another format, a
// broken or cut-off header, or an SVG that gives no size.
bool ReadImageSize(std::string_view bytes, std::string_view name, ImageSize* out);

}  // namespace ww
