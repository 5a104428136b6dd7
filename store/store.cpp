#include <monsoon/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/Savepoint.h>

#include "schema.hpp"

#include <cstdio>
#include <string_view>

namespace monsoon::store {
namespace {

using model::Errc;
using model::fail;

std::int64_t to_unix(model::TimePoint at) { return at.time_since_epoch().count(); }
model::TimePoint from_unix(std::int64_t seconds) { return model::TimePoint{model::Seconds{seconds}}; }

std::optional<model::TimePoint> optional_time(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return from_unix(column.getInt64());
}

void bind_optional_time(SQLite::Statement& statement, int index,
                        const std::optional<model::TimePoint>& at) {
  if (at) {
    statement.bind(index, static_cast<std::int64_t>(to_unix(*at)));
  } else {
    statement.bind(index);
  }
}

std::string content_hash(const NewItem& item) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (std::string_view part : {std::string_view(item.title), std::string_view(item.link),
                                std::string_view(item.summary), std::string_view(item.author)}) {
    for (unsigned char c : part) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
    hash ^= 0x1f;
    hash *= 1099511628211ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

model::Region region_of(const std::string& name) {
  return model::region_from_string(name).value_or(model::Region::unassigned);
}

// Runs `body` and turns SQLite's exceptions into Errc::storage naming `what`.
template <class F>
auto guarded(std::string_view what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const SQLite::Exception& error) {
    return fail(Errc::storage, std::string(what) + ": " + error.what());
  }
}

FeedState read_feed(SQLite::Statement& row) {
  FeedState state;
  state.id = row.getColumn(0).getInt64();
  state.url = row.getColumn(1).getString();
  state.name = row.getColumn(2).getString();
  state.region = region_of(row.getColumn(3).getString());
  state.etag = row.getColumn(4).getString();
  state.last_modified = row.getColumn(5).getString();
  state.last_attempt = optional_time(row.getColumn(6));
  state.last_success = optional_time(row.getColumn(7));
  state.last_status = row.getColumn(8).getInt();
  state.last_error = row.getColumn(9).getString();
  state.error_streak = row.getColumn(10).getInt();
  state.next_poll = optional_time(row.getColumn(11));
  state.body_hash = row.getColumn(12).getString();
  state.last_error_class = row.getColumn(13).getString();
  state.not_before = optional_time(row.getColumn(14));
  state.moved_url = row.getColumn(15).getString();
  state.moved_streak = row.getColumn(16).getInt();
  state.gone = row.getColumn(17).getInt() != 0;
  return state;
}

constexpr const char* kFeedColumns =
    "id, url, name, region, etag, last_modified, last_attempt, last_success, last_status, "
    "last_error, error_streak, next_poll, body_hash, last_error_class, not_before, moved_url, "
    "moved_streak, gone";

}  // namespace

namespace {

// Item statements prepared once and reused: preparing costs more than the insert.
struct ItemStatements {
  SQLite::Database& db;
  std::unique_ptr<SQLite::Statement> find;
  std::unique_ptr<SQLite::Statement> insert;
  std::unique_ptr<SQLite::Statement> update;

  SQLite::Statement& get(std::unique_ptr<SQLite::Statement>& slot, const char* sql) {
    if (!slot) slot = std::make_unique<SQLite::Statement>(db, sql);
    slot->reset();
    slot->clearBindings();
    return *slot;
  }
};

}  // namespace

struct Store::Impl {
  SQLite::Database db;
  bool batch_open = false;
  ItemStatements items{db, nullptr, nullptr, nullptr};

