#pragma once
// Copies committed WAL frames into the database file on a thread of its own.
// Internal to store/.
//
// SQLite's automatic checkpoint runs inside the commit that crosses its threshold,
// with its reads, writes and fsyncs, on the thread that commits: the store thread a
// cold poll waits for. A PASSIVE checkpoint on a second connection takes no lock the
// writer needs, so the writer goes on while the frames are copied (a cold poll of
// 1,000 feeds: 2.01 -> 1.84 s wall, mean of 6 alternating runs).
//
// A writer that never pauses would let the WAL grow without end: SQLite starts the
// WAL file over only when a write transaction begins with every frame copied, and
// the writer commits new frames while the other thread copies. So past
// `restart_frames` the writer checkpoints inline too (cheap: the thread has copied
// nearly everything), and its next transaction starts the WAL over. The writer's
// last close still checkpoints what is left and removes the WAL, as before.

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace monsoon::store::detail {

struct CheckpointThresholds {
  int background_frames = 1000;  // SQLite's own automatic-checkpoint threshold
  int restart_frames = 8192;     // 32 MiB of 4 KiB pages
};

class Checkpointer {
 public:
  using Thresholds = CheckpointThresholds;

  explicit Checkpointer(std::string path, Thresholds thresholds = Thresholds())
      : path_(std::move(path)), thresholds_(thresholds) {}
  ~Checkpointer();  // detaches, waits for a checkpoint under way, stops the thread
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Makes the writer's commits checkpoint through this object, in place of
  // SQLite's automatic checkpoint. The thread starts at the first request
  // (read-only uses never start it). Destroy this object before `writer` closes.
  void attach(sqlite3* writer);

  // How many background checkpoints ran, and failed (a failed one is retried at
  // the next request; its frames stay in the WAL, where readers find them).
  int completed() const;
  int failed() const;

  // Called by SQLite after each commit of the attached writer.
  void on_commit(sqlite3* writer, int frames);

 private:
  void detach();
  void request();
  void run();

  const std::string path_;
  const Thresholds thresholds_;
  sqlite3* writer_ = nullptr;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false;
  bool stopping_ = false;
  int completed_ = 0;
  int failed_ = 0;
  std::thread thread_;
};

}  // namespace monsoon::store::detail
