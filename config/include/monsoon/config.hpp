#pragma once
// Configuration: TOML text -> validated Config value.
//
// load_config() reads the file itself (the one I/O this module does, plus checking
// that the state directory is reachable). parse_config() is pure over the text.
// Every problem in the file is reported in one pass, each as a Diagnostic with the
// file, line and column it concerns; a Config is produced only when there are none.
// Relative paths in the file are resolved against the folder of the config file.

#include <monsoon/model.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace monsoon::config {

using model::Seconds;

struct StoreConfig {
  std::filesystem::path path;  // SQLite database file (absolute after load)
  Seconds retention = std::chrono::days{400};  // items first seen longer ago are pruned
  std::int64_t story_memory_items = 30'000;    // recent items story matching keeps in memory
};

struct FetchConfig {
  int max_parallel = 16;                     // transfers at once, in total
  int max_per_host = 2;                      // transfers at once to one host
  Seconds timeout{20};                       // whole transfer
  Seconds connect_timeout{10};               // TCP + TLS connect
  std::int64_t max_body = 15 * 1024 * 1024;  // bytes, after decompression too
  std::string user_agent;  // empty = "monsoon/<version> (+url)" chosen by the daemon
  Seconds interval{3600};  // default poll interval for feeds without one
  Seconds min_interval{300};
  Seconds max_interval{86400};
  Seconds host_gap{1};  // least time between two request starts to one host
};

struct DigestConfig {
  std::filesystem::path output_dir;  // absolute after load
  std::string timezone = "UTC";      // IANA name, e.g. "Asia/Singapore"
  std::string weekday = "friday";    // lower-case English day name
  std::string time = "09:00";        // HH:MM local time in `timezone`
  int focus_items = 5;               // max stories in "News in focus"
  int max_items_per_region = 30;
};

// How items are filed under regions, beyond the classifier's shipped data.
struct ClassifyConfig {
  std::filesystem::path regions_file;    // an operator's regions.toml, absolute; empty = none
  std::vector<model::RegionRule> rules;  // [[rule]] tables, in file order
};

struct Config {
  std::filesystem::path source_file;  // the file this came from (absolute)
  StoreConfig store;
  FetchConfig fetch;
  DigestConfig digest;
  ClassifyConfig classify;
  std::vector<model::FeedSource> feeds;  // in file order, enabled and disabled
};

// One problem found in a config file. to_string() gives "FILE:LINE:COL: message".
struct Diagnostic {
  std::string file;
  int line = 0;    // 1-based; 0 when the problem has no position (e.g. unreadable file)
  int column = 0;  // 1-based
  std::string message;
};
std::string to_string(const Diagnostic& diagnostic);

struct LoadResult {
  std::optional<Config> config;         // set only when diagnostics is empty
  std::vector<Diagnostic> diagnostics;  // every problem, in file order
};

// Parses `text` as if it were the content of `file` (used for messages and to
// resolve relative paths). Pure: touches no file system.
LoadResult parse_config(std::string_view text, const std::filesystem::path& file);

// Reads `file`, parses it, and also checks that the store's folder and the digest
// output folder exist (or can be created: the nearest existing ancestor is a writable
// directory) and that the timezone is a file under $TZDIR or /usr/share/zoneinfo
// ("UTC" always passes). Creates nothing. An unreadable file gives one Diagnostic
// with line 0.
LoadResult load_config(const std::filesystem::path& file);

// Config lookup order: explicit path, else $MONSOON_CONFIG, else ./monsoon.toml,
// else /etc/monsoon/monsoon.toml. Returns the first that is given/exists (an empty
// $MONSOON_CONFIG counts as unset; ./monsoon.toml is returned as an absolute path);
// when nothing exists returns the last candidate so the error names it.
std::filesystem::path find_config(const std::optional<std::filesystem::path>& explicit_path);

// Parses a duration such as "90s", "30m", "1h", "1h30m", "2d" or a bare integer of
// seconds. nullopt for anything else ("30 mins", "", "-5m").
// Units appear at most once each, largest first ("1h30m", not "30m1h"); totals over
// 36500 days are rejected so that callers can convert to milliseconds safely.
std::optional<Seconds> parse_duration(std::string_view text);

// Parses a byte size: a bare integer of bytes ("1048576") or an integer followed by
// B, KB, KiB, MB, MiB, GB or GiB ("15MiB"; KB = 1000, KiB = 1024). nullopt for
// anything else, including negative numbers and values that overflow.
std::optional<std::int64_t> parse_byte_size(std::string_view text);

}  // namespace monsoon::config
