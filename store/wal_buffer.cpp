#include "wal_buffer.hpp"

#include <sqlite3.h>

#include <atomic>
#include <cstddef>
#include <cstring>
#include <map>
#include <mutex>

namespace monsoon::store::detail {
namespace {

// The unix VFS writes at most 128 KiB - 1 in one call (seekAndWriteFd masks the
// count with 0x1ffff; SQLite's own writes are a page or a frame): a bigger buffer
// would lose its end, which SQLite reports as a full disk.
constexpr std::size_t kBufferBytes = 64 * 1024;
constexpr int kFrameHeaderBytes = 24;

sqlite3_vfs* base_vfs = nullptr;  // the VFS wrapped, SQLite's default before ours
sqlite3_vfs wrapper_vfs{};

std::atomic<std::uint64_t> stat_writes{0};
std::atomic<std::uint64_t> stat_file_writes{0};
std::atomic<std::uint64_t> stat_bytes{0};

// Our part of a sqlite3_file; the wrapped VFS's file follows it in the same block.
struct File {
  sqlite3_file base;  // first: SQLite's view of it
  sqlite3_file* real;
  File* main;  // a WAL file: its connection's database file, while both are open
  File* wal;   // a database file: its connection's WAL file, while both are open
  char* buffer;
  std::size_t used;
  sqlite3_int64 start;          // file offset of buffer[0]
  sqlite3_int64 commit_page;    // offset of the page of a commit frame seen, or -1
  int deferred_error;           // a flush failed where it could not be reported
};

constexpr std::size_t kFileBytes = (sizeof(File) + 15) & ~std::size_t{15};

File* as_file(sqlite3_file* file) { return reinterpret_cast<File*>(file); }
const sqlite3_io_methods& real_methods(File* f) { return *f->real->pMethods; }

// The database files open, by the name SQLite opened them with: a connection's WAL
// file finds its database file by sqlite3_filename_database(), the same pointer.
std::mutex registry_mutex;
std::map<const char*, File*>& registry() {
  static std::map<const char*, File*> files;
  return files;
}

int flush(File* f) {
  if (f->used == 0) return SQLITE_OK;
  const int rc = real_methods(f).xWrite(f->real, f->buffer, static_cast<int>(f->used), f->start);
  stat_file_writes.fetch_add(1, std::memory_order_relaxed);
  // On error the frames are dropped: the transaction that wrote them fails.
  f->used = 0;
  f->commit_page = -1;
  return rc;
}

// flush(), then any error a barrier could not report.
int flush_for_io(File* f) {
  const int rc = flush(f);
  if (rc != SQLITE_OK) return rc;
  const int deferred = f->deferred_error;
  f->deferred_error = SQLITE_OK;
  return deferred;
}

// The database size a WAL frame header records (big-endian, bytes 4-7): non-zero
// only in the last frame of a commit.
std::uint32_t commit_size(const void* header) {
  const auto* b = static_cast<const unsigned char*>(header);
  return std::uint32_t{b[4]} << 24 | std::uint32_t{b[5]} << 16 | std::uint32_t{b[6]} << 8 | b[7];
}

// ---- the WAL file's methods ----------------------------------------------------

int wal_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  File* f = as_file(file);
  stat_writes.fetch_add(1, std::memory_order_relaxed);
  stat_bytes.fetch_add(static_cast<std::uint64_t>(amount), std::memory_order_relaxed);
  const auto bytes = static_cast<std::size_t>(amount);
  const bool follows = f->used > 0 && offset == f->start + static_cast<sqlite3_int64>(f->used);
  if (f->used > 0 && (!follows || f->used + bytes > kBufferBytes)) {
    if (const int rc = flush_for_io(f); rc != SQLITE_OK) return rc;
  }
  if (f->buffer == nullptr && bytes < kBufferBytes) {
    f->buffer = static_cast<char*>(sqlite3_malloc(static_cast<int>(kBufferBytes)));
  }
  if (f->buffer == nullptr || bytes >= kBufferBytes) {
    stat_file_writes.fetch_add(1, std::memory_order_relaxed);
    return real_methods(f).xWrite(f->real, data, amount, offset);
  }
  if (f->used == 0) f->start = offset;
  std::memcpy(f->buffer + f->used, data, bytes);
  f->used += bytes;
  // A commit frame: its header, then its page; once the page is here, the whole
  // transaction goes to the file before SQLite publishes it.
  if (offset == f->commit_page) return flush_for_io(f);
  if (amount == kFrameHeaderBytes && commit_size(data) != 0) f->commit_page = offset + amount;
  return SQLITE_OK;
}

int wal_close(sqlite3_file* file) {
  File* f = as_file(file);
  const int flushed = flush_for_io(f);
  if (f->main != nullptr) f->main->wal = nullptr;
  sqlite3_free(f->buffer);
  f->buffer = nullptr;
  const int rc = real_methods(f).xClose(f->real);
  return flushed != SQLITE_OK ? flushed : rc;
}

int wal_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  File* f = as_file(file);
  if (const int rc = flush_for_io(f); rc != SQLITE_OK) return rc;
  return real_methods(f).xRead(f->real, out, amount, offset);
}

