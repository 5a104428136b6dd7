#pragma once
// spdlog to stderr. Under systemd (JOURNAL_STREAM set) lines carry no timestamp,
// since journald adds its own.

#include <string>

namespace monsoon::daemon {

// level: trace, debug, info, warn, error, off. Unknown names fall back to info.
void setup_logging(const std::string& level);

}  // namespace monsoon::daemon
