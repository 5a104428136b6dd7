// Stories across sources, as the store assigns and keeps them.
#include <monsoon/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include "schema.hpp"
#include "scratch.hpp"
#include "store_test_support.hpp"

using namespace monsoon;
using namespace monsoon::store::testing;
using ScratchDir = monsoon::testing::ScratchDir;

namespace {

const char* kTitle = "Tencent Music agrees to buy Ximalaya for $2.4 billion";
const char* kSummary =
    "Tencent Music Entertainment said on Monday it will acquire the Shanghai audio platform "
    "Ximalaya in a cash and stock deal, its largest purchase since listing in New York.";

store::NewItem story_item(std::string key, std::string link, long long published,
                          std::string title = kTitle) {
  auto value = item(std::move(key), std::move(title), at(published));
  value.link = std::move(link);
  value.summary = kSummary;
  return value;
}

store::FeedState feed_in(store::Store& db, const std::string& url, bool aggregator = false) {
  auto feed = source(url);
  feed.aggregator = aggregator;
  auto state = db.upsert_feed(feed);
  REQUIRE(state.has_value());
  return *state;
}

std::vector<store::StoryView> all_stories(store::Store& db) {
  auto stories = db.stories_between(at(0), at(100'000'000));
  REQUIRE(stories.has_value());
  return *stories;
}

}  // namespace

TEST_CASE("Items of two feeds with one canonical URL are one story") {
  auto db = open_memory();
  const auto a = feed_in(db, "https://a.example/feed");
  const auto b = feed_in(db, "https://b.example/feed");
  REQUIRE(db.record_poll(a, {story_item("guid:a1", "http://news.example/x?utm_source=a", 1000,
                                        "Headline one")},
                         at(1000), log_at(1000)));
  REQUIRE(db.record_poll(b, {story_item("guid:b1", "https://www.news.example/x#top", 1100,
                                        "Another wording entirely")},
                         at(1100), log_at(1100)));
  const auto stories = all_stories(db);
  REQUIRE(stories.size() == 1);
  CHECK(stories[0].items.size() == 2);
}

TEST_CASE("A near-duplicate from another feed joins the story and nothing is deleted") {
  auto db = open_memory();
  const auto a = feed_in(db, "https://a.example/feed");
  const auto b = feed_in(db, "https://b.example/feed");
  const auto c = feed_in(db, "https://c.example/feed");
  REQUIRE(db.record_poll(a, {story_item("guid:a1", "https://a.example/1", 1000)}, at(1000),
                         log_at(1000)));
  REQUIRE(db.record_poll(b, {story_item("guid:b1", "https://b.example/9", 2000,
                                        std::string(kTitle) + " - Reuters")},
                         at(2000), log_at(2000)));
  auto unrelated = story_item("guid:c1", "https://c.example/5", 3000,
                              "Japan's Rakuten posts a quarterly loss");
  unrelated.summary = "The e-commerce group blamed its mobile network for a wider loss.";
  REQUIRE(db.record_poll(c, {unrelated}, at(3000), log_at(3000)));
  const auto stories = all_stories(db);
  REQUIRE(stories.size() == 2);
  CHECK(stories[0].items.size() == 2);  // largest first
  CHECK(stories[0].items[0].feed_url == "https://a.example/feed");
  CHECK(stories[0].lead_item_id == stories[0].items[0].id);
  CHECK(stories[1].items.size() == 1);
  CHECK(db.count_items().value() == 3);
}

TEST_CASE("Items prepared on another thread are stored as unprepared ones are") {
  // Store::prepare() computes the canonical link and the story signature ahead;
  // record_poll() must reach the same keys, stories and links either way.
  const auto run = [](bool prepared) {
    auto db = open_memory();
    const auto a = feed_in(db, "https://a.example/feed");
    const auto b = feed_in(db, "https://b.example/feed");
    std::vector<store::NewItem> first{story_item("guid:a1", "http://news.example/x?utm_source=a",
                                                 1000, "Headline one"),
                                      story_item("guid:a2", "https://a.example/2", 1200)};
    std::vector<store::NewItem> second{
        story_item("guid:b1", "https://www.news.example/x#top", 1100, "Another wording"),
        story_item("guid:b2", "https://b.example/9", 1300, std::string(kTitle) + " - Reuters")};
    if (prepared) {
      store::Store::prepare(first);
      store::Store::prepare(second);
      REQUIRE(first[0].prepared != nullptr);
    }
    REQUIRE(db.record_poll(a, first, at(1000), log_at(1000)));
    REQUIRE(db.record_poll(b, second, at(1100), log_at(1100)));
    // A repeat of the first poll finds its items by key: nothing new.
    auto again = db.record_poll(a, first, at(1500), log_at(1500));
    REQUIRE(again);
    CHECK(again->inserted == 0);
    std::vector<std::vector<std::string>> shape;
    for (const auto& story : all_stories(db)) {
      std::vector<std::string> links;
      for (const auto& member : story.items) links.push_back(member.link);
      shape.push_back(links);
    }
    return shape;
  };
  const auto plain = run(false);
  CHECK(plain.size() == 2);
  CHECK(run(true) == plain);
}

