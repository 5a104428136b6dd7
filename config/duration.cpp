// Durations ("1h30m") and byte sizes ("15MiB") as written in the config file.

#include "duration.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace monsoon::config {

namespace {

constexpr std::int64_t kMaxDurationSeconds = 36500LL * 86400;

// Reads a run of ASCII digits at the front of `text`, advancing it. nullopt when
// there are no digits or the number does not fit in an int64.
std::optional<std::int64_t> take_number(std::string_view& text) {
  std::size_t used = 0;
  std::int64_t value = 0;
  while (used < text.size() && text[used] >= '0' && text[used] <= '9') {
    const int digit = text[used] - '0';
    if (value > (std::numeric_limits<std::int64_t>::max() - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
    ++used;
  }
  if (used == 0) return std::nullopt;
  text.remove_prefix(used);
  return value;
}

struct Unit {
  char letter;
  std::int64_t seconds;
};
constexpr std::array<Unit, 4> kUnits = {{{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};

}  // namespace

std::optional<Seconds> parse_duration(std::string_view text) {
  std::string_view rest = text;
  auto first = take_number(rest);
  if (!first) return std::nullopt;
  if (rest.empty()) {  // a bare integer is seconds
    if (*first > kMaxDurationSeconds) return std::nullopt;
    return Seconds{*first};
  }
  std::int64_t total = 0;
  std::size_t next_unit = 0;  // units must come largest first, each at most once
  std::optional<std::int64_t> number = first;
  while (true) {
    if (rest.empty()) return std::nullopt;  // a number without a unit after "1h30"
    std::size_t unit = next_unit;
    while (unit < kUnits.size() && kUnits[unit].letter != rest.front()) ++unit;
    if (unit == kUnits.size()) return std::nullopt;
    rest.remove_prefix(1);
    if (*number > kMaxDurationSeconds / kUnits[unit].seconds) return std::nullopt;
    total += *number * kUnits[unit].seconds;
    if (total > kMaxDurationSeconds) return std::nullopt;
    next_unit = unit + 1;
    if (rest.empty()) return Seconds{total};
    number = take_number(rest);
    if (!number) return std::nullopt;
  }
}

std::optional<std::int64_t> parse_byte_size(std::string_view text) {
  std::string_view rest = text;
  auto number = take_number(rest);
  if (!number) return std::nullopt;
  struct SizeUnit {
    std::string_view name;
    std::int64_t bytes;
  };
  static constexpr std::array<SizeUnit, 8> kSizeUnits = {
      {{"", 1},
       {"B", 1},
       {"KB", std::int64_t{1000}},
       {"KiB", 1024},
       {"MB", std::int64_t{1000} * 1000},
       {"MiB", std::int64_t{1024} * 1024},
       {"GB", std::int64_t{1000} * 1000 * 1000},
       {"GiB", std::int64_t{1024} * 1024 * 1024}}};
  for (const auto& unit : kSizeUnits) {
    if (rest != unit.name) continue;
    if (*number > std::numeric_limits<std::int64_t>::max() / unit.bytes) return std::nullopt;
    return *number * unit.bytes;
  }
  return std::nullopt;
}

namespace detail {

std::string format_duration(Seconds duration) {
  std::int64_t left = duration.count();
  if (left <= 0) return std::to_string(left) + "s";
  std::string out;
  for (const auto& unit : kUnits) {
    if (left >= unit.seconds) {
      out += std::to_string(left / unit.seconds);
      out += unit.letter;
      left %= unit.seconds;
    }
  }
  return out;
}

}  // namespace detail

}  // namespace monsoon::config
