#pragma once
// FeatureTable: StoryIndex's inverted index, from a feature to the newest kSlots
// items filed under it (the candidates for a new item sharing it), in one 32-byte
// cell, so a lookup is one cache miss, and prefetch() lets the caller start the
// misses of all of an item's keys before reading any. Open addressing, filled to at
// most three quarters (most keys are posted once, so the cells are the window's
// largest array; at half, a 5,000-feed poll's table took 128 MiB), never erased
// from: StoryIndex rebuilds it when it drops old items. Not thread-safe.

#include "hashing.hpp"
#include "huge_array.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

namespace monsoon::store::detail {

class FeatureTable {
 public:
  static constexpr std::uint32_t kSlots = 6;

  // Makes room for `more` new features, so that the cell indices locate() returns
  // stay valid until the next reserve() or clear().
  void reserve(std::size_t more) {
    if ((used_ + more) * 4 > cells_.size() * 3) grow(used_ + more);
  }

  // Hints the cache that `feature`'s cell is needed soon.
  void prefetch(std::uint32_t feature) const {
    if (!cells_.empty()) __builtin_prefetch(&cells_[home(key_of(feature))]);
  }

  // The index of `feature`'s cell, created empty (no items) if it is new.
  // Needs a reserve() covering it.
  std::size_t locate(std::uint32_t feature) {
    const std::uint32_t key = key_of(feature);
    std::size_t cell = home(key);
    while (cells_[cell].key != 0 && cells_[cell].key != key) cell = (cell + 1) & mask_;
    if (cells_[cell].key == 0) {
      cells_[cell].key = key;
      ++used_;
    }
    return cell;
  }

  // Files item `slot` under the cell, forgetting its oldest item when it has kSlots.
  void post(std::size_t cell, std::int32_t slot) {
    Cell& c = cells_[cell];
    c.slots[c.next] = slot;
    c.next = (c.next + 1) % kSlots;
    if (c.filled < kSlots) ++c.filled;
  }

  // Calls visit(slot) for the cell's items, newest first, until it returns false.
  template <class Visit>
  void for_each(std::size_t cell, Visit&& visit) const {
    const Cell& c = cells_[cell];
    std::uint32_t at = c.next;
    for (std::uint32_t i = 0; i < c.filled; ++i) {
      at = (at + kSlots - 1) % kSlots;
      if (!visit(c.slots[at])) return;
    }
  }

  // Empties the table, keeping its memory (a rebuild refills about as much).
  void clear() {
    std::fill(cells_.begin(), cells_.end(), Cell{});
    used_ = 0;
  }

 private:
  // 0 marks an empty cell; feature 0 is stored as 2 (an even feature, like every
  // non-number: the rare collision only shares candidates).
  struct alignas(32) Cell {
    std::uint32_t key = 0;
    std::uint16_t next = 0;    // where the ring of slots is written next
    std::uint16_t filled = 0;  // slots in use
    std::array<std::int32_t, kSlots> slots{};
  };
  static_assert(sizeof(Cell) == 32);

  static std::uint32_t key_of(std::uint32_t feature) { return feature == 0 ? 2u : feature; }
  // Features are hash bits already; mix64 spreads them over the mask anyway, so a
  // crafted set of features cannot pile onto one probe chain.
  std::size_t home(std::uint32_t key) const { return static_cast<std::size_t>(mix64(key)) & mask_; }

  void grow(std::size_t needed) {
    std::size_t size = std::max<std::size_t>(4096, cells_.size());
    while (needed * 4 > size * 3) size *= 2;
    HugeArray<Cell> old = std::move(cells_);
    cells_ = HugeArray<Cell>(size);
    mask_ = size - 1;
    for (const Cell& cell : old) {
      if (cell.key == 0) continue;
      std::size_t at = home(cell.key);
      while (cells_[at].key != 0) at = (at + 1) & mask_;
      cells_[at] = cell;
    }
  }

  HugeArray<Cell> cells_;
  std::size_t used_ = 0;
  std::size_t mask_ = 0;
};

}  // namespace monsoon::store::detail