  explicit Impl(const std::string& path)
      : db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {}
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

model::Result<Store> Store::open(const std::string& path) {
  return guarded("open " + path, [&]() -> model::Result<Store> {
    auto impl = std::make_unique<Impl>(path);
    auto& db = impl->db;
    db.setBusyTimeout(5000);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=NORMAL");
    db.exec("PRAGMA foreign_keys=ON");
    const int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version > kSchemaVersion) {
      return fail(Errc::storage, path + ": database schema version " + std::to_string(version) +
                                     " is newer than this monsoon understands (" +
                                     std::to_string(kSchemaVersion) +
                                     "); upgrade monsoon or restore a backup");
    }
    for (int next = version + 1; next <= kSchemaVersion; ++next) {
      SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
      db.exec(std::string(schema::kMigrations[static_cast<std::size_t>(next - 1)]));
      db.exec("PRAGMA user_version = " + std::to_string(next));
      transaction.commit();
    }
    return Store(std::move(impl));
  });
}

int Store::schema_version() const {
  return impl_->db.execAndGet("PRAGMA user_version").getInt();
}

model::Result<FeedState> Store::upsert_feed(const model::FeedSource& feed) {
  return guarded("store feed " + feed.url, [&]() -> model::Result<FeedState> {
    SQLite::Statement upsert(impl_->db,
                             "INSERT INTO feeds (url, name, region) VALUES (?, ?, ?) "
                             "ON CONFLICT (url) DO UPDATE SET name = excluded.name, "
                             "region = excluded.region");
    upsert.bind(1, feed.url);
    upsert.bind(2, feed.name);
    upsert.bind(3, std::string(model::to_string(feed.region)));
    upsert.exec();
    SQLite::Statement query(impl_->db,
                            std::string("SELECT ") + kFeedColumns + " FROM feeds WHERE url = ?");
    query.bind(1, feed.url);
    if (!query.executeStep()) return fail(Errc::storage, "feed vanished after insert: " + feed.url);
    return read_feed(query);
  });
}

model::Result<std::vector<FeedState>> Store::feeds() const {
  return guarded("list feeds", [&]() -> model::Result<std::vector<FeedState>> {
    SQLite::Statement query(impl_->db,
                            std::string("SELECT ") + kFeedColumns + " FROM feeds ORDER BY id");
    std::vector<FeedState> states;
    while (query.executeStep()) states.push_back(read_feed(query));
    return states;
  });
}

namespace {

// Inserts or updates one item; returns which of the three it was.
enum class Change { inserted, updated, unchanged };

Change store_item(ItemStatements& statements, std::int64_t feed_id, const NewItem& item,
                  model::TimePoint now) {
  const std::string hash = content_hash(item);
  auto& existing = statements.get(statements.find,
                               "SELECT id, content_hash FROM items WHERE feed_id = ? AND key = ?");
  existing.bind(1, feed_id);
  existing.bind(2, item.key);
  if (existing.executeStep()) {
    if (existing.getColumn(1).getString() == hash) return Change::unchanged;
    const std::int64_t id = existing.getColumn(0).getInt64();
    // An edited title or summary updates the row in place; first_seen is kept.
    auto& update = statements.get(statements.update,
                               "UPDATE items SET title = ?, link = ?, summary = ?, author = ?, "
                               "published = ?, updated = ?, content_hash = ? WHERE id = ?");
    update.bind(1, item.title);
    update.bind(2, item.link);
    update.bind(3, item.summary);
    update.bind(4, item.author);
    bind_optional_time(update, 5, item.published);
    update.bind(6, to_unix(now));
    update.bind(7, hash);
    update.bind(8, id);
    update.exec();
    return Change::updated;
  }
  auto& insert = statements.get(statements.insert,
                             "INSERT INTO items (feed_id, key, title, link, summary, author, "
                             "published, first_seen, updated, content_hash, region, "
                             "region_confidence, region_evidence) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, feed_id);
  insert.bind(2, item.key);
  insert.bind(3, item.title);
  insert.bind(4, item.link);
  insert.bind(5, item.summary);
  insert.bind(6, item.author);
  bind_optional_time(insert, 7, item.published);
  insert.bind(8, to_unix(now));
  insert.bind(9, to_unix(now));
  insert.bind(10, hash);
  insert.bind(11, std::string(model::to_string(item.region)));
  insert.bind(12, item.region_confidence);
  insert.bind(13, item.region_evidence);
  insert.exec();
  return Change::inserted;
}

void write_feed_state(SQLite::Database& db, const FeedState& state) {
  SQLite::Statement update(
      db,
      "UPDATE feeds SET etag = ?, last_modified = ?, body_hash = ?, last_attempt = ?, "
      "last_success = ?, last_status = ?, last_error_class = ?, last_error = ?, "
      "error_streak = ?, next_poll = ?, not_before = ?, moved_url = ?, moved_streak = ?, "
      "gone = ? WHERE id = ?");
  update.bind(1, state.etag);
  update.bind(2, state.last_modified);
  update.bind(3, state.body_hash);
  bind_optional_time(update, 4, state.last_attempt);
  bind_optional_time(update, 5, state.last_success);
  update.bind(6, state.last_status);
  update.bind(7, state.last_error_class);
  update.bind(8, state.last_error);
  update.bind(9, state.error_streak);
  bind_optional_time(update, 10, state.next_poll);
  bind_optional_time(update, 11, state.not_before);
  update.bind(12, state.moved_url);
  update.bind(13, state.moved_streak);
  update.bind(14, state.gone ? 1 : 0);
  update.bind(15, state.id);
  if (update.exec() != 1) {
    throw SQLite::Exception("no feed with id " + std::to_string(state.id));
  }
}

}  // namespace

model::Result<StoreResult> Store::record_poll(const FeedState& state,
                                              const std::vector<NewItem>& items,
                                              model::TimePoint now, const FetchLogEntry& log) {
  return guarded("store poll of " + state.url, [&]() -> model::Result<StoreResult> {
    // Inside a batch a savepoint keeps this poll all-or-nothing; the batch's
    // commit makes it durable together with the polls around it.
    std::optional<SQLite::Transaction> transaction;
    std::optional<SQLite::Savepoint> savepoint;
    if (impl_->batch_open) {
      savepoint.emplace(impl_->db, "poll");
    } else {
      transaction.emplace(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    }
    StoreResult result;
    for (const auto& item : items) {
      switch (store_item(impl_->items, state.id, item, now)) {
        case Change::inserted: ++result.inserted; break;
        case Change::updated: ++result.updated; break;
        case Change::unchanged: ++result.unchanged; break;
      }
    }
    write_feed_state(impl_->db, state);
    SQLite::Statement insert(impl_->db,
                             "INSERT INTO fetch_log (feed_id, at, status, error, new_items, "
                             "error_class, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, state.id);
    insert.bind(2, to_unix(log.at));
    insert.bind(3, log.status);
    insert.bind(4, log.message);
    insert.bind(5, result.inserted);
    insert.bind(6, log.error_class);
    insert.bind(7, log.duration_ms);
    insert.exec();
    if (savepoint) savepoint->release();
    if (transaction) transaction->commit();
    return result;
  });
}

model::Result<void> Store::begin_batch() {
  return guarded("begin a batch", [&]() -> model::Result<void> {
    if (impl_->batch_open) return {};
    impl_->db.exec("BEGIN IMMEDIATE");
    impl_->batch_open = true;
    return {};
  });
}

model::Result<void> Store::commit_batch() {
  if (!impl_->batch_open) return {};
  impl_->batch_open = false;
  return guarded("commit a batch", [&]() -> model::Result<void> {
    try {
      impl_->db.exec("COMMIT");
    } catch (const SQLite::Exception&) {
      // A failed COMMIT (full disk) leaves the transaction open: end it, so the
      // next poll starts clean; the batch's polls are lost, nothing older is.
      try {
        impl_->db.exec("ROLLBACK");
      } catch (const SQLite::Exception&) {
      }
      throw;
    }
    return {};
  });
}

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

model::Result<std::vector<HostBlock>> Store::host_blocks(model::TimePoint now) const {
  return guarded("read host blocks", [&]() -> model::Result<std::vector<HostBlock>> {
    SQLite::Statement query(impl_->db, "SELECT host, until, reason FROM hosts WHERE until > ?");
    query.bind(1, to_unix(now));
    std::vector<HostBlock> blocks;
    while (query.executeStep()) {
      blocks.push_back({query.getColumn(0).getString(), from_unix(query.getColumn(1).getInt64()),
                        query.getColumn(2).getString()});
    }
    return blocks;
  });
}

model::Result<void> Store::block_host(const HostBlock& block) {
  return guarded("block host " + block.host, [&]() -> model::Result<void> {
    SQLite::Statement upsert(impl_->db,
                             "INSERT INTO hosts (host, until, reason) VALUES (?, ?, ?) "
                             "ON CONFLICT (host) DO UPDATE SET until = excluded.until, "
                             "reason = excluded.reason");
    upsert.bind(1, block.host);
    upsert.bind(2, to_unix(block.until));
    upsert.bind(3, block.reason);
    upsert.exec();
    return {};
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

model::Result<std::vector<model::StoredItem>> Store::items_between(model::TimePoint from,
                                                                    model::TimePoint to) const {
  return guarded("read items", [&]() -> model::Result<std::vector<model::StoredItem>> {
    SQLite::Statement query(impl_->db,
                            "SELECT i.id, f.url, f.name, i.title, i.link, i.summary, i.published, "
                            "i.first_seen, i.region FROM items i JOIN feeds f ON f.id = i.feed_id "
                            "WHERE coalesce(i.published, i.first_seen) >= ? "
                            "AND coalesce(i.published, i.first_seen) < ? "
                            "ORDER BY coalesce(i.published, i.first_seen) DESC, i.id");
    query.bind(1, static_cast<std::int64_t>(to_unix(from)));
    query.bind(2, static_cast<std::int64_t>(to_unix(to)));
    std::vector<model::StoredItem> items;
    while (query.executeStep()) {
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
      items.push_back(std::move(item));
    }
    return items;
  });
}

model::Result<void> Store::record_digest(const std::string& week, const std::string& path,
                                         int item_count, model::TimePoint at) {
  return guarded("record digest " + week, [&]() -> model::Result<void> {
    SQLite::Statement insert(impl_->db,
                             "INSERT INTO digests (week, path, items, created) VALUES (?, ?, ?, ?)");
    insert.bind(1, week);
    insert.bind(2, path);
    insert.bind(3, item_count);
    insert.bind(4, static_cast<std::int64_t>(to_unix(at)));
    insert.exec();
    return {};
  });
}

model::Result<bool> Store::has_digest(const std::string& week) const {
  return guarded("read digests", [&]() -> model::Result<bool> {
    SQLite::Statement query(impl_->db, "SELECT 1 FROM digests WHERE week = ? LIMIT 1");
    query.bind(1, week);
    return query.executeStep();
  });
}

model::Result<std::int64_t> Store::count_items() const {
  return guarded("count items", [&]() -> model::Result<std::int64_t> {
    return impl_->db.execAndGet("SELECT count(*) FROM items").getInt64();
  });
}

}  // namespace monsoon::store
