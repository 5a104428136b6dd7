#include <monsoon/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

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
  return state;
}

constexpr const char* kFeedColumns =
    "id, url, name, region, etag, last_modified, last_attempt, last_success, last_status, "
    "last_error, error_streak, next_poll";

}  // namespace

struct Store::Impl {
  SQLite::Database db;
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

Change store_item(SQLite::Database& db, std::int64_t feed_id, const NewItem& item,
                  model::TimePoint now) {
  const std::string hash = content_hash(item);
  SQLite::Statement existing(db, "SELECT id, content_hash FROM items WHERE feed_id = ? AND key = ?");
  existing.bind(1, static_cast<std::int64_t>(feed_id));
  existing.bind(2, item.key);
  if (existing.executeStep()) {
    if (existing.getColumn(1).getString() == hash) return Change::unchanged;
    // An edited title or summary updates the row in place; first_seen is kept.
    SQLite::Statement update(db,
                             "UPDATE items SET title = ?, link = ?, summary = ?, author = ?, "
                             "published = ?, updated = ?, content_hash = ? WHERE id = ?");
    update.bind(1, item.title);
    update.bind(2, item.link);
    update.bind(3, item.summary);
    update.bind(4, item.author);
    bind_optional_time(update, 5, item.published);
    update.bind(6, static_cast<std::int64_t>(to_unix(now)));
    update.bind(7, hash);
    update.bind(8, existing.getColumn(0).getInt64());
    update.exec();
    return Change::updated;
  }
  SQLite::Statement insert(db,
                           "INSERT INTO items (feed_id, key, title, link, summary, author, "
                           "published, first_seen, updated, content_hash, region, "
                           "region_confidence, region_evidence) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, static_cast<std::int64_t>(feed_id));
  insert.bind(2, item.key);
  insert.bind(3, item.title);
  insert.bind(4, item.link);
  insert.bind(5, item.summary);
  insert.bind(6, item.author);
  bind_optional_time(insert, 7, item.published);
  insert.bind(8, static_cast<std::int64_t>(to_unix(now)));
  insert.bind(9, static_cast<std::int64_t>(to_unix(now)));
  insert.bind(10, hash);
  insert.bind(11, std::string(model::to_string(item.region)));
  insert.bind(12, item.region_confidence);
  insert.bind(13, item.region_evidence);
  insert.exec();
  return Change::inserted;
}

void update_feed_state(SQLite::Database& db, std::int64_t feed_id, const PollRecord& poll) {
  const bool ok = poll.error.empty();
  SQLite::Statement update(
      db,
      "UPDATE feeds SET last_attempt = ?, last_status = ?, last_error = ?, "
      "error_streak = CASE WHEN ? THEN 0 ELSE error_streak + 1 END, "
      "last_success = CASE WHEN ? THEN ? ELSE last_success END, "
      "etag = CASE WHEN ? THEN ? ELSE etag END, "
      "last_modified = CASE WHEN ? THEN ? ELSE last_modified END, next_poll = ? WHERE id = ?");
  update.bind(1, static_cast<std::int64_t>(to_unix(poll.at)));
  update.bind(2, poll.status);
  update.bind(3, poll.error);
  update.bind(4, ok);
  update.bind(5, ok);
  update.bind(6, static_cast<std::int64_t>(to_unix(poll.at)));
  // A 304 carries no new validators worth replacing the stored ones with.
  const bool new_validators = ok && !poll.not_modified;
  update.bind(7, new_validators);
  update.bind(8, poll.etag);
  update.bind(9, new_validators);
  update.bind(10, poll.last_modified);
  bind_optional_time(update, 11, poll.next_poll);
  update.bind(12, static_cast<std::int64_t>(feed_id));
  update.exec();
}

}  // namespace

model::Result<StoreResult> Store::record_poll(std::int64_t feed_id,
                                              const std::vector<NewItem>& items,
                                              model::TimePoint now, const PollRecord& poll) {
  return guarded("store poll of feed " + std::to_string(feed_id),
                 [&]() -> model::Result<StoreResult> {
                   SQLite::Transaction transaction(impl_->db,
                                                   SQLite::TransactionBehavior::IMMEDIATE);
                   StoreResult result;
                   for (const auto& item : items) {
                     switch (store_item(impl_->db, feed_id, item, now)) {
                       case Change::inserted: ++result.inserted; break;
                       case Change::updated: ++result.updated; break;
                       case Change::unchanged: ++result.unchanged; break;
                     }
                   }
                   update_feed_state(impl_->db, feed_id, poll);
                   SQLite::Statement log(impl_->db,
                                         "INSERT INTO fetch_log (feed_id, at, status, error, "
                                         "new_items) VALUES (?, ?, ?, ?, ?)");
                   log.bind(1, static_cast<std::int64_t>(feed_id));
                   log.bind(2, static_cast<std::int64_t>(to_unix(poll.at)));
                   log.bind(3, poll.status);
                   log.bind(4, poll.error);
                   log.bind(5, result.inserted);
                   log.exec();
                   transaction.commit();
                   return result;
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
