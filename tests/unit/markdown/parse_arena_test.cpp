#include "markdown/parse_arena.h"

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace ww;

TEST_SUITE("parse_arena") {
  TEST_CASE("calloc gives zeroed memory, also memory a page before used") {
    cmark_mem* mem = ParseArena::Mem();
    auto* a = static_cast<unsigned char*>(mem->calloc(100, 4));
    std::memset(a, 0xAB, 400);
    ParseArena::Reset();
    auto* b = static_cast<unsigned char*>(mem->calloc(100, 4));
    bool zero = true;
    for (int i = 0; i < 400; ++i) zero &= b[i] == 0;
    CHECK(zero);
    ParseArena::Reset();
  }

  TEST_CASE("realloc keeps the contents, grown in place or moved, small or past a block") {
    cmark_mem* mem = ParseArena::Mem();
    auto* s = static_cast<char*>(mem->realloc(nullptr, 8));
    std::memcpy(s, "abcdefg", 8);
    auto* other = static_cast<char*>(mem->calloc(1, 16));  // s is no longer the last: it moves
    std::memcpy(other, "zzzzzzzzzzzzzzz", 16);
    std::string expected = "abcdefg";
    for (size_t size = 16; size <= (1u << 20); size *= 2) {
      s = static_cast<char*>(mem->realloc(s, size));
      REQUIRE(std::string(s) == expected);
      std::memset(s + expected.size(), 'x', size / 2 - expected.size());
      s[size / 2] = '\0';
      expected.assign(size / 2, 'x');
      std::memcpy(s, "abcdefg", 7);
      std::memcpy(expected.data(), "abcdefg", 7);
    }
    CHECK(std::string(other) == "zzzzzzzzzzzzzzz");
    ParseArena::Reset();
  }

  TEST_CASE("allocations do not overlap, and are aligned for any type") {
    cmark_mem* mem = ParseArena::Mem();
    std::vector<std::pair<char*, size_t>> blocks;
    for (size_t i = 1; i < 3000; i += 7) {
      auto* p = static_cast<char*>(mem->calloc(1, i));
      CHECK(reinterpret_cast<uintptr_t>(p) % alignof(std::max_align_t) == 0);
      std::memset(p, static_cast<int>(i & 0xFF), i);
      blocks.emplace_back(p, i);
    }
    bool intact = true;
    for (auto [p, n] : blocks)
      for (size_t k = 0; k < n; ++k) intact &= static_cast<unsigned char>(p[k]) == (n & 0xFF);
    CHECK(intact);
    ParseArena::Reset();
  }

  TEST_CASE("each thread has its own") {
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([t, &ok] {
        cmark_mem* mem = ParseArena::Mem();
        bool good = true;
        for (int round = 0; round < 50; ++round) {
          std::vector<char*> ps;
          for (int i = 0; i < 200; ++i) {
            auto* p = static_cast<char*>(mem->calloc(1, 64));
            std::memset(p, t, 64);
            ps.push_back(p);
          }
          for (char* p : ps)
            for (int k = 0; k < 64; ++k) good &= p[k] == t;
          ParseArena::Reset();
        }
        ok[t] = good;
      });
    for (auto& th : threads) th.join();
    CHECK(ok == std::vector<int>(4, 1));
  }
}
