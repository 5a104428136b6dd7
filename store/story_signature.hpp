#pragma once
// Story signatures: what near-duplicate matching keeps of an item's title and
// summary, and the rule that says whether two of them are one story. Pure and
// thread-safe.
//
// Why weighted sets and not MinHash: headlines are short (5-20 features), and what
// tells two of them apart is rarely how many words they share but *which*: "India's
// Ola Electric files for IPO" and "India's Swiggy files for IPO" share three of five
// words, "Grab to acquire GoTo" and "GoTo agrees to merger with Grab" two of six. So
// each feature weighs its rarity in the window (document_frequency.hpp), names and
// numbers weigh more, and the rule compares exact weighted sets. MinHash estimates
// unweighted Jaccard; its LSH bands found thousands of candidates per item sharing
// one common word. Candidates now come from an inverted index on each item's rarest
// features (story_index.hpp).

#include "document_frequency.hpp"

#include <monsoon/model.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace monsoon::store::detail {

inline constexpr std::size_t kMaxTitleFeatures = 64;
inline constexpr std::size_t kMaxSummaryFeatures = 48;

struct Signature {
  std::vector<std::uint32_t> title;  // text_features of the title, sorted
  std::vector<std::uint32_t> text;   // of title and summary's start together, sorted
  std::vector<std::uint32_t> names;  // the features of `text` that are names, sorted
  std::vector<std::uint32_t> subject;  // the title's subject (text_features.hpp), sorted
  bool has_summary = false;          // the summary gave kSummaryMin features or more
};

inline constexpr std::size_t kSummaryMin = 8;

// Signature of an item's plain-text title (without its outlet affixes,
// title_affixes.hpp) and summary (see text_features.hpp).
[[nodiscard]] Signature compute_signature(std::string_view title, std::string_view summary);

// Bytes to persist a signature (a BLOB): a version byte, a flag byte, then the four
// sets as little-endian counts and values.
[[nodiscard]] std::string encode_signature(const Signature& signature);
// Fails with Errc::storage when the bytes are not an encode_signature() result of
// this version (the caller then recomputes from the text).
[[nodiscard]] model::Result<Signature> decode_signature(std::string_view bytes);

// The weight of each feature of a signature at one moment of the window: rarity
// (DocumentFrequency::weight), times kNameBoost for its names and kNumberBoost for
// numbers.
struct FeatureWeights {
  std::vector<float> title;  // parallel to Signature::title
  std::vector<float> text;   // parallel to Signature::text
  float title_total = 0;
  float text_total = 0;
};
inline constexpr double kNameBoost = 2.0;
inline constexpr double kNumberBoost = 1.5;

// Fills `out` (reusing its buffers) for `signature`.
void weigh(const Signature& signature, const DocumentFrequency& frequency, FeatureWeights& out);
// The same over the sets themselves (text, its subset title, and names, each sorted)
// from the counts of `text`'s features (parallel to it), as a caller that keeps its
// own counts has them.
void weigh(std::span<const std::uint32_t> text, std::span<const std::uint32_t> title,
           std::span<const std::uint32_t> names, std::span<const std::uint32_t> counts,
           const RarityScale& scale, FeatureWeights& out);

// A signature and its weights, as compare() reads them; both must outlive it.
struct Weighted {
  const Signature& signature;
  const FeatureWeights& weights;
};

// The thresholds of the near-duplicate rule; defaults are explained in
// story_signature.cpp beside compare().
struct SimilarityRule {
  double title = 0.55;        // weighted Jaccard of the titles
  double text = 0.5;          // of title and summary together, both having a summary
  double cover = 0.65;        // each title's weight found in the other's text
  double contain = 0.9;       // one title's weight found in the other's text
  std::size_t title_min = 3;  // shorter titles need agreeing summaries or equal titles
};

// How alike two signatures are; `score` orders candidates (higher is closer) and is
// 0 when the rule says they are not near-duplicates.
struct Similarity {
  double title = 0.0;
  double text = 0.0;
  double cover = 0.0;     // the smaller of the two title-in-text shares
  bool conflict = false;  // each title names a subject or number the other lacks
  double score = 0.0;
};
[[nodiscard]] Similarity compare(Weighted a, Weighted b, const SimilarityRule& rule);

