// Full-text search: trigram index, LIKE for short queries, user text as plain text.
#include <monsoon/store.hpp>

#include <doctest/doctest.h>

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
