#include "regions.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <stdexcept>
#include <sstream>

namespace monsoon::daemon {

model::Result<classify::Classifier> load_classifier(const config::Config& config) {
  std::string text;
  const auto& path = config.classify.regions_file;
  if (!path.empty()) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return model::fail(model::Errc::config,
                         path.string() + ": cannot read the [classify] regions_file");
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    text = std::move(bytes).str();
  }
  return classify::Classifier::create(text, path.string(), config.classify.rules);
}

classify::Classifier classifier_or_builtin(const config::Config& config) {
  auto loaded = load_classifier(config);
  if (loaded) return std::move(*loaded);
  spdlog::error("classifier fallback reason=\"{}\" using=builtin", loaded.error().message);
  auto builtin = classify::Classifier::create();
  // Only a bad build can break the shipped data (classify_test reads it); the top of
  // the daemon logs this and exits non-zero.
  if (!builtin) throw std::runtime_error("built-in regions data: " + builtin.error().message);
  return std::move(*builtin);
}

const classify::Classifier& LazyClassifier::get() const {
  std::call_once(once_, [this] { classifier_.emplace(classifier_or_builtin(config_)); });
  return *classifier_;
}

}  // namespace monsoon::daemon
