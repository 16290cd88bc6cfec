#include "search/word_table.h"

#include <doctest/doctest.h>

#include <deque>
#include <string>
#include <vector>

TEST_CASE("WordTable numbers words in the order they first come") {
  ww::WordTable t;
  CHECK(t.Add("leerling") == 0);
  CHECK(t.Add("groep") == 1);
  CHECK(t.Add("leerling") == 0);
  CHECK(t.Add("") == 2);
  CHECK(t.Add("groep") == 1);
  CHECK(t.words() == std::vector<std::string_view>{"leerling", "groep", ""});
}

TEST_CASE("WordTable grows past its first size and keeps every number") {
  ww::WordTable t(4);
  std::deque<std::string> words;
  for (int i = 0; i < 5000; ++i) words.push_back("woord" + std::to_string(i));
  for (size_t i = 0; i < words.size(); ++i) CHECK(t.Add(words[i]) == i);
  for (size_t i = 0; i < words.size(); i += 97) CHECK(t.Add(words[i]) == i);
  CHECK(t.words().size() == words.size());
}

TEST_CASE("WordTable::Clear forgets the words and keeps working") {
  ww::WordTable t;
  for (int i = 0; i < 300; ++i) t.Add(i % 2 ? "a" : "b");
  t.Clear(16);
  CHECK(t.words().empty());
  CHECK(t.Add("b") == 0);
  CHECK(t.Add("a") == 1);
}

TEST_CASE("WordTable keeps a new word as the Keep function says") {
  ww::WordTable t;
  std::deque<std::string> store;
  auto keep = [&](std::string_view v) -> std::string_view { return store.emplace_back(v); };
  {
    std::string scratch = "tijdelijk";
    CHECK(t.Add(scratch, keep) == 0);
    scratch = "xxxxxxxxx";  // the table's view points into `store`, not here
  }
  CHECK(t.Add("tijdelijk") == 0);
  CHECK(t.words()[0] == "tijdelijk");
}

TEST_CASE("WordTable tells apart words that share their first and last bytes") {
  // The hash reads the tail of a word by overlapping loads, and the
  // comparison too (up to 16 bytes): words that differ only in the middle
  // must still be told apart.
  ww::WordTable t;
  std::vector<std::string> words;
  for (size_t len = 1; len <= 40; ++len)
    for (char c : {'a', 'b'}) {
      std::string w(len, 'x');
      w[len / 2] = c;
      words.push_back(w);
    }
  std::vector<uint32_t> ids;
  for (const std::string& w : words) ids.push_back(t.Add(w));
  for (size_t i = 0; i < words.size(); ++i) CHECK(t.Add(words[i]) == ids[i]);
  CHECK(t.words().size() == words.size());
}

TEST_CASE("WordTable::Hash of a long text depends on each of its bytes") {
  // From 64 bytes on it reads four lanes of 32-byte rounds, then the rest.
  for (size_t len : {63, 64, 65, 95, 96, 100, 127, 128, 200, 1000}) {
    std::string text(len, 'a');
    for (size_t i = 0; i < len; ++i) text[i] = static_cast<char>('a' + i % 26);
    const uint64_t h = ww::WordTable::Hash(text);
    for (size_t i = 0; i < len; ++i) {
      std::string other = text;
      other[i] ^= 1;
      CHECK_MESSAGE(ww::WordTable::Hash(other) != h, "length " << len << ", byte " << i);
    }
    CHECK(ww::WordTable::Hash(text + "b") != h);
  }
}
