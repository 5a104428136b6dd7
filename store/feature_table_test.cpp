#include "feature_table.hpp"

#include "feature_counts.hpp"

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
