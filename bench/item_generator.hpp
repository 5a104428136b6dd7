#pragma once
// The generated items of the story and store benchmarks (see story_bench.cpp's
// header for their shape). Deterministic: a fixed seed.

#include "story_index.hpp"

#include <random>
#include <string>
#include <vector>

namespace monsoon::bench {

using namespace monsoon::store::detail;

struct Generated {
  StoryItem item;
  std::string link, title, summary;
};

inline std::string utf8(char32_t c) {
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


// `count` items, ids 1..count, with their links, titles and summaries.
inline std::vector<Generated> generate_items(long count) {
  Generator generator;
  std::vector<Generated> items;
  items.reserve(static_cast<std::size_t>(count));
  std::vector<Generated> recent;
  for (long i = 0; i < count; ++i) {
    items.push_back(generator.next(i + 1, recent));
    if (recent.size() < 2000) recent.push_back(items.back());
    else recent[static_cast<std::size_t>(i) % 2000] = items.back();
  }
  return items;
}

}  // namespace monsoon::bench
