#pragma once
// What the store's .cpp files share: the connection with its prepared statements
// and story index (Store::Impl), time conversions, and the exception guard.
// Internal to store/.

#include "checkpointer.hpp"
#include "hash_filter.hpp"
#include "hashing.hpp"
#include "story_index.hpp"

#include <monsoon/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace monsoon::store {

inline std::int64_t to_unix(model::TimePoint at) { return at.time_since_epoch().count(); }
inline model::TimePoint from_unix(std::int64_t seconds) {
  return model::TimePoint{model::Seconds{seconds}};
}

inline std::optional<model::TimePoint> optional_time(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return from_unix(column.getInt64());
}

inline void bind_optional_time(SQLite::Statement& statement, int index,
                               const std::optional<model::TimePoint>& at) {
  if (at) {
    statement.bind(index, static_cast<std::int64_t>(to_unix(*at)));
  } else {
    statement.bind(index);
  }
}

inline model::Region region_of(const std::string& name) {
  return model::region_from_string(name).value_or(model::Region::unassigned);
}

// Runs `body` and turns SQLite's exceptions into Errc::storage naming `what`.
template <class F>
auto guarded(std::string_view what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const SQLite::Exception& error) {
    return model::fail(model::Errc::storage, std::string(what) + ": " + error.what());
  }
}

// Statements prepared once and reused (preparing costs more than the insert),
// keyed by their SQL text.
class StatementCache {
 public:
  explicit StatementCache(SQLite::Database& db) : db_(db) {}
  // The statement for `sql`, reset and with its bindings cleared.
  SQLite::Statement& get(const char* sql) {
    auto& slot = statements_[sql];
    if (!slot) slot = std::make_unique<SQLite::Statement>(db_, sql);
    slot->tryReset();  // an error of its last run was reported then
    slot->clearBindings();
    return *slot;
  }
  // Resets every statement. A statement left stepped holds a read transaction:
  // the WAL could not be checkpointed past it, and after an error (a full disk)
  // the pager would stay in its error state. Called when a write ends.
  void reset_all() noexcept {
    for (auto& [sql, statement] : statements_) statement->tryReset();
  }

 private:
  SQLite::Database& db_;
  std::map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
};

namespace detail {

// Connection::stored_keys: hashes of the identity keys (with their feed) and of the
// canonical URLs of the items stored.
struct StoredKeys {
  HashFilter keys;
  HashFilter urls;

  static std::uint64_t key_hash(std::int64_t feed_id, std::string_view key) {
    return mix64(hash_sequence(key) ^ static_cast<std::uint64_t>(feed_id));
  }
  void add(std::int64_t feed_id, std::string_view key, std::string_view url) {
    keys.add(key_hash(feed_id, key));
    add_url(url);
  }
  void add_url(std::string_view url) {
    if (!url.empty()) urls.add(hash_sequence(url));
  }
  [[nodiscard]] bool may_hold_key(std::int64_t feed_id, std::string_view key) const {
    return keys.may_contain(key_hash(feed_id, key));
  }
  [[nodiscard]] bool may_hold_url(std::string_view url) const {
    return urls.may_contain(hash_sequence(url));
  }
};

}  // namespace detail

// The connection and what belongs to it; Store::Impl is one.
struct Connection {
  SQLite::Database db;
  StatementCache statements{db};
  bool batch_open = false;
  StoreOptions options;
  // Restored from the database for the first new item (read-only commands and
  // polls without new items never pay for it) and dropped whenever a write
  // fails, so it never holds an item that a rollback took away.
  std::optional<detail::StoryIndex> stories;
  bool old_items_checked = false;  // assign_old_items() has looked
  std::int64_t next_item_id = 0;  // 0: read max(id) + 1 before the next insert
  // PRAGMA data_version at our last write transaction: another connection's commit
  // (`monsoon poll --once` beside the service) changes it.
  std::optional<std::int64_t> data_version;
  // The feeds that have tombstones, read at the first write and again after a
  // prune: a feed without any (most, until retention first prunes) needs no
  // tombstone lookup per new item.
  std::optional<std::unordered_set<std::int64_t>> tombstoned_feeds;
  // The identity keys (with their feed) and canonical URLs of every item in the
  // database, as hashes, when this connection knows them all: it found the items
  // table empty at its first poll (a new store, as in a first run) and has added
  // every item it stored since. A new item's key or URL that the filters rule out is
  // then not looked up (identity, and the story of its URL): in a cold poll nearly
  // every lookup finds nothing. Unknown (no filters, every key looked up) for a
  // store that had items, and again once forget_cached() has run.
  std::optional<detail::StoredKeys> stored_keys;
  bool stored_keys_checked = false;

  // Checkpoints the WAL off the writing thread (checkpointer.hpp); empty for an
  // in-memory database, which has no WAL.
  std::unique_ptr<detail::Checkpointer> checkpointer;

