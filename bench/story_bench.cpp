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
#include "story_index.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

using namespace monsoon::store::detail;

namespace {

struct Generated {
  StoryItem item;
  std::string link, title, summary;
};

std::string utf8(char32_t c) {
  std::string out;
  out += static_cast<char>(0xE0 | (c >> 12));
  out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out += static_cast<char>(0x80 | (c & 0x3F));
  return out;
}

class Generator {
 public:
  Generator() {
    static const char* kSyllables[] = {"ka", "lo", "mi", "tan", "ser", "vo", "ri", "chen",
                                       "pa", "du", "xi", "ong", "bel", "nu", "ra", "ti"};
    for (int i = 0; i < 20000; ++i) {
      std::string word;
      for (int n = i; word.size() < 4 || n > 0; n /= 16) word += kSyllables[n % 16];
      words_.push_back(word);
    }
  }

  std::string words(int count) {
    std::string out;
    for (int i = 0; i < count; ++i) {
      // Squaring a uniform draw favours the first words, like real text.
      const double u = uniform_(rng_);
      out += (i ? " " : "") + words_[static_cast<std::size_t>(u * u * words_.size())];
    }
    return out;
  }

  std::string cjk(int count) {
    std::string out;
    for (int i = 0; i < count; ++i) {
      const double u = uniform_(rng_);
      out += i % 7 == 6 ? utf8(0x3041 + static_cast<char32_t>(u * 80))
                        : utf8(0x4E00 + static_cast<char32_t>(u * u * 3000));
    }
    return out;
  }

  Generated next(std::int64_t id, const std::vector<Generated>& recent) {
    Generated out;
    const int roll = static_cast<int>(uniform_(rng_) * 100);
    out.item = {id, 1 + static_cast<std::int64_t>(uniform_(rng_) * 300), roll % 10 == 0, {},
                monsoon::model::TimePoint{monsoon::model::Seconds{1'700'000'000 + id * 8640 / 1000}}};
    out.link = "https://site" + std::to_string(out.item.feed_id) + ".example/news/" +
               std::to_string(id) + "?utm_source=rss";
    if (roll < 5 && !recent.empty()) {  // the same link again, other tracking
      out.link = recent[id % recent.size()].link + "&fbclid=abc";
    }
    if (roll >= 5 && roll < 15 && !recent.empty()) {  // a near-duplicate copy
      const Generated& source = recent[(id * 7) % recent.size()];
      out.title = source.title + (roll % 2 ? " - Reuters" : " " + words(1));
      out.summary = source.summary;
    } else if (roll < 35) {
      out.title = cjk(12 + static_cast<int>(uniform_(rng_) * 18));
      out.summary = cjk(40);
    } else {
      out.title = words(6 + static_cast<int>(uniform_(rng_) * 8));
      out.summary = words(20 + static_cast<int>(uniform_(rng_) * 20));
    }
    return out;
  }

 private:
  std::mt19937_64 rng_{20261120};
  std::uniform_real_distribution<double> uniform_{0.0, 1.0};
  std::vector<std::string> words_;
};

}  // namespace

int main(int argc, char** argv) {
  const long count = argc > 1 ? std::atol(argv[1]) : 1'000'000;
  Generator generator;
  std::vector<Generated> items;
  items.reserve(static_cast<std::size_t>(count));
  std::vector<Generated> recent;
  for (long i = 0; i < count; ++i) {
    items.push_back(generator.next(i + 1, recent));
    if (recent.size() < 2000) recent.push_back(items.back());
    else recent[static_cast<std::size_t>(i) % 2000] = items.back();
  }
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
