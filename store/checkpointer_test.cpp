// The WAL checkpointer (checkpointer.hpp): frames copied on its own thread, the
// WAL started over past the restart threshold, nothing lost.

#include "checkpointer.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <thread>

#include "scratch.hpp"

using monsoon::store::detail::Checkpointer;
using ScratchDir = monsoon::testing::ScratchDir;

namespace {

constexpr int kCommits = 300;  // two 4 KiB rows each: about 900 WAL frames in all

struct Run {
  std::uintmax_t max_wal_bytes = 0;
  int completed = 0;
  int failed = 0;
  std::int64_t rows = 0;
};

// Commits kCommits small transactions through a checkpointer with these thresholds.
Run write_through(const Checkpointer::Thresholds& thresholds) {
  ScratchDir dir;
  const auto file = (dir.path() / "c.db").string();
  Run run;
  {
    SQLite::Database db(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("CREATE TABLE t (x BLOB)");
    Checkpointer checkpointer(file, thresholds);
    checkpointer.attach(db.getHandle());
    SQLite::Statement insert(db, "INSERT INTO t (x) VALUES (zeroblob(4000))");
    for (int i = 0; i < kCommits; ++i) {
      db.exec("BEGIN IMMEDIATE");
      for (int row = 0; row < 2; ++row) {
        insert.exec();
        insert.reset();
      }
      db.exec("COMMIT");
      std::error_code error;
      const auto size = std::filesystem::file_size(file + "-wal", error);
      if (!error && size > run.max_wal_bytes) run.max_wal_bytes = size;
    }
    // The thread runs on its own time: give it a bounded while to report.
    for (int wait = 0; wait < 500 && checkpointer.completed() == 0; ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    run.completed = checkpointer.completed();
    run.failed = checkpointer.failed();
  }  // the checkpointer stops before the writer closes
  SQLite::Database check(file, SQLite::OPEN_READONLY);
  run.rows = check.execAndGet("SELECT count(*) FROM t").getInt64();
  CHECK(check.execAndGet("PRAGMA integrity_check").getString() == "ok");
  return run;
}

}  // namespace

TEST_CASE("The checkpointer copies WAL frames on its own thread and keeps the WAL bounded") {
  const auto bounded = write_through({.background_frames = 16, .restart_frames = 64});
  CHECK(bounded.completed > 0);
  CHECK(bounded.failed == 0);
  CHECK(bounded.rows == 2 * kCommits);
  // Without the writer's restart the WAL only grows while the writer never pauses:
  // the same commits with the restart out of reach end with a WAL of every frame.
  const auto unbounded = write_through({.background_frames = 16, .restart_frames = 1 << 30});
  CHECK(unbounded.rows == 2 * kCommits);
  MESSAGE("WAL bytes at most: " << bounded.max_wal_bytes << " with the restart, "
                                << unbounded.max_wal_bytes << " without");
  CHECK(unbounded.max_wal_bytes > 2'000'000);
  CHECK(bounded.max_wal_bytes < unbounded.max_wal_bytes / 3);
}

TEST_CASE("A checkpointer never asked to run starts no thread and loses nothing") {
  ScratchDir dir;
  const auto file = (dir.path() / "quiet.db").string();
  SQLite::Database db(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
  db.exec("PRAGMA journal_mode=WAL");
  {
    Checkpointer checkpointer(file);
    checkpointer.attach(db.getHandle());
    db.exec("CREATE TABLE t (x INTEGER)");
    db.exec("INSERT INTO t VALUES (1)");
    CHECK(checkpointer.completed() == 0);
    CHECK(checkpointer.failed() == 0);
  }
  // Detached: the writer's commits no longer call into the destroyed object.
  db.exec("INSERT INTO t VALUES (2)");
  CHECK(db.execAndGet("SELECT count(*) FROM t").getInt() == 2);
}
