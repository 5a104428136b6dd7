#pragma once
// Story signatures: what near-duplicate matching keeps of an item's title and
// summary, and the rule that says whether two signatures are one story. Pure and
// thread-safe.
//
// Why MinHash and not SimHash: headlines are short (5-20 features), and SimHash's
// Hamming distance over so few features is noisy and has no threshold a person can
// reason about; MinHash estimates Jaccard similarity of the feature sets, which is
// the quantity the thresholds below are stated in, and its LSH banding is standard.
// The MinHash values only find candidates (story_index.hpp); a candidate is then
// confirmed on the exact feature sets, which a signature also keeps, so no estimate
// error reaches the verdict.

#include <monsoon/model.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace monsoon::store::detail {

// LSH banding over the title's MinHash: kBands bands of kRows values. Two titles
// with Jaccard similarity J become candidates with probability 1 - (1 - J^2)^12:
// 0.88 at J = 0.4, 0.97 at 0.5, 0.998 at 0.6, and 3 % at J = 0.05 (one shared word).
inline constexpr int kBands = 12;
inline constexpr int kRows = 2;
inline constexpr int kMinHashSize = kBands * kRows;

inline constexpr std::size_t kMaxTitleFeatures = 64;
inline constexpr std::size_t kMaxSummaryFeatures = 48;

struct Signature {
  std::vector<std::uint32_t> title;                   // text_features of the title, sorted
  std::vector<std::uint32_t> summary;                 // of the summary's start, sorted
  std::array<std::uint32_t, kMinHashSize> minhash{};  // of `title`; all ~0u when empty
};

// Signature of an item's plain-text title and summary (see text_features.hpp).
[[nodiscard]] Signature compute_signature(std::string_view title, std::string_view summary);

// Bytes to persist a signature (a BLOB): a version byte, then the two feature sets
// as little-endian counts and values. The MinHash is recomputed on decoding.
[[nodiscard]] std::string encode_signature(const Signature& signature);
// Fails with Errc::storage when the bytes are not an encode_signature() result of
// this version (the caller then recomputes from the text).
[[nodiscard]] model::Result<Signature> decode_signature(std::string_view bytes);

// The thresholds of the near-duplicate rule; defaults are explained in
// story_signature.cpp beside near_duplicate().
struct SimilarityRule {
  double title_jaccard = 0.5;           // shared / union of title features
  double rescue_title_jaccard = 0.3;    // a rewritten headline ...
  double rescue_summary_jaccard = 0.5;  // ... over the same lede
  std::size_t summary_min = 8;          // features each summary needs to count
  std::size_t title_min = 3;            // shorter titles need their summaries to agree too
};

// How alike two signatures are; `score` orders candidates (higher is closer) and is
// 0 when the rule says they are not near-duplicates.
struct Similarity {
  double title_jaccard = 0.0;
  double summary_jaccard = 0.0;  // 0 when either summary is too short to count
  double score = 0.0;
};
[[nodiscard]] Similarity compare(const Signature& a, const Signature& b,
                                 const SimilarityRule& rule);

}  // namespace monsoon::store::detail
