// Retention: old items go, tombstones keep them from coming back.
#include <monsoon/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include "scratch.hpp"
#include "store_test_support.hpp"

using namespace monsoon;
using namespace monsoon::store::testing;

namespace {

constexpr model::Seconds kRetention{1000};

}  // namespace

TEST_CASE("A pruned item leaves a tombstone that keeps its republished copy out") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed);
  REQUIRE(db.record_poll(*feed, {item("guid:old", "Old")}, at(100), log_at(100)));
  REQUIRE(db.record_poll(*feed, {item("guid:new", "New")}, at(5000), log_at(5000)));
  auto pruned = db.prune(at(5500), kRetention);
  REQUIRE(pruned.has_value());
  CHECK(pruned->items == 1);
  CHECK(db.count_items().value() == 1);
  auto again = db.record_poll(*feed, {item("guid:old", "Old"), item("guid:new", "New")}, at(6000),
                              log_at(6000));
  REQUIRE(again.has_value());
  CHECK(again->tombstoned == 1);
  CHECK(again->inserted == 0);
  CHECK(db.count_items().value() == 1);
  // Under a new GUID but with the same link it stays out too.
  auto renamed = item("guid:old-2", "Old");
  renamed.link = "https://example.com/guid:old";
  auto relinked = db.record_poll(*feed, {renamed}, at(6100), log_at(6100));
  REQUIRE(relinked.has_value());
  CHECK(relinked->tombstoned == 1);
}

TEST_CASE("Pruning shrinks a story and removes it once it is empty") {
  auto db = open_memory();
  auto a = db.upsert_feed(source("https://a.example/feed"));
  auto b = db.upsert_feed(source("https://b.example/feed"));
  REQUIRE((a && b));
  REQUIRE(db.record_poll(*a, {item("guid:1", "Shared")}, at(100), log_at(100)));
  REQUIRE(db.record_poll(*b, {item("guid:1", "Shared")}, at(3000), log_at(3000)));
  REQUIRE(db.record_poll(*a, {item("guid:2", "Alone")}, at(200), log_at(200)));
  REQUIRE(db.prune(at(3500), kRetention));
  auto stories = db.stories_between(at(0), at(10'000));
  REQUIRE(stories.has_value());
  REQUIRE(stories->size() == 1);
  CHECK(stories->front().items.size() == 1);
  CHECK(stories->front().lead_item_id == stories->front().items.front().id);
}

TEST_CASE("A pruned story keeps the size and lead of its remaining members") {
  monsoon::testing::ScratchDir scratch;
  const auto file = (scratch.path() / "stories.db").string();
  {
    auto db = store::Store::open(file);
    REQUIRE(db.has_value());
    auto wire = source("https://wire.example/feed");
    wire.aggregator = true;
    auto a = db->upsert_feed(wire);
    auto b = db->upsert_feed(source("https://b.example/feed"));
    auto c = db->upsert_feed(source("https://c.example/feed"));
    auto d = db->upsert_feed(source("https://d.example/feed"));
    REQUIRE((a && b && c && d));
    // Story 1: an aggregator's copy first, the original later: the original leads,
    // and the pruned copy takes nothing but a member with it.
    REQUIRE(db->record_poll(*a, {item("w1", "Chipmaker opens plant in Kumamoto")}, at(100),
                            log_at(100)));
    REQUIRE(db->record_poll(*b, {item("b1", "Chipmaker opens plant in Kumamoto")}, at(3000),
                            log_at(3000)));
    // Story 2: its lead is pruned, two members stay; the earlier of them leads.
    REQUIRE(db->record_poll(*b, {item("b2", "Carrier raises tariffs in Jakarta")}, at(200),
                            log_at(200)));
    REQUIRE(db->record_poll(*c, {item("c2", "Carrier raises tariffs in Jakarta")}, at(3100),
                            log_at(3100)));
    REQUIRE(db->record_poll(*d, {item("d2", "Carrier raises tariffs in Jakarta")}, at(3200),
                            log_at(3200)));
    auto pruned = db->prune(at(3500), kRetention);
    REQUIRE(pruned.has_value());
    CHECK(pruned->items == 2);
  }
  SQLite::Database raw(file, SQLite::OPEN_READONLY);
  SQLite::Statement stories(raw,
                            "SELECT s.size, i.key FROM stories s JOIN items i ON "
                            "i.id = s.lead_item_id ORDER BY s.id");
  REQUIRE(stories.executeStep());
  CHECK(stories.getColumn(0).getInt() == 1);
  CHECK(stories.getColumn(1).getString() == "link:https://example.com/b1");
  REQUIRE(stories.executeStep());
  CHECK(stories.getColumn(0).getInt() == 2);
  CHECK(stories.getColumn(1).getString() == "link:https://example.com/c2");
  CHECK_FALSE(stories.executeStep());
}

TEST_CASE("Tombstones expire one retention period after the prune") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed);
  REQUIRE(db.record_poll(*feed, {item("guid:old", "Old")}, at(100), log_at(100)));
  REQUIRE(db.prune(at(2000), kRetention));
  auto later = db.prune(at(3500), kRetention);
  REQUIRE(later.has_value());
  CHECK(later->items == 0);
  CHECK(later->tombstones_expired == 1);
  auto back = db.record_poll(*feed, {item("guid:old", "Old")}, at(3600), log_at(3600));
  REQUIRE(back.has_value());
  CHECK(back->inserted == 1);
}

