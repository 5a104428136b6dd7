// Runs the feedparser conformance manifest (../shared/conformance/feedparser) through
// parse_feed + to_json_line and counts the assertions that hold.
//
// Set MONSOON_CONFORMANCE_VERBOSE=1 to print every failing assertion.
#include <monsoon/parse.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

namespace {

using nlohmann::json;

// The pass count this parser has reached; it may only move up.
constexpr int kPassFloor = 1533;

const std::string kDir = std::string(MONSOON_SHARED_DIR) + "/conformance/feedparser/";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// "cases/wellformed/rss/x.xml" -> "wellformed/rss".
std::string category_of(const std::string& file) {
  const std::size_t begin = file.find('/') + 1;
  return file.substr(begin, file.rfind('/') - begin);
}

// Follows "entries[0].links[1].href"; nullptr when the path does not resolve.
const json* resolve(const json& root, const std::string& path) {
  const json* node = &root;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') ++i;
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      const std::size_t index = std::stoul(path.substr(i + 1, close - i - 1));
      if (!node->is_array() || index >= node->size()) return nullptr;
      node = &(*node)[index];
      i = close + 1;
      continue;
    }
    const std::size_t end = path.find_first_of(".[", i);
    const std::string key = path.substr(i, end == std::string::npos ? end : end - i);
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &(*node)[key];
    i = end == std::string::npos ? path.size() : end;
  }
  return node;
}

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_') c = '-';
  }
  return text;
}

// HTML-valued rows are compared exactly, like every other row: parse/html.cpp
// re-serialises sanitised markup the way feedparser does (attributes sorted and
// double-quoted, "<br />", entities kept), so no normalisation is needed.

bool truthy(const json* value) {
  if (value == nullptr || value->is_null()) return false;
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_string() || value->is_array() || value->is_object()) return !value->empty();
  if (value->is_number()) return value->get<double>() != 0;
  return true;
}

bool evaluate(const json& result, const json& row) {
  const std::string op = row["op"];
  if (op == "no_crash") return true;
  const json* value = resolve(result, row["path"]);
  const json& expected = row.contains("value") ? row["value"] : json();
  if (op == "exists") return value != nullptr && !value->is_null();
  if (op == "absent") return value == nullptr || value->is_null();
  if (op == "truthy") return truthy(value);
  if (op == "falsy") return !truthy(value);
  if (value == nullptr) return false;
  if (op == "eq") {
    if (*value == expected) return true;
    // to_json_line writes dates as ISO 8601 UTC; feedparser's `published`/`updated` is
    // the raw string, which we keep as `published_raw`/`updated_raw`.
    const std::string path = row["path"];
    if (path.ends_with("published") || path.ends_with("updated")) {
      const json* raw = resolve(result, path + "_raw");
      if (raw != nullptr && *raw == expected) return true;
    }
    return false;
  }
  if (op == "eq_utc") return *value == expected;
  if (op == "eq_ci") {
    return value->is_string() && lower(value->get<std::string>()) == lower(expected);
  }
  if (op == "ne") return *value != expected;
  if (op == "len") return value->is_array() && value->size() == expected.get<std::size_t>();
  if (op == "one_of") {
    for (const json& candidate : expected) {
      if (*value == candidate) return true;
    }
    return false;
  }
  if (op == "contains" || op == "not_contains") {
    const bool found = value->is_string() && value->get<std::string>().find(
                                                 expected.get<std::string>()) != std::string::npos;
    return op == "contains" ? found : !found;
  }
  return false;
}

json parse_case(const json& row) {
  monsoon::parse::ParseOptions options;
  options.content_type = row.value("content_type", "");
  options.base_url = row.value("base_url", "");
  const std::string file = row["file"];
  const auto parsed = monsoon::parse::parse_feed(read_file(kDir + file), options);
  if (!parsed) return json{{"bozo", true}, {"entries", json::array()}};
  return json::parse(monsoon::parse::to_json_line(*parsed, file));
}

}  // namespace

TEST_CASE("The feedparser conformance manifest passes at least the recorded floor") {
  std::ifstream manifest(kDir + "manifest.jsonl");
  REQUIRE(manifest.good());
  std::map<std::string, json> cache;
  std::map<std::string, std::pair<int, int>> per_category;  // passed, total
  int passed = 0;
  int total = 0;
  const bool verbose = std::getenv("MONSOON_CONFORMANCE_VERBOSE") != nullptr;
  std::string line;
  while (std::getline(manifest, line)) {
    if (line.empty()) continue;
    const json row = json::parse(line);
    const std::string key = row["file"].get<std::string>() + "|" + row.value("content_type", "") +
                            "|" + row.value("base_url", "");
    auto cached = cache.find(key);
    if (cached == cache.end()) cached = cache.emplace(key, parse_case(row)).first;
    const bool ok = evaluate(cached->second, row);
    auto& [category_passed, category_total] = per_category[category_of(row["file"])];
    category_passed += ok ? 1 : 0;
    ++category_total;
    passed += ok ? 1 : 0;
    ++total;
    if (!ok && verbose) {
      const json* got = resolve(cached->second, row["path"]);
      std::cout << "FAIL " << row["file"].get<std::string>() << " " << row["path"] << " "
                << row["op"] << " expected=" << row.value("value", json()).dump()
                << " got=" << (got != nullptr ? got->dump() : "<absent>") << "\n";
    }
  }
  std::ostringstream report;
  for (const auto& [category, counts] : per_category) {
    report << category << ": " << counts.first << "/" << counts.second << " ("
           << (100.0 * counts.first / counts.second) << " %)\n";
  }
  report << "overall: " << passed << "/" << total << " (" << (100.0 * passed / total) << " %)";
  std::cout << report.str() << std::endl;
  MESSAGE(report.str());
  CHECK(total == 1534);
  CHECK(passed >= kPassFloor);
}
