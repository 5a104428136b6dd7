// monsoon: one binary, several subcommands. main() only parses the command line
// and hands over to commands.cpp; exceptions that escape are logged once and
// turned into exit code 1.

#include <monsoon/fetch.hpp>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <iostream>

#include "allocator.hpp"
#include "commands.hpp"
#include "logging.hpp"

using namespace monsoon::daemon;

namespace {

std::string all_regions_help() {
  std::string names;
  for (auto name : monsoon::model::region_names()) {
    if (name == "unassigned") continue;
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

}  // namespace

int main(int argc, char** argv) {
  tune_allocator();
  CLI::App app{"monsoon: reads the week's Asia-tech news and drafts the digest"};
  app.set_version_flag("--version",
                       "monsoon " MONSOON_VERSION "\nallocator: " + allocator_description());
  app.require_subcommand(1);
  // Global options work after the subcommand too: `monsoon check-config -c FILE`.
  app.fallthrough();

  GlobalOptions global;
  std::string config_path;
  std::string log_level = "info";
  app.add_option("-c,--config", config_path,
                 "Config file (else $MONSOON_CONFIG, ./monsoon.toml, /etc/monsoon/monsoon.toml)");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->capture_default_str();

  bool once = false;
  auto* run = app.add_subcommand("run", "Poll feeds on schedule and write the weekly draft");
  run->add_flag("--once", once, "Poll every feed once, write this week's draft, exit");

  bool poll_once = false;
  auto* poll = app.add_subcommand("poll", "Poll every enabled feed now, ignoring the schedule");
  poll->add_flag("--once", poll_once, "Poll once and exit (required)")->required();

  std::optional<std::string> week;
  bool to_stdout = false;
  auto* digest = app.add_subcommand("digest", "Write a week's draft digest from the store");
  digest->add_option("--week", week, "ISO week, e.g. 2026-W48 (default: the current week)");
  digest->add_flag("--stdout", to_stdout, "Also print the draft instead of its path");

  ParseCommandOptions parse_options;
  std::string format = "jsonl";
  auto* parse = app.add_subcommand("parse", "Parse feed files and print them as JSON lines");
  parse->add_option("--format", format, "Output format (jsonl)")
      ->check(CLI::IsMember({"jsonl"}))
      ->capture_default_str();
  parse->add_option("--content-type", parse_options.content_type,
                    "Content-Type an HTTP fetch would have seen");
  parse->add_option("--base-url", parse_options.base_url, "URL the document came from");
  parse->add_option("--region", parse_options.region,
                    "Region for ambiguous date zones: " + all_regions_help());
  parse->add_option("--encoding", parse_options.encoding, "Force a character encoding");
  parse->add_option("files", parse_options.files, "Feed files")->required();

  auto* check = app.add_subcommand("check-config", "Validate the config; exit 2 on problems");
  bool json = false;
  auto* feeds = app.add_subcommand("feeds", "List configured feeds with their fetch state");
  feeds->add_flag("--json", json, "Print a JSON list");

  bool explain = false;
  auto* classify = app.add_subcommand(
      "classify", "Read JSON lines (title, summary, link, language, feed_region) on stdin and "
                  "print them with region, confidence and evidence added");
  classify->add_flag("--explain", explain, "Print a readable reason per item instead of JSON");
  std::optional<std::string> since;
  auto* reclassify = app.add_subcommand(
      "reclassify", "Classify stored items again after regions data or rules changed");
  reclassify->add_option("--since", since, "Only items published on or after YYYY-MM-DD");

  std::optional<std::string> stories_week;
  bool stories_json = false;
  auto* stories = app.add_subcommand("stories", "List a week's stories, largest first, with "
                                                "their items from every source");
  stories->add_option("--week", stories_week, "ISO week, e.g. 2026-W48 (default: this week)");
  stories->add_flag("--json", stories_json, "One JSON object per story, with an items list");

  std::string query;
  int limit = 20;
  bool search_json = false;
  auto* search = app.add_subcommand("search", "Find stored items by words in title or summary");
  search->add_option("query", query, "Plain text (any language; not a query syntax)")->required();
  search->add_option("--limit", limit, "Most items to print, newest first")->capture_default_str();
  search->add_flag("--json", search_json, "One JSON object per item");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  if (!config_path.empty()) global.config_path = config_path;
  setup_logging(log_level);

  try {
    monsoon::fetch::global_init();
    if (run->parsed()) return run_command(global, once);
    if (poll->parsed()) return poll_command(global);
    if (digest->parsed()) return digest_command(global, week, to_stdout);
    if (parse->parsed()) return parse_command(parse_options);
    if (check->parsed()) return check_config_command(global);
    if (feeds->parsed()) return feeds_command(global, json);
    if (classify->parsed()) return classify_command(global, explain);
    if (reclassify->parsed()) return reclassify_command(global, since);
    if (stories->parsed()) return stories_command(global, stories_week, stories_json);
    if (search->parsed()) return search_command(global, query, limit, search_json);
  } catch (const std::exception& e) {
    spdlog::critical("unexpected error=\"{}\"", e.what());
    return kExitFailure;
  }
  return kExitUsage;
}
