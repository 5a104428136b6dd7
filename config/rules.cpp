// The [classify] table and the [[rule]] array: how items are filed under regions,
// beyond the classifier's shipped data.

#include "sections.hpp"
#include "values.hpp"

#include <algorithm>

namespace monsoon::config::detail {
namespace {

std::vector<std::string_view> rule_regions() {
  std::vector<std::string_view> valid;
  for (auto name : model::region_names()) {
    if (name != "unassigned") valid.push_back(name);
  }
  return valid;
}

std::optional<model::Region> read_rule_region(const TableReader& reader) {
  auto text = reader.string("region");
  if (!text) return std::nullopt;
  const auto valid = rule_regions();
  if (std::find(valid.begin(), valid.end(), *text) != valid.end()) {
    return model::region_from_string(*text);
  }
  std::string message = "unknown region " + quote(*text);
  if (auto suggestion = closest_match(*text, valid)) {
    message += ": did you mean " + quote(*suggestion) + "?";
  }
  reader.error("region", message + " Valid regions are " + join(valid));
  return std::nullopt;
}

std::optional<model::RegionRule> read_rule(const TableReader& reader) {
  reader.reject_unknown({"pattern", "region", "weight"});
  model::RegionRule rule;
  bool ok = true;
  if (reader.find("pattern") == nullptr) {
    reader.missing("pattern");
    ok = false;
  } else if (auto pattern = reader.non_empty_string("pattern")) {
    if (has_control_character(*pattern)) {
      reader.error("pattern", "must not contain control characters");
      ok = false;
    }
    rule.pattern = *pattern;
  } else {
    ok = false;
  }
  if (reader.find("region") == nullptr) {
    reader.missing("region");
    ok = false;
  } else if (auto region = read_rule_region(reader)) {
    rule.region = *region;
  } else {
    ok = false;
  }
  if (const auto* weight = reader.find("weight")) {
    const auto number = weight->value<double>();
    if (!number || *number < 0.0 || *number > 100.0) {
      reader.error("weight", "expected a number from 0 to 100, found " +
                                 (number ? std::to_string(*number) : std::string(type_phrase(*weight))));
      ok = false;
    } else {
      rule.weight = *number;
    }
  }
  if (!ok) return std::nullopt;
  return rule;
}

}  // namespace

void read_classify(const toml::node* node, const std::filesystem::path& base_dir,
                   Reporter& reporter, ClassifyConfig& classify) {
  const auto* table = section_table(node, "classify", reporter);
  if (table == nullptr) return;
  TableReader reader(*table, "classify", false, reporter);
  reader.reject_unknown({"regions_file"});
  if (auto text = reader.non_empty_string("regions_file")) {
    if (has_control_character(*text)) {
      reader.error("regions_file", "path " + quote(*text) + " contains a control character");
    } else {
      classify.regions_file = resolve_path(base_dir, *text);
    }
  }
}

void read_rules(const toml::node* node, Reporter& reporter, ClassifyConfig& classify) {
  for (const auto* table : array_tables(node, "rule", reporter)) {
    if (auto rule = read_rule(TableReader(*table, "rule", true, reporter))) {
      classify.rules.push_back(std::move(*rule));
    }
  }
}

}  // namespace monsoon::config::detail