int wal_truncate(sqlite3_file* file, sqlite3_int64 size) {
  File* f = as_file(file);
  if (const int rc = flush_for_io(f); rc != SQLITE_OK) return rc;
  return real_methods(f).xTruncate(f->real, size);
}

int wal_sync(sqlite3_file* file, int flags) {
  File* f = as_file(file);
  if (const int rc = flush_for_io(f); rc != SQLITE_OK) return rc;
  return real_methods(f).xSync(f->real, flags);
}

int wal_file_size(sqlite3_file* file, sqlite3_int64* size) {
  File* f = as_file(file);
  if (const int rc = flush_for_io(f); rc != SQLITE_OK) return rc;
  return real_methods(f).xFileSize(f->real, size);
}

int wal_file_control(sqlite3_file* file, int op, void* arg) {
  File* f = as_file(file);
  if (const int rc = flush_for_io(f); rc != SQLITE_OK) return rc;
  return real_methods(f).xFileControl(f->real, op, arg);
}

// ---- every other file: passed through, but for the connection's barrier ---------

int plain_close(sqlite3_file* file) {
  File* f = as_file(file);
  {
    const std::lock_guard lock(registry_mutex);
    for (auto it = registry().begin(); it != registry().end(); ++it) {
      if (it->second == f) {
        registry().erase(it);
        break;
      }
    }
  }
  if (f->wal != nullptr) f->wal->main = nullptr;
  return real_methods(f).xClose(f->real);
}

int plain_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  File* f = as_file(file);
  return real_methods(f).xRead(f->real, out, amount, offset);
}

int plain_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  File* f = as_file(file);
  return real_methods(f).xWrite(f->real, data, amount, offset);
}

int plain_truncate(sqlite3_file* file, sqlite3_int64 size) {
  File* f = as_file(file);
  return real_methods(f).xTruncate(f->real, size);
}

int plain_sync(sqlite3_file* file, int flags) {
  File* f = as_file(file);
  return real_methods(f).xSync(f->real, flags);
}

int plain_file_size(sqlite3_file* file, sqlite3_int64* size) {
  File* f = as_file(file);
  return real_methods(f).xFileSize(f->real, size);
}

int plain_file_control(sqlite3_file* file, int op, void* arg) {
  File* f = as_file(file);
  return real_methods(f).xFileControl(f->real, op, arg);
}

int any_lock(sqlite3_file* file, int level) {
  File* f = as_file(file);
  return real_methods(f).xLock(f->real, level);
}

int any_unlock(sqlite3_file* file, int level) {
  File* f = as_file(file);
  return real_methods(f).xUnlock(f->real, level);
}

int any_check_reserved_lock(sqlite3_file* file, int* out) {
  File* f = as_file(file);
  return real_methods(f).xCheckReservedLock(f->real, out);
}

int any_sector_size(sqlite3_file* file) {
  File* f = as_file(file);
  return real_methods(f).xSectorSize(f->real);
}

int any_device_characteristics(sqlite3_file* file) {
  File* f = as_file(file);
  return real_methods(f).xDeviceCharacteristics(f->real);
}

// The WAL's frames must be in the file before the connection changes the WAL
// index; a barrier cannot report an error, so the WAL file's next call does.
void flush_wal_of(File* f) {
  if (f->wal == nullptr) return;
  if (const int rc = flush(f->wal); rc != SQLITE_OK && f->wal->deferred_error == SQLITE_OK) {
    f->wal->deferred_error = rc;
  }
}

int any_shm_map(sqlite3_file* file, int page, int page_size, int extend, void volatile** out) {
  File* f = as_file(file);
  if (real_methods(f).iVersion < 2) return SQLITE_IOERR;
  return real_methods(f).xShmMap(f->real, page, page_size, extend, out);
}

int any_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  File* f = as_file(file);
  if (real_methods(f).iVersion < 2) return SQLITE_IOERR;
  flush_wal_of(f);
  return real_methods(f).xShmLock(f->real, offset, n, flags);
}

void any_shm_barrier(sqlite3_file* file) {
  File* f = as_file(file);
  if (real_methods(f).iVersion < 2) return;
  flush_wal_of(f);
  real_methods(f).xShmBarrier(f->real);
}

int any_shm_unmap(sqlite3_file* file, int delete_flag) {
  File* f = as_file(file);
  if (real_methods(f).iVersion < 2) return SQLITE_OK;
  return real_methods(f).xShmUnmap(f->real, delete_flag);
}

int any_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  File* f = as_file(file);
  if (real_methods(f).iVersion < 3) {
    *out = nullptr;
    return SQLITE_OK;
  }
  return real_methods(f).xFetch(f->real, offset, amount, out);
}

int any_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  File* f = as_file(file);
  if (real_methods(f).iVersion < 3) return SQLITE_OK;
  return real_methods(f).xUnfetch(f->real, offset, page);
}

