#include <monsoon/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>


#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "schema.hpp"
#include "scratch.hpp"
#include "store_test_support.hpp"

using namespace monsoon;
using namespace monsoon::store::testing;
using model::Region;
using ScratchDir = monsoon::testing::ScratchDir;


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
  auto first = db.record_poll(*feed, items, at(1000), log_at(1000));
  REQUIRE(first.has_value());
  CHECK(first->inserted == 2);
  auto second = db.record_poll(*feed, items, at(2000), log_at(2000));
  REQUIRE(second.has_value());
  CHECK(second->inserted == 0);
  CHECK(second->unchanged == 2);
  CHECK(db.count_items().value() == 2);
}

TEST_CASE("An edited title updates the stored row in place") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed.has_value());
  REQUIRE(db.record_poll(*feed, {item("guid:1", "Old title")}, at(1000), log_at(1000)));
  auto edited = db.record_poll(*feed, {item("guid:1", "New title")}, at(2000), log_at(2000));
  REQUIRE(edited.has_value());
  CHECK(edited->updated == 1);
  CHECK(db.count_items().value() == 1);
  auto items = db.items_between(at(0), at(5000));
  REQUIRE(items.has_value());
  REQUIRE(items->size() == 1);
  CHECK(items->front().title == "New title");
  CHECK(items->front().first_seen == at(1000));
}

TEST_CASE("New region verdicts are written and only real changes are counted") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed);
  REQUIRE(db.record_poll(*feed, {item("guid:1", "One"), item("guid:2", "Two")}, at(1000),
                         log_at(1000)));
  auto stored = db.items_between(at(0), at(5000));
  REQUIRE(stored);
  REQUIRE(stored->size() == 2);
  const auto first = stored->at(0).id;
  const auto second = stored->at(1).id;
  auto changed = db.update_regions({{first, Region::japan, 0.8, "Tokyo japan +2.5 title"},
                                    {second, stored->at(1).region, 0.4, "unchanged"},
                                    {9999, Region::india, 0.9, "no such item"}});
  REQUIRE(changed);
  CHECK(*changed == 1);
  auto after = db.items_between(at(0), at(5000));
  REQUIRE(after);
  for (const auto& row : *after) {
    if (row.id == first) CHECK(row.region == Region::japan);
  }
}

TEST_CASE("The same key in two feeds is two items") {
  auto db = open_memory();
  auto a = db.upsert_feed(source("https://a.example/feed"));
  auto b = db.upsert_feed(source("https://b.example/feed"));
  REQUIRE((a && b));
  REQUIRE(db.record_poll(*a, {item("guid:1", "Same")}, at(1000), log_at(1000)));
  REQUIRE(db.record_poll(*b, {item("guid:1", "Same")}, at(1000), log_at(1000)));
  CHECK(db.count_items().value() == 2);
}

TEST_CASE("Items are selected by publication date falling back to first seen") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed.has_value());
  std::vector<store::NewItem> items = {item("old", "Old", at(100)), item("new", "New", at(4500)),
                                       item("undated", "Undated")};
  REQUIRE(db.record_poll(*feed, items, at(5000), log_at(5000)));
  auto week = db.items_between(at(4000), at(6000));
  REQUIRE(week.has_value());
  REQUIRE(week->size() == 2);
  CHECK(week->at(0).title == "Undated");  // first seen at 5000, newest first
  CHECK(week->at(1).title == "New");
  CHECK(week->at(1).feed_name == "Feed https://a.example/feed");
}

