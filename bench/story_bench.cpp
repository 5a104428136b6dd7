// Story matching speed (issue #6, "Speed"): canonical URL + signature + StoryIndex
// assignment for generated items, on one thread, timed without the generation.
// Usage: story_bench [ITEMS]   (default 1,000,000). Prints items/s.
//
// The generator is deterministic (fixed seed): titles of 6-14 words drawn from a
// 20,000-word Zipf-like vocabulary, 20 % Chinese/Japanese titles of 12-30 Han and
// Kana characters, summaries of 20-40 words, 10 % near-duplicate copies (a recent
// title from another feed with a word changed or an outlet suffix) and 5 % repeated
// links with tracking parameters. Items arrive 10,000 a day over 100 days, so the
// 9-day window holds about 90,000 items.

#include "canonical_url.hpp"
#include "item_generator.hpp"
#include "story_index.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

using namespace monsoon::store::detail;
using monsoon::bench::Generated;


int main(int argc, char** argv) {
  const long count = argc > 1 ? std::atol(argv[1]) : 1'000'000;
  auto items = monsoon::bench::generate_items(count);
  StoryIndex index;
  long by_url = 0, by_text = 0, title_bytes = 0;
  const auto thread_cpu_seconds = [] {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
  };
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = thread_cpu_seconds();
  for (Generated& generated : items) {
    generated.item.canonical_url = canonical_url(generated.link);
    const Signature signature = compute_signature(generated.title, generated.summary);
    const Assignment assigned = index.assign(generated.item, signature);
    by_url += assigned.reason == MatchReason::same_url;
    by_text += assigned.reason == MatchReason::near_duplicate;
    title_bytes += static_cast<long>(generated.title.size());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu_seconds = thread_cpu_seconds() - cpu_start;
  std::printf("items %ld  same_url %ld  near_duplicate %ld  new %ld  mean title %.0f bytes\n",
              count, by_url, by_text, count - by_url - by_text,
              static_cast<double>(title_bytes) / static_cast<double>(count));
  std::printf("in memory at end %zu items\n", index.size());
  std::printf("story matching: %.2f s, %.0f items/s\n", seconds,
              static_cast<double>(count) / seconds);
  // On a shared machine the wall clock counts other processes' turns; the thread's
  // CPU time is what one core does.
  std::printf("story matching CPU: %.2f s, %.0f items/s\n", cpu_seconds,
              static_cast<double>(count) / cpu_seconds);
}
