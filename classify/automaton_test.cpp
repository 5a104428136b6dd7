#include "automaton.hpp"

#include <doctest/doctest.h>

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