  // SQLITE_OPEN_NOMUTEX: a Store is used by one thread at a time (store.hpp), so
  // SQLite's own per-call mutex (5 % of storing a poll) guards nothing.
  explicit Connection(const std::string& path)
      : db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX) {}
  // The checkpointer stops before the connection closes (and checkpoints the rest).
  ~Connection() { checkpointer.reset(); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // At the start of a write transaction: when another connection has committed
  // since our last one, forget what memory knows of the database (item and story
  // ids, the story window, the tombstoned feeds), so it is read again.
  void follow_other_writers();
  // After a failed write: forget what only memory knows. Ends a batch whose
  // transaction SQLite already rolled back (it may, on a full disk).
  void forget_uncommitted();
  // What both forget: what memory knows that the database may have changed.
  void forget_cached();
};

// Resets the cached statements when it goes out of scope, however the write ends.
struct StatementsReset {
  StatementCache& statements;
  ~StatementsReset() { statements.reset_all(); }
};

// One write, all-or-nothing: a transaction of its own, or inside a batch a
// savepoint (the batch's commit makes it durable together with the writes around
// it). Rolled back unless commit() is called. The savepoint's statements are
// prepared once: SQLite::Savepoint runs them through sqlite3_exec (prepare, step,
// finalize) at every poll, 1.4 % of the store thread's instructions in a cold poll;
// from the statement cache that thread ran 0.5 % fewer (callgrind, 100 feeds).
class WriteScope {
 public:
  explicit WriteScope(Connection& impl) : statements_(impl.statements) {
    if (impl.batch_open) {
      statements_.get("SAVEPOINT write_scope").exec();
      in_savepoint_ = true;
    } else {
      transaction_.emplace(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
      impl.follow_other_writers();
    }
  }
  WriteScope(const WriteScope&) = delete;
  WriteScope& operator=(const WriteScope&) = delete;
  ~WriteScope() {
    if (!in_savepoint_) return;
    try {
      statements_.get("ROLLBACK TO write_scope").exec();
      statements_.get("RELEASE write_scope").exec();
    } catch (const SQLite::Exception&) {
      // SQLite rolled the whole transaction back already (a full disk): nothing to undo.
    }
  }
  void commit() {
    if (in_savepoint_) {
      statements_.get("RELEASE write_scope").exec();
      in_savepoint_ = false;
    }
    if (transaction_) transaction_->commit();
  }

 private:
  StatementCache& statements_;
  bool in_savepoint_ = false;
  std::optional<SQLite::Transaction> transaction_;
};

struct Store::Impl : Connection {
  using Connection::Connection;
};

// The columns read_item() reads, from items i joined with feeds f; an item
// without a story (stored before schema 3) reads as a story of its own, -id.
inline constexpr const char* kItemColumns =
    "SELECT i.id, f.url, f.name, i.title, i.link, i.summary, i.published, i.first_seen, "
    "i.region, coalesce(i.story_id, -i.id), f.aggregator FROM items i "
    "JOIN feeds f ON f.id = i.feed_id ";
// Reads kItemColumns' columns, starting at column `first`.
model::StoredItem read_item(SQLite::Statement& query, int first = 0);

// feeds.recent_published (schema 6): a feed's newest publication times, newest
// first, at most kRecentPublished of them, as Unix seconds separated by spaces
// (queries.cpp).
inline constexpr std::size_t kRecentPublished = 20;
std::vector<std::int64_t> read_publications(std::string_view text);
// Sorts newest first and keeps the newest kRecentPublished.
std::string write_publications(std::vector<std::int64_t> times);
// Fills every feed's recent_published from its items. Runs inside migration 6.
void backfill_recent_published(SQLite::Database& db);

// The canonical URLs of items stored before schema 3, and their "link:" keys
// rewritten to the canonical link (story_store.cpp). Runs inside migration 3.
void backfill_canonical_urls(SQLite::Database& db);

// Makes impl.stories ready: the window's items restored, items without a story
// (stored before schema 3) assigned. Inside the caller's transaction.
void ensure_story_index(Connection& impl);

// At the first write of a connection: when items stored before schema 3 have no
// story yet, makes the story index ready, which assigns them. Inside the
// caller's transaction.
void assign_old_items(Connection& impl);

// The story of a stored item with a canonical URL, when the caller has looked
// the URL up already (record.cpp does, with the feed's identity lookup).
struct UrlStory {
  bool looked_up = false;
  std::optional<std::int64_t> story;  // of an item of any feed with this URL
};

// Assigns a new item (not inserted yet, id chosen) to a story and writes the
// story's row; returns the story id. Looks the canonical URL up unless `known`
// says it was. Makes the story index ready first (ensure_story_index).
std::int64_t assign_story(Connection& impl, const detail::StoryItem& item,
                          const detail::Signature& signature, const UrlStory& known = {});

}  // namespace monsoon::store
