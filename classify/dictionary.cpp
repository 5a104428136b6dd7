#include "dictionary.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <set>

namespace monsoon::classify::detail {
namespace {

constexpr std::array<std::string_view, kTermKinds> kKindNames = {
    "name", "government", "place", "company", "currency", "weak"};

bool is_latin_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
}

std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Regions a data file may name: the seven, plus global and pan_asia.
std::optional<model::Region> data_region(std::string_view name) {
  auto region = model::region_from_string(name);
  if (!region || *region == model::Region::unassigned) return std::nullopt;
  return region;
}

class Loader {
 public:
  Loader(std::string_view source, Dictionary& dictionary)
      : source_(source), dictionary_(dictionary) {}

  model::Result<void> fail(const toml::source_region& where, const std::string& message) const {
    return model::fail(model::Errc::config, std::string(source_) + ":" +
                                                std::to_string(where.begin.line) + ":" +
                                                std::to_string(where.begin.column) + ": " + message);
  }

  model::Result<void> weights(const toml::table& table);
  model::Result<void> region(std::string_view name, const toml::node& node);

 private:
  model::Result<void> term_list(model::Region region, std::size_t kind, const toml::node& node);
  model::Result<void> signal_list(model::Region region, bool tld, const toml::node& node);

  std::string_view source_;
  Dictionary& dictionary_;
  std::set<std::string, std::less<>> seen_;  // terms of this text, to catch repeats
};

model::Result<void> Loader::weights(const toml::table& table) {
  for (const auto& [key, value] : table) {
    const auto number = value.value<double>();
    if (!number || *number < 0.0 || *number > 100.0) {
      return fail(value.source(), "weights." + std::string(key.str()) +
                                      ": expected a number from 0 to 100");
    }
    const std::string_view name = key.str();
    auto kind = std::find(kKindNames.begin(), kKindNames.end(), name);
    if (kind != kKindNames.end()) {
      dictionary_.weights.term[static_cast<std::size_t>(kind - kKindNames.begin())] = *number;
    } else if (name == "tld") {
      dictionary_.weights.tld = *number;
    } else if (name == "language") {
      dictionary_.weights.language = *number;
    } else if (name == "script") {
      dictionary_.weights.script = *number;
    } else if (name == "prior") {
      dictionary_.weights.prior = *number;
    } else {
      return fail(key.source(), "unknown weight " + std::string(name) +
                                    "; known: name, government, place, company, currency, "
                                    "weak, tld, language, script, prior");
    }
  }
  return {};
}

model::Result<void> Loader::region(std::string_view name, const toml::node& node) {
  const auto region = data_region(name);
  if (!region) {
    return fail(node.source(), "unknown region \"" + std::string(name) +
                                   "\"; valid: china, taiwan, japan, south_korea, india, "
                                   "southeast_asia, rest_of_asia, global, pan_asia");
  }
  const auto* table = node.as_table();
  if (table == nullptr) return fail(node.source(), "region." + std::string(name) + ": expected a table");
  for (const auto& [key, value] : *table) {
    const std::string_view kind = key.str();
    auto found = std::find(kKindNames.begin(), kKindNames.end(), kind);
    model::Result<void> done;
    if (found != kKindNames.end()) {
      done = term_list(*region, static_cast<std::size_t>(found - kKindNames.begin()), value);
    } else if (kind == "tlds" || kind == "languages") {
      done = signal_list(*region, kind == "tlds", value);
    } else {
      return fail(key.source(), "unknown list \"" + std::string(kind) +
                                    "\"; known: name, government, place, company, currency, "
                                    "weak, tlds, languages");
    }
    if (!done) return done;
  }
  return {};
}

model::Result<void> Loader::term_list(model::Region region, std::size_t kind, const toml::node& node) {
  const auto* array = node.as_array();
  if (array == nullptr) return fail(node.source(), "expected a list of terms");
  for (const auto& element : *array) {
    std::optional<std::string> text = element.value<std::string>();
    double weight = dictionary_.weights.term[kind];
    if (const auto* inline_table = element.as_table()) {
      text = (*inline_table)["term"].value<std::string>();
      if (auto own = (*inline_table)["weight"].value<double>()) weight = *own;
      if (weight < 0.0 || weight > 100.0) return fail(element.source(), "weight must be 0 to 100");
    }
    if (!text || text->empty()) {
      return fail(element.source(), "expected a non-empty string or { term = \"...\", weight = N }");
    }
    if (!seen_.insert(*text).second) {
      return fail(element.source(), "term \"" + *text + "\" is listed twice");
    }
    dictionary_.put(make_term(std::move(*text), region, weight, static_cast<Kind>(kind)));
  }
  return {};
}

model::Result<void> Loader::signal_list(model::Region region, bool tld, const toml::node& node) {
  const auto* array = node.as_array();
  if (array == nullptr) return fail(node.source(), "expected a list of strings");
  for (const auto& element : *array) {
    auto text = element.value<std::string>();
    if (!text || text->empty()) return fail(element.source(), "expected a non-empty string");
    const double weight = tld ? dictionary_.weights.tld : dictionary_.weights.language;
    (tld ? dictionary_.tlds : dictionary_.languages)[lowered(*text)] = Signal{region, weight};
  }
  return {};
}

}  // namespace

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::rule: return "rule";
    case Kind::tld: return "link";
    case Kind::language: return "language";
    case Kind::script: return "script";
    case Kind::prior: return "feed";
    default: return kKindNames[static_cast<std::size_t>(kind)];
  }
}

Term make_term(std::string text, model::Region region, double weight, Kind kind) {
  Term term;
  term.case_sensitive = std::any_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  term.word_start = !text.empty() && is_latin_word_byte(text.front());
  term.word_end = !text.empty() && is_latin_word_byte(text.back());
  term.text = std::move(text);
  term.region = region;
  term.weight = weight;
  term.kind = kind;
  return term;
}

void Dictionary::put(Term term) {
  auto found = term_index.find(term.text);
  if (found != term_index.end()) {
    terms[found->second] = std::move(term);
    return;
  }
  term_index.emplace(term.text, terms.size());
  terms.push_back(std::move(term));
}

model::Result<void> load_regions(std::string_view text, std::string_view source,
                                 Dictionary& dictionary) {
  toml::table root;
  Loader loader(source, dictionary);
  try {
    root = toml::parse(text, std::string(source));
  } catch (const toml::parse_error& error) {
    return loader.fail(error.source(), "TOML syntax error: " + std::string(error.description()));
  }
  // Weights first, so that lists read afterwards get the file's weights.
  if (const auto* weights = root["weights"].as_table()) {
    if (auto done = loader.weights(*weights); !done) return done;
  }
  for (const auto& [key, value] : root) {
    const std::string_view name = key.str();
    if (name == "weights") {
      if (!value.is_table()) return loader.fail(value.source(), "weights: expected a table");
      continue;
    }
    if (name != "region" || !value.is_table()) {
      return loader.fail(key.source(), "unknown key \"" + std::string(name) +
                                           "\"; expected [weights] and [region.NAME] tables");
    }
    for (const auto& [region, table] : *value.as_table()) {
      if (auto done = loader.region(region.str(), table); !done) return done;
    }
  }
  return {};
}

}  // namespace monsoon::classify::detail
