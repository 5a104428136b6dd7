#include <monsoon/model.hpp>

#include <doctest/doctest.h>

using namespace monsoon::model;

TEST_CASE("Every region name round-trips through its config spelling") {
  for (auto name : region_names()) {
    auto region = region_from_string(name);
    REQUIRE(region.has_value());
    CHECK(to_string(*region) == name);
  }
  CHECK(region_names().size() == 10);
}

TEST_CASE("Region names are matched exactly and nothing else is accepted") {
  CHECK_FALSE(region_from_string("China").has_value());
  CHECK_FALSE(region_from_string("south korea").has_value());
  CHECK_FALSE(region_from_string("").has_value());
  CHECK(display_name(Region::south_korea) == "South Korea");
  CHECK(display_name(Region::rest_of_asia) == "Rest of Asia");
}

TEST_CASE("The digest has seven regional sections and never a source-only kind") {
  CHECK(kDigestRegions.size() == 7);
  for (auto region : kDigestRegions) {
    CHECK(region != Region::pan_asia);
    CHECK(region != Region::global);
    CHECK(region != Region::unassigned);
  }
}

TEST_CASE("fail builds an unexpected Result carrying its code and message") {
  Result<int> result = fail(Errc::timeout, "feed https://example.com/rss timed out");
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == Errc::timeout);
  CHECK(to_string(result.error().code) == "timeout");
}
