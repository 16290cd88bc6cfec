#include "markdown/parse_arena.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define WW_PARSE_ARENA_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WW_PARSE_ARENA_MALLOC 1
#endif
#endif

namespace ww {
namespace {

// cmark-gfm aborts when an allocation fails; so do we, with its words.
[[noreturn]] void OutOfMemory() {
  std::fprintf(stderr, "[cmark] calloc returned null pointer, aborting\n");
  std::abort();
}

#if WW_PARSE_ARENA_MALLOC

// Each allocation its own, all freed at Reset.
struct Arena {
  std::vector<void*> blocks;
  ~Arena() { Reset(); }
  void* Calloc(size_t n, size_t size) {
    void* p = std::calloc(n ? n : 1, size ? size : 1);
    if (!p) OutOfMemory();
    blocks.push_back(p);
    return p;
  }
  void* Realloc(void* old, size_t size) {
    if (!old) return Calloc(1, size);
    void* p = std::realloc(old, size ? size : 1);
    if (!p) OutOfMemory();
    *std::find(blocks.rbegin(), blocks.rend(), old) = p;
    return p;
  }
  void Reset() {
    for (void* p : blocks) std::free(p);
    blocks.clear();
  }
};

#else

// Bump allocation from blocks of 64 KB and up. Each allocation has a header
// with its size (a realloc copies that much), and the last one grows in
// place while its block has room: most reallocs are a buffer that grows.
struct Arena {
  static constexpr size_t kAlign = 16;
  static constexpr size_t kBlock = 64 * 1024;
  static constexpr size_t kKeep = 4;  // blocks kept for the next page
  struct Block {
    char* mem;
    size_t size;
  };
  std::vector<Block> blocks;  // blocks[current] is being filled; those after it are empty
  size_t current = 0, used = 0;
  char* last = nullptr;  // the last allocation (its data)

  ~Arena() {
    for (Block& b : blocks) std::free(b.mem);
  }
  static size_t Round(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }
  static size_t& SizeOf(char* data) { return *reinterpret_cast<size_t*>(data - kAlign); }

  char* Take(size_t size) {
    size_t need = kAlign + Round(size);
    while (current < blocks.size() && used + need > blocks[current].size) {
      ++current;
      used = 0;
    }
    if (current == blocks.size()) {
      size_t bytes = std::max(kBlock, need);
      char* mem = static_cast<char*>(std::malloc(bytes));
      if (!mem) OutOfMemory();
      blocks.push_back({mem, bytes});
      used = 0;
    }
    char* data = blocks[current].mem + used + kAlign;
    used += need;
    SizeOf(data) = size;
    last = data;
    return data;
  }
  void* Calloc(size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) OutOfMemory();
    char* data = Take(n * size);
    std::memset(data, 0, n * size);
    return data;
  }
  void* Realloc(void* old, size_t size) {
    char* data = static_cast<char*>(old);
    if (!data) return Take(size);
    size_t old_size = SizeOf(data);
    if (data == last) {  // grow (or shrink) in place when the block has room
      size_t start = static_cast<size_t>(data - blocks[current].mem);
      if (start + Round(size) <= blocks[current].size) {
        used = start + Round(size);
        SizeOf(data) = size;
        return data;
      }
    }
    char* moved = Take(size);
    std::memcpy(moved, data, std::min(old_size, size));
    return moved;
  }
  void Reset() {
    // A page that needed more than a few blocks keeps them no longer.
    while (blocks.size() > kKeep) {
      std::free(blocks.back().mem);
      blocks.pop_back();
    }
    current = 0;
    used = 0;
    last = nullptr;
  }
};

#endif

Arena& ThisThread() {
  thread_local Arena arena;
  return arena;
}

void* Calloc(size_t n, size_t size) { return ThisThread().Calloc(n, size); }
void* Realloc(void* p, size_t size) { return ThisThread().Realloc(p, size); }
void Free(void*) {}  // all at Reset

cmark_mem g_mem = {Calloc, Realloc, Free};

}  // namespace

cmark_mem* ParseArena::Mem() { return &g_mem; }

void ParseArena::Reset() { ThisThread().Reset(); }

}  // namespace ww
