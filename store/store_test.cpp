#include <monsoon/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>


#include <cstdint>
#include <filesystem>
#include <string>

#include "scratch.hpp"

using namespace monsoon;
using model::Region;
using model::TimePoint;
using ScratchDir = monsoon::testing::ScratchDir;

namespace {

TimePoint at(long long seconds) { return TimePoint{model::Seconds{seconds}}; }

store::Store open_memory() {
  auto opened = store::Store::open(":memory:");
  REQUIRE(opened.has_value());
  return std::move(*opened);
}

model::FeedSource source(std::string url, Region region = Region::china) {
  model::FeedSource feed;
  feed.url = std::move(url);
  feed.name = "Feed " + feed.url;
  feed.region = region;
  return feed;
}

store::NewItem item(std::string key, std::string title, std::optional<TimePoint> published = {}) {
  store::NewItem value;
  value.key = std::move(key);
  value.title = std::move(title);
  value.link = "https://example.com/" + value.key;
  value.published = published;
  value.region = Region::china;
  return value;
}

}  // namespace

TEST_CASE("A new database is migrated to the current schema version") {
  auto db = open_memory();
  CHECK(db.schema_version() == store::kSchemaVersion);
}

TEST_CASE("A database from a newer monsoon is refused with a clear message") {
  ScratchDir scratch;
  const auto file = (scratch.path() / "future.db").string();
  {
    auto db = store::Store::open(file);
    REQUIRE(db.has_value());
  }
  {
    // Simulate a database written by a later release.
    SQLite::Database raw(file, SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = 99");
  }
  auto reopened = store::Store::open(file);
  REQUIRE_FALSE(reopened.has_value());
  CHECK(reopened.error().code == model::Errc::storage);
  CHECK(reopened.error().message.find("newer") != std::string::npos);
}

TEST_CASE("Upserting a feed twice keeps one row and refreshes its name") {
  auto db = open_memory();
  auto first = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(first.has_value());
  auto renamed = source("https://a.example/feed", Region::japan);
  renamed.name = "Renamed";
  auto second = db.upsert_feed(renamed);
  REQUIRE(second.has_value());
  CHECK(first->id == second->id);
  CHECK(second->name == "Renamed");
  CHECK(second->region == Region::japan);
  auto all = db.feeds();
  REQUIRE(all.has_value());
  CHECK(all->size() == 1);
}

TEST_CASE("Storing the same items twice inserts them once") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed.has_value());
  std::vector<store::NewItem> items = {item("guid:1", "One"), item("guid:2", "Two")};
  store::PollRecord poll{.at = at(1000), .status = 200};
  auto first = db.record_poll(feed->id, items, at(1000), poll);
  REQUIRE(first.has_value());
  CHECK(first->inserted == 2);
  auto second = db.record_poll(feed->id, items, at(2000), poll);
  REQUIRE(second.has_value());
  CHECK(second->inserted == 0);
  CHECK(second->unchanged == 2);
  CHECK(db.count_items().value() == 2);
}

TEST_CASE("An edited title updates the stored row in place") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed.has_value());
  store::PollRecord poll{.at = at(1000), .status = 200};
  REQUIRE(db.record_poll(feed->id, {item("guid:1", "Old title")}, at(1000), poll));
  auto edited = db.record_poll(feed->id, {item("guid:1", "New title")}, at(2000), poll);
  REQUIRE(edited.has_value());
  CHECK(edited->updated == 1);
  CHECK(db.count_items().value() == 1);
  auto items = db.items_between(at(0), at(5000));
  REQUIRE(items.has_value());
  REQUIRE(items->size() == 1);
  CHECK(items->front().title == "New title");
  CHECK(items->front().first_seen == at(1000));
}

