#pragma once
// A word-at-a-time scan over the plain bytes of a text: printable ASCII other than two
// stop characters. Escaping JSON and repairing XML both copy long plain runs and look
// closely only at the few bytes that are not plain; finding those eight bytes at a time
// made both several times faster (bench/parse_speed.sh).

#include <cstdint>
#include <cstring>
#include <string_view>

namespace monsoon::parse::detail {

// Offset of the first byte at or after `from` that is a control (< 0x20), not ASCII
// (>= 0x80), `stop1` or `stop2`; text.size() when there is none. Stops must be ASCII.
inline std::size_t skip_plain(std::string_view text, std::size_t from, char stop1, char stop2) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  const std::uint64_t repeat1 = kOnes * static_cast<unsigned char>(stop1);
  const std::uint64_t repeat2 = kOnes * static_cast<unsigned char>(stop2);
  const char* data = text.data();
  const std::size_t size = text.size();
  std::size_t i = from;
  // Per word: any byte with its high bit set, below 0x20, or equal to a stop (a zero
  // byte after XOR). The tests are exact about "any", which is all that is needed.
  auto has_zero = [&](std::uint64_t x) { return (x - kOnes) & ~x & kHighs; };
  while (i + 8 <= size) {
    std::uint64_t word = 0;
    std::memcpy(&word, data + i, 8);
    const std::uint64_t found = (word & kHighs) | ((word - kOnes * 0x20) & ~word & kHighs) |
                                has_zero(word ^ repeat1) | has_zero(word ^ repeat2);
    if (found != 0) break;
    i += 8;
  }
  for (; i < size; ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    if (c < 0x20 || c >= 0x80 || c == static_cast<unsigned char>(stop1) ||
        c == static_cast<unsigned char>(stop2)) {
      return i;
    }
  }
  return size;
}

}  // namespace monsoon::parse::detail
