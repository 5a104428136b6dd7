#include "environment.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

namespace monsoon::config::detail {

namespace fs = std::filesystem;

namespace {

fs::path zoneinfo_dir() {
  const char* tzdir = std::getenv("TZDIR");
  if (tzdir != nullptr && *tzdir != '\0') return tzdir;
  return "/usr/share/zoneinfo";
}

// The entry of `folder` closest to `name`, for "did you mean" on a misspelt city.
std::optional<std::string> closest_entry(const fs::path& folder, std::string_view name) {
  std::error_code error;
  std::vector<std::string> entries;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    entries.push_back(it->path().filename().string());
  }
  const std::vector<std::string_view> views(entries.begin(), entries.end());
  if (auto match = closest_match(name, views)) return std::string(*match);
  return std::nullopt;
}

}  // namespace

void check_timezone_installed(std::string_view zone, std::string_view key, Position at,
                              Reporter& reporter) {
  if (zone == "UTC") return;
  const fs::path root = zoneinfo_dir();
  const fs::path file = root / fs::path(zone);
  std::error_code error;
  if (fs::is_regular_file(file, error)) return;
  std::string message =
      std::string(key) + ": unknown timezone " + quote(zone) + ": no file " + quote(file.string());
  const fs::path relative(zone);
  if (auto match = closest_entry(file.parent_path(), relative.filename().string())) {
    const fs::path suggestion = relative.parent_path() / *match;
    if (fs::is_regular_file(root / suggestion, error)) {
      message += "; did you mean " + quote(suggestion.string()) + "?";
    }
  }
  reporter.error(at, message);
}

void check_folder_usable(const fs::path& folder, std::string_view key, Position at,
                         Reporter& reporter) {
  // Walk up to the nearest ancestor that exists; the daemon would create the rest.
  fs::path existing = folder;
  std::error_code error;
  fs::file_status status = fs::status(existing, error);
  while (status.type() == fs::file_type::not_found && existing.has_relative_path()) {
    existing = existing.parent_path();
    status = fs::status(existing, error);
  }
  const std::string prefix = std::string(key) + ": ";
  const std::string subject =
      existing == folder
          ? "folder " + quote(folder.string())
          : "cannot create folder " + quote(folder.string()) + ": " + quote(existing.string());
  if (error && status.type() != fs::file_type::not_found) {
    reporter.error(at, prefix + subject + " cannot be inspected: " + error.message());
  } else if (status.type() != fs::file_type::directory) {
    reporter.error(at, prefix + subject + " is not a directory");
  } else if (::access(existing.c_str(), W_OK | X_OK) != 0) {
    const int reason = errno;
    reporter.error(at, prefix + subject + " is not writable: " + std::strerror(reason));
  }
}

void check_file_folder_usable(const fs::path& file, std::string_view key, Position at,
                              Reporter& reporter) {
  std::error_code error;
  if (fs::is_directory(file, error)) {
    reporter.error(at, std::string(key) + ": " + quote(file.string()) +
                           " is a directory, expected a database file name");
    return;
  }
  check_folder_usable(file.parent_path(), key, at, reporter);
}

}  // namespace monsoon::config::detail
