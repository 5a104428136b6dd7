// Reading the store: the week's items, publication rhythm, region updates.

#include <SQLiteCpp/SQLiteCpp.h>

#include "store_impl.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace monsoon::store {

std::vector<std::int64_t> read_publications(std::string_view text) {
  std::vector<std::int64_t> times;
  const char* at = text.data();
  const char* end = text.data() + text.size();
  while (at < end) {
    std::int64_t value = 0;
    const auto [next, error] = std::from_chars(at, end, value);
    if (error != std::errc{}) break;  // not ours: what was read so far
    times.push_back(value);
    at = next;
    while (at < end && *at == ' ') ++at;
  }
  return times;
}

std::string write_publications(std::vector<std::int64_t> times) {
  std::sort(times.begin(), times.end(), std::greater<>());
  if (times.size() > kRecentPublished) times.resize(kRecentPublished);
  std::string text;
  for (const std::int64_t at : times) {
    if (!text.empty()) text += ' ';
    text += std::to_string(at);
  }
  return text;
}

void backfill_recent_published(SQLite::Database& db) {
  SQLite::Statement feeds(db, "SELECT id FROM feeds");
  // By the (feed_id, key) index: a feed's items, not the whole table, per feed.
  SQLite::Statement times(db,
                          "SELECT published FROM items WHERE feed_id = ? AND published IS NOT "
                          "NULL ORDER BY published DESC LIMIT ?");
  SQLite::Statement update(db, "UPDATE feeds SET recent_published = ? WHERE id = ?");
  while (feeds.executeStep()) {
    const std::int64_t feed = feeds.getColumn(0).getInt64();
    times.bind(1, feed);
    times.bind(2, static_cast<std::int64_t>(kRecentPublished));
    std::vector<std::int64_t> newest;
    while (times.executeStep()) newest.push_back(times.getColumn(0).getInt64());
    times.reset();
    update.bind(1, write_publications(std::move(newest)));
    update.bind(2, feed);
    update.exec();
    update.reset();
  }
}

model::Result<std::vector<model::TimePoint>> Store::recent_publications(std::int64_t feed_id,
                                                                         int limit) const {
  return guarded("read publication times", [&]() -> model::Result<std::vector<model::TimePoint>> {
    const StatementsReset reset{impl_->statements};
    auto& query = impl_->statements.get("SELECT recent_published FROM feeds WHERE id = ?");
    query.bind(1, feed_id);
    std::vector<model::TimePoint> times;
    if (!query.executeStep()) return times;
    for (const std::int64_t at : read_publications(query.getColumn(0).getString())) {
      if (std::ssize(times) >= limit) break;
      times.push_back(from_unix(at));
    }
    return times;
  });
}

model::Result<int> Store::update_regions(const std::vector<RegionUpdate>& updates) {
  return guarded("update item regions", [&]() -> model::Result<int> {
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement update(impl_->db,
                             "UPDATE items SET region = ?, region_confidence = ?, "
                             "region_evidence = ? WHERE id = ? AND region <> ?");
    SQLite::Statement details(impl_->db,
                              "UPDATE items SET region_confidence = ?, region_evidence = ? "
                              "WHERE id = ?");
    int changed = 0;
    for (const auto& item : updates) {
      const std::string region(model::to_string(item.region));
      update.bind(1, region);
      update.bind(2, item.confidence);
      update.bind(3, item.evidence);
      update.bind(4, item.id);
      update.bind(5, region);
      changed += update.exec();
      update.reset();
      details.bind(1, item.confidence);
      details.bind(2, item.evidence);
      details.bind(3, item.id);
      details.exec();
      details.reset();
    }
    transaction.commit();
    return changed;
  });
}

model::StoredItem read_item(SQLite::Statement& query, int first) {
  model::StoredItem item;
  item.id = query.getColumn(first).getInt64();
  item.feed_url = query.getColumn(first + 1).getString();
  item.feed_name = query.getColumn(first + 2).getString();
  item.title = query.getColumn(first + 3).getString();
  item.link = query.getColumn(first + 4).getString();
  item.summary = query.getColumn(first + 5).getString();
  item.published = optional_time(query.getColumn(first + 6));
  item.first_seen = from_unix(query.getColumn(first + 7).getInt64());
  item.region = region_of(query.getColumn(first + 8).getString());
  item.story_id = query.getColumn(first + 9).getInt64();
  item.from_aggregator = query.getColumn(first + 10).getInt() != 0;
  return item;
}

