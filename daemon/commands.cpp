#include "commands.hpp"

#include <monsoon/config.hpp>
#include <monsoon/digest.hpp>
#include <monsoon/parse.hpp>
#include <monsoon/store.hpp>

#include <date/date.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iostream>
#include <string_view>

#include "pipeline.hpp"
#include "regions.hpp"
#include "outcome.hpp"
#include "poller.hpp"
#include "service.hpp"

namespace monsoon::daemon {
namespace {

std::optional<config::Config> load_or_report(const GlobalOptions& global) {
  const auto path = config::find_config(global.config_path);
  auto loaded = config::load_config(path);
  for (const auto& diagnostic : loaded.diagnostics) {
    std::cerr << config::to_string(diagnostic) << '\n';
  }
  if (!loaded.config) {
    spdlog::error("config invalid file={} problems={}", path.string(), loaded.diagnostics.size());
    return std::nullopt;
  }
  spdlog::debug("config loaded file={} feeds={}", path.string(), loaded.config->feeds.size());
  return std::move(loaded.config);
}

std::optional<store::Store> open_store(const config::Config& config) {
  std::error_code error;
  std::filesystem::create_directories(config.store.path.parent_path(), error);
  if (error) {
    spdlog::error("store unavailable path={} error=\"{}\"", config.store.path.string(),
                  error.message());
    return std::nullopt;
  }
  auto opened = store::Store::open(
      config.store.path.string(),
      {.story_memory_items = static_cast<std::size_t>(config.store.story_memory_items)});
  if (!opened) {
    spdlog::error("store unavailable error=\"{}\"", opened.error().message);
    return std::nullopt;
  }
  return std::move(*opened);
}

std::string iso(const std::optional<model::TimePoint>& at) {
  if (!at) return {};
  return date::format("%Y-%m-%dT%H:%M:%SZ", date::sys_seconds{at->time_since_epoch()});
}

// The whole file, read into `buffer` and returned as a view of it. The buffer only
// grows, so a run over many files allocates and zero-fills it a few times, not once a
// file; plain open/fstat/read, because an ifstream per file (its buffer, locale and two
// seeks) showed in the parse benchmark's profile. nullopt when the file cannot be read.
std::optional<std::string_view> read_file_into(const std::string& path, std::string& buffer) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat info {};
  bool ok = ::fstat(fd, &info) == 0;
  // A regular file is read to its size; a pipe (monsoon parse /dev/stdin) to its end.
  const bool regular = ok && S_ISREG(info.st_mode);
  const std::size_t expected = regular ? static_cast<std::size_t>(info.st_size) : 0;
  std::size_t size = 0;
  while (ok && (!regular || size < expected)) {
    const std::size_t room = regular ? expected : std::max<std::size_t>(size * 2, 64 * 1024);
    if (buffer.size() < room) buffer.resize(room);
    const ssize_t got = ::read(fd, buffer.data() + size, buffer.size() - size);
    if (got < 0 && errno == EINTR) continue;
    if (got == 0 && !regular) break;  // end of the pipe
    ok = got > 0;  // a regular file that ends early changed under us
    if (ok) size += static_cast<std::size_t>(got);
  }
  ::close(fd);
  if (!ok) return std::nullopt;
  return std::string_view(buffer.data(), size);
}

std::optional<std::string> read_file(const std::string& path) {
  std::string buffer;
  const auto bytes = read_file_into(path, buffer);
  if (!bytes) return std::nullopt;
  buffer.resize(bytes->size());
  return buffer;
}

}  // namespace

std::optional<config::Config> load_for_command(const GlobalOptions& global) {
  auto config = load_or_report(global);
  if (!config) return std::nullopt;
  // A broken regions_file or rule is a config error: refuse to start, as for the rest.
  // Only then is the classifier built here (~0.1 s): the shipped data alone is checked
  // by classify_test, and a poll answered with 304s never needs it.
  const bool operator_data = !config->classify.regions_file.empty() ||
                             !config->classify.rules.empty();
  if (operator_data) {
    if (auto classifier = load_classifier(*config); !classifier) {
      std::cerr << classifier.error().message << '\n';
      return std::nullopt;
    }
  }
  return config;
}

std::optional<model::IsoWeek> week_or_report(const config::Config& config,
                                             const std::optional<std::string>& week_text,
                                             std::string_view command) {
  if (!week_text) return current_week(config, now());
  auto parsed = digest::parse_week(*week_text);
  if (!parsed) {
    std::cerr << "monsoon " << command << ": invalid week \"" << *week_text
              << "\": use YYYY-Www, e.g. 2026-W48\n";
  }
  return parsed;
}

std::optional<store::Store> open_store_for_command(const config::Config& config) {
  return open_store(config);
}

int run_command(const GlobalOptions& global, bool once) {
  auto config = load_for_command(global);
  if (!config) return kExitConfig;
  auto store = open_store(*config);
  if (!store) return kExitFailure;
  if (!once) return run_service(*config, *store);

  if (poll_once(*config, *store, true).storage_error) return kExitFailure;
  auto written = write_digest(*config, *store, current_week(*config, now()));
  if (!written) {
    spdlog::error("digest failed error=\"{}\"", written.error().message);
    return kExitFailure;
  }
  std::cout << written->string() << '\n';
  return kExitOk;
}

