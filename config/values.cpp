#include "values.hpp"

#include "duration.hpp"

namespace monsoon::config::detail {

Position position_of(const toml::source_region& region) {
  return Position{static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

std::string_view type_phrase(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

TableReader::TableReader(const toml::table& table, std::string name, bool array_of_tables,
                         Reporter& reporter)
    : table_(table),
      name_(std::move(name)),
      array_of_tables_(array_of_tables),
      reporter_(reporter) {}

void TableReader::reject_unknown(const std::vector<std::string_view>& allowed) const {
  const std::string header = array_of_tables_ ? "[[" + name_ + "]]" : "[" + name_ + "]";
  for (auto&& [key, value] : table_) {
    const std::string_view text = key.str();
    bool known = false;
    for (auto name : allowed) known = known || name == text;
    if (known) continue;
    std::string message = "unknown key " + quote(text) + " in " + header;
    if (auto suggestion = closest_match(text, allowed)) {
      message += ": did you mean " + quote(*suggestion) + "?";
    } else {
      message += "; allowed keys are " + join(allowed);
    }
    reporter_.error(position_of(key.source()), std::move(message));
  }
}

const toml::node* TableReader::find(std::string_view key) const { return table_.get(key); }

Position TableReader::where(std::string_view key) const {
  if (const auto* node = find(key)) return position_of(node->source());
  return position_of(table_.source());
}

void TableReader::error(std::string_view key, const std::string& message) const {
  reporter_.error(where(key), name_ + "." + std::string(key) + ": " + message);
}

void TableReader::missing(std::string_view key) const {
  const std::string header = array_of_tables_ ? "[[" + name_ + "]]" : "[" + name_ + "]";
  reporter_.error(position_of(table_.source()),
                  header + " is missing the required key " + quote(key));
}

void TableReader::wrong_type(std::string_view key, std::string_view expected,
                             const toml::node& found) const {
  error(key, "expected " + std::string(expected) + ", found " + std::string(type_phrase(found)));
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, std::int64_t min,
                                                 std::int64_t max) const {
  const auto* node = find(key);
  if (node == nullptr) return std::nullopt;
  const auto value = node->value_exact<std::int64_t>();
  if (!value) {
    wrong_type(key, "an integer", *node);
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    error(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                   ", found " + std::to_string(*value));
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> TableReader::string(std::string_view key) const {
  const auto* node = find(key);
  if (node == nullptr) return std::nullopt;
  auto value = node->value_exact<std::string>();
  if (!value) wrong_type(key, "a string", *node);
  return value;
}

std::optional<std::string> TableReader::non_empty_string(std::string_view key) const {
  auto value = string(key);
  if (value && value->find_first_not_of(" \t") == std::string::npos) {
    error(key, "must not be empty");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> TableReader::boolean(std::string_view key) const {
  const auto* node = find(key);
  if (node == nullptr) return std::nullopt;
  auto value = node->value_exact<bool>();
  if (!value) wrong_type(key, "a boolean (true or false)", *node);
  return value;
}

std::optional<Seconds> TableReader::duration(std::string_view key, Seconds min) const {
  const auto* node = find(key);
  if (node == nullptr) return std::nullopt;
  std::optional<Seconds> value;
  if (auto text = node->value_exact<std::string>()) {
    value = parse_duration(*text);
    if (!value) {
      error(key,
            "invalid duration " + quote(*text) + ": use a number with s, m, h or d, e.g. \"30m\"");
      return std::nullopt;
    }
  } else if (auto number = node->value_exact<std::int64_t>()) {
    // Negative numbers go on to the range check, which explains them better.
    value = *number < 0 ? std::optional<Seconds>(*number) : parse_duration(std::to_string(*number));
    if (!value) {
      error(key, "invalid duration " + std::to_string(*number) +
                     ": use a number with s, m, h or d, e.g. \"30m\"");
      return std::nullopt;
    }
  } else {
    wrong_type(key, "a duration such as \"30m\" or an integer of seconds", *node);
    return std::nullopt;
  }
  if (*value < min) {
    error(key,
          "must be at least " + format_duration(min) + ", found " + quote(format_duration(*value)));
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> TableReader::byte_size(std::string_view key) const {
  const auto* node = find(key);
  if (node == nullptr) return std::nullopt;
  std::optional<std::int64_t> value;
  if (auto text = node->value_exact<std::string>()) {
    value = parse_byte_size(*text);
    if (!value) {
      error(key, "invalid size " + quote(*text) +
                     ": use a number of bytes, or a number with B, KB, KiB, MB, MiB, GB or GiB, "
                     "e.g. \"15MiB\"");
      return std::nullopt;
    }
  } else if (auto number = node->value_exact<std::int64_t>()) {
    value = number;
  } else {
    wrong_type(key, "a size such as \"15MiB\" or an integer of bytes", *node);
    return std::nullopt;
  }
  if (*value < 1) {
    error(key, "must be at least 1 byte, found " + std::to_string(*value));
    return std::nullopt;
  }
  return value;
}

}  // namespace monsoon::config::detail
