#pragma once
// Internal to the config module: collecting diagnostics and suggesting spellings.

#include <monsoon/config.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace monsoon::config::detail {

// A 1-based place in the config file; line 0 means "no particular place".
struct Position {
  int line = 0;
  int column = 0;
};

// Collects every problem found while reading one file. Not thread-safe.
class Reporter {
 public:
  explicit Reporter(std::string file) : file_(std::move(file)) {}

  void error(Position at, std::string message);
  [[nodiscard]] bool empty() const { return diagnostics_.empty(); }
  [[nodiscard]] const std::string& file() const { return file_; }

  // The diagnostics in file order (by line, then column; positionless ones first),
  // keeping the order of reporting for problems at the same place.
  [[nodiscard]] std::vector<Diagnostic> take();

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
};

// The candidate closest to `word` when it is within a small edit distance
// (transpositions count as one edit, case is ignored); nullopt when none is close.
std::optional<std::string_view> closest_match(std::string_view word,
                                              const std::vector<std::string_view>& candidates);

// "a, b, c"
std::string join(const std::vector<std::string_view>& words, std::string_view separator = ", ");

// The text between double quotes, with quotes, backslashes and control characters
// escaped so that a message stays on one line.
std::string quote(std::string_view text);

}  // namespace monsoon::config::detail
