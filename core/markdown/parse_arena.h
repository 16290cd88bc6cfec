// parse_arena: the memory of one cmark-gfm parse, given back at once.
//
// cmark-gfm allocates every node, string and buffer of a parse one by one and
// frees them one by one when the tree is freed: 3-4 % of a 10,000-page
// build's CPU (bench/, perf). A page's parser takes its memory from this
// thread's arena instead; when the page's tree has been converted, Reset
// gives all of it back without walking the tree. Under AddressSanitizer every
// allocation stays a malloc of its own (freed at Reset), so the sanitizer and
// fuzz builds still see an overrun or a use after Reset.
#pragma once

#include <cmark-gfm.h>

namespace ww {

class ParseArena {
 public:
  // This thread's arena, as cmark-gfm's allocator: give it to
  // cmark_parser_new_with_mem. Nothing of it may be used after Reset.
  static cmark_mem* Mem();
  // Gives back all the memory handed out on this thread since the last
  // Reset (keeps a little for the next page).
  static void Reset();
};

}  // namespace ww