constexpr sqlite3_io_methods kWalMethods = {
    3,           wal_close,    wal_read,         wal_write,          wal_truncate,
    wal_sync,    wal_file_size, any_lock,        any_unlock,         any_check_reserved_lock,
    wal_file_control, any_sector_size, any_device_characteristics, any_shm_map,
    any_shm_lock, any_shm_barrier, any_shm_unmap, any_fetch,         any_unfetch};

constexpr sqlite3_io_methods kPlainMethods = {
    3,          plain_close,    plain_read,      plain_write,        plain_truncate,
    plain_sync, plain_file_size, any_lock,       any_unlock,         any_check_reserved_lock,
    plain_file_control, any_sector_size, any_device_characteristics, any_shm_map,
    any_shm_lock, any_shm_barrier, any_shm_unmap, any_fetch,          any_unfetch};

// ---- the VFS ---------------------------------------------------------------------

int vfs_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  File* f = as_file(file);
  f->base.pMethods = nullptr;
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kFileBytes);
  f->main = f->wal = nullptr;
  f->buffer = nullptr;
  f->used = 0;
  f->start = 0;
  f->commit_page = -1;
  f->deferred_error = SQLITE_OK;
  const int rc = base_vfs->xOpen(base_vfs, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    // SQLite calls xClose only when pMethods is set; the wrapped file may need it.
    if (f->real->pMethods != nullptr) f->real->pMethods->xClose(f->real);
    return rc;
  }
  const bool wal = (flags & SQLITE_OPEN_WAL) != 0;
  f->base.pMethods = wal ? &kWalMethods : &kPlainMethods;
  if (name == nullptr) return rc;
  const std::lock_guard lock(registry_mutex);
  if ((flags & SQLITE_OPEN_MAIN_DB) != 0) {
    registry()[name] = f;
  } else if (wal) {
    const auto found = registry().find(sqlite3_filename_database(name));
    if (found != registry().end()) {
      f->main = found->second;
      found->second->wal = f;
    }
  }
  return rc;
}

int vfs_delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return base_vfs->xDelete(base_vfs, name, sync_dir);
}
int vfs_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return base_vfs->xAccess(base_vfs, name, flags, out);
}
int vfs_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return base_vfs->xFullPathname(base_vfs, name, size, out);
}
void* vfs_dl_open(sqlite3_vfs*, const char* name) { return base_vfs->xDlOpen(base_vfs, name); }
void vfs_dl_error(sqlite3_vfs*, int size, char* out) { base_vfs->xDlError(base_vfs, size, out); }
void (*vfs_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return base_vfs->xDlSym(base_vfs, handle, symbol);
}
void vfs_dl_close(sqlite3_vfs*, void* handle) { base_vfs->xDlClose(base_vfs, handle); }
int vfs_randomness(sqlite3_vfs*, int size, char* out) {
  return base_vfs->xRandomness(base_vfs, size, out);
}
int vfs_sleep(sqlite3_vfs*, int micros) { return base_vfs->xSleep(base_vfs, micros); }
int vfs_current_time(sqlite3_vfs*, double* out) { return base_vfs->xCurrentTime(base_vfs, out); }
int vfs_get_last_error(sqlite3_vfs*, int size, char* out) {
  return base_vfs->xGetLastError(base_vfs, size, out);
}
int vfs_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  return base_vfs->xCurrentTimeInt64(base_vfs, out);
}
int vfs_set_system_call(sqlite3_vfs*, const char* name, sqlite3_syscall_ptr call) {
  return base_vfs->xSetSystemCall(base_vfs, name, call);
}
sqlite3_syscall_ptr vfs_get_system_call(sqlite3_vfs*, const char* name) {
  return base_vfs->xGetSystemCall(base_vfs, name);
}
const char* vfs_next_system_call(sqlite3_vfs*, const char* name) {
  return base_vfs->xNextSystemCall(base_vfs, name);
}

}  // namespace

bool register_wal_buffer_vfs() {
  static const bool registered = [] {
    base_vfs = sqlite3_vfs_find(nullptr);
    // Version 3 (the unix VFS): every method below exists to delegate to.
    if (base_vfs == nullptr || base_vfs->iVersion < 3) return false;
    wrapper_vfs = {3,
                   static_cast<int>(kFileBytes) + base_vfs->szOsFile,
                   base_vfs->mxPathname,
                   nullptr,
                   kWalBufferVfs,
                   nullptr,
                   vfs_open,
                   vfs_delete,
                   vfs_access,
                   vfs_full_pathname,
                   vfs_dl_open,
                   vfs_dl_error,
                   vfs_dl_sym,
                   vfs_dl_close,
                   vfs_randomness,
                   vfs_sleep,
                   vfs_current_time,
                   vfs_get_last_error,
                   vfs_current_time_int64,
                   vfs_set_system_call,
                   vfs_get_system_call,
                   vfs_next_system_call};
    return sqlite3_vfs_register(&wrapper_vfs, 1) == SQLITE_OK;
  }();
  return registered;
}

WalBufferStats wal_buffer_stats() {
  return {stat_writes.load(std::memory_order_relaxed),
          stat_file_writes.load(std::memory_order_relaxed),
          stat_bytes.load(std::memory_order_relaxed)};
}

}  // namespace monsoon::store::detail
