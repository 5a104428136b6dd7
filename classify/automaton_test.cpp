#include "automaton.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using monsoon::classify::detail::Automaton;

namespace {
std::vector<std::pair<std::uint32_t, std::size_t>> all_matches(const Automaton& automaton,
                                                               std::string_view text) {
  std::vector<std::pair<std::uint32_t, std::size_t>> found;
  automaton.scan(text, [&](std::uint32_t key, std::size_t end) { found.emplace_back(key, end); });
  return found;
}
}  // namespace

TEST_CASE("The automaton finds overlapping keys and keys inside other keys") {
  Automaton automaton;
  const auto he = automaton.add("he");
  const auto she = automaton.add("she");
  const auto his = automaton.add("his");
  const auto hers = automaton.add("hers");
  automaton.compile();
  const auto found = all_matches(automaton, "ushers");
  using Match = std::pair<std::uint32_t, std::size_t>;
  CHECK(found == std::vector<Match>{{she, 4}, {he, 4}, {hers, 6}});
  CHECK(all_matches(automaton, "his").front() == Match{his, 3});
}

TEST_CASE("The automaton folds ASCII case but matches other bytes exactly") {
  Automaton automaton;
  const auto korea = automaton.add("Korea");
  const auto taiwan = automaton.add("台灣");
  automaton.compile();
  CHECK(all_matches(automaton, "SOUTH KOREA").size() == 1);
  CHECK(all_matches(automaton, "south korea").front().first == korea);
  CHECK(all_matches(automaton, "在台灣的").front() == std::pair<std::uint32_t, std::size_t>{taiwan, 9});
  CHECK(all_matches(automaton, "台湾").empty());
}

TEST_CASE("Adding a key twice gives the same id and text without keys finds nothing") {
  Automaton automaton;
  const auto first = automaton.add("yen");
  CHECK(automaton.add("YEN") == first);
  CHECK(automaton.key_count() == 1);
  automaton.compile();
  CHECK(all_matches(automaton, "").empty());
  CHECK(all_matches(automaton, "nothing here at all").empty());
  CHECK(all_matches(automaton, std::string("ye\0n", 4)).empty());
}

namespace {

// Every occurrence of every key, by brute force: for each end offset, each key that
// ends there (ASCII case folded), longest first.
std::vector<std::pair<std::uint32_t, std::size_t>> brute_force(
    const std::vector<std::string>& keys, const std::vector<std::uint32_t>& ids,
    std::string_view text) {
  const auto fold = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  std::vector<std::pair<std::uint32_t, std::size_t>> found;
  for (std::size_t end = 1; end <= text.size(); ++end) {
    std::vector<std::pair<std::size_t, std::uint32_t>> here;  // (length, id)
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const std::string& key = keys[k];
      if (key.empty() || key.size() > end) continue;
      bool same = true;
      for (std::size_t i = 0; i < key.size() && same; ++i) {
        same = fold(key[i]) == fold(text[end - key.size() + i]);
      }
      if (same) here.emplace_back(key.size(), ids[k]);
    }
    std::sort(here.begin(), here.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    here.erase(std::unique(here.begin(), here.end()), here.end());
    for (const auto& [length, id] : here) found.emplace_back(id, end);
  }
  return found;
}

}  // namespace

TEST_CASE("Deep states without dense rows find exactly what a brute-force search finds") {
  // A small alphabet (ASCII of both cases, a byte no key has, the bytes of two Han
  // characters) so that random keys share prefixes and suffixes, and random text
  // walks deep into the trie and falls back through failure links.
  const std::string alphabet = std::string("abAB x") + "\xE5\x8F\xB0\xE7\x81\xA3";
  std::uint64_t seed = 20261129;
  const auto next = [&seed](std::size_t bound) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((seed >> 33) % bound);
  };
  for (int round = 0; round < 20; ++round) {
    std::vector<std::string> keys;
    for (int k = 0; k < 40; ++k) {
      std::string key;
      const std::size_t length = 1 + next(7);
      for (std::size_t i = 0; i < length; ++i) key += alphabet[next(alphabet.size() - 1)];  // never 'x'
      keys.push_back(key);
    }
    Automaton deep(0);       // only the root has a dense row
    Automaton dense;         // every state has one
    std::vector<std::uint32_t> ids;
    for (const std::string& key : keys) {
      ids.push_back(deep.add(key));
      CHECK(dense.add(key) == ids.back());
    }
    deep.compile();
    dense.compile();
    REQUIRE(deep.dense_count() == 1);
    REQUIRE(dense.dense_count() == dense.state_count());
    REQUIRE(deep.state_count() > 40);
    for (int t = 0; t < 50; ++t) {
      std::string text;
      const std::size_t length = next(60);
      for (std::size_t i = 0; i < length; ++i) text += alphabet[next(alphabet.size())];
      const auto expected = brute_force(keys, ids, text);
      CHECK(all_matches(deep, text) == expected);
      CHECK(all_matches(dense, text) == expected);
    }
  }
}
