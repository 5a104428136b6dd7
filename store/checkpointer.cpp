#include "checkpointer.hpp"

#include <sqlite3.h>

#include <pthread.h>

namespace monsoon::store::detail {
namespace {

int wal_hook(void* checkpointer, sqlite3* writer, const char*, int frames) {
  static_cast<Checkpointer*>(checkpointer)->on_commit(writer, frames);
  return SQLITE_OK;
}

}  // namespace

Checkpointer::~Checkpointer() {
  detach();
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void Checkpointer::attach(sqlite3* writer) {
  writer_ = writer;
  sqlite3_wal_hook(writer_, wal_hook, this);
}

void Checkpointer::detach() {
  if (writer_ != nullptr) sqlite3_wal_hook(writer_, nullptr, nullptr);
  writer_ = nullptr;
}

void Checkpointer::on_commit(sqlite3* writer, int frames) {
  if (frames >= thresholds_.restart_frames) {
    // SQLITE_BUSY while the thread is copying: the next commit tries again.
    sqlite3_wal_checkpoint_v2(writer, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (frames >= thresholds_.background_frames) {
    request();
  }
}

void Checkpointer::request() {
  {
    const std::lock_guard lock(mutex_);
    requested_ = true;
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  }
  wake_.notify_one();
}

int Checkpointer::completed() const {
  const std::lock_guard lock(mutex_);
  return completed_;
}

int Checkpointer::failed() const {
  const std::lock_guard lock(mutex_);
  return failed_;
}

void Checkpointer::run() {
  pthread_setname_np(pthread_self(), "monsoon-ckpt");
  sqlite3* db = nullptr;
  // Its own connection: a connection is used by one thread (SQLITE_OPEN_NOMUTEX).
  // Without it every request counts as failed, and the writer's inline
  // checkpoints still bound the WAL.
  if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    db = nullptr;
  } else {
    // A checkpoint copies frames through a buffer of its own, not the page cache.
    sqlite3_exec(db, "PRAGMA cache_size=16", nullptr, nullptr, nullptr);
  }
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return requested_ || stopping_; });
    if (stopping_) break;
    requested_ = false;
    lock.unlock();
    // The PRAGMA, not sqlite3_wal_checkpoint_v2(): a connection that has not read
    // the database yet does not know it is in WAL mode, and the C call then copies
    // nothing; the statement reads the schema first.
    const int rc = db == nullptr ? SQLITE_CANTOPEN
                                 : sqlite3_exec(db, "PRAGMA wal_checkpoint(PASSIVE)", nullptr,
                                                nullptr, nullptr);
    lock.lock();
    ++(rc == SQLITE_OK ? completed_ : failed_);
  }
  lock.unlock();
  sqlite3_close(db);
}

}  // namespace monsoon::store::detail
