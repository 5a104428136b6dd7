// Identity within a feed: GUID, unless the feed's GUIDs prove unstable; then the
// canonical link; then title and date.
#include <monsoon/store.hpp>

#include <doctest/doctest.h>

#include "identity.hpp"
#include "store_test_support.hpp"

using namespace monsoon;
using namespace monsoon::store::testing;

namespace {

store::NewItem linked(std::string key, std::string title, std::string link) {
  auto value = item(std::move(key), std::move(title));
  value.link = std::move(link);
  return value;
}

store::FeedState feed_in(store::Store& db, const std::string& url) {
  auto state = db.upsert_feed(source(url));
  REQUIRE(state.has_value());
  return *state;
}

bool keyed_by_link(store::Store& db) { return db.feeds().value().front().keyed_by_link; }

}  // namespace

TEST_CASE("A GUID repeated on two items of one document switches the feed to link keys") {
  auto db = open_memory();
  const auto feed = feed_in(db, "https://a.example/feed");
  auto stored = db.record_poll(feed,
                               {linked("guid:same", "First story", "https://a.example/1"),
                                linked("guid:same", "Second story", "https://a.example/2")},
                               at(1000), log_at(1000));
  REQUIRE(stored.has_value());
  CHECK(stored->inserted == 2);
  CHECK(stored->unstable_guids.find("one GUID on two items") != std::string::npos);
  CHECK(keyed_by_link(db));
  CHECK(db.feeds().value().front().identity_reason == stored->unstable_guids);
}

TEST_CASE("GUIDs that change on every poll for the same links switch the feed to link keys") {
  auto db = open_memory();
  const auto feed = feed_in(db, "https://a.example/feed");
  auto poll = [&](const std::string& round, long long when) {
    return db.record_poll(feed,
                          {linked("guid:" + round + "-1", "One", "http://a.example/1?utm_source=x"),
                           linked("guid:" + round + "-2", "Two", "https://a.example/2"),
                           linked("guid:" + round + "-3", "Three", "https://a.example/3")},
                          at(when), log_at(when));
  };
  REQUIRE(poll("r1", 1000));
  CHECK_FALSE(keyed_by_link(db));
  auto second = poll("r2", 2000);
  REQUIRE(second.has_value());
  CHECK(second->inserted == 0);
  CHECK(second->unstable_guids == "3 of 3 items came back under a new GUID with a link already stored");
  auto third = poll("r3", 3000);
  REQUIRE(third.has_value());
  CHECK(third->inserted == 0);
  CHECK(third->unstable_guids.empty());  // said once
  CHECK(keyed_by_link(db));
  CHECK(db.count_items().value() == 3);
}

TEST_CASE("Stable GUIDs on items that all link to the front page stay GUID keys") {
  auto db = open_memory();
  const auto feed = feed_in(db, "https://a.example/feed");
  REQUIRE(db.record_poll(feed, {linked("guid:1", "One", "https://a.example/")}, at(1000),
                         log_at(1000)));
  auto next = db.record_poll(feed,
                             {linked("guid:1", "One", "https://a.example/"),
                              linked("guid:2", "Two", "https://a.example/")},
                             at(2000), log_at(2000));
  REQUIRE(next.has_value());
  CHECK(next->inserted == 1);
  CHECK_FALSE(keyed_by_link(db));
  CHECK(db.count_items().value() == 2);
}

TEST_CASE("One new GUID for a stored link among many stable ones updates that row in place") {
  auto db = open_memory();
  const auto feed = feed_in(db, "https://a.example/feed");
  REQUIRE(db.record_poll(feed,
                         {linked("guid:1", "One", "https://a.example/1"),
                          linked("guid:2", "Two", "https://a.example/2"),
                          linked("guid:3", "Three", "https://a.example/3")},
                         at(1000), log_at(1000)));
  auto next = db.record_poll(feed,
                             {linked("guid:1", "One", "https://a.example/1"),
                              linked("guid:2", "Two", "https://a.example/2"),
                              linked("guid:3b", "Three, corrected", "https://a.example/3")},
                             at(2000), log_at(2000));
  REQUIRE(next.has_value());
  CHECK(next->inserted == 0);
  CHECK(next->updated == 1);
  CHECK_FALSE(keyed_by_link(db));
  CHECK(db.count_items().value() == 3);
}

TEST_CASE("Items of a link-keyed feed without a link are told apart by title and date") {
  auto db = open_memory();
  const auto feed = feed_in(db, "https://a.example/feed");
  REQUIRE(db.record_poll(feed,
                         {linked("guid:same", "First", "https://a.example/1"),
                          linked("guid:same", "Second", "https://a.example/2")},
                         at(1000), log_at(1000)));
  REQUIRE(keyed_by_link(db));
  auto monday = linked("guid:daily", "Daily briefing", "");
  monday.published = at(100);
  auto tuesday = monday;
  tuesday.published = at(200);
  auto stored = db.record_poll(feed, {monday, tuesday}, at(2000), log_at(2000));
  REQUIRE(stored.has_value());
  CHECK(stored->inserted == 2);
  auto again = db.record_poll(feed, {monday, tuesday}, at(3000), log_at(3000));
  REQUIRE(again.has_value());
  CHECK(again->unchanged == 2);
}

TEST_CASE("The content hash is the stored format: FNV-1a of the fields, 16 hex digits") {
  // Stored with every item and compared with the next poll's: a change here would
  // make every stored item look edited once.
  store::NewItem value;
  value.title = "Title";
  value.link = "https://a.example/x";
  value.summary = "Summary text";
  value.author = "Ann";
  CHECK(store::detail::content_hash(value) == "8df543d48762cf9a");
  value.author = "Bob";
  CHECK(store::detail::content_hash(value) != "8df543d48762cf9a");
  // Prepared on the parse thread, the same hash.
  CHECK(store::detail::prepare_item(value).content_hash == store::detail::content_hash(value));
}
