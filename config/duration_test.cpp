// parse_duration and parse_byte_size: what they accept and what they refuse.

#include <monsoon/config.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <string_view>

using monsoon::config::parse_byte_size;
using monsoon::config::parse_duration;
using monsoon::config::Seconds;

TEST_CASE("parse_duration accepts units in decreasing order and bare seconds") {
  struct Case {
    std::string_view text;
    std::int64_t seconds;
  };
  const Case cases[] = {
      {"90s", 90},    {"30m", 1800},          {"1h", 3600},  {"1h30m", 5400},
      {"2d", 172800}, {"1d2h3m4s", 93784},    {"45", 45},    {"0", 0},
      {"0s", 0},      {"36500d", 3153600000}, {"007m", 420}, {"1h0m", 3600},
  };
  for (const auto& example : cases) {
    CAPTURE(example.text);
    const auto parsed = parse_duration(example.text);
    REQUIRE(parsed.has_value());
    CHECK(*parsed == Seconds{example.seconds});
  }
}

TEST_CASE("parse_duration rejects anything that is not a plain duration") {
  const std::string_view rejected[] = {
      "",     "30 mins", "-5m", "+5m", "s",   "m",   "1h 30m", "30m1h",  "1h1h",
      "1.5h", "1H",      "5ms", "1w",  " 5m", "5m ", "1h30",   "36501d", "99999999999999999999",
      "1e3",  "5mm",
  };
  for (auto text : rejected) {
    CAPTURE(text);
    CHECK_FALSE(parse_duration(text).has_value());
  }
}

TEST_CASE("parse_byte_size accepts bytes and decimal or binary units") {
  struct Case {
    std::string_view text;
    std::int64_t bytes;
  };
  const Case cases[] = {
      {"1024", 1024},       {"0", 0},
      {"512B", 512},        {"2KB", 2000},
      {"2KiB", 2048},       {"15MiB", 15728640},
      {"3MB", 3000000},     {"1GB", 1000000000},
      {"2GiB", 2147483648},
  };
  for (const auto& example : cases) {
    CAPTURE(example.text);
    const auto parsed = parse_byte_size(example.text);
    REQUIRE(parsed.has_value());
    CHECK(*parsed == example.bytes);
  }
}

TEST_CASE("parse_byte_size rejects unknown units and numbers that overflow") {
  const std::string_view rejected[] = {
      "",       "MiB",  "-1",     "15 megs",        "15mib",
      "1.5MiB", "15TB", "15KiBs", "99999999999GiB", "9223372036854775808"};
  for (auto text : rejected) {
    CAPTURE(text);
    CHECK_FALSE(parse_byte_size(text).has_value());
  }
}
