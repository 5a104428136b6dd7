#pragma once
// Internal to classify: the evidence of regions.toml as values, and reading it.
// The format is documented at the top of data/regions.toml.

#include <monsoon/model.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace monsoon::classify::detail {

// What a term is. Term kinds come from regions.toml; the rest name the weak signals.
enum class Kind : std::uint8_t {
  name, government, place, company, currency, weak, rule,  // terms found in the text
  tld, language, script, prior                             // signals outside the text
};
inline constexpr std::size_t kTermKinds = 6;  // the kinds a regions.toml list may hold
std::string_view to_string(Kind kind);

struct Term {
  std::string text;  // as written in the data file or rule
  model::Region region = model::Region::unassigned;
  double weight = 0.0;
  Kind kind = Kind::name;
  bool case_sensitive = false;  // written with a capital: matches as written or in capitals
  bool word_start = false;      // starts with a Latin letter or digit: needs a word boundary
  bool word_end = false;
};

struct Signal {
  model::Region region = model::Region::unassigned;
  double weight = 0.0;
};

struct Weights {
  std::array<double, kTermKinds> term = {3.0, 3.0, 2.5, 2.5, 2.0, 1.0};
  double tld = 0.8;
  double language = 0.8;
  double script = 1.0;
  double prior = 1.5;
};

// Everything the classifier knows, merged from the shipped file, an operator's file
// and the config's rules. Later sources override earlier ones term by term.
// Hashes std::string and std::string_view alike, so a map keyed by std::string is
// searched with a view (C++20 heterogeneous lookup).
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
template <class Value>
using TextMap = std::unordered_map<std::string, Value, TextHash, std::equal_to<>>;

struct Dictionary {
  Weights weights;
  std::vector<Term> terms;
  std::map<std::string, std::size_t, std::less<>> term_index;  // text -> index in terms
  // Searched for every item (its link's domain, its feed's language).
  TextMap<Signal> tlds;       // "tw", "co.uk"
  TextMap<Signal> languages;  // "zh-tw", "ja"

  // Adds a term or, when its text is already known, replaces it.
  void put(Term term);
};

// Reads one regions.toml text into `dictionary`. `source` names it in messages.
// Fails with Errc::config and "SOURCE:LINE:COL: message" on the first problem: TOML
// syntax, an unknown region or kind, a term listed twice in this text, a bad weight.
[[nodiscard]] model::Result<void> load_regions(std::string_view text, std::string_view source,
                                               Dictionary& dictionary);

// Makes the term for a config rule or data entry: sets case and boundary flags.
Term make_term(std::string text, model::Region region, double weight, Kind kind);

}  // namespace monsoon::classify::detail