TEST_CASE("Item outlines are the week's items without their text, in the same order") {
  auto db = open_memory();
  auto a = db.upsert_feed(source("https://a.example/feed"));
  auto b = db.upsert_feed(source("https://b.example/feed"));
  REQUIRE((a && b));
  REQUIRE(db.record_poll(*a, {item("a1", "Rapidus starts its pilot line", at(4100)),
                              item("a2", "Undated"), item("a3", "Old", at(100))},
                         at(5000), log_at(5000)));
  REQUIRE(db.record_poll(*b, {item("b1", "Rapidus starts its pilot line", at(4200)),
                              item("b2", "Same time as a1", at(4100))},
                         at(5000), log_at(5000)));
  const auto week = db.items_between(at(4000), at(6000));
  const auto outlines = db.item_outlines(at(4000), at(6000));
  REQUIRE((week && outlines));
  REQUIRE(outlines->size() == week->size());
  REQUIRE(week->size() == 4);
  for (std::size_t i = 0; i < week->size(); ++i) {
    INFO("item " << i);
    CHECK(outlines->at(i).id == week->at(i).id);
    CHECK(outlines->at(i).story_id == week->at(i).story_id);
    CHECK(outlines->at(i).time == week->at(i).published.value_or(week->at(i).first_seen));
    CHECK(outlines->at(i).region == week->at(i).region);
  }
  CHECK(outlines->at(0).feed_id == a->id);  // "Undated": first seen at 5000
  CHECK(outlines->at(1).feed_id == b->id);
  // The two copies of one headline are one story across the feeds.
  CHECK(outlines->at(1).story_id == outlines->at(2).story_id);

  // Read whole by id, in the order asked; an id not stored is skipped.
  const auto two = db.items_by_id({outlines->at(2).id, 999'999, outlines->at(0).id});
  REQUIRE(two.has_value());
  REQUIRE(two->size() == 2);
  CHECK(two->at(0).title == "Rapidus starts its pilot line");
  CHECK(two->at(0).feed_name == "Feed https://a.example/feed");
  CHECK(two->at(1).title == "Undated");
}

TEST_CASE("The whole feed state written with a poll is read back") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed.has_value());
  store::FeedState state = *feed;
  state.etag = "\"v1\"";
  state.last_modified = "Fri, 20 Nov 2026 10:00:00 GMT";
  state.body_hash = "abc123";
  state.last_attempt = at(3000);
  state.last_success = at(2000);
  state.last_status = 503;
  state.last_error_class = "http_status";
  state.last_error = "HTTP 503";
  state.error_streak = 2;
  state.next_poll = at(6600);
  state.not_before = at(4000);
  state.moved_url = "https://b.example/feed";
  state.moved_streak = 2;
  state.gone = true;
  REQUIRE(db.record_poll(state, {}, at(3000), log_at(3000, 503)));
  auto read = db.feeds();
  REQUIRE(read.has_value());
  REQUIRE(read->size() == 1);
  const auto& back = read->front();
  CHECK(back.etag == state.etag);
  CHECK(back.last_modified == state.last_modified);
  CHECK(back.body_hash == "abc123");
  CHECK(back.last_attempt == at(3000));
  CHECK(back.last_success == at(2000));
  CHECK(back.last_status == 503);
  CHECK(back.last_error_class == "http_status");
  CHECK(back.last_error == "HTTP 503");
  CHECK(back.error_streak == 2);
  CHECK(back.next_poll == at(6600));
  CHECK(back.not_before == at(4000));
  CHECK(back.moved_url == "https://b.example/feed");
  CHECK(back.moved_streak == 2);
  CHECK(back.gone);
}

TEST_CASE("A poll for an unknown feed fails and stores none of its items") {
  auto db = open_memory();
  store::FeedState ghost;
  ghost.id = 42;
  ghost.url = "https://ghost.example/feed";
  auto result = db.record_poll(ghost, {item("guid:1", "Orphan")}, at(1000), log_at(1000));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == model::Errc::storage);
  CHECK(result.error().message.find("ghost.example") != std::string::npos);
  CHECK(db.count_items().value() == 0);
}

TEST_CASE("Recent publication times come newest first and skip undated items") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed.has_value());
  REQUIRE(db.record_poll(*feed,
                         {item("a", "A", at(100)), item("b", "B", at(300)), item("c", "C"),
                          item("d", "D", at(200))},
                         at(1000), log_at(1000)));
  auto times = db.recent_publications(feed->id, 2);
  REQUIRE(times.has_value());
  REQUIRE(times->size() == 2);
  CHECK(times->at(0) == at(300));
  CHECK(times->at(1) == at(200));
}

TEST_CASE("A feed keeps the publication times of its newest 20 items, each item once") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  auto other = db.upsert_feed(source("https://b.example/feed"));
  REQUIRE((feed && other));
  std::vector<store::NewItem> first;
  for (int i = 1; i <= 25; ++i) {
    first.push_back(item("guid:" + std::to_string(i), "Item " + std::to_string(i), at(i * 100)));
  }
  REQUIRE(db.record_poll(*feed, first, at(5000), log_at(5000)));
  REQUIRE(db.record_poll(*other, {item("x", "Elsewhere", at(9999))}, at(5000), log_at(5000)));
  auto times = db.recent_publications(feed->id, 30);
  REQUIRE(times.has_value());
  REQUIRE(times->size() == 20);
  CHECK(times->front() == at(2500));
  CHECK(times->back() == at(600));
  // The next poll repeats the newest three and brings one newer and one older item:
  // the repeats are not counted again, the older one is not among the newest 20.
  std::vector<store::NewItem> second = {first[24], first[23], first[22],
                                        item("guid:26", "Newer", at(2600)),
                                        item("guid:0", "Older", at(50))};
  REQUIRE(db.record_poll(*feed, second, at(6000), log_at(6000)));
  times = db.recent_publications(feed->id, 20);
  REQUIRE(times->size() == 20);
  CHECK(times->at(0) == at(2600));
  CHECK(times->at(1) == at(2500));
  CHECK(times->at(2) == at(2400));
  CHECK(times->back() == at(700));
  // A poll without new items leaves them as they were.
  REQUIRE(db.record_poll(*feed, second, at(7000), log_at(7000)));
  CHECK(db.recent_publications(feed->id, 20).value() == *times);
  CHECK(db.recent_publications(other->id, 20).value() == std::vector{at(9999)});
}

