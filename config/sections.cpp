// The [store], [fetch] and [digest] tables.

#include "sections.hpp"

#include "duration.hpp"
#include "values.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace monsoon::config::detail {

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

namespace {

// Reads a path-valued key; returns it resolved, or nullopt when absent or invalid.
std::optional<std::filesystem::path> read_path(const TableReader& reader, std::string_view key,
                                               const std::filesystem::path& base_dir) {
  auto text = reader.non_empty_string(key);
  if (!text) return std::nullopt;
  if (has_control_character(*text)) {
    reader.error(key, "path " + quote(*text) + " contains a control character");
    return std::nullopt;
  }
  return resolve_path(base_dir, *text);
}

}  // namespace

const toml::table* section_table(const toml::node* node, std::string_view name,
                                 Reporter& reporter) {
  if (node == nullptr) return nullptr;
  if (const auto* table = node->as_table()) return table;
  reporter.error(position_of(node->source()), std::string(name) + ": expected a table ([" +
                                                  std::string(name) + "]), found " +
                                                  std::string(type_phrase(*node)));
  return nullptr;
}

std::vector<const toml::table*> array_tables(const toml::node* node, std::string_view name,
                                             Reporter& reporter) {
  std::vector<const toml::table*> tables;
  if (node == nullptr) return tables;
  const std::string key(name);
  const auto* array = node->as_array();
  if (array == nullptr) {
    std::string message = key + ": expected an array of tables ([[" + key + "]]), found " +
                          std::string(type_phrase(*node));
    if (node->is_table()) message += "; write [[" + key + "]] with two brackets for each " + key;
    reporter.error(position_of(node->source()), message);
    return tables;
  }
  for (const auto& element : *array) {
    if (const auto* table = element.as_table()) {
      tables.push_back(table);
    } else {
      reporter.error(position_of(element.source()), key + ": expected a table for each " + key +
                                                        ", found " + std::string(type_phrase(element)));
    }
  }
  return tables;
}

std::filesystem::path resolve_path(const std::filesystem::path& base_dir,
                                   const std::filesystem::path& path) {
  if (path.is_absolute()) return path.lexically_normal();
  return (base_dir / path).lexically_normal();
}

void read_store(const toml::node* node, const std::filesystem::path& base_dir, Reporter& reporter,
                StoreConfig& store, Positions& positions) {
  store.path = resolve_path(base_dir, "monsoon.db");
  const auto* table = section_table(node, "store", reporter);
  if (table == nullptr) {
    // Absent: the default is checked, without a position. Not a table: reported.
    if (node == nullptr) positions.store_path = Position{};
    return;
  }
  const TableReader reader(*table, "store", false, reporter);
  reader.reject_unknown({"path", "retention", "story_memory_items"});
  // Under a week would prune items before the weekly digest could use them.
  if (auto retention = reader.duration("retention", std::chrono::days{7})) {
    store.retention = *retention;
  }
  // 10 million items take about 4.5 GB; the window's arena offsets are 32-bit.
  if (auto items = reader.integer("story_memory_items", 1'000, 10'000'000)) {
    store.story_memory_items = *items;
  }
  positions.store_path = reader.where("path");
  if (reader.find("path") == nullptr) return;
  if (auto path = read_path(reader, "path", base_dir)) {
    store.path = *path;
  } else {
    positions.store_path.reset();
  }
}

void check_interval_within(const TableReader& reader, std::string_view key, Seconds value,
                           const IntervalLimits& limits, std::string_view bound_prefix) {
  if (value < limits.min) {
    reader.error(key, quote(format_duration(value)) + " is shorter than " +
                          std::string(bound_prefix) + "min_interval " +
                          quote(format_duration(limits.min)));
  } else if (value > limits.max) {
    reader.error(key, quote(format_duration(value)) + " is longer than " +
                          std::string(bound_prefix) + "max_interval " +
                          quote(format_duration(limits.max)));
  }
}

namespace {

// interval, min_interval and max_interval of [fetch]; the bounds when both are valid.
std::optional<IntervalLimits> read_intervals(const TableReader& reader, FetchConfig& fetch) {
  const Seconds one_second{1};
  const auto interval = reader.duration("interval", one_second);
  const auto min_interval = reader.duration("min_interval", one_second);
  const auto max_interval = reader.duration("max_interval", one_second);
  if (min_interval) fetch.min_interval = *min_interval;
  if (max_interval) fetch.max_interval = *max_interval;
  const bool min_ok = min_interval || reader.find("min_interval") == nullptr;
  const bool max_ok = max_interval || reader.find("max_interval") == nullptr;
  if (!min_ok || !max_ok) return std::nullopt;
  if (fetch.min_interval > fetch.max_interval) {
    // Point at whichever of the two the file actually sets (the later one if both).
    const bool at_max =
        max_interval.has_value() &&
        (!min_interval || reader.where("max_interval").line > reader.where("min_interval").line);
    if (at_max) {
      reader.error("max_interval", quote(format_duration(fetch.max_interval)) +
                                       " is shorter than min_interval " +
                                       quote(format_duration(fetch.min_interval)));
    } else {
      reader.error("min_interval", quote(format_duration(fetch.min_interval)) +
                                       " is longer than max_interval " +
                                       quote(format_duration(fetch.max_interval)));
    }
    return std::nullopt;
  }
  const IntervalLimits limits{fetch.min_interval, fetch.max_interval};
  if (interval) {
    check_interval_within(reader, "interval", *interval, limits, "");
    fetch.interval = *interval;
  }
  return limits;
}

}  // namespace

std::optional<IntervalLimits> read_fetch(const toml::node* node, Reporter& reporter,
                                         FetchConfig& fetch) {
  const auto* table = section_table(node, "fetch", reporter);
  if (table == nullptr) {
    if (node != nullptr) return std::nullopt;
    return IntervalLimits{fetch.min_interval, fetch.max_interval};
  }
  const TableReader reader(*table, "fetch", false, reporter);
  reader.reject_unknown({"max_parallel", "max_per_host", "timeout", "connect_timeout", "max_body",
                         "user_agent", "interval", "min_interval", "max_interval", "host_gap"});
  if (auto value = reader.integer("max_parallel", 1, 1024))
    fetch.max_parallel = static_cast<int>(*value);
  if (auto value = reader.integer("max_per_host", 1, 64))
    fetch.max_per_host = static_cast<int>(*value);
  const Seconds one_second{1};
  if (auto value = reader.duration("timeout", one_second)) fetch.timeout = *value;
  if (auto value = reader.duration("connect_timeout", one_second)) fetch.connect_timeout = *value;
  if (auto value = reader.byte_size("max_body")) fetch.max_body = *value;
  if (auto value = reader.duration("host_gap", Seconds{0})) fetch.host_gap = *value;
  if (auto value = reader.string("user_agent")) {
    // It becomes an HTTP header line; a newline would split it into two headers.
    if (has_control_character(*value)) {
      reader.error("user_agent", "must not contain control characters such as newlines");
    } else {
      fetch.user_agent = *value;
    }
  }
  return read_intervals(reader, fetch);
}

bool looks_like_timezone(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t slash = std::min(name.find('/', start), name.size());
    const std::string_view part = name.substr(start, slash - start);
    if (part.empty() || !std::isalpha(static_cast<unsigned char>(part.front()))) return false;
    for (char c : part) {
      const bool ok =
          std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '+';
      if (!ok) return false;
    }
    start = slash + 1;
  }
  return true;
}

namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

bool is_clock_time(std::string_view text) {
  auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return false;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  return hours < 24 && minutes < 60;
}

void read_weekday(const TableReader& reader, DigestConfig& digest) {
  auto value = reader.string("weekday");
  if (!value) return;
  std::string lowered = *value;
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto day : kWeekdays) {
    if (day == lowered) {
      digest.weekday = lowered;
      return;
    }
  }
  const std::vector<std::string_view> days(kWeekdays.begin(), kWeekdays.end());
  std::string message = "invalid weekday " + quote(*value);
  if (auto suggestion = closest_match(*value, days)) {
    message += ": did you mean " + quote(*suggestion) + "?";
  } else {
    message += ": use an English day name such as \"friday\"";
  }
  reader.error("weekday", message);
}

}  // namespace

void read_digest(const toml::node* node, const std::filesystem::path& base_dir, Reporter& reporter,
                 DigestConfig& digest, Positions& positions) {
  digest.output_dir = resolve_path(base_dir, "digests");
  const auto* table = section_table(node, "digest", reporter);
  if (table == nullptr) {
    // Absent: the defaults are checked, without a position. Not a table: reported.
    if (node == nullptr) {
      positions.output_dir = Position{};
      positions.timezone = Position{};
    }
    return;
  }
  const TableReader reader(*table, "digest", false, reporter);
  reader.reject_unknown(
      {"output_dir", "timezone", "weekday", "time", "focus_items", "max_items_per_region"});
  positions.output_dir = reader.where("output_dir");
  if (reader.find("output_dir") != nullptr) {
    if (auto path = read_path(reader, "output_dir", base_dir)) {
      digest.output_dir = *path;
    } else {
      positions.output_dir.reset();
    }
  }
  positions.timezone = reader.where("timezone");
  if (reader.find("timezone") != nullptr) {
    auto zone = reader.string("timezone");
    if (zone && looks_like_timezone(*zone)) {
      digest.timezone = *zone;
    } else {
      if (zone) {
        reader.error("timezone", "invalid timezone " + quote(*zone) +
                                     ": use an IANA name such as \"Asia/Singapore\" or \"UTC\"");
      }
      positions.timezone.reset();
    }
  }
  read_weekday(reader, digest);
  if (auto value = reader.string("time")) {
    if (is_clock_time(*value)) {
      digest.time = *value;
    } else {
      reader.error("time", "invalid time " + quote(*value) +
                               ": use HH:MM on a 24-hour clock, e.g. \"09:00\"");
    }
  }
  if (auto value = reader.integer("focus_items", 0, 100))
    digest.focus_items = static_cast<int>(*value);
  if (auto value = reader.integer("max_items_per_region", 1, 1000)) {
    digest.max_items_per_region = static_cast<int>(*value);
  }
}

}  // namespace monsoon::config::detail
