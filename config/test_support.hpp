#pragma once
// Helpers shared by the config module's tests (not part of the library).

#include <monsoon/config.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace monsoon::config::testing {

inline const std::filesystem::path kFile = "/etc/monsoon/monsoon.toml";

// Every diagnostic of `result`, one to_string() per line.
inline std::string printed(const LoadResult& result) {
  std::string out;
  for (const auto& diagnostic : result.diagnostics) out += to_string(diagnostic) + "\n";
  return out;
}

// The one diagnostic a text produces; fails the test when there is not exactly one.
inline Diagnostic only_diagnostic(std::string_view text) {
  const auto result = parse_config(text, kFile);
  INFO("diagnostics:\n" << printed(result));
  REQUIRE(result.diagnostics.size() == 1);
  CHECK_FALSE(result.config.has_value());
  return result.diagnostics.front();
}

// A [[feed]] that is valid, to complete texts that test something else (lines 2-5).
inline constexpr std::string_view kGoodFeed = R"(
[[feed]]
url = "https://technode.com/feed/"
name = "TechNode"
region = "china"
)";

}  // namespace monsoon::config::testing
