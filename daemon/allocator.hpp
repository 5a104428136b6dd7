#pragma once
// The process's memory allocator: which one the binary was linked with, and its
// settings. Only main() calls these; the monsoon_daemon library does not depend on
// the choice, so tests link either.

#include <string>

namespace monsoon::daemon {

// Settings that must be made before the first allocation of note (start of main).
void tune_allocator();

// "jemalloc 5.3.0-0-g54eaed1 (narenas 1, tcache_max 1024, dirty_decay_ms 5000)" or
// "glibc malloc (mmap_threshold 256 KiB)": for --version, so an operator and the
// benchmarks can tell which build they run.
std::string allocator_description();

}  // namespace monsoon::daemon
