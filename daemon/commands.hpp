#pragma once
// The subcommands of the monsoon binary. Each returns the process exit code
// (see README "Exit codes"); none throws for bad input.

#include <filesystem>
#include <optional>
#include <string>
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

struct ParseCommandOptions {
  std::vector<std::string> files;
  std::string content_type;
  std::string base_url;
  std::string region;
  std::string encoding;
};
int parse_command(const ParseCommandOptions& options);

}  // namespace monsoon::daemon
