#pragma once
// A SQLite VFS that gathers the writes to a WAL file in a buffer. Internal to store/.
//
// SQLite writes each WAL frame with two pwrite() calls: its 24-byte header, then its
// page. A cold poll of 1,000 feeds wrote about 19,000 frames that way: 38,000 system
// calls on the store thread, the thread a cold poll waits for. On this VM 19,000
// frames written so took 91-113 ms, in 64 KiB writes 15-20 ms (a C loop, measured);
// the cold poll went 1.667 -> 1.543 s wall (6 alternating runs each).
//
// The VFS wraps the default one ("unix") and changes only the WAL file of a
// connection: consecutive writes collect in a 64 KiB buffer (the unix VFS takes
// under 128 KiB a call), written out in one pwrite() when it is full, when a write
// goes elsewhere in the file, before any read, sync, truncate, size query, file
// control or close of that file, and at once after the page of a commit frame (a
// frame whose header gives the database size). So a
// transaction's frames reach the file, in order, before its commit returns: other
// connections learn of frames only from the WAL index header, which SQLite writes
// after the commit frame, and a process killed after a commit has lost nothing.
// An error writing the buffer out is the error of the write, read or sync that
// needed it: a commit that cannot write its frames fails, as it would unbuffered.
// The connection's xShmBarrier and xShmLock also write out a pending buffer, a
// second line of defence that finds it empty.
//
// Each buffer belongs to one connection's WAL file handle and is only touched from
// the thread using that connection. Power-loss durability is unchanged: with
// synchronous=NORMAL SQLite syncs the WAL only at checkpoints, which flush first.

#include <cstdint>

namespace monsoon::store::detail {

inline constexpr const char* kWalBufferVfs = "monsoon-wal-buffer";

// Registers the VFS, once per process, as the default for connections opened after
// it. Returns false (and leaves SQLite's default) when the default VFS cannot be
// wrapped.
bool register_wal_buffer_vfs();

// What the VFS has done since the process started, for tests and benchmarks.
struct WalBufferStats {
  std::uint64_t writes = 0;        // xWrite calls to WAL files
  std::uint64_t file_writes = 0;   // writes the WAL files got from the VFS
  std::uint64_t bytes = 0;         // bytes written to WAL files
};
WalBufferStats wal_buffer_stats();

}  // namespace monsoon::store::detail
