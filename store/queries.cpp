// Reading the store: the week's items, publication rhythm, region updates.

#include <SQLiteCpp/SQLiteCpp.h>

#include "store_impl.hpp"

#include <algorithm>
#include <map>

namespace monsoon::store {

model::Result<std::vector<model::TimePoint>> Store::recent_publications(std::int64_t feed_id,
                                                                         int limit) const {
  return guarded("read publication times", [&]() -> model::Result<std::vector<model::TimePoint>> {
    SQLite::Statement query(impl_->db,
                            "SELECT published FROM items WHERE feed_id = ? AND published IS NOT "
                            "NULL ORDER BY published DESC LIMIT ?");
    query.bind(1, feed_id);
    query.bind(2, limit);
    std::vector<model::TimePoint> times;
    while (query.executeStep()) times.push_back(from_unix(query.getColumn(0).getInt64()));
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

model::StoredItem read_item(SQLite::Statement& query) {
  model::StoredItem item;
  item.id = query.getColumn(0).getInt64();
  item.feed_url = query.getColumn(1).getString();
  item.feed_name = query.getColumn(2).getString();
  item.title = query.getColumn(3).getString();
  item.link = query.getColumn(4).getString();
  item.summary = query.getColumn(5).getString();
  item.published = optional_time(query.getColumn(6));
  item.first_seen = from_unix(query.getColumn(7).getInt64());
  item.region = region_of(query.getColumn(8).getString());
  item.story_id = query.getColumn(9).getInt64();
  return item;
}

model::Result<std::vector<model::StoredItem>> Store::items_between(model::TimePoint from,
                                                                    model::TimePoint to) const {
  return guarded("read items", [&]() -> model::Result<std::vector<model::StoredItem>> {
    SQLite::Statement query(impl_->db, std::string(kItemColumns) +
                                           "WHERE coalesce(i.published, i.first_seen) >= ? "
                                           "AND coalesce(i.published, i.first_seen) < ? "
                                           "ORDER BY coalesce(i.published, i.first_seen) DESC, i.id");
    query.bind(1, static_cast<std::int64_t>(to_unix(from)));
    query.bind(2, static_cast<std::int64_t>(to_unix(to)));
    std::vector<model::StoredItem> items;
    while (query.executeStep()) items.push_back(read_item(query));
    return items;
  });
}

model::Result<std::vector<StoryView>> Store::stories_between(model::TimePoint from,
                                                             model::TimePoint to) const {
  auto items = items_between(from, to);
  if (!items) return tl::unexpected(items.error());
  return guarded("read stories", [&]() -> model::Result<std::vector<StoryView>> {
    std::map<std::int64_t, StoryView> by_id;
    for (auto item = items->begin(); item != items->end(); ++item) {
      auto& story = by_id[item->story_id];
      story.id = item->story_id;
      story.items.push_back(std::move(*item));
    }
    const StatementsReset reset{impl_->statements};
    auto& lead = impl_->statements.get("SELECT lead_item_id FROM stories WHERE id = ?");
    std::vector<StoryView> stories;
    stories.reserve(by_id.size());
    for (auto& [id, story] : by_id) {
      std::stable_sort(story.items.begin(), story.items.end(), [](const auto& a, const auto& b) {
        return std::pair(a.published.value_or(a.first_seen), a.id) <
               std::pair(b.published.value_or(b.first_seen), b.id);
      });
      lead.reset();
      lead.bind(1, id);
      story.lead_item_id = lead.executeStep() ? lead.getColumn(0).getInt64() : story.items[0].id;
      stories.push_back(std::move(story));
    }
    std::stable_sort(stories.begin(), stories.end(), [](const auto& a, const auto& b) {
      if (a.items.size() != b.items.size()) return a.items.size() > b.items.size();
      return a.items.front().id < b.items.front().id;
    });
    return stories;
  });
}

}  // namespace monsoon::store