TEST_CASE("Pruning finds old items in id order, across a clock set back") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed);
  constexpr std::int64_t kDay = 86'400;
  // Ids grow as items are first stored; first_seen follows the clock, which was set
  // back an hour (id 3) and, later, by two days (id 5).
  REQUIRE(db.record_poll(*feed, {item("guid:1", "One")}, at(10 * kDay), log_at(10 * kDay)));
  REQUIRE(db.record_poll(*feed, {item("guid:2", "Two")}, at(11 * kDay), log_at(11 * kDay)));
  REQUIRE(db.record_poll(*feed, {item("guid:3", "Three")}, at(11 * kDay - 3600),
                         log_at(11 * kDay - 3600)));
  REQUIRE(db.record_poll(*feed, {item("guid:4", "Four")}, at(20 * kDay), log_at(20 * kDay)));
  REQUIRE(db.record_poll(*feed, {item("guid:5", "Five")}, at(18 * kDay), log_at(18 * kDay)));
  // Cutoff day 12: items 1 to 3 go (3 is older than 2, behind it in id order).
  auto pruned = db.prune(at(12 * kDay) + kRetention, kRetention);
  REQUIRE(pruned.has_value());
  CHECK(pruned->items == 3);
  CHECK(db.count_items().value() == 2);
  // Cutoff day 19: item 5 (day 18) sits behind item 4 (day 20), more than a day
  // after the cutoff, so it waits; at cutoff day 19.5 item 4 is within the day's
  // slack and item 5 goes.
  pruned = db.prune(at(19 * kDay - 1) + kRetention, kRetention);
  REQUIRE(pruned.has_value());
  CHECK(pruned->items == 0);
  pruned = db.prune(at(19 * kDay + kDay / 2) + kRetention, kRetention);
  REQUIRE(pruned.has_value());
  CHECK(pruned->items == 1);
  CHECK(db.count_items().value() == 1);
}

TEST_CASE("A prune larger than one slice deletes and buries every old item") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed);
  // 4,500 old items (more than two slices of ids) and one recent one.
  for (int poll = 0; poll < 9; ++poll) {
    std::vector<store::NewItem> items;
    for (int i = 0; i < 500; ++i) {
      const std::string n = std::to_string(poll * 500 + i);
      items.push_back(item("guid:" + n, "Old item number " + n));
    }
    REQUIRE(db.record_poll(*feed, items, at(100 + poll), log_at(100 + poll)));
  }
  REQUIRE(db.record_poll(*feed, {item("guid:new", "New")}, at(5000), log_at(5000)));
  auto pruned = db.prune(at(5500), kRetention);
  REQUIRE(pruned.has_value());
  CHECK(pruned->items == 4500);
  CHECK(db.count_items().value() == 1);
  // Every pruned item stays out.
  auto again = db.record_poll(*feed, {item("guid:0", "Old item number 0"),
                                      item("guid:4499", "Old item number 4499")},
                              at(5600), log_at(5600));
  REQUIRE(again.has_value());
  CHECK(again->tombstoned == 2);
  // One retention period later the 4,500 tombstones expire, slice by slice.
  auto expired = db.prune(at(5500) + kRetention + model::Seconds{1}, kRetention);
  REQUIRE(expired.has_value());
  CHECK(expired->tombstones_expired == 4500);
}
