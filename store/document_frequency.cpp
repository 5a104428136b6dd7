#include "document_frequency.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace monsoon::store::detail {
namespace {

std::uint32_t key_of(std::uint32_t feature) { return feature == 0 ? 2u : feature; }

// ln(n) for the small n that most counts are.
constexpr std::size_t kLogTableSize = 4096;
const std::array<double, kLogTableSize>& log_table() {
  static const auto table = [] {
    std::array<double, kLogTableSize> logs{};
    for (std::size_t n = 1; n < kLogTableSize; ++n) logs[n] = std::log(static_cast<double>(n));
    return logs;
  }();
  return table;
}

double log_of(std::size_t n) {
  return n < kLogTableSize ? log_table()[n] : std::log(static_cast<double>(n));
}

}  // namespace

RarityScale::RarityScale(std::size_t texts) : log_texts_(log_of(texts + 2)) {}

double RarityScale::weight(std::uint32_t count) const {
  return std::max(kMinWeight, log_texts_ - log_of(std::max<std::size_t>(count, 1) + 1));
}

std::size_t DocumentFrequency::find(std::uint32_t key) const {
  const std::size_t mask = keys_.size() - 1;
  // Features are hash bits already; one multiply spreads the low bits the mask keeps.
  std::size_t cell = static_cast<std::size_t>((key * 0x9E3779B1u) >> 8) & mask;
  while (keys_[cell] != 0 && keys_[cell] != key) cell = (cell + 1) & mask;
  return cell;
}

void DocumentFrequency::grow() {
  std::vector<std::uint32_t> old_keys = std::move(keys_);
  std::vector<std::uint32_t> old_counts = std::move(counts_);
  keys_.assign(std::max<std::size_t>(4096, old_keys.size() * 2), 0);
  counts_.assign(keys_.size(), 0);
  used_ = 0;
  for (std::size_t i = 0; i < old_keys.size(); ++i) {
    if (old_keys[i] == 0 || old_counts[i] == 0) continue;  // zero counts are dropped here
    const std::size_t cell = find(old_keys[i]);
    keys_[cell] = old_keys[i];
    counts_[cell] = old_counts[i];
    ++used_;
  }
}

void DocumentFrequency::add(std::span<const std::uint32_t> features) {
  ++texts_;
  for (const std::uint32_t feature : features) {
    if ((used_ + 1) * 2 > keys_.size()) grow();
    const std::uint32_t key = key_of(feature);
    const std::size_t cell = find(key);
    if (keys_[cell] == 0) {
      keys_[cell] = key;
      ++used_;
    }
    ++counts_[cell];
  }
}

void DocumentFrequency::remove(std::span<const std::uint32_t> features) {
  if (texts_ > 0) --texts_;
  if (keys_.empty()) return;
  for (const std::uint32_t feature : features) {
    const std::size_t cell = find(key_of(feature));
    if (keys_[cell] != 0 && counts_[cell] > 0) --counts_[cell];
  }
}

std::uint32_t DocumentFrequency::count(std::uint32_t feature) const {
  if (keys_.empty()) return 0;
  const std::size_t cell = find(key_of(feature));
  return keys_[cell] == 0 ? 0 : counts_[cell];
}

double DocumentFrequency::weight(std::uint32_t feature) const {
  return RarityScale(texts_).weight(count(feature));
}

}  // namespace monsoon::store::detail