TEST_CASE("A host block holds until its time and can be extended") {
  auto db = open_memory();
  REQUIRE(db.block_host({"slow.example", at(5000), "HTTP 429 Retry-After"}));
  REQUIRE(db.block_host({"other.example", at(1500), "HTTP 503 Retry-After"}));
  auto blocks = db.host_blocks(at(2000));
  REQUIRE(blocks.has_value());
  REQUIRE(blocks->size() == 1);
  CHECK(blocks->front().host == "slow.example");
  CHECK(blocks->front().until == at(5000));
  REQUIRE(db.block_host({"slow.example", at(9000), "again"}));
  CHECK(db.host_blocks(at(6000)).value().size() == 1);
  CHECK(db.host_blocks(at(9000)).value().empty());
}

TEST_CASE("A reopened database keeps its items and finds them by key and by link") {
  ScratchDir scratch;
  const auto file = (scratch.path() / "monsoon.db").string();
  const std::vector<store::NewItem> items = {item("guid:1", "Kept"), item("guid:2", "Also kept")};
  {
    auto db = store::Store::open(file);
    REQUIRE(db.has_value());
    auto feed = db->upsert_feed(source("https://a.example/feed"));
    REQUIRE(feed.has_value());
    REQUIRE(db->record_poll(*feed, items, at(1000), log_at(1000)));
  }
  auto db = store::Store::open(file);
  REQUIRE(db.has_value());
  CHECK(db->count_items().value() == 2);
  auto feed = db->upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed.has_value());
  auto again = db->record_poll(*feed, items, at(2000), log_at(2000));
  REQUIRE(again.has_value());
  CHECK(again->unchanged == 2);
  CHECK(again->inserted == 0);
  // A new GUID for a stored link is that item, found by its link.
  store::NewItem moved = item("guid:9", "Kept");
  moved.link = items[0].link;
  auto relabelled = db->record_poll(*feed, {moved, items[1]}, at(3000), log_at(3000));
  REQUIRE(relabelled.has_value());
  CHECK(relabelled->inserted == 0);
  CHECK(db->count_items().value() == 2);
}

