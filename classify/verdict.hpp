#pragma once
// Internal to classify: adding up evidence per region and turning the sums into a
// Verdict.

#include "signals.hpp"

#include <monsoon/classify.hpp>

#include <array>
#include <string>
#include <string_view>

namespace monsoon::classify::detail {

inline constexpr std::size_t kDigestRegionCount = 7;  // china .. rest_of_asia, in enum order
inline constexpr std::size_t kScoredRegions = 9;      // ... plus pan_asia and global

struct Tally {
  std::array<double, kScoredRegions> terms{};    // dictionary terms and rules
  std::array<double, kScoredRegions> signals{};  // link, language, script, feed
  std::vector<Reason> reasons;
  ScriptCounts scripts;
  bool subject_taken = false;  // the title's first strong term has had its bonus

  // `kind` must be a static string: Reason keeps the view.
  void add_term(std::string_view term, std::string_view kind, model::Region region,
                double weight, bool in_title);
  void add_signal(std::string term, std::string_view kind, model::Region region, double weight);

  Tally() { reasons.reserve(8); }
};

// "Hangul", "kana", "Simplified Han", ... for the script the counts point to.
std::string_view script_name(const ScriptCounts& counts);

Verdict fixed_verdict(model::Region region);

// `value` with one decimal, as std::to_chars(fixed, 1) writes it: "2.5", "0.0".
std::string one_decimal(double value);

// The region with the most evidence, unless global evidence outweighs all Asian
// evidence (pan-Asian terms, "Asia", count as Asian here), or there is too little
// to go on (then unassigned). With no evidence at
// all, text in Latin script of a few words or more is taken as global, unless the
// feed is about Asia (pan_asia or one of the seven regions): then it is unassigned.
//
// The feed's region (one of the seven) is a weak prior of `prior_weight`, used only
// where the text is unsure: it names the feed's region about as strongly as anything
// else. It never outweighs clear text about another region. global and pan_asia
// feeds give no prior.
Verdict decide(Tally tally, model::Region feed_region, double prior_weight);

}  // namespace monsoon::classify::detail
