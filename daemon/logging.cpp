#include "logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

namespace monsoon::daemon {

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("monsoon");
  const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
  logger->set_pattern(journal ? "%l %v" : "%Y-%m-%d %H:%M:%S %^%l%$ %v");
  auto parsed = spdlog::level::from_str(level);
  // from_str answers "off" for names it does not know; only "off" itself means off.
  if (parsed == spdlog::level::off && level != "off") parsed = spdlog::level::info;
  logger->set_level(parsed);
  spdlog::set_default_logger(logger);
}

}  // namespace monsoon::daemon
