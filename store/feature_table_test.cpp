#include "feature_table.hpp"

#include "feature_counts.hpp"
#include "hash_filter.hpp"
#include "hashing.hpp"

#include <doctest/doctest.h>

#include <vector>

using monsoon::store::detail::FeatureCounts;
using monsoon::store::detail::FeatureTable;

namespace {

std::vector<std::int32_t> slots(const FeatureTable& table, std::size_t cell) {
  std::vector<std::int32_t> out;
  table.for_each(cell, [&](std::int32_t slot) {
    out.push_back(slot);
    return true;
  });
  return out;
}

}  // namespace

TEST_CASE("A feature's cell keeps its newest items first") {
  FeatureTable table;
  table.reserve(2);
  const std::size_t cell = table.locate(42);
  CHECK(slots(table, cell).empty());
  for (std::int32_t slot = 0; slot < 9; ++slot) table.post(cell, slot);
  CHECK(slots(table, cell) == std::vector<std::int32_t>{8, 7, 6, 5, 4, 3});
  CHECK(table.locate(42) == cell);
  CHECK(table.locate(0) != cell);
}

TEST_CASE("The feature table keeps every cell through growth and empties on clear") {
  FeatureTable table;
  for (std::uint32_t feature = 1; feature <= 20000; ++feature) {
    table.reserve(1);
    table.post(table.locate(feature * 2), static_cast<std::int32_t>(feature));
  }
  table.reserve(1);
  CHECK(slots(table, table.locate(2 * 777)) == std::vector<std::int32_t>{777});
  table.clear();
  table.reserve(1);
  CHECK(slots(table, table.locate(2 * 777)).empty());
}

TEST_CASE("Feature counts count texts, and start again when reset") {
  FeatureCounts counts;
  const std::vector<std::uint32_t> first{2, 4, 6}, second{4, 8};
  counts.add(first);
  counts.add(second);
  CHECK(counts.texts() == 2);
  CHECK(counts.count(4) == 2);
  CHECK(counts.count(2) == 1);
  CHECK(counts.count(10) == 0);
  CHECK_FALSE(counts.wants_more(2));
  CHECK(counts.wants_more(1'000'000));
  counts.reset(1'000'000);
  CHECK(counts.texts() == 0);
  CHECK(counts.count(4) == 0);
  CHECK_FALSE(counts.wants_more(1'000'000));
}

TEST_CASE("Feature counts of distinct features rarely share a counter") {
  FeatureCounts counts;
  counts.reset(2000);
  std::vector<std::uint32_t> text;
  for (std::uint32_t feature = 0; feature < 2000 * 2; feature += 2) text.push_back(feature * 7919);
  counts.add(text);
  int shared = 0;
  for (const std::uint32_t feature : text) shared += counts.count(feature) > 1;
  CHECK(shared < 200);  // 2,000 features on at least 64 Ki counters: about 3 % share
}

TEST_CASE("A hash filter finds every hash added, through its growth, and few others") {
  monsoon::store::detail::HashFilter filter;
  CHECK_FALSE(filter.may_contain(monsoon::store::detail::mix64(1)));
  // 100,000 hashes fill the first layers (16,384, 32,768 and 65,536 hashes) and
  // start a fourth.
  constexpr std::uint64_t kAdded = 100'000;
  for (std::uint64_t i = 0; i < kAdded; ++i) filter.add(monsoon::store::detail::mix64(i));
  std::uint64_t missed = 0;
  for (std::uint64_t i = 0; i < kAdded; ++i) {
    missed += filter.may_contain(monsoon::store::detail::mix64(i)) ? 0 : 1;
  }
  CHECK(missed == 0);
  // Hashes never added: a "maybe" from any of the four layers adds up (8 % here).
  std::uint64_t maybe = 0;
  for (std::uint64_t i = kAdded; i < 2 * kAdded; ++i) {
    maybe += filter.may_contain(monsoon::store::detail::mix64(i)) ? 1 : 0;
  }
  CHECK(maybe > 0);
  CHECK(maybe < kAdded / 5);
  MESSAGE("hash filter: " << maybe << " of " << kAdded << " hashes never added answered maybe");
}
