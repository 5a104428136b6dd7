// The thin pipeline end to end, in process: fetch -> parse -> classify -> store ->
// digest, against the loopback test server and file: URLs.
#include <monsoon/config.hpp>
#include <monsoon/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>


#include "pipeline.hpp"
#include "poller.hpp"
#include "scratch.hpp"
#include "test_server.hpp"

using namespace monsoon;
using monsoon::testing::Request;
using monsoon::testing::Response;
using monsoon::testing::TestServer;
namespace fs = std::filesystem;
using monsoon::testing::slurp;
using Scratch = monsoon::testing::ScratchDir;

namespace {

config::Config config_in(const fs::path& dir) {
  config::Config config;
  config.source_file = dir / "monsoon.toml";
  config.store.path = dir / "monsoon.db";
  config.digest.output_dir = dir / "digests";
  config.digest.timezone = "Asia/Singapore";
  config.fetch.timeout = model::Seconds{5};
  config.fetch.connect_timeout = model::Seconds{2};
  return config;
}

model::FeedSource feed(std::string url, std::string name, model::Region region) {
  model::FeedSource source;
  source.url = std::move(url);
  source.name = std::move(name);
  source.region = region;
  return source;
}

const std::string kRss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Loopback</title><link>https://loop.example/</link>
<item><title>Seoul startup raises Series A</title><link>https://loop.example/a</link>
<guid isPermaLink="false">loop-1</guid><description>Funding &amp; hiring.</description></item>
<item><title>한국 반도체 수출 증가</title><link>https://loop.example/b</link>
<guid isPermaLink="false">loop-2</guid></item>
</channel></rss>)";

int count_rows(const fs::path& db, const std::string& sql) {
  SQLite::Database raw(db.string(), SQLite::OPEN_READONLY);
  return raw.execAndGet(sql).getInt();
}

}  // namespace

TEST_CASE("A feed from the loopback server ends up as rows in SQLite and polls again with validators") {
  TestServer server;
  server.on("/feed", [](const Request& request) {
    if (request.header("if-none-match") == "\"v1\"") return Response{.status = 304};
    return Response{.headers = {{"Content-Type", "application/rss+xml"}, {"ETag", "\"v1\""}},
                    .body = kRss};
  });
  Scratch scratch;
  auto config = config_in(scratch.path());
  config.feeds = {feed(server.url("/feed"), "Loopback", model::Region::south_korea)};
  auto store = store::Store::open(config.store.path.string());
  REQUIRE(store.has_value());

  auto first = daemon::poll_once(config, *store, true);
  REQUIRE_FALSE(first.storage_error.has_value());
  CHECK(first.new_items == 2);
  CHECK(first.failed == 0);
  CHECK(count_rows(config.store.path, "SELECT count(*) FROM items") == 2);
  CHECK(count_rows(config.store.path,
                   "SELECT count(*) FROM items WHERE region = 'south_korea' AND "
                   "title = '한국 반도체 수출 증가'") == 1);
  CHECK(count_rows(config.store.path,
                   "SELECT count(*) FROM items WHERE summary = 'Funding & hiring.'") == 1);

  auto second = daemon::poll_once(config, *store, true);
  REQUIRE_FALSE(second.storage_error.has_value());
  CHECK(second.new_items == 0);
  CHECK(second.not_modified == 1);
  CHECK(count_rows(config.store.path, "SELECT count(*) FROM items") == 2);
  auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].header("if-none-match") == "\"v1\"");
}

TEST_CASE("A file URL feed ends up as rows in SQLite and a second poll adds nothing") {
  Scratch scratch;
  const auto path = scratch.path() / "feed.xml";
  std::ofstream(path) << kRss;
  auto config = config_in(scratch.path());
  config.feeds = {feed("file://" + path.string(), "Local", model::Region::south_korea)};
  auto store = store::Store::open(config.store.path.string());
  REQUIRE(store.has_value());
  CHECK(daemon::poll_once(config, *store, true).new_items == 2);
  CHECK(daemon::poll_once(config, *store, true).unchanged == 1);
  CHECK(count_rows(config.store.path, "SELECT count(*) FROM items") == 2);
  CHECK(count_rows(config.store.path, "SELECT count(*) FROM fetch_log") == 2);
}

