#include "regions.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
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
  return std::move(*builtin);  // the shipped data is checked by classify_test
}

const classify::Classifier& LazyClassifier::get() const {
  std::call_once(once_, [this] { classifier_.emplace(classifier_or_builtin(config_)); });
  return *classifier_;
}

}  // namespace monsoon::daemon
