#pragma once
// HashFilter: a set of 64-bit hashes that answers "certainly not added" or "maybe
// added" (a Bloom filter), in 1 to 2 bytes a hash, for the store's lookups that
// mostly find nothing: a new item's key and canonical URL (store_impl.hpp's
// StoredKeys). A "maybe" for a hash never added (2-3 % a layer, 8 % at 100,000
// hashes in four layers) only costs the lookup it would have made anyway. Nothing is
// ever removed.
//
// It grows without knowing how many hashes will come: a layer holds 8 bits per hash
// for `capacity` hashes in 64-bit words, and each hash sets 4 bits of one word (one
// cache line a query per layer); when the newest layer is full, a new one twice its
// size takes the next hashes. A query asks every layer: a million hashes make 6
// layers, 1 MiB. Not thread-safe.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace monsoon::store::detail {

class HashFilter {
 public:
  void add(std::uint64_t hash) {
    if (layers_.empty() || layers_.back().count == layers_.back().capacity) {
      const std::size_t capacity = layers_.empty() ? kFirstCapacity : layers_.back().capacity * 2;
      layers_.push_back({std::vector<std::uint64_t>(capacity * kBitsPerHash / 64), capacity, 0});
    }
    Layer& layer = layers_.back();
    layer.words[word_of(layer, hash)] |= bits_of(hash);
    ++layer.count;
  }

  [[nodiscard]] bool may_contain(std::uint64_t hash) const {
    const std::uint64_t bits = bits_of(hash);
    for (const Layer& layer : layers_) {
      if ((layer.words[word_of(layer, hash)] & bits) == bits) return true;
    }
    return false;
  }

 private:
  static constexpr std::size_t kFirstCapacity = 16384;
  static constexpr std::size_t kBitsPerHash = 8;

  struct Layer {
    std::vector<std::uint64_t> words;  // a power of two of them
    std::size_t capacity = 0;
    std::size_t count = 0;
  };

  // The word from the hash's top bits, its 4 bits from 4 groups of 6 low bits.
  static std::size_t word_of(const Layer& layer, std::uint64_t hash) {
    return static_cast<std::size_t>(hash >> 40) & (layer.words.size() - 1);
  }
  static std::uint64_t bits_of(std::uint64_t hash) {
    return std::uint64_t{1} << (hash & 63) | std::uint64_t{1} << (hash >> 6 & 63) |
           std::uint64_t{1} << (hash >> 12 & 63) | std::uint64_t{1} << (hash >> 18 & 63);
  }

  std::vector<Layer> layers_;
};

}  // namespace monsoon::store::detail
