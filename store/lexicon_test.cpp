#include "lexicon.hpp"

#include "text_features.hpp"

#include <doctest/doctest.h>

using namespace monsoon::store::detail;

namespace {

auto features(std::string_view text) { return text_features(text, 64).features; }

Direction direction(std::string_view word) {
  const auto found = features(word);
  REQUIRE(found.size() == 1);
  return direction_of(found[0]);
}

}  // namespace

TEST_CASE("Inflections of one English word meet") {
  CHECK(features("acquires") == features("acquired"));
  CHECK(features("acquiring") == features("acquire"));
  CHECK(features("stopped") == features("stop"));
  CHECK(features("companies") == features("company"));
  CHECK(features("agreed") == features("agrees"));
  CHECK(features("business") != features("bus"));
}

TEST_CASE("Headline synonyms share a feature and stop words give none") {
  CHECK(features("Grab acquires GoTo") == features("Grab buys GoTo"));
  CHECK(features("merger") == features("takeover"));
  CHECK(features("halt production") == features("suspends production"));
  CHECK(features("cuts 600 jobs") == features("lays off 600 staff"));
  CHECK(features("new chief executive") == features("new CEO"));
  CHECK(features("Indian factory") == features("India plant"));
  CHECK(features("the of says pour und").empty());
}

TEST_CASE("Direction words fall into up, down and flat") {
  CHECK(direction("raises") == Direction::up);
  CHECK(direction("hike") == Direction::up);
  CHECK(direction("cuts") == Direction::down);
  CHECK(direction("plunged") == Direction::down);
  CHECK(direction("unchanged") == Direction::flat);
  CHECK(direction("keeps") == Direction::flat);
  CHECK(direction("profit") == Direction::none);
}

TEST_CASE("Countries are names, verb classes are not") {
  CHECK(text_features("Shares of Ola Electric rise in India", 64).names.size() == 3);
  CHECK(text_features("Ola Electric Acquires Krutrim", 64).names.empty());  // title case
  CHECK(text_features("shares of Ola Electric Jump", 64).names.size() == 2);
}
