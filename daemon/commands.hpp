#pragma once
// The subcommands of the monsoon binary. Each returns the process exit code
// (see README "Exit codes"); none throws for bad input.

#include <monsoon/config.hpp>
#include <monsoon/store.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace monsoon::daemon {

// Exit codes, documented in the README.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // the job could not be done (store, disk, unreadable input)
inline constexpr int kExitConfig = 2;    // the configuration is invalid
inline constexpr int kExitUsage = 64;    // the command line is wrong (EX_USAGE)

struct GlobalOptions {
  std::optional<std::filesystem::path> config_path;
};

int run_command(const GlobalOptions& global, bool once);
int poll_command(const GlobalOptions& global);
int digest_command(const GlobalOptions& global, const std::optional<std::string>& week,
                   bool to_stdout);
int check_config_command(const GlobalOptions& global);
int feeds_command(const GlobalOptions& global, bool json);

// A week's stories, largest first, each with its member items (story_commands.cpp);
// `json`: one object per line, {"story", "lead_item", "size", "items": [...]}.
int stories_command(const GlobalOptions& global, const std::optional<std::string>& week,
                    bool json);
// Items whose title or summary contains `query`, newest first, at most `limit`.
int search_command(const GlobalOptions& global, const std::string& query, int limit, bool json);

struct ParseCommandOptions {
  std::vector<std::string> files;
  std::string content_type;
  std::string base_url;
  std::string region;
  std::string encoding;
};
int parse_command(const ParseCommandOptions& options);

// JSON lines on stdin -> the same lines with region, confidence and evidence added
// (or, with `explain`, a few readable lines per item). Uses the config's
// [classify] data and rules when a config file is found, else the shipped data.
int classify_command(const GlobalOptions& global, bool explain);
// Classifies stored items again (those published or first seen on or after `since`,
// YYYY-MM-DD; all without it) and stores the new verdicts.
int reclassify_command(const GlobalOptions& global, const std::optional<std::string>& since);

// For the commands in other files: load_or_report and open_store of commands.cpp.
std::optional<config::Config> load_for_command(const GlobalOptions& global);
std::optional<store::Store> open_store_for_command(const config::Config& config);
// The week of a --week option (the current one without it); nullopt after telling
// stderr that the text is no ISO week ("monsoon COMMAND: invalid week …").
std::optional<model::IsoWeek> week_or_report(const config::Config& config,
                                             const std::optional<std::string>& week_text,
                                             std::string_view command);

}  // namespace monsoon::daemon
