// The WAL write buffer (wal_buffer.hpp): a transaction's frames in a few large
// writes, every commit in the file before it returns, read-backs that see what is
// still buffered.

#include "wal_buffer.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <csignal>
#include <cstdint>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "scratch.hpp"

using namespace monsoon::store::detail;
using ScratchDir = monsoon::testing::ScratchDir;

namespace {

const int kOpenFlags = SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX;

SQLite::Database open_buffered(const std::string& file) {
  REQUIRE(register_wal_buffer_vfs());
  SQLite::Database db(file, kOpenFlags, 5000, kWalBufferVfs);
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=NORMAL");
  return db;
}

// Inserts `rows` rows of 500 bytes (row i holds i) into the transaction open on `db`.
void insert_rows_uncommitted(SQLite::Database& db, int first, int rows) {
  SQLite::Statement insert(db, "INSERT INTO t (n, pad) VALUES (?, randomblob(500))");
  for (int i = first; i < first + rows; ++i) {
    insert.bind(1, i);
    insert.exec();
    insert.reset();
  }
}

// The same in a transaction of their own, committed.
void insert_rows(SQLite::Database& db, int first, int rows) {
  SQLite::Transaction transaction(db);
  insert_rows_uncommitted(db, first, rows);
  transaction.commit();
}

std::int64_t count_rows(const std::string& file) {
  // SQLite's own unix VFS: what any other process sees in the files.
  SQLite::Database reader(file, SQLite::OPEN_READONLY, 5000, "unix");
  return reader.execAndGet("SELECT count(*) FROM t").getInt64();
}

}  // namespace

TEST_CASE("The WAL buffer writes a transaction's frames in a few large writes") {
  ScratchDir dir;
  const auto file = (dir.path() / "w.db").string();
  auto db = open_buffered(file);
  db.exec("CREATE TABLE t (n INTEGER PRIMARY KEY, pad BLOB)");
  const WalBufferStats before = wal_buffer_stats();
  insert_rows(db, 0, 2000);  // about 260 pages: 520 frame writes unbuffered
  const WalBufferStats after = wal_buffer_stats();
  const auto writes = after.writes - before.writes;
  const auto file_writes = after.file_writes - before.file_writes;
  CHECK(writes >= 500);
  CHECK(file_writes * 20 <= writes);
  CHECK(after.bytes - before.bytes >= 2000u * 500u);
  // Committed means in the file: another connection, reading the file through the
  // plain VFS while this one is still open, sees every row.
  CHECK(count_rows(file) == 2000);
  insert_rows(db, 2000, 10);
  CHECK(count_rows(file) == 2010);
}

TEST_CASE("A process killed right after a commit through the WAL buffer keeps that commit") {
  ScratchDir dir;
  const auto file = (dir.path() / "k.db").string();
  {
    auto db = open_buffered(file);
    db.exec("CREATE TABLE t (n INTEGER PRIMARY KEY, pad BLOB)");
  }
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // No doctest in the child: it commits, then dies without closing anything.
    try {
      SQLite::Database db(file, kOpenFlags, 5000, kWalBufferVfs);
      insert_rows(db, 0, 300);
      // A transaction left open on another connection: never committed.
      SQLite::Database other(file, kOpenFlags, 5000, kWalBufferVfs);
      SQLite::Transaction uncommitted(other);
      other.exec("INSERT INTO t (n, pad) SELECT -n - 1, pad FROM t");
      std::raise(SIGKILL);
    } catch (...) {
    }
    _exit(3);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  SQLite::Database check(file, SQLite::OPEN_READWRITE, 5000, "unix");
  CHECK(check.execAndGet("PRAGMA integrity_check").getString() == "ok");
  CHECK(check.execAndGet("SELECT count(*) FROM t").getInt64() == 300);
  CHECK(check.execAndGet("SELECT count(*) FROM t WHERE n < 0").getInt64() == 0);
}

TEST_CASE("A transaction reads back the pages it spilled into the WAL buffer") {
  ScratchDir dir;
  const auto file = (dir.path() / "s.db").string();
  auto db = open_buffered(file);
  db.exec("PRAGMA cache_size=20");  // 20 pages: the transaction spills to the WAL
  db.exec("CREATE TABLE t (n INTEGER PRIMARY KEY, pad BLOB)");
  SQLite::Transaction transaction(db);
  insert_rows_uncommitted(db, 0, 3000);
  // Every page again, most of them spilled and evicted: read back from the WAL.
  CHECK(db.execAndGet("SELECT count(*), sum(n), sum(length(pad)) FROM t").getInt64() == 3000);
  CHECK(db.execAndGet("SELECT sum(n) FROM t").getInt64() == 3000LL * 2999 / 2);
  db.exec("UPDATE t SET pad = randomblob(400) WHERE n % 2 = 0");
  transaction.commit();
  CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
  CHECK(count_rows(file) == 3000);
  CHECK(db.execAndGet("SELECT sum(length(pad)) FROM t").getInt64() == 1500LL * 400 + 1500LL * 500);
}