int poll_command(const GlobalOptions& global) {
  auto config = load_for_command(global);
  if (!config) return kExitConfig;
  auto store = open_store(*config);
  if (!store) return kExitFailure;
  return poll_once(*config, *store, true).storage_error ? kExitFailure : kExitOk;
}

int digest_command(const GlobalOptions& global, const std::optional<std::string>& week_text,
                   bool to_stdout) {
  auto config = load_or_report(global);
  if (!config) return kExitConfig;
  const auto week = week_or_report(*config, week_text, "digest");
  if (!week) return kExitUsage;
  auto store = open_store(*config);
  if (!store) return kExitFailure;
  auto written = write_digest(*config, *store, *week);
  if (!written) {
    spdlog::error("digest failed error=\"{}\"", written.error().message);
    return kExitFailure;
  }
  if (to_stdout) {
    std::cout << read_file(written->string()).value_or("");
  } else {
    std::cout << written->string() << '\n';
  }
  return kExitOk;
}

int check_config_command(const GlobalOptions& global) {
  auto config = load_for_command(global);
  if (!config) return kExitConfig;
  int enabled = 0;
  for (const auto& feed : config->feeds) enabled += feed.enabled ? 1 : 0;
  std::cout << config->source_file.string() << ": ok (" << config->feeds.size() << " feeds, "
            << enabled << " enabled)\n";
  return kExitOk;
}

int feeds_command(const GlobalOptions& global, bool json) {
  auto config = load_or_report(global);
  if (!config) return kExitConfig;
  auto store = open_store(*config);
  if (!store) return kExitFailure;
  auto states = store->feeds();
  if (!states) {
    spdlog::error("feeds unavailable error=\"{}\"", states.error().message);
    return kExitFailure;
  }
  auto list = nlohmann::json::array();
  for (const auto& feed : config->feeds) {
    nlohmann::json row = {{"name", feed.name},
                          {"url", feed.url},
                          {"region", model::to_string(feed.region)},
                          {"enabled", feed.enabled}};
    const store::FeedState* state = nullptr;
    for (const auto& candidate : *states) {
      if (candidate.url == feed.url) state = &candidate;
    }
    const store::FeedState empty;
    const auto& known = state ? *state : empty;
    row["moved_to"] = known.moved_streak >= kMovedAfterPolls ? known.moved_url : "";
    row["last_attempt"] = iso(known.last_attempt);
    row["last_success"] = iso(known.last_success);
    row["last_status"] = known.last_status;
    row["last_error_class"] = known.last_error_class;
    row["last_error"] = known.last_error;
    row["error_streak"] = known.error_streak;
    row["gone"] = known.gone;
    row["next_poll"] = iso(known.next_poll);
    row["not_before"] = iso(known.not_before);
    list.push_back(std::move(row));
  }
  if (json) {
    std::cout << list.dump(2) << '\n';
    return kExitOk;
  }
  std::cout << fmt::format("{:<40} {:<14} {:>3} {:<20} {:<20} {}\n", "NAME", "REGION", "ST",
                           "LAST SUCCESS", "NEXT POLL", "LAST ERROR");
  for (const auto& row : list) {
    const std::string error_class = row["last_error_class"];
    std::cout << fmt::format("{:<40.40} {:<14} {:>3} {:<20} {:<20} {}\n",
                             row["name"].get<std::string>(), row["region"].get<std::string>(),
                             row["last_status"].get<int>(),
                             row["enabled"].get<bool>() ? row["last_success"].get<std::string>()
                                                        : "disabled",
                             row["next_poll"].get<std::string>(),
                             error_class.empty() ? "" : error_class + " (" +
                                 std::to_string(row["error_streak"].get<int>()) + "x): " +
                                 row["last_error"].get<std::string>());
  }
  return kExitOk;
}

int parse_command(const ParseCommandOptions& options) {
  parse::ParseOptions parse_options{.content_type = options.content_type,
                                    .base_url = options.base_url,
                                    .forced_encoding = options.encoding,
                                    .now = now()};
  if (!options.region.empty()) {
    auto region = model::region_from_string(options.region);
    if (!region) {
      std::cerr << "monsoon parse: unknown region \"" << options.region << "\"\n";
      return kExitUsage;
    }
    parse_options.region = *region;
  }
  int status = kExitOk;
  std::string buffer;
  std::string line;
  for (const auto& file : options.files) {
    const auto bytes = read_file_into(file, buffer);
    if (!bytes) {
      std::cerr << "monsoon parse: cannot read " << file << '\n';
      status = kExitFailure;
      continue;
    }
    auto parsed = parse::parse_feed(*bytes, parse_options);
    model::ParsedFeed feed;
    if (parsed) {
      feed = std::move(*parsed);
    } else {
      feed.bozo = true;
      feed.bozo_exception = parsed.error().message;
    }
    line.clear();
    parse::append_json_line(line, feed, file);
    line += '\n';
    std::cout.write(line.data(), static_cast<std::streamsize>(line.size()));
  }
  return status;
}

}  // namespace monsoon::daemon
