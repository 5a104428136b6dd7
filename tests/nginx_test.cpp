// Conditional GET against a real web server: Debian's nginx sets ETag and
// Last-Modified from the file and answers If-None-Match / If-Modified-Since.
#include <monsoon/config.hpp>
#include <monsoon/fetch.hpp>
#include <monsoon/store.hpp>

#include <doctest/doctest.h>

#include <fstream>

#include "nginx.hpp"
#include "poller.hpp"
#include "scratch.hpp"

using namespace monsoon;
using Scratch = monsoon::testing::ScratchDir;

namespace {

std::string rss_with(int items) {
  std::string text = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>N</title>";
  for (int i = 0; i < items; ++i) {
    text += "<item><title>Story " + std::to_string(i) + "</title><link>https://n.example/" +
            std::to_string(i) + "</link></item>";
  }
  return text + "</channel></rss>";
}

}  // namespace

TEST_CASE("nginx answers the second poll with 304 and a changed file is fetched again") {
  Scratch scratch;
  const auto www = scratch.path() / "www";
  std::filesystem::create_directories(www);
  std::ofstream(www / "feed.xml") << rss_with(2);
  testing::Nginx nginx(scratch.path() / "nginx", www);

  config::Config config;
  config.source_file = scratch.path() / "monsoon.toml";
  config.store.path = scratch.path() / "monsoon.db";
  config.fetch.host_gap = model::Seconds{0};
  model::FeedSource feed;
  feed.url = nginx.url("/feed.xml");
  feed.name = "nginx";
  feed.region = model::Region::india;
  config.feeds = {feed};
  auto store = store::Store::open(config.store.path.string());
  REQUIRE(store.has_value());

  auto first = daemon::poll_once(config, *store, true);
  CHECK(first.new_items == 2);
  const auto state = store->feeds().value().at(0);
  CHECK_FALSE(state.etag.empty());
  CHECK_FALSE(state.last_modified.empty());

  auto second = daemon::poll_once(config, *store, true);
  CHECK(second.not_modified == 1);
  CHECK(store->feeds().value().at(0).last_status == 304);

  // A new version with a later mtime: validators no longer match.
  std::ofstream(www / "feed.xml") << rss_with(3);
  std::filesystem::last_write_time(www / "feed.xml",
                                   std::filesystem::last_write_time(www / "feed.xml") +
                                       std::chrono::seconds(5));
  auto third = daemon::poll_once(config, *store, true);
  CHECK(third.new_items == 1);
  CHECK(store->feeds().value().at(0).etag != state.etag);
}

TEST_CASE("nginx honours If-Modified-Since on its own") {
  Scratch scratch;
  const auto www = scratch.path() / "www";
  std::filesystem::create_directories(www);
  std::ofstream(www / "feed.xml") << rss_with(1);
  testing::Nginx nginx(scratch.path() / "nginx", www);
  fetch::global_init();
  auto first = fetch::fetch_feed({.url = nginx.url("/feed.xml")}, fetch::Limits{});
  REQUIRE(first.has_value());
  REQUIRE_FALSE(first->last_modified.empty());
  auto second = fetch::fetch_feed(
      {.url = nginx.url("/feed.xml"), .last_modified = first->last_modified}, fetch::Limits{});
  REQUIRE(second.has_value());
  CHECK(second->outcome == fetch::Outcome::not_modified);
  auto stale = fetch::fetch_feed(
      {.url = nginx.url("/feed.xml"), .last_modified = "Mon, 01 Jan 2001 00:00:00 GMT"},
      fetch::Limits{});
  REQUIRE(stale.has_value());
  CHECK(stale->outcome == fetch::Outcome::fetched);
}
