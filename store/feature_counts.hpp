#pragma once
// FeatureCounts: in how many texts of StoryIndex's window each feature occurs, for
// its rarity weight (document_frequency.hpp's RarityScale), kept as an array of
// 16-bit counters indexed by the feature's hash: the "hashing trick". Two features
// that land on one counter share its count, so a count is exact or a little high;
// the array holds at least 16 counters per text (up to 4 Mi counters, 8 MiB), so a
// rare feature usually has its counter to itself, and a common one is common either
// way. What this buys: an item's ~60 counts are read from an array that fits the
// cache rather than from a table of every feature of the window (one cache miss
// each), which was most of the time of matching. Counts saturate at 65,535.
// Not thread-safe.

#include "hashing.hpp"
#include "huge_array.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

namespace monsoon::store::detail {

class FeatureCounts {
 public:
  static constexpr unsigned kMinBits = 16;
  static constexpr unsigned kMaxBits = 22;
  static constexpr std::size_t kCountersPerText = 16;

  FeatureCounts() { resize(kMinBits); }

  void prefetch(std::uint32_t feature) const { __builtin_prefetch(&counters_[index(feature)]); }
  [[nodiscard]] std::uint32_t count(std::uint32_t feature) const {
    return counters_[index(feature)];
  }

  // Counts one text's features (each at most once); texts() grows by one.
  void add(std::span<const std::uint32_t> features) {
    ++texts_;
    for (const std::uint32_t feature : features) {
      std::uint16_t& counter = counters_[index(feature)];
      if (counter < 0xFFFF) ++counter;
    }
  }
  [[nodiscard]] std::size_t texts() const { return texts_; }

  // True when `texts` texts want more counters than the array has: the caller then
  // calls reset(texts) and adds every text again.
  [[nodiscard]] bool wants_more(std::size_t texts) const {
    return bits_ < kMaxBits && texts * kCountersPerText > counters_.size();
  }

  // Empties the array, sized for about `texts` texts.
  void reset(std::size_t texts) {
    unsigned bits = kMinBits;
    while (bits < kMaxBits && (std::size_t{1} << bits) < texts * kCountersPerText) ++bits;
    if (bits != bits_) {
      resize(bits);
    } else {
      std::fill(counters_.begin(), counters_.end(), std::uint16_t{0});
    }
    texts_ = 0;
  }

 private:
  void resize(unsigned bits) {
    bits_ = bits;
    counters_ = HugeArray<std::uint16_t>(std::size_t{1} << bits);
  }
  // Features are hash bits already; mix64 spreads them over the counters anyway, so
  // crafted features cannot pile onto one counter.
  std::size_t index(std::uint32_t feature) const {
    return static_cast<std::size_t>(mix64(feature) >> (64 - bits_));
  }

  HugeArray<std::uint16_t> counters_;
  unsigned bits_ = 0;
  std::size_t texts_ = 0;
};

}  // namespace monsoon::store::detail
