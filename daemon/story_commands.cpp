// `monsoon stories` and `monsoon search`: read-only views of the store.
//
// Feed text is hostile. It reaches the terminal only as one line with control
// characters (ESC included, so no terminal escapes) replaced by spaces; JSON is
// written by nlohmann::json, which escapes it; no text is ever given to a shell
// or spliced into SQL (the store binds every value); links that are not http(s)
// are printed empty.

#include <monsoon/digest.hpp>

#include <date/date.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <iostream>

#include "commands.hpp"
#include "pipeline.hpp"

namespace monsoon::daemon {
namespace {

std::string one_line(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return text;
}

std::string safe_link(const std::string& link) {
  const bool web = link.starts_with("https://") || link.starts_with("http://");
  return web ? one_line(link) : std::string();
}

std::string iso_time(const model::StoredItem& item) {
  const auto at = item.published.value_or(item.first_seen);
  return date::format("%Y-%m-%dT%H:%M:%SZ", date::sys_seconds{at.time_since_epoch()});
}

nlohmann::json item_json(const model::StoredItem& item) {
  return {{"id", item.id},
          {"source", item.feed_name},
          {"title", item.title},
          {"link", safe_link(item.link)},
          {"published", item.published ? iso_time(item) : ""},
          {"first_seen", date::format("%Y-%m-%dT%H:%M:%SZ",
                                      date::sys_seconds{item.first_seen.time_since_epoch()})}};
}

void print_item(const model::StoredItem& item, std::string_view indent) {
  std::cout << indent << iso_time(item) << "  " << one_line(item.feed_name) << ": "
            << one_line(item.title) << '\n'
            << indent << "  " << safe_link(item.link) << '\n';
}

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

int stories_command(const GlobalOptions& global, const std::optional<std::string>& week_text,
                    bool json) {
  auto config = load_for_command(global);
  if (!config) return kExitConfig;
  const auto week = week_or_report(*config, week_text, "stories");
  if (!week) return kExitUsage;
  auto store = open_store_for_command(*config);
  if (!store) return kExitFailure;
  // The digest's week, in its time zone: the week current_week() names.
  const auto bounds = week_bounds(*config, *week);
  auto stories = store->stories_between(bounds.from, bounds.to);
  if (!stories) {
    spdlog::error("stories unavailable error=\"{}\"", stories.error().message);
    return kExitFailure;
  }
  for (const auto& story : *stories) {
    if (json) {
      auto items = nlohmann::json::array();
      for (const auto& item : story.items) items.push_back(item_json(item));
      std::cout << dump({{"story", story.id},
                         {"lead_item", story.lead_item_id},
                         {"size", story.items.size()},
                         {"items", std::move(items)}})
                << '\n';
      continue;
    }
    std::cout << fmt::format("story {} ({} item{})\n", story.id, story.items.size(),
                             story.items.size() == 1 ? "" : "s");
    for (const auto& item : story.items) print_item(item, "  ");
  }
  return kExitOk;
}

int search_command(const GlobalOptions& global, const std::string& query, int limit, bool json) {
  if (query.empty() || limit < 1) {
    std::cerr << "monsoon search: give a non-empty QUERY and a --limit of at least 1\n";
    return kExitUsage;
  }
  auto config = load_for_command(global);
  if (!config) return kExitConfig;
  auto store = open_store_for_command(*config);
  if (!store) return kExitFailure;
  auto found = store->search(query, limit);
  if (!found) {
    spdlog::error("search failed error=\"{}\"", found.error().message);
    return kExitFailure;
  }
  for (const auto& item : *found) {
    if (json) {
      std::cout << dump(item_json(item)) << '\n';
    } else {
      print_item(item, "");
    }
  }
  return kExitOk;
}

}  // namespace monsoon::daemon
