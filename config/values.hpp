#pragma once
// Internal to the config module: typed, checked reads of one TOML table. Every
// problem goes to the Reporter with the position of the value (or of the table when
// a key is missing) and the reader returns nullopt, so callers keep their defaults
// and carry on to find the next problem.

#include "report.hpp"

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace monsoon::config::detail {

Position position_of(const toml::source_region& region);

// "a string", "an integer", "a table", ...
std::string_view type_phrase(const toml::node& node);

class TableReader {
 public:
  // `name` is how messages refer to the table: "fetch" gives "fetch.timeout: ..." and
  // "unknown key ... in [fetch]"; `array_of_tables` spells the header "[[feed]]".
  TableReader(const toml::table& table, std::string name, bool array_of_tables, Reporter& reporter);

  // Reports every key not in `allowed`, suggesting the closest allowed key.
  void reject_unknown(const std::vector<std::string_view>& allowed) const;

  [[nodiscard]] const toml::node* find(std::string_view key) const;
  // Where the key's value is, or where the table starts when the key is absent.
  [[nodiscard]] Position where(std::string_view key) const;

  // Each returns nullopt when the key is absent or its value was reported as wrong.
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min,
                                      std::int64_t max) const;
  std::optional<std::string> string(std::string_view key) const;
  std::optional<std::string> non_empty_string(std::string_view key) const;
  std::optional<bool> boolean(std::string_view key) const;
  // A duration string or an integer of seconds, at least `min`.
  std::optional<Seconds> duration(std::string_view key, Seconds min) const;
  // A size string or an integer of bytes, at least 1.
  std::optional<std::int64_t> byte_size(std::string_view key) const;

  // Reports "<name>.<key>: <message>" at the key's value.
  void error(std::string_view key, const std::string& message) const;
  // Reports that a required key is absent, at the start of the table.
  void missing(std::string_view key) const;

 private:
  void wrong_type(std::string_view key, std::string_view expected, const toml::node& found) const;

  const toml::table& table_;
  std::string name_;
  bool array_of_tables_;
  Reporter& reporter_;
};

}  // namespace monsoon::config::detail
