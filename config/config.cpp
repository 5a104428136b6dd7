// Entry points: parse_config, load_config, find_config, and Diagnostic printing.

#include "environment.hpp"
#include "report.hpp"
#include "sections.hpp"
#include "values.hpp"

#include <monsoon/config.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace monsoon::config {

namespace fs = std::filesystem;

std::string to_string(const Diagnostic& diagnostic) {
  if (diagnostic.line <= 0) return diagnostic.file + ": " + diagnostic.message;
  return diagnostic.file + ":" + std::to_string(diagnostic.line) + ":" +
         std::to_string(diagnostic.column) + ": " + diagnostic.message;
}

namespace {

using detail::Position;
using detail::Positions;
using detail::Reporter;

void reject_unknown_sections(const toml::table& root, Reporter& reporter) {
  static const std::vector<std::string_view> kSections = {"store", "fetch", "digest", "classify",
                                                            "feed", "rule"};
  for (auto&& [key, value] : root) {
    const std::string_view name = key.str();
    if (std::find(kSections.begin(), kSections.end(), name) != kSections.end()) continue;
    const bool is_table = value.is_table() || value.is_array_of_tables();
    std::string message = is_table ? "unknown table [" + std::string(name) + "]"
                                   : "unknown key " + detail::quote(name) + " outside any table";
    if (auto suggestion = detail::closest_match(name, kSections)) {
      const bool feed = *suggestion == "feed" || *suggestion == "rule";
      message += ": did you mean " + std::string(feed ? "[[" : "[") + std::string(*suggestion) +
                 (feed ? "]]" : "]") + "?";
    } else {
      message += "; allowed tables are [store], [fetch], [digest], [classify], [[feed]] and [[rule]]";
    }
    reporter.error(detail::position_of(key.source()), std::move(message));
  }
}

// Parses `text` into `config`, reporting every problem. Returns false when the text
// is not TOML at all, in which case nothing else could be checked.
bool parse_into(std::string_view text, const fs::path& file, Reporter& reporter, Config& config,
                Positions& positions) {
  std::error_code error;
  fs::path absolute = fs::absolute(file, error);
  if (error) absolute = file;
  config.source_file = absolute.lexically_normal();
  const fs::path base_dir = config.source_file.parent_path();

  toml::table root;
  try {
    root = toml::parse(text, std::string(reporter.file()));
  } catch (const toml::parse_error& parse_error) {
    reporter.error(detail::position_of(parse_error.source()),
                   "TOML syntax error: " + std::string(parse_error.description()));
    return false;
  }
  reject_unknown_sections(root, reporter);
  detail::read_store(root.get("store"), base_dir, reporter, config.store, positions);
  const auto limits = detail::read_fetch(root.get("fetch"), reporter, config.fetch);
  detail::read_digest(root.get("digest"), base_dir, reporter, config.digest, positions);
  detail::read_classify(root.get("classify"), base_dir, reporter, config.classify);
  detail::read_feeds(root.get("feed"), limits, base_dir, reporter, config.feeds);
  detail::read_rules(root.get("rule"), reporter, config.classify);
  return true;
}

LoadResult finish(Reporter& reporter, Config&& config) {
  LoadResult result;
  result.diagnostics = reporter.take();
  if (result.diagnostics.empty()) result.config = std::move(config);
  return result;
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// The whole file, or the reason it cannot be read.
std::optional<std::string> read_file(const fs::path& file, std::string& reason) {
  std::error_code error;
  if (fs::is_directory(file, error)) {
    reason = "is a directory, not a config file";
    return std::nullopt;
  }
  std::unique_ptr<std::FILE, FileCloser> stream(std::fopen(file.c_str(), "rb"));
  if (!stream) {
    reason = std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  char buffer[16384];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, stream.get())) > 0) text.append(buffer, got);
  if (std::ferror(stream.get()) != 0) {
    reason = std::strerror(errno);
    return std::nullopt;
  }
  return text;
}

}  // namespace

LoadResult parse_config(std::string_view text, const fs::path& file) {
  Reporter reporter(file.string());
  Config config;
  Positions positions;
  parse_into(text, file, reporter, config, positions);
  return finish(reporter, std::move(config));
}

LoadResult load_config(const fs::path& file) {
  Reporter reporter(file.string());
  std::string reason;
  const auto text = read_file(file, reason);
  if (!text) {
    reporter.error(Position{}, "cannot read config file: " + reason);
    return finish(reporter, Config{});
  }
  Config config;
  Positions positions;
  if (parse_into(*text, file, reporter, config, positions)) {
    // Only values that passed parse_config are checked, so each problem is told once.
    if (positions.store_path) {
      detail::check_file_folder_usable(config.store.path, "store.path", *positions.store_path,
                                       reporter);
    }
    if (positions.output_dir) {
      detail::check_folder_usable(config.digest.output_dir, "digest.output_dir",
                                  *positions.output_dir, reporter);
    }
    if (positions.timezone) {
      detail::check_timezone_installed(config.digest.timezone, "digest.timezone",
                                       *positions.timezone, reporter);
    }
  }
  return finish(reporter, std::move(config));
}

fs::path find_config(const std::optional<fs::path>& explicit_path) {
  if (explicit_path) return *explicit_path;
  const char* from_environment = std::getenv("MONSOON_CONFIG");
  if (from_environment != nullptr && *from_environment != '\0') return from_environment;
  std::error_code error;
  const fs::path here = fs::current_path(error);
  if (!error) {
    fs::path local = here / "monsoon.toml";
    if (fs::exists(local, error)) return local;
  }
  return "/etc/monsoon/monsoon.toml";
}

}  // namespace monsoon::config
