#pragma once
// The region classifier the daemon uses: the shipped data, the operator's
// [classify] regions_file and the config's [[rule]] tables.

#include <monsoon/classify.hpp>
#include <monsoon/config.hpp>

#include <mutex>
#include <optional>

namespace monsoon::daemon {

// Reads [classify] regions_file (if set) and builds the classifier. Fails with
// Errc::config naming the file (unreadable, or "FILE:LINE:COL: problem") or the rule.
[[nodiscard]] model::Result<classify::Classifier> load_classifier(const config::Config& config);

// load_classifier(), or on failure the shipped data alone after logging the error
// (the config was checked at startup; the file may have changed since).
classify::Classifier classifier_or_builtin(const config::Config& config);

// classifier_or_builtin(), built on first use: building takes about 0.1 s and a poll
// answered only with 304s never classifies anything. Thread-safe; `config` must
// outlive it.
class LazyClassifier {
 public:
  explicit LazyClassifier(const config::Config& config) : config_(config) {}
  const classify::Classifier& get() const;

 private:
  const config::Config& config_;
  mutable std::once_flag once_;
  mutable std::optional<classify::Classifier> classifier_;
};

}  // namespace monsoon::daemon
