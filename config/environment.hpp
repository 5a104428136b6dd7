#pragma once
// Internal to the config module: the checks load_config makes against the machine
// it runs on. They read the file system but never change it.

#include "report.hpp"

#include <filesystem>
#include <string_view>

namespace monsoon::config::detail {

// Reports `zone` (at `at`, as `key`) when no such file exists under the zoneinfo
// folder: $TZDIR when set (as glibc does), else /usr/share/zoneinfo. "UTC" is always
// accepted so that the default works on machines without tzdata.
void check_timezone_installed(std::string_view zone, std::string_view key, Position at,
                              Reporter& reporter);

// Reports when `folder` is neither a writable directory nor creatable, that is when
// its nearest existing ancestor is not a writable directory.
void check_folder_usable(const std::filesystem::path& folder, std::string_view key, Position at,
                         Reporter& reporter);

// Reports when `file` (the database) is itself a directory, then checks its folder.
void check_file_folder_usable(const std::filesystem::path& file, std::string_view key, Position at,
                              Reporter& reporter);

}  // namespace monsoon::config::detail