// What a title's features are, by position in the title (bit i: title[i]; at most
// kMaxTitleFeatures = 64, as compute_signature() gives; more are not read): its
// names, its actions, the actions that are markers and its countries (lexicon.hpp's
// is_action, is_marker, is_country; numbers are none of them), and its subject.
struct TitleMarks {
  std::uint64_t names = 0;
  std::uint64_t actions = 0;
  std::uint64_t markers = 0;
  std::uint64_t countries = 0;
  std::uint64_t subject = 0;
  // Which classes of lexicon.hpp's opposed_classes() the title holds: bit 2k for
  // the first of pair k, bit 2k + 1 for the second.
  std::uint32_t opposed = 0;
};
// A sorted title's marks, from its signature's sorted `names` and the lexicon: made
// once per signature rather than once per comparison.
[[nodiscard]] TitleMarks mark_title(std::span<const std::uint32_t> title,
                                    std::span<const std::uint32_t> names,
                                    std::span<const std::uint32_t> subject);

// The same over borrowed arrays (StoryIndex keeps its items' signatures in one
// arena): sorted title, text and names features, the title's and text's weights
// parallel to them, and the title's marks.
struct SignatureView {
  std::span<const std::uint32_t> title, text, names;
  std::span<const float> title_weights, text_weights;
  float title_total = 0;
  float text_total = 0;
  bool has_summary = false;
  TitleMarks marks;
};
[[nodiscard]] SignatureView view_of(Weighted weighted);  // marked

// How one title reads against the other's text: which of its features that text
// holds (bits by title position), and its names, numbers and actions found there or
// missing. The first step of compare(), over the sets alone: a caller can rule out
// a conflicting pair before it weighs the candidate.
struct TitleReading {
  std::uint64_t found = 0;
  bool missing_name = false;    // a name of the title is not in the other's text
  bool missing_other = false;   // nor a feature that is not a name
  bool missing_number = false;  // nor a number
  bool missing_action = false;  // nor an action (not counting markers)
  bool missing_marker = false;  // nor a marker (lexicon.hpp's is_marker: "not", "취소")
  bool missing_country = false;  // nor a country (lexicon.hpp's is_country)
  int names = 0;                // names of the title found in the other's text
  int actions = 0;              // actions of the title found there
  bool missing_subject = false;  // the title has a subject and none of it is there
  bool missing_beyond_subject = false;  // a feature outside the subject is not there
};
struct PairReading {
  TitleReading a, b;
  bool opposed = false;  // opposite outcomes (lexicon.hpp's opposed_classes), each alone
  // Each title names a subject, a number or an action the other's text lacks, and
  // they share no name (no action), or the titles differ only in a name each, or
  // each names a country the other's text lacks, or one title holds a marker the
  // other's text lacks, or they are `opposed`, or they differ only in their subjects
  // ("Infosys / Wipro raises annual revenue growth forecast"): compare() then scores 0.
  [[nodiscard]] bool conflict() const;
};
[[nodiscard]] PairReading read_pair(const SignatureView& a, const SignatureView& b);
[[nodiscard]] Similarity compare(const SignatureView& a, const SignatureView& b,
                                 const SimilarityRule& rule);
// The same, given read_pair(a, b) (which needs no weights).
[[nodiscard]] Similarity compare(const SignatureView& a, const SignatureView& b,
                                 const PairReading& reading, const SimilarityRule& rule);

// False when compare(a, b, reading, rule) is 0 whatever b's text weighs: a needs its
// weights, b only its title's (title_weights, title_total; its text weights are not
// read). Lets a caller skip weighing most candidates (story_index.cpp).
[[nodiscard]] bool may_match(const SignatureView& a, const SignatureView& b,
                             const PairReading& reading, const SimilarityRule& rule);

}  // namespace monsoon::store::detail
