#include <monsoon/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "schema.hpp"
#include "store_impl.hpp"
#include "wal_buffer.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <mutex>
#include <string_view>

namespace monsoon::store {
namespace {

using model::Errc;
using model::fail;

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
  state.aggregator = row.getColumn(18).getInt() != 0;
  state.keyed_by_link = row.getColumn(19).getString() == "link";
  state.identity_reason = row.getColumn(20).getString();
  return state;
}

constexpr const char* kFeedColumns =
    "id, url, name, region, etag, last_modified, last_attempt, last_success, last_status, "
    "last_error, error_streak, next_poll, body_hash, last_error_class, not_before, moved_url, "
    "moved_streak, gone, aggregator, identity, identity_reason";

// Process-wide SQLite settings, which it takes only before it initialises (too late
// once another library in the process has used SQLite: it then refuses and keeps its
// defaults, which work, only slower):
// - no memory statistics: SQLite counts every allocation under a global mutex,
//   about 50 lock pairs per item stored, and the store reads no statistics;
// - statement journals in memory: each poll is a savepoint inside its batch's
//   transaction, and the pages it changes are journalled for it. SQLite spills
//   that journal to a temporary file past 64 KiB: two write() calls per page, 130,000
//   of them in a cold poll of 1,000 feeds. In memory (-1) a poll's journal is a few
//   hundred KiB in 1 KiB chunks, freed when the poll is stored. A positive limit
//   is no middle way: SQLite then allocates the journal in one chunk of that size,
//   which with glibc made every poll map and fault a chunk (45 % slower with
//   16 MiB), and SQLite 3.40 fails a statement whose journal outgrows a chunk of
//   256 KiB or more with "database or disk is full" (128 KiB works; a migration
//   dropping an index of the 1M-item store, or a large poll, hit it). The
//   statements that change the most pages, retention's deletes, work in slices
//   (retention.cpp), so no journal holds a whole prune.
void configure_sqlite() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
    detail::register_wal_buffer_vfs();
  });
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

model::Result<Store> Store::open(const std::string& path, StoreOptions options) {
  return guarded("open " + path, [&]() -> model::Result<Store> {
    configure_sqlite();
    auto impl = std::make_unique<Impl>(path);
    impl->options = options;
    auto& db = impl->db;
    db.setBusyTimeout(5000);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=NORMAL");
    db.exec("PRAGMA foreign_keys=ON");
    // 4 MiB of page cache, twice SQLite's default. With 2 MiB a batch of polls (one
    // transaction, daemon/poller.cpp) outgrew the cache: SQLite wrote changed pages
    // to the WAL before the commit, wrote them again when they changed again, and at
    // the commit read back every frame from the first such page on to rewrite its
    // checksum (12,638 such rewrites and 14,557 page reads in a cold poll of 1,000
    // feeds). 4 MiB cut that poll's wall time by 6 % and cost 2.4 MiB of peak RSS at
    // 5,000 feeds; 8 MiB gained no more and cost 7.8 MiB at 1,000.
    db.exec("PRAGMA cache_size=-4096");
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
      if (next == 3) backfill_canonical_urls(db);
      if (next == 6) backfill_recent_published(db);
      db.exec("PRAGMA user_version = " + std::to_string(next));
      transaction.commit();
    }
    if (const char* file = sqlite3_db_filename(db.getHandle(), "main"); file && *file) {
      impl->checkpointer = std::make_unique<detail::Checkpointer>(file);
      impl->checkpointer->attach(db.getHandle());
    }
    return Store(std::move(impl));
  });
}

int Store::schema_version() const {
  return impl_->db.execAndGet("PRAGMA user_version").getInt();
}

model::Result<FeedState> Store::upsert_feed(const model::FeedSource& feed) {
  // Every feed at the start of every round: cached statements (preparing them was
  // a tenth of a second for 1,000 feeds, before the first transfer started).
  static const std::string select = std::string("SELECT ") + kFeedColumns + " FROM feeds WHERE url = ?";
  return guarded("store feed " + feed.url, [&]() -> model::Result<FeedState> {
    const StatementsReset reset{impl_->statements};
    auto& upsert = impl_->statements.get(
        "INSERT INTO feeds (url, name, region, aggregator) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (url) DO UPDATE SET name = excluded.name, "
        "region = excluded.region, aggregator = excluded.aggregator");
    upsert.bind(1, feed.url);
    upsert.bind(2, feed.name);
    upsert.bind(3, std::string(model::to_string(feed.region)));
    upsert.bind(4, feed.aggregator ? 1 : 0);
    upsert.exec();
    auto& query = impl_->statements.get(select.c_str());
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

model::Result<void> Store::begin_batch() {
  return guarded("begin a batch", [&]() -> model::Result<void> {
    if (impl_->batch_open) return {};
    impl_->db.exec("BEGIN IMMEDIATE");
    impl_->batch_open = true;
    impl_->follow_other_writers();
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
      impl_->forget_uncommitted();
      throw;
    }
    return {};
  });
}

model::Result<void> Store::limit_size(std::int64_t max_bytes) {
  return guarded("limit the database size", [&]() -> model::Result<void> {
    const auto page = impl_->db.execAndGet("PRAGMA page_size").getInt64();
    // SQLite's default ceiling (SQLITE_MAX_PAGE_COUNT before 3.45) stands for "no
    // limit"; 3.40 takes the pragma's value as a 32-bit int, so 2^32-2 would be -2.
    const std::int64_t pages = max_bytes > 0 ? std::max<std::int64_t>(1, max_bytes / page)
                                             : 1073741823LL;
    impl_->db.execAndGet("PRAGMA max_page_count = " + std::to_string(pages));
    return {};
  });
}

model::Result<std::int64_t> Store::database_bytes() const {
  return guarded("measure the database", [&]() -> model::Result<std::int64_t> {
    return impl_->db.execAndGet("PRAGMA page_count").getInt64() *
           impl_->db.execAndGet("PRAGMA page_size").getInt64();
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