TEST_CASE("A failing feed is recorded and the other feeds are still stored") {
  TestServer server;
  server.on("/good", Response{.body = kRss});
  server.on("/html", Response{.headers = {{"Content-Type", "text/html"}},
                              .body = "<html><body>Not a feed</body></html>"});
  Scratch scratch;
  auto config = config_in(scratch.path());
  config.feeds = {feed(server.url("/gone"), "Gone", model::Region::india),
                  feed(server.url("/html"), "Html", model::Region::india),
                  feed(server.url("/good"), "Good", model::Region::japan)};
  auto store = store::Store::open(config.store.path.string());
  REQUIRE(store.has_value());
  auto summary = daemon::poll_once(config, *store, true);
  REQUIRE_FALSE(summary.storage_error.has_value());
  CHECK(summary.failed == 2);
  CHECK(summary.new_items == 2);
  auto states = store->feeds().value();
  REQUIRE(states.size() == 3);
  CHECK(states[0].error_streak == 1);
  CHECK(states[0].last_error.find("HTTP 404") != std::string::npos);
  CHECK(states[1].error_streak == 1);
  CHECK(states[1].last_error_class == "not_a_feed");
  CHECK(states[1].last_error.find("HTML page") != std::string::npos);
  CHECK(states[2].error_streak == 0);
  CHECK(states[2].last_success.has_value());
}

TEST_CASE("The weekly draft is written from the store with a section per region") {
  TestServer server;
  server.on("/feed", Response{.body = kRss});
  Scratch scratch;
  auto config = config_in(scratch.path());
  config.feeds = {feed(server.url("/feed"), "Loopback", model::Region::south_korea)};
  auto store = store::Store::open(config.store.path.string());
  REQUIRE(store.has_value());
  REQUIRE_FALSE(daemon::poll_once(config, *store, true).storage_error.has_value());
  const auto week = daemon::current_week(config, daemon::now());
  auto written = daemon::write_digest(config, *store, week);
  REQUIRE(written.has_value());
  const auto text = slurp(*written);
  CHECK(text.find("## South Korea\n\n- Seoul startup raises Series A — Funding \\& hiring. "
                        "[Loopback](https://loop.example/a)") != std::string::npos);
  CHECK(text.find("## China\n\n_Nothing this week._") != std::string::npos);
  CHECK(store->has_digest(written->stem().string()).value());
  // No temporary file is left beside the draft.
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(config.digest.output_dir)) ++files;
  CHECK(files == 1);
}

TEST_CASE("A week runs from Monday 00:00 to Monday 00:00 in the digest's time zone") {
  Scratch scratch;
  const auto config = config_in(scratch.path());  // Asia/Singapore, UTC+8
  // Sunday 2026-11-29 16:21 UTC is Monday 00:21 in Singapore: week 49 there.
  const model::TimePoint sunday_evening_utc{model::Seconds{1'795'969'260}};
  const auto week = daemon::current_week(config, sunday_evening_utc);
  CHECK(week == model::IsoWeek{2026, 49});
  // `monsoon stories` and the draft count that week from Monday 00:00 local time
  // (2026-11-29 16:00 UTC), so an item first seen at that moment is in it.
  const auto bounds = daemon::week_bounds(config, week);
  CHECK(bounds.from == model::TimePoint{model::Seconds{1'795'968'000}});
  CHECK(bounds.to - bounds.from == std::chrono::days{7});
  CHECK(bounds.from <= sunday_evening_utc);
  CHECK(sunday_evening_utc < bounds.to);
}

TEST_CASE("Writing a file atomically replaces it whole and fails clearly in a missing folder") {
  Scratch scratch;
  const auto path = scratch.path() / "draft.md";
  REQUIRE(daemon::write_file_atomically(path, "first version\n").has_value());
  REQUIRE(daemon::write_file_atomically(path, "second\n").has_value());
  CHECK(slurp(path) == "second\n");
  auto failed = daemon::write_file_atomically(scratch.path() / "missing" / "draft.md", "x");
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().code == model::Errc::storage);
  CHECK(failed.error().message.find("missing/draft.md") != std::string::npos);
}