TEST_CASE("A store that began empty finds the items another connection stored since") {
  // The first store's first poll finds no items and starts keeping the hashes of the
  // keys and links it stores, to skip lookups that would find nothing; the second
  // store's commit must make it look again.
  ScratchDir scratch;
  const auto file = (scratch.path() / "shared.db").string();
  auto first = store::Store::open(file);
  REQUIRE(first.has_value());
  auto feed = first->upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed.has_value());
  REQUIRE(first->record_poll(*feed, {item("guid:1", "One")}, at(1000), log_at(1000)));
  {
    auto second = store::Store::open(file);
    REQUIRE(second.has_value());
    auto same = second->upsert_feed(source("https://a.example/feed"));
    REQUIRE(same.has_value());
    auto stored = second->record_poll(*same, {item("guid:2", "Two")}, at(2000), log_at(2000));
    REQUIRE(stored.has_value());
    CHECK(stored->inserted == 1);
  }
  auto polled = first->record_poll(*feed, {item("guid:1", "One"), item("guid:2", "Two")},
                                   at(3000), log_at(3000));
  REQUIRE(polled.has_value());
  CHECK(polled->unchanged == 2);
  CHECK(polled->inserted == 0);
  // The other feed's copy of the second item's link joins that item's story.
  auto other = first->upsert_feed(source("https://b.example/feed"));
  REQUIRE(other.has_value());
  store::NewItem copy = item("guid:copy", "Two, as the other outlet put it");
  copy.link = "https://example.com/guid:2";
  REQUIRE(first->record_poll(*other, {copy}, at(3100), log_at(3100)));
  const auto stories = first->stories_between(at(0), at(10'000));
  REQUIRE(stories.has_value());
  bool joined = false;
  for (const auto& story : *stories) joined = joined || story.items.size() == 2;
  CHECK(joined);
  CHECK(first->count_items().value() == 3);
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

TEST_CASE("A version 1 database is migrated to the current schema with its data") {
  ScratchDir scratch;
  const auto file = (scratch.path() / "v1.db").string();
  {
    SQLite::Database raw(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec(std::string(store::schema::kMigrations[0]));
    raw.exec("PRAGMA user_version = 1");
    raw.exec("INSERT INTO feeds (url, name, region, error_streak) "
             "VALUES ('https://old.example/feed', 'Old', 'japan', 3)");
    raw.exec("INSERT INTO items (feed_id, key, title, link, summary, author, first_seen, "
             "updated, content_hash, region, region_confidence, region_evidence) VALUES "
             "(1, 'guid:1', 'Kept', '', '', '', 10, 10, 'h', 'japan', 0.5, '')");
  }
  auto db = store::Store::open(file);
  REQUIRE(db.has_value());
  CHECK(db->schema_version() == store::kSchemaVersion);
  CHECK(db->count_items().value() == 1);
  auto feeds = db->feeds();
  REQUIRE(feeds.has_value());
  REQUIRE(feeds->size() == 1);
  CHECK(feeds->front().error_streak == 3);
  CHECK(feeds->front().moved_url.empty());
  CHECK_FALSE(feeds->front().gone);
  CHECK(db->host_blocks(at(0)).value().empty());
}

TEST_CASE("A version 5 database keeps its feeds' publication times and loses their index") {
  ScratchDir scratch;
  const auto file = (scratch.path() / "v5.db").string();
  {
    SQLite::Database raw(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (std::size_t m = 0; m < 5; ++m) raw.exec(std::string(store::schema::kMigrations[m]));
    raw.exec("PRAGMA user_version = 5");
    raw.exec("INSERT INTO feeds (url, name, region) VALUES ('https://a.example/feed', 'A', "
             "'japan'), ('https://b.example/feed', 'B', 'india'), "
             "('https://c.example/feed', 'C', 'china')");
    SQLite::Statement insert(raw,
                             "INSERT INTO items (feed_id, key, title, link, summary, author, "
                             "published, first_seen, updated, content_hash, region, "
                             "region_confidence, region_evidence) VALUES (?, ?, 'T', '', '', '', "
                             "?, 10, 10, 'h', 'japan', 0.5, '')");
    // Feed 1: 30 dated items and an undated one; feed 2: two items; feed 3: none.
    for (int i = 1; i <= 31; ++i) {
      insert.bind(1, 1);
      insert.bind(2, "guid:" + std::to_string(i));
      if (i <= 30) {
        insert.bind(3, static_cast<std::int64_t>(i * 1000));
      } else {
        insert.bind(3);
      }
      insert.exec();
      insert.reset();
    }
    raw.exec("INSERT INTO items (feed_id, key, title, link, summary, author, published, "
             "first_seen, updated, content_hash, region, region_confidence, region_evidence) "
             "VALUES (2, 'b1', 'T', '', '', '', 500, 10, 10, 'h', 'india', 0.5, ''), "
             "(2, 'b2', 'T', '', '', '', 700, 10, 10, 'h', 'india', 0.5, '')");
  }
  auto db = store::Store::open(file);
  REQUIRE(db.has_value());
  CHECK(db->schema_version() == store::kSchemaVersion);
  auto times = db->recent_publications(1, 20);
  REQUIRE(times.has_value());
  REQUIRE(times->size() == 20);
  CHECK(times->front() == at(30000));
  CHECK(times->back() == at(11000));
  CHECK(db->recent_publications(2, 20).value() == std::vector{at(700), at(500)});
  CHECK(db->recent_publications(3, 20).value().empty());
  SQLite::Database check(file, SQLite::OPEN_READONLY);
  CHECK(check.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = "
                         "'items_by_feed_published'")
            .getInt() == 0);
}

TEST_CASE("A poll that rewrites megabytes of stored pages inside a batch is stored") {
  // Its statement journal (the pages as they were before the poll) outgrows any
  // small in-memory block: SQLite 3.40 failed such a poll with "database or disk is
  // full" when the store asked for the journal in blocks of 256 KiB or more.
  ScratchDir scratch;
  auto db = store::Store::open((scratch.path() / "big.db").string());
  REQUIRE(db.has_value());
  auto feed = db->upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed.has_value());
  std::vector<store::NewItem> items;
  for (int i = 0; i < 3000; ++i) {
    auto one = item("guid:" + std::to_string(i), "Item " + std::to_string(i), at(i));
    one.summary = std::string(300, static_cast<char>('a' + i % 26));
    items.push_back(std::move(one));
  }
  REQUIRE(db->record_poll(*feed, items, at(5000), log_at(5000)));
  for (auto& one : items) one.summary = std::string(300, 'Z');
  REQUIRE(db->begin_batch());
  auto edited = db->record_poll(*feed, items, at(6000), log_at(6000));
  REQUIRE(edited.has_value());
  CHECK(edited->updated == 3000);
  REQUIRE(db->commit_batch());
}

TEST_CASE("Polls in a batch become durable together at commit") {
  ScratchDir scratch;
  const auto file = (scratch.path() / "batch.db").string();
  {
    auto db = store::Store::open(file);
    REQUIRE(db.has_value());
    auto a = db->upsert_feed(source("https://a.example/feed"));
    auto b = db->upsert_feed(source("https://b.example/feed"));
    REQUIRE((a && b));
    REQUIRE(db->begin_batch());
    REQUIRE(db->record_poll(*a, {item("guid:1", "One")}, at(1000), log_at(1000)));
    REQUIRE(db->record_poll(*b, {item("guid:2", "Two")}, at(1000), log_at(1000)));
    REQUIRE(db->commit_batch());
    // A batch never committed is not there after a restart.
    REQUIRE(db->begin_batch());
    REQUIRE(db->record_poll(*a, {item("guid:3", "Lost")}, at(2000), log_at(2000)));
  }
  auto reopened = store::Store::open(file);
  REQUIRE(reopened.has_value());
  CHECK(reopened->count_items().value() == 2);
}

TEST_CASE("A failed poll inside a batch leaves the batch's other polls intact") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed.has_value());
  REQUIRE(db.begin_batch());
  REQUIRE(db.record_poll(*feed, {item("guid:1", "Kept")}, at(1000), log_at(1000)));
  store::FeedState ghost;
  ghost.id = 99;
  ghost.url = "https://ghost.example/feed";
  CHECK_FALSE(db.record_poll(ghost, {item("guid:9", "Orphan")}, at(1000), log_at(1000)));
  REQUIRE(db.commit_batch());
  CHECK(db.count_items().value() == 1);
}

