#pragma once
// DocumentFrequency: in how many texts of a window each feature occurs, kept as the
// window changes, and the rarity weight (IDF) that follows. A company name seen in
// two items of the week then outweighs "files for IPO" seen in forty. Pure, not
// thread-safe. StoryIndex keeps the same counts in its FeatureTable (one cell per
// feature with its candidates); this class is for weighing signatures on their own.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace monsoon::store::detail {

// The rarity weight of a feature seen in `count` of `texts` texts:
// ln((texts + 2) / (max(count, 1) + 1)), at least kMinWeight. Computing it for many
// features of one moment costs a table read each (no log).
class RarityScale {
 public:
  explicit RarityScale(std::size_t texts);
  [[nodiscard]] double weight(std::uint32_t count) const;

  static constexpr double kMinWeight = 0.25;

 private:
  double log_texts_;
};

class DocumentFrequency {
 public:
  // Counts one text's features (each at most once: `features` has no repeats).
  void add(std::span<const std::uint32_t> features);
  // Undoes an add() of the same features; counts never go below zero.
  void remove(std::span<const std::uint32_t> features);

  [[nodiscard]] std::uint32_t count(std::uint32_t feature) const;
  [[nodiscard]] std::size_t texts() const { return texts_; }

  // ln((texts + 2) / (count + 1)), at least kMinWeight: about 1 for a feature in a third
  // of the texts, 11 for one seen once in 100,000. A feature that occurs in the text
  // being weighed and in nothing counted yet gets the weight of a feature seen once.
  [[nodiscard]] double weight(std::uint32_t feature) const;

  static constexpr double kMinWeight = RarityScale::kMinWeight;

 private:
  std::size_t find(std::uint32_t key) const;
  void grow();

  // Open addressing; key 0 marks an empty cell, so feature 0 is stored as 2
  // (an even feature, like every non-number: the rare collision only shares a count).
  std::vector<std::uint32_t> keys_;
  std::vector<std::uint32_t> counts_;
  std::size_t used_ = 0;
  std::size_t texts_ = 0;
};

}  // namespace monsoon::store::detail
