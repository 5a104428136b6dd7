// `monsoon classify` (JSON lines in, verdicts out) and `monsoon reclassify` (stored
// items again, after the data or the rules changed).

#include "commands.hpp"
#include "regions.hpp"

#include <monsoon/classify.hpp>
#include <monsoon/config.hpp>
#include <monsoon/store.hpp>

#include <date/date.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cmath>
#include <iostream>
#include <map>
#include <sstream>

namespace monsoon::daemon {
namespace {

using nlohmann::json;

double rounded(double value, double scale) { return std::round(value * scale) / scale; }

json evidence_json(const classify::Verdict& verdict) {
  auto list = json::array();
  for (const auto& reason : verdict.reasons) {
    json entry = {{"term", reason.term},
                  {"kind", reason.kind},
                  {"region", model::to_string(reason.region)},
                  {"weight", rounded(reason.weight, 100.0)}};
    if (reason.kind != "link" && reason.kind != "language" && reason.kind != "script" &&
        reason.kind != "feed") {
      entry["in"] = reason.in_title ? "title" : "summary";
    }
    list.push_back(std::move(entry));
  }
  return list;
}

// The optional string member `key`, or an error message naming it.
std::optional<std::string> text_member(const json& object, const char* key, std::string& problem) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return std::string();
  if (!found->is_string()) {
    problem = std::string("\"") + key + "\" must be a string";
    return std::nullopt;
  }
  return found->get<std::string>();
}

// Classifies one parsed line; returns an error message for a line of the wrong shape.
std::optional<std::string> classify_object(const classify::Classifier& classifier, json& object,
                                           bool explain, std::string& out) {
  if (!object.is_object()) return "expected a JSON object";
  if (!object.contains("title")) return "missing \"title\"";
  std::string problem;
  auto title = text_member(object, "title", problem);
  auto summary = text_member(object, "summary", problem);
  auto link = text_member(object, "link", problem);
  auto language = text_member(object, "language", problem);
  auto feed_region = text_member(object, "feed_region", problem);
  if (!title || !summary || !link || !language || !feed_region) return problem;
  classify::Input input{.title = *title, .summary = *summary, .link = *link,
                        .language = *language};
  if (!feed_region->empty()) {
    auto region = model::region_from_string(*feed_region);
    if (!region) return "unknown feed_region \"" + *feed_region + "\"";
    input.feed_region = *region;
  }
  const auto verdict = classifier.classify(input);
  if (explain) {
    // Feed text is hostile: no control character reaches the terminal.
    std::string shown = *title;
    for (char& c : shown) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    }
    out = "title: " + shown + "\n" + classify::explain(verdict);
    return std::nullopt;
  }
  object["region"] = model::to_string(verdict.region);
  object["confidence"] = rounded(verdict.confidence, 1000.0);
  object["evidence"] = evidence_json(verdict);
  out = object.dump(-1, ' ', false, json::error_handler_t::replace);
  out += '\n';
  return std::nullopt;
}

// The config's classifier when a config file exists, else the shipped data alone.
std::optional<classify::Classifier> classifier_for(const GlobalOptions& global) {
  const auto path = config::find_config(global.config_path);
  std::error_code error;
  if (!global.config_path && !std::filesystem::exists(path, error)) {
    auto builtin = classify::Classifier::create();
    // Only a bad build can break the shipped data (classify_test reads it), but say so
    // rather than crash.
    if (!builtin) {
      std::cerr << "monsoon: the built-in regions data is broken: " << builtin.error().message
                << '\n';
      return std::nullopt;
    }
    return std::move(*builtin);
  }
  auto loaded = config::load_config(path);
  for (const auto& diagnostic : loaded.diagnostics) std::cerr << config::to_string(diagnostic) << '\n';
  if (!loaded.config) return std::nullopt;
  auto classifier = load_classifier(*loaded.config);
  if (!classifier) {
    std::cerr << classifier.error().message << '\n';
    return std::nullopt;
  }
  return std::move(*classifier);
}

// New verdicts for stored items, read with their feed's current settings (a feed
// no longer configured gives no prior).
std::vector<store::RegionUpdate> classify_stored(const std::vector<model::StoredItem>& items,
                                                 const config::Config& config,
                                                 const classify::Classifier& classifier) {
  std::map<std::string, const model::FeedSource*, std::less<>> feeds;
  for (const auto& feed : config.feeds) feeds[feed.url] = &feed;
  std::vector<store::RegionUpdate> updates;
  updates.reserve(items.size());
  for (const auto& item : items) {
    classify::Input input{.title = item.title, .summary = item.summary, .link = item.link};
    if (auto feed = feeds.find(item.feed_url); feed != feeds.end()) {
      input.language = feed->second->language;
      input.feed_region = feed->second->region;
      input.region_fixed = feed->second->region_fixed;
    }
    auto verdict = classifier.classify(input);
    updates.push_back({item.id, verdict.region, verdict.confidence, std::move(verdict.evidence)});
  }
  return updates;
}

}  // namespace

int classify_command(const GlobalOptions& global, bool explain) {
  auto classifier = classifier_for(global);
  if (!classifier) return kExitConfig;
  std::ios::sync_with_stdio(false);
  std::string line;
  std::string out;
  long number = 0;
  int bad = 0;
  while (std::getline(std::cin, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto object = json::parse(line, nullptr, false);
    std::optional<std::string> problem;
    if (object.is_discarded()) {
      problem = "not valid JSON";
    } else {
      problem = classify_object(*classifier, object, explain, out);
    }
    if (problem) {
      std::cerr << "monsoon classify: line " << number << ": " << *problem << '\n';
      ++bad;
      continue;
    }
    std::cout << out;
    if (explain) std::cout << '\n';
  }
  std::cout.flush();
  if (bad > 0) {
    std::cerr << "monsoon classify: " << bad << " of " << number << " lines skipped\n";
    return kExitConfig;
  }
  return kExitOk;
}

int reclassify_command(const GlobalOptions& global, const std::optional<std::string>& since) {
  model::TimePoint from{};
  if (since) {
    std::istringstream in(*since);
    date::sys_days day;
    in >> date::parse("%F", day);
    if (in.fail() || in.peek() != std::char_traits<char>::eof()) {
      std::cerr << "monsoon reclassify: invalid date \"" << *since << "\": use YYYY-MM-DD\n";
      return kExitUsage;
    }
    from = model::TimePoint{std::chrono::duration_cast<model::Seconds>(day.time_since_epoch())};
  }
  auto config = load_for_command(global);
  if (!config) return kExitConfig;
  auto classifier = load_classifier(*config);
  if (!classifier) {
    std::cerr << classifier.error().message << '\n';
    return kExitConfig;
  }
  auto store = open_store_for_command(*config);
  if (!store) return kExitFailure;
  // Far enough ahead for any stored date, small enough for 64-bit seconds.
  const model::TimePoint until{model::Seconds{253402300799}};  // 9999-12-31T23:59:59Z
  auto items = store->items_between(from, until);
  if (!items) {
    spdlog::error("reclassify failed error=\"{}\"", items.error().message);
    return kExitFailure;
  }
  const auto updates = classify_stored(*items, *config, *classifier);
  auto changed = store->update_regions(updates);
  if (!changed) {
    spdlog::error("reclassify failed error=\"{}\"", changed.error().message);
    return kExitFailure;
  }
  spdlog::info("reclassify done items={} changed={}", updates.size(), *changed);
  std::cout << "reclassified " << updates.size() << " items, " << *changed
            << " changed region\n";
  return kExitOk;
}

}  // namespace monsoon::daemon
