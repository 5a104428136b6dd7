#include "feature_table.hpp"

#include <doctest/doctest.h>

#include <vector>

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

TEST_CASE("A feature's cell counts its texts and keeps its newest items first") {
  FeatureTable table;
  table.reserve(2);
  const std::size_t cell = table.locate(42);
  CHECK(table.count(cell) == 0);
  CHECK(slots(table, cell).empty());
  for (std::int32_t slot = 0; slot < 9; ++slot) {
    table.add_count(cell);
    table.post(cell, slot);
  }
  CHECK(table.count(cell) == 9);
  CHECK(slots(table, cell) == std::vector<std::int32_t>{8, 7, 6, 5, 4, 3});
  CHECK(table.locate(42) == cell);
  CHECK(table.locate(0) != cell);
}

TEST_CASE("The feature table keeps every cell through growth and empties on clear") {
  FeatureTable table;
  for (std::uint32_t feature = 1; feature <= 20000; ++feature) {
    table.reserve(1);
    const std::size_t cell = table.locate(feature * 2);
    table.add_count(cell);
    table.post(cell, static_cast<std::int32_t>(feature));
  }
  table.reserve(1);
  const std::size_t cell = table.locate(2 * 777);
  CHECK(table.count(cell) == 1);
  CHECK(slots(table, cell) == std::vector<std::int32_t>{777});
  table.clear();
  table.reserve(1);
  CHECK(table.count(table.locate(2 * 777)) == 0);
}