TEST_CASE("An aggregator's earlier copy gives up the lead to the first original") {
  auto db = open_memory();
  const auto aggregator = feed_in(db, "https://news.google.example/feed", true);
  const auto original = feed_in(db, "https://a.example/feed");
  REQUIRE(db.record_poll(aggregator, {story_item("guid:g1", "https://a.example/1", 1000)},
                         at(1000), log_at(1000)));
  CHECK(all_stories(db)[0].lead_item_id == all_stories(db)[0].items[0].id);
  REQUIRE(db.record_poll(original, {story_item("guid:o1", "https://a.example/1", 1500)},
                         at(2000), log_at(2000)));
  const auto stories = all_stories(db);
  REQUIRE(stories.size() == 1);
  REQUIRE(stories[0].items.size() == 2);
  CHECK(stories[0].items[1].feed_url == "https://a.example/feed");
  CHECK(stories[0].lead_item_id == stories[0].items[1].id);
  // Read back, each item says whether its feed is an aggregator (the digest's lead).
  CHECK(stories[0].items[0].from_aggregator);
  CHECK_FALSE(stories[0].items[1].from_aggregator);
  const auto week = db.items_between(at(0), at(100'000));
  REQUIRE(week.has_value());
  REQUIRE(week->size() == 2);
  for (const auto& item : *week) {
    CHECK(item.from_aggregator == (item.feed_url == "https://news.google.example/feed"));
  }
}

TEST_CASE("A reopened store finds stories begun before the restart") {
  ScratchDir scratch;
  const auto file = (scratch.path() / "stories.db").string();
  {
    auto db = store::Store::open(file);
    REQUIRE(db.has_value());
    const auto a = feed_in(*db, "https://a.example/feed");
    REQUIRE(db->record_poll(a, {story_item("guid:a1", "https://a.example/1", 1000)}, at(1000),
                            log_at(1000)));
  }
  auto db = store::Store::open(file);
  REQUIRE(db.has_value());
  const auto b = feed_in(*db, "https://b.example/feed");
  REQUIRE(db->record_poll(b, {story_item("guid:b1", "https://b.example/7", 5000,
                                         std::string(kTitle) + " - Nikkei")},
                          at(5000), log_at(5000)));
  const auto stories = all_stories(*db);
  REQUIRE(stories.size() == 1);
  CHECK(stories[0].items.size() == 2);
}

TEST_CASE("Two processes storing into one database keep ids and stories apart") {
  // `monsoon poll --once` beside the running service: each store's next item and
  // story ids, and its story window, must follow what the other one committed.
  ScratchDir scratch;
  const auto file = (scratch.path() / "two.db").string();
  auto service = store::Store::open(file);
  auto cli = store::Store::open(file);
  REQUIRE(service.has_value());
  REQUIRE(cli.has_value());
  const auto a = feed_in(*service, "https://a.example/feed");
  const auto b = feed_in(*cli, "https://b.example/feed");
  const auto c = feed_in(*service, "https://c.example/feed");
  REQUIRE(service->record_poll(a, {story_item("guid:a1", "https://a.example/1", 1000, "Alpha one")},
                               at(1000), log_at(1000)));
  REQUIRE(cli->record_poll(b, {story_item("guid:b1", "https://b.example/1", 2000)}, at(2000),
                           log_at(2000)));
  // The service's next item is a copy of the story the other process stored.
  REQUIRE(service->begin_batch());
  auto stored = service->record_poll(
      c, {story_item("guid:c1", "https://c.example/1", 3000, std::string(kTitle) + " - Nikkei")},
      at(3000), log_at(3000));
  REQUIRE(service->commit_batch());
  REQUIRE(stored.has_value());
  CHECK(stored->inserted == 1);
  CHECK(service->count_items().value() == 3);
  const auto stories = all_stories(*service);
  REQUIRE(stories.size() == 2);
  CHECK(stories[0].items.size() == 2);
  CHECK(stories[0].items[0].feed_url == "https://b.example/feed");
}

TEST_CASE("A version 2 database gets canonical URLs and stories for its items") {
  ScratchDir scratch;
  const auto file = (scratch.path() / "v2.db").string();
  {
    SQLite::Database raw(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec(std::string(store::schema::kMigrations[0]));
    raw.exec(std::string(store::schema::kMigrations[1]));
    raw.exec("PRAGMA user_version = 2");
    raw.exec("INSERT INTO feeds (url, name, region) VALUES ('https://a.example/feed', 'A', "
             "'japan'), ('https://b.example/feed', 'B', 'japan')");
    raw.exec("INSERT INTO items (feed_id, key, title, link, summary, author, first_seen, "
             "updated, content_hash, region, region_confidence, region_evidence) VALUES "
             "(1, 'link:http://x.example/1?utm_medium=rss', 'One', "
             "'http://x.example/1?utm_medium=rss', '', '', 10, 10, 'h', 'japan', 0.5, ''), "
             "(2, 'guid:2', 'Two', 'https://x.example/1', '', '', 20, 20, 'h', 'japan', 0.5, '')");
  }
  auto db = store::Store::open(file);
  REQUIRE(db.has_value());
  // The stories are assigned with the first write.
  const auto feed = db->feeds().value().front();
  REQUIRE(db->record_poll(feed, {}, at(30), log_at(30)));
  const auto stories = all_stories(*db);
  REQUIRE(stories.size() == 1);
  CHECK(stories[0].items.size() == 2);
  SQLite::Database raw(file, SQLite::OPEN_READONLY);
  CHECK(raw.execAndGet("SELECT key FROM items WHERE id = 1").getString() ==
        "link:https://x.example/1");
}