TEST_CASE("A full disk fails the poll clearly and loses nothing committed") {
  ScratchDir scratch;
  auto opened = store::Store::open((scratch.path() / "full.db").string());
  REQUIRE(opened.has_value());
  auto& db = *opened;
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed);
  REQUIRE(db.record_poll(*feed, {item("guid:kept", "Kept")}, at(1000), log_at(1000)));
  std::vector<store::NewItem> large;
  for (int i = 0; i < 300; ++i) {
    large.push_back(item("guid:big" + std::to_string(i), "Big " + std::to_string(i)));
    large.back().summary = std::string(2000, 'a' + static_cast<char>(i % 26));
  }
  REQUIRE(db.limit_size(db.database_bytes().value() + 8 * 1024));
  auto full = db.record_poll(*feed, large, at(2000), log_at(2000));
  REQUIRE_FALSE(full.has_value());
  CHECK(full.error().code == model::Errc::storage);
  CHECK(full.error().message.find("database or disk is full") != std::string::npos);
  // Inside a batch as well: the batch's earlier poll may go, older data stays.
  REQUIRE(db.begin_batch());
  (void)db.record_poll(*feed, {item("guid:batched", "Batched")}, at(2500), log_at(2500));
  CHECK_FALSE(db.record_poll(*feed, large, at(2500), log_at(2500)).has_value());
  auto committed = db.commit_batch();
  INFO((committed ? std::string("commit ok") : committed.error().message));
  CHECK(db.count_items().value() >= 1);
  CHECK(db.search("Kept", 5).value().size() == 1);
  auto lifted = db.limit_size(0);
  INFO((lifted ? std::string("lift ok") : lifted.error().message));
  REQUIRE(lifted);
  auto retried = db.record_poll(*feed, large, at(3000), log_at(3000));
  INFO((retried ? std::string() : retried.error().message));
  REQUIRE(retried.has_value());
  CHECK(retried->inserted == 300);
  auto stories = db.stories_between(at(0), at(10'000));
  REQUIRE(stories.has_value());
  CHECK(db.count_items().value() >= 301);
}
