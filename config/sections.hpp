#pragma once
// Internal to the config module: reading the [store], [fetch], [digest], [classify]
// tables and the [[feed]] and [[rule]] arrays into their structs. Values that are absent or wrong keep the
// defaults from config.hpp; wrong ones are reported.

#include "report.hpp"
#include "values.hpp"

#include <monsoon/config.hpp>

#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

namespace monsoon::config::detail {

// Where the values that load_config checks against the file system were written,
// set only when the value itself is valid (the table's start when it was defaulted).
struct Positions {
  std::optional<Position> store_path;
  std::optional<Position> output_dir;
  std::optional<Position> timezone;
};

// The [fetch] poll interval bounds, which also bound each feed's interval.
struct IntervalLimits {
  Seconds min;
  Seconds max;
};

// The table at `node`, nullptr when `node` is absent; reports anything else.
const toml::table* section_table(const toml::node* node, std::string_view name, Reporter& reporter);

// The tables of the array of tables [[name]] at `node`, in file order; empty when
// `node` is absent. Reports a plain table or value, and each element that is not a table.
std::vector<const toml::table*> array_tables(const toml::node* node, std::string_view name,
                                             Reporter& reporter);

// `path` made absolute against `base_dir` and normalised; "~" is not expanded.
std::filesystem::path resolve_path(const std::filesystem::path& base_dir,
                                   const std::filesystem::path& path);

void read_store(const toml::node* node, const std::filesystem::path& base_dir, Reporter& reporter,
                StoreConfig& store, Positions& positions);
// Returns the interval bounds when both are valid, so feeds can be checked against them.
std::optional<IntervalLimits> read_fetch(const toml::node* node, Reporter& reporter,
                                         FetchConfig& fetch);
void read_digest(const toml::node* node, const std::filesystem::path& base_dir, Reporter& reporter,
                 DigestConfig& digest, Positions& positions);
// Whether text holds a byte below 0x20 or DEL: such text must not become a header.
bool has_control_character(std::string_view text);

// Relative file: URLs resolve against base_dir.
void read_feeds(const toml::node* node, const std::optional<IntervalLimits>& limits,
                const std::filesystem::path& base_dir, Reporter& reporter,
                std::vector<model::FeedSource>& feeds);

// Reports `key` when `value` lies outside `limits`, naming the bound it broke as
// `bound_prefix` + "min_interval" (or "max_interval").
void check_interval_within(const TableReader& reader, std::string_view key, Seconds value,
                           const IntervalLimits& limits, std::string_view bound_prefix);

// [classify] (regions_file resolved against base_dir) and the [[rule]] array.
void read_classify(const toml::node* node, const std::filesystem::path& base_dir,
                   Reporter& reporter, ClassifyConfig& classify);
void read_rules(const toml::node* node, Reporter& reporter, ClassifyConfig& classify);

// True for names shaped like an IANA zone: "UTC", "Asia/Singapore", "Etc/GMT+8".
bool looks_like_timezone(std::string_view name);

}  // namespace monsoon::config::detail
