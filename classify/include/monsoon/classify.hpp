#pragma once
// Classification: which region an entry is about, with how sure and why, and which
// key identifies an entry within its feed. Pure functions over values: no I/O, no
// clock, no logging.
//
// The region classifier looks for evidence in the title and summary: names of
// countries, places, governments and regulators, companies and currencies, in
// English and in local scripts, from a data file (classify/data/regions.toml, built
// into the binary, which operators can extend) and from the config's rules. All
// terms are found in one pass with an Aho-Corasick automaton. Weaker signals add to
// that: the link's country-code domain, the item's language, the script of its text
// and the feed's configured region. Title counts more than summary and an early
// mention more than a late one, so a story naming two countries goes to the one it
// leads with. Evidence of a place outside Asia (and no Asian evidence to outweigh
// it) gives `global`; too little evidence gives `unassigned`.

#include <monsoon/model.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace monsoon::classify {

// One piece of evidence and what it added to its region's score.
struct Reason {
  std::string term;    // the term as written in the data ("TSMC"), or the signal (".tw", "ja")
  std::string_view kind;  // name, government, place, company, currency, weak, rule, link,
                          // language, script or feed (static strings)
  model::Region region = model::Region::unassigned;
  double weight = 0.0;  // after the title/summary and position factors
  bool in_title = false;
};

struct Verdict {
  model::Region region = model::Region::unassigned;
  double confidence = 0.0;  // 0..1
  std::string evidence;     // the reasons in one line: "TSMC taiwan +3.3 title; .tw taiwan +0.8"
  std::vector<Reason> reasons;  // strongest first
  model::Region runner_up = model::Region::unassigned;  // next best region with evidence
};

// What the classifier reads of an item. The views must outlive the call only.
struct Input {
  std::string_view title;
  std::string_view summary;   // plain text; only the first kSummaryBytes are read
  std::string_view link;
  std::string_view language;  // BCP 47 tag, may be empty
  model::Region feed_region = model::Region::unassigned;  // a prior, not a verdict...
  bool region_fixed = false;                              // ...unless fixed
};

inline constexpr std::size_t kSummaryBytes = 600;
// Verdicts less sure than this come back unassigned.
inline constexpr double kConfidenceThreshold = 0.3;

class Classifier {
 public:
  // The shipped regions.toml, then `extra_regions` (an operator's file of the same
  // format, named `extra_source` in messages; empty for none), then `rules`.
  // Fails with Errc::config and "SOURCE:LINE:COL: message" for a bad data file, or a
  // message naming the pattern for a bad rule (empty pattern or weight outside 0..100).
  [[nodiscard]] static model::Result<Classifier> create(
      std::string_view extra_regions = {}, std::string_view extra_source = {},
      const std::vector<model::RegionRule>& rules = {});

  Classifier(Classifier&&) noexcept;
  Classifier& operator=(Classifier&&) noexcept;
  ~Classifier();

  // Thread-safe: a Classifier is immutable once created.
  [[nodiscard]] Verdict classify(const Input& input) const;
  // The entry's title and summary (or first content) as plain text, its link and
  // language, and the feed's region and region_fixed.
  [[nodiscard]] Verdict classify(const model::Entry& entry, const model::FeedSource& feed) const;

  // How many terms and automaton states the dictionary compiled to.
  [[nodiscard]] std::size_t term_count() const;

 private:
  struct Impl;
  explicit Classifier(std::unique_ptr<const Impl> impl);
  std::unique_ptr<const Impl> impl_;
};

// A classifier of the shipped data only, built on first use (thread-safe).
const Classifier& builtin_classifier();

// The text of the shipped regions.toml, as built into the binary.
std::string_view builtin_regions_toml();

// builtin_classifier().classify(entry, feed).
Verdict classify_region(const model::Entry& entry, const model::FeedSource& feed);

// A few lines for a person: the verdict, its confidence, each reason, the runner-up.
std::string explain(const Verdict& verdict);

// The key that identifies `entry` within its feed, in this order: "guid:" + the
// entry id; else "link:" + its link; else "hash:" + a hash of title and date.
// Never empty.
std::string identity_key(const model::Entry& entry);

}  // namespace monsoon::classify