TEST_CASE("The same key in two feeds is two items") {
  auto db = open_memory();
  auto a = db.upsert_feed(source("https://a.example/feed"));
  auto b = db.upsert_feed(source("https://b.example/feed"));
  REQUIRE((a && b));
  store::PollRecord poll{.at = at(1000), .status = 200};
  REQUIRE(db.record_poll(a->id, {item("guid:1", "Same")}, at(1000), poll));
  REQUIRE(db.record_poll(b->id, {item("guid:1", "Same")}, at(1000), poll));
  CHECK(db.count_items().value() == 2);
}

TEST_CASE("Items are selected by publication date falling back to first seen") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed.has_value());
  store::PollRecord poll{.at = at(5000), .status = 200};
  std::vector<store::NewItem> items = {item("old", "Old", at(100)), item("new", "New", at(4500)),
                                       item("undated", "Undated")};
  REQUIRE(db.record_poll(feed->id, items, at(5000), poll));
  auto week = db.items_between(at(4000), at(6000));
  REQUIRE(week.has_value());
  REQUIRE(week->size() == 2);
  CHECK(week->at(0).title == "Undated");  // first seen at 5000, newest first
  CHECK(week->at(1).title == "New");
  CHECK(week->at(1).feed_name == "Feed https://a.example/feed");
}

TEST_CASE("A failed poll grows the error streak and a success resets it") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed.has_value());
  store::PollRecord failed{.at = at(1000), .status = 503, .error = "http_status: HTTP 503"};
  REQUIRE(db.record_poll(feed->id, {}, at(1000), failed));
  REQUIRE(db.record_poll(feed->id, {}, at(2000), failed));
  auto states = db.feeds().value();
  CHECK(states.at(0).error_streak == 2);
  CHECK(states.at(0).last_error == "http_status: HTTP 503");
  CHECK_FALSE(states.at(0).last_success.has_value());

  store::PollRecord ok{.at = at(3000), .status = 200, .etag = "\"v1\"",
                       .last_modified = "Fri, 20 Nov 2026 10:00:00 GMT"};
  REQUIRE(db.record_poll(feed->id, {}, at(3000), ok));
  states = db.feeds().value();
  CHECK(states.at(0).error_streak == 0);
  CHECK(states.at(0).last_error.empty());
  CHECK(states.at(0).last_success == at(3000));
  CHECK(states.at(0).etag == "\"v1\"");

  store::PollRecord not_modified{.at = at(4000), .status = 304, .not_modified = true};
  REQUIRE(db.record_poll(feed->id, {}, at(4000), not_modified));
  CHECK(db.feeds().value().at(0).etag == "\"v1\"");
}

TEST_CASE("A database file survives reopening with its items") {
  ScratchDir scratch;
  const auto file = (scratch.path() / "monsoon.db").string();
  {
    auto db = store::Store::open(file);
    REQUIRE(db.has_value());
    auto feed = db->upsert_feed(source("https://a.example/feed"));
    REQUIRE(feed.has_value());
    REQUIRE(db->record_poll(feed->id, {item("guid:1", "Kept")}, at(1000),
                            store::PollRecord{.at = at(1000), .status = 200}));
  }
  auto reopened = store::Store::open(file);
  REQUIRE(reopened.has_value());
  CHECK(reopened->count_items().value() == 1);
}

TEST_CASE("Opening a database in a missing folder fails with a storage error") {
  auto db = store::Store::open("/nonexistent-monsoon-dir/sub/monsoon.db");
  REQUIRE_FALSE(db.has_value());
  CHECK(db.error().code == model::Errc::storage);
  CHECK(db.error().message.find("/nonexistent-monsoon-dir/sub/monsoon.db") != std::string::npos);
}

TEST_CASE("A recorded digest is remembered by its week") {
  auto db = open_memory();
  CHECK_FALSE(db.has_digest("2026-W48").value());
  REQUIRE(db.record_digest("2026-W48", "/tmp/2026-W48.md", 12, at(1000)));
  CHECK(db.has_digest("2026-W48").value());
  CHECK_FALSE(db.has_digest("2026-W47").value());
}
