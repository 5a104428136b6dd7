// Full-text search: trigram index, LIKE for short queries, user text as plain text.
#include <monsoon/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include "scratch.hpp"
#include "store_test_support.hpp"

using namespace monsoon;
using namespace monsoon::store::testing;

namespace {

std::vector<std::string> titles_for(store::Store& db, std::string_view query, int limit = 10) {
  auto found = db.search(query, limit);
  REQUIRE(found.has_value());
  std::vector<std::string> titles;
  for (const auto& item : *found) titles.push_back(item.title);
  return titles;
}

}  // namespace

TEST_CASE("Search finds CJK and Latin text newest first and follows edits") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed);
  REQUIRE(db.record_poll(*feed,
                         {item("guid:1", "台积电在日本熊本建厂", at(100)),
                          item("guid:2", "Samsung opens a fab in Texas", at(300)),
                          item("guid:3", "Samsung Pay reaches India", at(200)),
                          item("guid:4", "100% of 5_G towers", at(50))},
                         at(1000), log_at(1000)));
  CHECK(titles_for(db, "日本熊本") == std::vector<std::string>{"台积电在日本熊本建厂"});
  CHECK(titles_for(db, "samsung") ==
        std::vector<std::string>{"Samsung opens a fab in Texas", "Samsung Pay reaches India"});
  CHECK(titles_for(db, "samsung", 1).size() == 1);
  CHECK(titles_for(db, "熊本") == std::vector<std::string>{"台积电在日本熊本建厂"});
  CHECK(titles_for(db, "0%") == std::vector<std::string>{"100% of 5_G towers"});
  CHECK(titles_for(db, "5_").size() == 1);
  CHECK(titles_for(db, "%").size() == 1);
  REQUIRE(db.record_poll(*feed, {item("guid:2", "Samsung delays its Texas fab", at(300))},
                         at(2000), log_at(2000)));
  CHECK(titles_for(db, "delays") == std::vector<std::string>{"Samsung delays its Texas fab"});
  CHECK(titles_for(db, "opens a fab").empty());
}

TEST_CASE("Search takes FTS syntax and quotes in the query as plain text") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed);
  REQUIRE(db.record_poll(*feed, {item("guid:1", "He said \"AI NEAR chips\" twice")}, at(1000),
                         log_at(1000)));
  for (const char* query : {"\"", "\"AI", "AI OR", "NEAR(", "chips*", "title:AI", "^AI", "(", "\"\""}) {
    INFO(query);
    CHECK(db.search(query, 5).has_value());
  }
  CHECK(titles_for(db, "\"AI NEAR").size() == 1);
  CHECK(titles_for(db, "").empty());
}

TEST_CASE("Pruned items are no longer found") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed);
  REQUIRE(db.record_poll(*feed, {item("guid:1", "Old semiconductor news")}, at(100), log_at(100)));
  REQUIRE(db.prune(at(5000), model::Seconds{1000}));
  CHECK(titles_for(db, "semiconductor").empty());
}

TEST_CASE("A query's trigrams alone are not a match: the whole text must occur") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed);
  // Holds "abc", " xy" and "xyz" (the trigrams the query is looked up by) but not
  // "abc xyz"; and "100% of 5_G" must not match "1000 of 55G" through LIKE's % and _.
  REQUIRE(
      db.record_poll(*feed,
                     {item("guid:1", "abc xy, then xyz"), item("guid:2", "abc xyz at last"),
                      item("guid:3", "1000 of 55G towers"), item("guid:4", "100% of 5_G towers")},
                     at(1000), log_at(1000)));
  CHECK(titles_for(db, "abc xyz") == std::vector<std::string>{"abc xyz at last"});
  CHECK(titles_for(db, "ABC XYZ") == std::vector<std::string>{"abc xyz at last"});
  CHECK(titles_for(db, "100% of 5_G") == std::vector<std::string>{"100% of 5_G towers"});
}

TEST_CASE("Items are indexed for search in slices, oldest first, and searched before") {
  auto db = open_memory();
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed);
  std::vector<store::NewItem> items;
  for (int i = 0; i < 5; ++i)
    items.push_back(item("guid:" + std::to_string(i), "Harbour crane " + std::to_string(i)));
  REQUIRE(db.record_poll(*feed, items, at(1000), log_at(1000)));
  // Found before any indexing: what is not indexed yet is scanned.
  CHECK(db.search("crane", 10).value().size() == 5);
  items.clear();
  for (int i = 5; i < 9; ++i)
    items.push_back(item("guid:" + std::to_string(i), "Harbour crane " + std::to_string(i)));
  REQUIRE(db.record_poll(*feed, items, at(1100), log_at(1100)));
  // search() indexed the first five; the next four go in slices of three.
  CHECK(db.index_for_search(3).value() == 3);
  CHECK(db.index_for_search(3).value() == 1);
  CHECK(db.index_for_search(3).value() == 0);
  CHECK(db.search("crane", 20).value().size() == 9);
}

TEST_CASE("Indexed items follow their edits and leave the index when pruned") {
  monsoon::testing::ScratchDir scratch;
  const auto file = (scratch.path() / "search.db").string();
  auto opened = store::Store::open(file);
  REQUIRE(opened.has_value());
  auto& db = *opened;
  auto feed = db.upsert_feed(source("https://a.example/feed"));
  REQUIRE(feed);
  REQUIRE(db.record_poll(*feed,
                         {item("guid:1", "Port strike ends"), item("guid:2", "Port strike grows")},
                         at(100), log_at(100)));
  REQUIRE(db.index_for_search().value() == 2);
  // An edit of an indexed item before and after new items are indexed.
  REQUIRE(db.record_poll(*feed, {item("guid:1", "Dock strike ends")}, at(200), log_at(200)));
  CHECK(titles_for(db, "Port strike") == std::vector<std::string>{"Port strike grows"});
  CHECK(titles_for(db, "Dock strike") == std::vector<std::string>{"Dock strike ends"});
  // An edit of an item not indexed yet is indexed with its new text.
  REQUIRE(db.record_poll(*feed, {item("guid:3", "Canal reopens")}, at(5000), log_at(5000)));
  REQUIRE(db.record_poll(*feed, {item("guid:3", "Canal stays shut")}, at(5100), log_at(5100)));
  CHECK(titles_for(db, "Canal reopens").empty());
  CHECK(titles_for(db, "Canal stays") == std::vector<std::string>{"Canal stays shut"});
  REQUIRE(db.prune(at(5200), model::Seconds{1000}));
  CHECK(titles_for(db, "strike").empty());
  CHECK(titles_for(db, "Canal") == std::vector<std::string>{"Canal stays shut"});
  CHECK(db.count_items().value() == 1);
  // The index holds exactly the remaining item's text: FTS5's check against the
  // content table (rank 1) agrees; it fails on a stale or missing entry.
  SQLite::Database raw(file, SQLite::OPEN_READWRITE);
  CHECK_NOTHROW(
      raw.exec("INSERT INTO items_search (items_search, rank) VALUES ('integrity-check', 1)"));
}
