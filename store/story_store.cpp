// The SQLite side of story matching: restoring the StoryIndex's window at the
// first new item, assigning each new item, and keeping the stories table (lead,
// size) in step. The matching itself is story_index.cpp's.

#include "canonical_url.hpp"
#include "store_impl.hpp"

#include <sqlite3.h>

namespace monsoon::store {
namespace {

using detail::StoryItem;

constexpr model::Seconds kWindow = std::chrono::days{9};

void insert_story(Connection& impl, std::int64_t id, std::int64_t lead, std::int64_t at) {
  auto& insert = impl.statements.get(
      "INSERT INTO stories (id, lead_item_id, first_seen, size) VALUES (?, ?, ?, 1)");
  insert.bind(1, id);
  insert.bind(2, lead);
  insert.bind(3, at);
  insert.exec();
}

void grow_story(Connection& impl, std::int64_t id, std::optional<std::int64_t> new_lead) {
  auto& update = impl.statements.get(
      "UPDATE stories SET size = size + 1, lead_item_id = coalesce(?, lead_item_id) WHERE id = ?");
  if (new_lead) {
    update.bind(1, *new_lead);
  } else {
    update.bind(1);
  }
  update.bind(2, id);
  update.exec();
}

// The story of an item of any feed stored with this canonical URL, when the
// index no longer holds it (older than the window).
std::optional<std::int64_t> story_of_url(Connection& impl, const std::string& url) {
  if (url.empty()) return std::nullopt;
  if (impl.stored_keys && !impl.stored_keys->may_hold_url(url)) return std::nullopt;
  auto& query = impl.statements.get(
      "SELECT story_id FROM items WHERE canonical_url = ? AND story_id IS NOT NULL LIMIT 1");
  query.bind(1, url);
  if (!query.executeStep()) return std::nullopt;
  return query.getColumn(0).getInt64();
}

StoryItem story_item_of(SQLite::Statement& row) {
  StoryItem item;
  item.item_id = row.getColumn(0).getInt64();
  item.feed_id = row.getColumn(1).getInt64();
  item.from_aggregator = row.getColumn(2).getInt() != 0;
  item.canonical_url = row.getColumn(3).getString();
  item.time = from_unix(row.getColumn(4).getInt64());
  return item;
}

constexpr const char* kStoryItemColumns =
    "SELECT i.id, i.feed_id, f.aggregator, i.canonical_url, coalesce(i.published, i.first_seen), "
    "i.title, i.summary, i.story_id FROM items i JOIN feeds f ON f.id = i.feed_id ";

void restore_window(Connection& impl) {
  auto& db = impl.db;
  const auto newest = db.execAndGet(
      "SELECT max(coalesce(published, first_seen)) FROM items WHERE story_id IS NOT NULL");
  if (newest.isNull()) return;
  // Only the newest items the index would keep (three quarters of its bound, as
  // after a compaction): a big window is not read and then dropped.
  std::int64_t from_time = newest.getInt64() - kWindow.count();
  std::int64_t from_id = 0;
  const std::size_t bound = impl.options.story_memory_items;
  SQLite::Statement nth(db,
                        "SELECT coalesce(published, first_seen), id FROM items "
                        "WHERE story_id IS NOT NULL AND coalesce(published, first_seen) >= ? "
                        "ORDER BY coalesce(published, first_seen) DESC, id DESC "
                        "LIMIT 1 OFFSET ?");
  nth.bind(1, from_time);
  nth.bind(2, static_cast<std::int64_t>(bound - bound / 4 - 1));
  if (nth.executeStep()) {
    from_time = nth.getColumn(0).getInt64();
    from_id = nth.getColumn(1).getInt64();
  }
  SQLite::Statement rows(db, std::string(kStoryItemColumns) +
                                 "WHERE coalesce(i.published, i.first_seen) >= ?1 AND "
                                 "(coalesce(i.published, i.first_seen) > ?1 OR i.id >= ?2) AND "
                                 "i.story_id IS NOT NULL "
                                 "ORDER BY coalesce(i.published, i.first_seen), i.id");
  rows.bind(1, from_time);
  rows.bind(2, from_id);
  while (rows.executeStep()) {
    const auto signature = detail::compute_signature(rows.getColumn(5).getString(),
                                                     rows.getColumn(6).getString());
    impl.stories->restore(story_item_of(rows), signature, rows.getColumn(7).getInt64());
  }
}

// Items stored before schema 3 have no story yet: assign them in time order.
void assign_unassigned(Connection& impl) {
  SQLite::Statement rows(impl.db, std::string(kStoryItemColumns) +
                                      "WHERE i.story_id IS NULL "
                                      "ORDER BY coalesce(i.published, i.first_seen), i.id");
  SQLite::Statement update(impl.db, "UPDATE items SET story_id = ? WHERE id = ?");
  while (rows.executeStep()) {
    const auto story =
        assign_story(impl, story_item_of(rows),
                     detail::compute_signature(rows.getColumn(5).getString(),
                                               rows.getColumn(6).getString()));
    update.bind(1, story);
    update.bind(2, rows.getColumn(0).getInt64());
    update.exec();
    update.reset();
  }
}

}  // namespace

void backfill_canonical_urls(SQLite::Database& db) {
  SQLite::Statement rows(db, "SELECT id, link, key FROM items WHERE link <> ''");
  SQLite::Statement update(db, "UPDATE items SET canonical_url = ? WHERE id = ?");
  // A link key becomes the canonical link key, as new items get it; a clash (two
  // spellings of one link stored as two items) keeps the old key.
  SQLite::Statement rekey(db, "UPDATE OR IGNORE items SET key = ? WHERE id = ?");
  while (rows.executeStep()) {
    const auto id = rows.getColumn(0).getInt64();
    const auto canonical = detail::canonical_url(rows.getColumn(1).getString());
    update.bind(1, canonical);
    update.bind(2, id);
    update.exec();
    update.reset();
    if (rows.getColumn(2).getString().starts_with("link:") && !canonical.empty()) {
      rekey.bind(1, "link:" + canonical);
      rekey.bind(2, id);
      rekey.exec();
      rekey.reset();
    }
  }
}

void ensure_story_index(Connection& impl) {
  if (impl.stories) return;
  impl.stories.emplace(
      detail::StoryOptions{.window = kWindow, .max_items = impl.options.story_memory_items});
  restore_window(impl);
  impl.stories->set_next_story_id(
      impl.db.execAndGet("SELECT coalesce(max(id), 0) + 1 FROM stories").getInt64());
  assign_unassigned(impl);
}

void assign_old_items(Connection& impl) {
  if (impl.stories || impl.old_items_checked) return;
  impl.old_items_checked = true;
  if (impl.db.execAndGet("SELECT EXISTS (SELECT 1 FROM items WHERE story_id IS NULL)").getInt()) {
    ensure_story_index(impl);
  }
}

std::int64_t assign_story(Connection& impl, const StoryItem& item,
                          const detail::Signature& signature, const UrlStory& known_url) {
  // Restored at the first new item, not the first write: a poll answered with
  // 304s or with items already stored never needs the window.
  ensure_story_index(impl);
  auto& index = *impl.stories;
  // Same canonical URL as a stored item, in the window or long before it: that
  // item's story. Asking the database first also covers items the index dropped.
  const auto known = known_url.looked_up ? known_url.story : story_of_url(impl, item.canonical_url);
  if (known) {
    // The lead can only change hands when the story's members are in memory.
    const bool in_memory = index.story(*known) != nullptr;
    const bool leads = index.restore(item, signature, *known);
    grow_story(impl, *known, in_memory && leads ? std::optional(item.item_id) : std::nullopt);
    return *known;
  }
  const auto assigned = index.assign(item, signature);
  if (assigned.reason == detail::MatchReason::new_story) {
    insert_story(impl, assigned.story_id, item.item_id, to_unix(item.time));
  } else {
    grow_story(impl, assigned.story_id,
               assigned.lead_changed ? std::optional(assigned.lead_item_id) : std::nullopt);
  }
  return assigned.story_id;
}

void Connection::forget_cached() {
  stories.reset();
  stored_keys.reset();
  stored_keys_checked = false;
  old_items_checked = false;
  tombstoned_feeds.reset();
  next_item_id = 0;
}

void Connection::follow_other_writers() {
  const std::int64_t version = db.execAndGet("PRAGMA data_version").getInt64();
  if (data_version && *data_version != version) forget_cached();
  data_version = version;
}

void Connection::forget_uncommitted() {
  forget_cached();
  if (batch_open && sqlite3_get_autocommit(db.getHandle()) != 0) batch_open = false;
}

}  // namespace monsoon::store