namespace {

// `select` (which names the items table `i`) over the items dated within
// [from, to), bound. `ordered`: oldest first, ties in id order, the order of the
// time index, so SQLite sorts nothing (an ORDER BY that index cannot give copies
// every row through a sorter).
SQLite::Statement dated_within(SQLite::Database& db, std::string select, model::TimePoint from,
                               model::TimePoint to, bool ordered) {
  select += "WHERE coalesce(i.published, i.first_seen) >= ? "
            "AND coalesce(i.published, i.first_seen) < ? ";
  if (ordered) select += "ORDER BY coalesce(i.published, i.first_seen), i.id";
  SQLite::Statement query(db, select);
  query.bind(1, static_cast<std::int64_t>(to_unix(from)));
  query.bind(2, static_cast<std::int64_t>(to_unix(to)));
  return query;
}

// kItemColumns' rows dated within [from, to), in time-index order. `extra` columns
// come before kItemColumns' and `join` after its joins.
SQLite::Statement items_between_query(SQLite::Database& db, model::TimePoint from,
                                      model::TimePoint to, const char* extra = "",
                                      const char* join = "") {
  return dated_within(db, std::string(kItemColumns).insert(std::strlen("SELECT "), extra) + join,
                      from, to, true);
}

// How many items items_between_query() will return (an index-only count), to
// size the result once: growing a vector of 70,000 items by doubling moves them
// all and touches twice the memory.
std::size_t count_between(SQLite::Database& db, model::TimePoint from, model::TimePoint to) {
  auto count = dated_within(db, "SELECT count(*) FROM items i ", from, to, false);
  count.executeStep();
  return static_cast<std::size_t>(count.getColumn(0).getInt64());
}

model::TimePoint time_of(const model::StoredItem& item) {
  return item.published.value_or(item.first_seen);
}
model::TimePoint time_of(const model::ItemOutline& item) { return item.time; }

// Newest first, and the items of one time still in the order they were stored
// (the digest lists them so): `items` came oldest first.
template <class Item>
void newest_first(std::vector<Item>& items) {
  std::reverse(items.begin(), items.end());
  for (auto run = items.begin(); run != items.end();) {
    const auto same = [&](const auto& item) { return time_of(item) == time_of(*run); };
    const auto end = std::find_if_not(run, items.end(), same);
    std::reverse(run, end);
    run = end;
  }
}

}  // namespace

model::Result<std::vector<model::StoredItem>> Store::items_between(model::TimePoint from,
                                                                    model::TimePoint to) const {
  return guarded("read items", [&]() -> model::Result<std::vector<model::StoredItem>> {
    auto query = items_between_query(impl_->db, from, to);
    std::vector<model::StoredItem> items;
    items.reserve(count_between(impl_->db, from, to));
    while (query.executeStep()) items.push_back(read_item(query));
    newest_first(items);
    return items;
  });
}

model::Result<std::vector<model::ItemOutline>> Store::item_outlines(model::TimePoint from,
                                                                    model::TimePoint to) const {
  return guarded("read item outlines", [&]() -> model::Result<std::vector<model::ItemOutline>> {
    // The same rows and order as items_between, without the text; the feeds'
    // aggregator flags read once rather than joined to every row.
    std::unordered_set<std::int64_t> aggregators;
    SQLite::Statement feeds(impl_->db, "SELECT id FROM feeds WHERE aggregator");
    while (feeds.executeStep()) aggregators.insert(feeds.getColumn(0).getInt64());
    auto query = dated_within(impl_->db,
                              "SELECT i.id, coalesce(i.story_id, -i.id), i.feed_id, "
                              "coalesce(i.published, i.first_seen), i.region FROM items i ",
                              from, to, true);
    std::vector<model::ItemOutline> items;
    items.reserve(count_between(impl_->db, from, to));
    while (query.executeStep()) {
      const std::int64_t feed_id = query.getColumn(2).getInt64();
      items.push_back({.id = query.getColumn(0).getInt64(),
                       .story_id = query.getColumn(1).getInt64(),
                       .feed_id = feed_id,
                       .time = from_unix(query.getColumn(3).getInt64()),
                       .region = model::region_from_string(query.getColumn(4).getText())
                                     .value_or(model::Region::unassigned),
                       .from_aggregator = aggregators.contains(feed_id)});
    }
    newest_first(items);
    return items;
  });
}

model::Result<std::vector<model::StoredItem>> Store::items_by_id(
    const std::vector<std::int64_t>& ids) const {
  return guarded("read items by id", [&]() -> model::Result<std::vector<model::StoredItem>> {
    SQLite::Statement query(impl_->db, std::string(kItemColumns) + "WHERE i.id = ?");
    std::vector<model::StoredItem> items;
    items.reserve(ids.size());
    for (const std::int64_t id : ids) {
      query.bind(1, id);
      if (query.executeStep()) items.push_back(read_item(query));
      query.reset();
    }
    return items;
  });
}

model::Result<std::vector<StoryView>> Store::stories_between(model::TimePoint from,
                                                             model::TimePoint to) const {
  return guarded("read stories", [&]() -> model::Result<std::vector<StoryView>> {
    // Each item with its story's lead in one pass, members earliest first; an
    // item without a story row (stored before schema 3) leads its story of one.
    auto query = items_between_query(impl_->db, from, to, "coalesce(s.lead_item_id, i.id), ",
                                     "LEFT JOIN stories s ON s.id = i.story_id ");
    const std::size_t count = count_between(impl_->db, from, to);
    std::vector<StoryView> stories;
    stories.reserve(count);
    std::unordered_map<std::int64_t, std::size_t> by_id;
    by_id.reserve(count);
    while (query.executeStep()) {
      auto item = read_item(query, 1);
      const auto [at, added] = by_id.try_emplace(item.story_id, stories.size());
      if (added) {
        stories.push_back({.id = item.story_id, .lead_item_id = query.getColumn(0).getInt64()});
      }
      stories[at->second].items.push_back(std::move(item));
    }
    std::stable_sort(stories.begin(), stories.end(), [](const auto& a, const auto& b) {
      if (a.items.size() != b.items.size()) return a.items.size() > b.items.size();
      return a.items.front().id < b.items.front().id;
    });
    return stories;
  });
}

}  // namespace monsoon::store
