#pragma once
// The two small hash functions story matching builds on. Their values are persisted
// (signatures are stored as BLOBs), so they must never change.

#include <cstdint>
#include <type_traits>

namespace monsoon::store::detail {

// splitmix64's finaliser: a bijection that spreads every input bit.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

inline constexpr std::uint64_t kFnvOffset = 0xCBF29CE484222325ULL;
inline constexpr std::uint64_t kFnvPrime = 0x100000001B3ULL;

// FNV-1a over a sequence of characters or code points, then mix64.
template <class Range>
constexpr std::uint64_t hash_sequence(const Range& range) {
  std::uint64_t hash = kFnvOffset;
  for (const auto c : range) {
    hash = (hash ^ static_cast<std::uint64_t>(static_cast<std::make_unsigned_t<decltype(c)>>(c))) *
           kFnvPrime;
  }
  return mix64(hash);
}

}  // namespace monsoon::store::detail
