// The allocator of the monsoon binary (allocator.hpp). Linked into the executable
// only: MONSOON_JEMALLOC is set for it when CMake found jemalloc and the build has
// no sanitizers (AddressSanitizer brings its own malloc).
//
// Why jemalloc: a poll allocates each body on the loop thread and frees it on the
// parse thread, and each item's strings on the parse thread and frees them on the
// store thread. glibc's arenas serialise those cross-thread frees on a lock and
// consolidate fast bins under it; a cold poll of 1,000 feeds spent about 11 % of
// its CPU samples in malloc and free. With jemalloc the same poll takes about 16 %
// less CPU and 12 % less wall time (bench/README.md, "Allocator").

#include "allocator.hpp"

#include <cstddef>
#include <string>
#include <type_traits>

#include <sys/types.h>

#ifdef MONSOON_JEMALLOC
#include <jemalloc/jemalloc.h>

// Read by jemalloc at its first allocation (before main). Peak RSS of a cold poll
// of 5,000 feeds, one run each (glibc malloc: 60.7 MiB):
// - jemalloc's defaults (several arenas, 32 KiB thread caches, dirty pages kept
//   10 s): 72.8 MiB;
// - one arena (the threads hand memory to each other; each arena keeps dirty
//   pages of its own): 66.5 MiB;
// - and dirty pages returned after 1 s (a poll's bodies come and go in waves):
//   62.5 MiB;
// - and thread caches for blocks up to 1 KiB only: 60.9 MiB.
// Dirty pages are now kept 5 s: returning them after 1 s cost a cold poll of 1,000
// feeds 7.5 % of its wall time and 5.8 % of its CPU (6 alternating runs: 1.430 ->
// 1.323 s; 1.652 -> 1.475 s in a slow phase of the VM). Each return is an madvise()
// whose TLB flush interrupts the other threads' CPUs, and the pages are faulted in
// again as the next bodies and items arrive. It costs 1.5 MiB of peak RSS at 5,000
// feeds (58.1-59.5 -> 59.6-60.0 MiB), affordable since the classifier's automaton
// shrank; 10 s was no faster.
// MALLOC_CONF in the environment still overrides any of them.
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's interface.
const char* malloc_conf = "narenas:1,tcache_max:1024,dirty_decay_ms:5000";
}
#else
#include <malloc.h>
#endif

namespace monsoon::daemon {

#ifdef MONSOON_JEMALLOC

namespace {

template <class T>
std::string read_option(const char* name) {
  T value{};
  std::size_t size = sizeof value;
  if (mallctl(name, &value, &size, nullptr, 0) != 0) return "?";
  if constexpr (std::is_same_v<T, const char*>) {
    return value != nullptr ? value : "?";
  } else {
    return std::to_string(value);
  }
}

}  // namespace

// Nothing to do at run time: malloc_conf above is read before main.
void tune_allocator() {}

std::string allocator_description() {
  return "jemalloc " + read_option<const char*>("version") + " (narenas " +
         read_option<unsigned>("opt.narenas") + ", tcache_max " +
         read_option<std::size_t>("opt.tcache_max") + ", dirty_decay_ms " +
         read_option<ssize_t>("opt.dirty_decay_ms") + ")";
}

#else

namespace {
constexpr int kMmapThreshold = 256 * 1024;
}

void tune_allocator() {
  // Large blocks (the story window's arrays, big feed bodies) come from mmap and go
  // back to the kernel when freed. glibc's default raises this threshold after the
  // first such free, and then the freed blocks stayed in the worker thread's arena:
  // 9 MiB more peak RSS in a 5,000-feed poll.
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
}

std::string allocator_description() {
  return "glibc malloc (mmap_threshold " + std::to_string(kMmapThreshold / 1024) + " KiB)";
}

#endif

}  // namespace monsoon::daemon
