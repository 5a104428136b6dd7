#pragma once
// Internal to the config module: printing durations the way the file spells them.

#include <monsoon/config.hpp>

#include <string>

namespace monsoon::config::detail {

// The shortest spelling parse_duration reads back: 5400s -> "1h30m", 0s -> "0s".
std::string format_duration(Seconds duration);

}  // namespace monsoon::config::detail
