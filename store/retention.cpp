// Retention: items first seen longer ago than the retention period are deleted,
// each leaving a tombstone (feed, key, canonical link) so that a feed republishing
// an old item does not bring it back; tombstones themselves expire after one more
// retention period. Stories shrink with their members and go when empty.
//
// No VACUUM and no auto_vacuum: the pages a prune frees go to SQLite's freelist
// and the next days' inserts reuse them, so under a steady feed volume the file
// settles at about one retention period of items. Shrinking it after each prune
// (incremental_vacuum) would only hand the pages back to the file system for the
// next inserts to take again, moving pages around on every prune.

#include "store_impl.hpp"

#include <algorithm>

namespace monsoon::store {
namespace {

// How far a clock set back may make first_seen dip below that of older ids.
constexpr std::int64_t kClockSlack = 24 * 60 * 60;
// Ids (items) or tombstones per statement of a prune.
constexpr std::int64_t kPruneSlice = 2000;

// The first id no prune at `cutoff` reaches. Ids grow with first_seen (an item's id
// is taken when it is first stored), so the items first seen before the cutoff are
// the oldest ids: read in rowid order up to the first item seen a day after the
// cutoff, without an index on first_seen (one less index to update per insert).
// After a clock set back by more than that day, the items beyond wait for a later
// prune.
std::int64_t prune_bound(SQLite::Database& db, std::int64_t cutoff) {
  SQLite::Statement scan(db,
                         "SELECT coalesce((SELECT id FROM items WHERE first_seen >= ? "
                         "ORDER BY id LIMIT 1), (SELECT coalesce(max(id), 0) + 1 FROM items))");
  scan.bind(1, cutoff + kClockSlack);
  scan.executeStep();
  return scan.getColumn(0).getInt64();
}

// The stories that lost members: smaller by as many, gone when empty, and a story
// whose lead went is led by its earliest remaining member. No index on story_id
// (schema 7): the new leads come from one pass over the items, and only when a
// story needs one (the leads are the earliest members, so a pruned lead's story
// has usually gone whole).
void update_pruned_stories(SQLite::Database& db) {
  db.exec("UPDATE stories SET size = size - (SELECT removed FROM temp.pruned_members p "
          "WHERE p.id = stories.id) WHERE id IN (SELECT id FROM temp.pruned_members)");
  db.exec("DELETE FROM stories WHERE size <= 0 AND id IN (SELECT id FROM temp.pruned_members)");
  db.exec("CREATE TEMP TABLE IF NOT EXISTS leaderless (id INTEGER PRIMARY KEY)");
  db.exec("DELETE FROM temp.leaderless");
  const int leaderless = db.exec(
      "INSERT INTO temp.leaderless SELECT s.id FROM stories s JOIN temp.pruned_members p "
      "ON p.id = s.id WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = s.lead_item_id)");
  if (leaderless == 0) return;
  db.exec("UPDATE stories SET lead_item_id = l.lead FROM (SELECT story_id, min(id) AS lead "
          "FROM items WHERE story_id IN (SELECT id FROM temp.leaderless) GROUP BY story_id) "
          "AS l WHERE stories.id = l.story_id");
}

}  // namespace

model::Result<PruneResult> Store::prune(model::TimePoint now, model::Seconds retention) {
  return guarded("prune old items", [&]() -> model::Result<PruneResult> {
    try {
      auto& db = impl_->db;
      const std::int64_t cutoff = to_unix(now - retention);
      SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
      const std::int64_t bound = prune_bound(db, cutoff);
      // The stories of the deleted items, with how many members each lost.
      db.exec("CREATE TEMP TABLE IF NOT EXISTS pruned_members (id INTEGER PRIMARY KEY, "
              "removed INTEGER NOT NULL)");
      db.exec("DELETE FROM temp.pruned_members");
      SQLite::Statement bury(db,
                             "INSERT OR REPLACE INTO tombstones (feed_id, key, canonical_url, "
                             "pruned_at) SELECT feed_id, key, canonical_url, ?1 FROM items "
                             "WHERE id >= ?2 AND id < ?3 AND first_seen < ?4");
      SQLite::Statement touched(db,
                                "INSERT INTO temp.pruned_members (id, removed) SELECT story_id, "
                                "count(*) FROM items WHERE id >= ?2 AND id < ?3 AND "
                                "first_seen < ?4 AND story_id IS NOT NULL GROUP BY story_id "
                                "ON CONFLICT (id) DO UPDATE SET removed = removed + "
                                "excluded.removed");
      SQLite::Statement remove(db,
                               "DELETE FROM items WHERE id >= ?2 AND id < ?3 AND first_seen < ?4");
      PruneResult result;
      // In slices of ids: each statement's journal (kept in memory, store.cpp) then
      // holds the pages of a slice, not of a whole prune (a retention cut from 400
      // to 30 days deletes most of the store at once).
      const std::int64_t first = db.execAndGet("SELECT coalesce(min(id), 0) FROM items").getInt64();
      for (std::int64_t from = first; from < bound; from += kPruneSlice) {
        const std::int64_t to = std::min(bound, from + kPruneSlice);
        for (SQLite::Statement* statement : {&bury, &touched, &remove}) {
          statement->reset();
          if (statement == &bury) statement->bind(1, to_unix(now));
          statement->bind(2, from);
          statement->bind(3, to);
          statement->bind(4, cutoff);
          const int changed = statement->exec();
          if (statement == &remove) result.items += changed;
        }
      }
      update_pruned_stories(db);
      SQLite::Statement expire(db,
                               "DELETE FROM tombstones WHERE (feed_id, key) IN (SELECT feed_id, "
                               "key FROM tombstones WHERE pruned_at < ? LIMIT ?)");
      for (int changed = -1; changed != 0;) {
        expire.reset();
        expire.bind(1, cutoff);
        expire.bind(2, static_cast<std::int64_t>(kPruneSlice));
        changed = expire.exec();
        result.tombstones_expired += changed;
      }
      transaction.commit();
      // The window's items are far younger than any retention, but a clock set
      // back could make them otherwise: restore the index from what is left.
      impl_->stories.reset();
      impl_->tombstoned_feeds.reset();
      return result;
    } catch (const SQLite::Exception&) {
      impl_->forget_uncommitted();
      throw;
    }
  });
}

}  // namespace monsoon::store
