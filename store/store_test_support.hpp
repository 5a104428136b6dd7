#pragma once
// Small builders shared by the store's tests. Header-only; tests only.

#include <monsoon/store.hpp>

#include <doctest/doctest.h>

#include <optional>
#include <string>

namespace monsoon::store::testing {

using model::Region;
using model::TimePoint;

inline TimePoint at(long long seconds) { return TimePoint{model::Seconds{seconds}}; }

inline store::Store open_memory() {
  auto opened = store::Store::open(":memory:");
  REQUIRE(opened.has_value());
  return std::move(*opened);
}

inline model::FeedSource source(std::string url, Region region = Region::china) {
  model::FeedSource feed;
  feed.url = std::move(url);
  feed.name = "Feed " + feed.url;
  feed.region = region;
  return feed;
}

inline store::NewItem item(std::string key, std::string title, std::optional<TimePoint> published = {}) {
  store::NewItem value;
  value.key = std::move(key);
  value.title = std::move(title);
  value.link = "https://example.com/" + value.key;
  value.published = published;
  value.region = Region::china;
  return value;
}

inline store::FetchLogEntry log_at(long long seconds, int status = 200) {
  return store::FetchLogEntry{.at = at(seconds), .status = status};
}


}  // namespace monsoon::store::testing
