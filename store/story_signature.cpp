#include "story_signature.hpp"

#include "lexicon.hpp"
#include "text_features.hpp"
#include "title_affixes.hpp"

#include <algorithm>
#include <bit>

namespace monsoon::store::detail {
namespace {

// 3: lexicon.hpp's stems and synonyms, outlet affixes stripped from titles.
// 4: markers, the Chinese, Japanese and Korean classes, an opening bigram as a name.
// 5: companies known by two names (lexicon.cpp's "\6" classes).
// 6: a loss class ("loss", "deficit", 亏损, 赤字, 적자), the opposite of profit.
// 7: win and lose classes ("wins" / "loses", 胜诉 / 败诉, 승소 / 패소) and a miss class
//    ("misses", "falls short", 未达预期, 下回る) against beat, opposites too; the title's
//    subject, encoded after the names.
constexpr unsigned char kSignatureVersion = 7;

using Set = std::vector<std::uint32_t>;
using Features = std::span<const std::uint32_t>;
using Weights = std::span<const float>;

// Sum of the mean weight of the features both sorted sets hold.
double shared_weight(Features a, Weights wa, Features b, Weights wb) {
  double shared = 0;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      shared += 0.5 * (double{wa[i]} + double{wb[j]});
      ++i, ++j;
    }
  }
  return shared;
}

// a's title against b's text. a's title and b's text are sorted: one walk finds
// which title features b's text holds; the rest is read off a's marks.
TitleReading read_title(const SignatureView& a, const SignatureView& b) {
  const std::size_t size = std::min(a.title.size(), kMaxTitleFeatures);
  std::uint64_t found = 0, numbers = 0;
  std::size_t t = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const std::uint32_t feature = a.title[i];
    while (t < b.text.size() && b.text[t] < feature) ++t;
    found |= std::uint64_t{t < b.text.size() && b.text[t] == feature} << i;
    numbers |= std::uint64_t{is_number_feature(feature)} << i;
  }
  const std::uint64_t all = size == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << size) - 1;
  const std::uint64_t missing = all & ~found;
  // Markers are actions of their own: they count neither as found nor as missing
  // actions.
  const TitleMarks& marks = a.marks;
  const std::uint64_t actions = marks.actions & ~marks.markers;
  TitleReading out;
  out.found = found;
  out.names = std::popcount(found & marks.names);
  out.actions = std::popcount(found & actions);
  out.missing_number = (missing & numbers) != 0;
  out.missing_name = (missing & marks.names) != 0;
  out.missing_other = (missing & ~marks.names) != 0;
  out.missing_country = (missing & marks.countries) != 0;
  out.missing_marker = (missing & marks.markers) != 0;
  out.missing_action = (missing & actions) != 0;
  out.missing_subject = marks.subject != 0 && (found & marks.subject) == 0;
  out.missing_beyond_subject = (missing & ~marks.subject) != 0;
  return out;
}

// The weight of the title's features `found` marks.
double covered(std::span<const float> title_weights, std::uint64_t found) {
  double sum = 0;
  for (; found != 0; found &= found - 1) sum += title_weights[std::countr_zero(found)];
  return sum;
}

double jaccard(double shared, double total_a, double total_b) {
  const double joint = total_a + total_b - shared;
  return joint > 0 ? shared / joint : 0.0;
}

void put_u32(std::string& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((value >> shift) & 0xFF);
}

bool get_u32(std::string_view& in, std::uint32_t& value) {
  if (in.size() < 4) return false;
  value = 0;
  for (int k = 3; k >= 0; --k) value = (value << 8) | static_cast<unsigned char>(in[k]);
  in.remove_prefix(4);
  return true;
}

bool get_set(std::string_view& in, Set& set, std::size_t max) {
  std::uint32_t count = 0;
  if (!get_u32(in, count) || count > max || in.size() < std::size_t{count} * 4) return false;
  set.resize(count);
  for (auto& value : set) get_u32(in, value);
  return std::is_sorted(set.begin(), set.end()) &&
         std::adjacent_find(set.begin(), set.end()) == set.end();
}

}  // namespace

Signature compute_signature(std::string_view title, std::string_view summary) {
  // Buffers a thread reuses, so a signature costs only its own three arrays.
  thread_local TextFeatures head, body;
  text_features(strip_outlet_affixes(title), kMaxTitleFeatures, head);
  text_features(summary, kMaxSummaryFeatures, body);
  Signature signature;
  signature.has_summary = body.features.size() >= kSummaryMin;
  signature.title = head.features;
  signature.subject = head.subject;
  signature.text.reserve(head.features.size() + body.features.size());
  std::set_union(head.features.begin(), head.features.end(), body.features.begin(),
                 body.features.end(), std::back_inserter(signature.text));
  signature.names.reserve(head.names.size() + body.names.size());
  std::set_union(head.names.begin(), head.names.end(), body.names.begin(), body.names.end(),
                 std::back_inserter(signature.names));
  return signature;
}

std::string encode_signature(const Signature& signature) {
  std::string out{static_cast<char>(kSignatureVersion), signature.has_summary ? '\1' : '\0'};
  for (const Set* set : {&signature.title, &signature.text, &signature.names, &signature.subject}) {
    put_u32(out, static_cast<std::uint32_t>(set->size()));
    for (const std::uint32_t value : *set) put_u32(out, value);
  }
  return out;
}

model::Result<Signature> decode_signature(std::string_view bytes) {
  Signature signature;
  std::string_view in = bytes;
  if (in.size() < 2 || static_cast<unsigned char>(in[0]) != kSignatureVersion) {
    return model::fail(model::Errc::storage, "story signature: unknown version");
  }
  signature.has_summary = in[1] == '\1';
  in.remove_prefix(2);
  const std::size_t max_text = kMaxTitleFeatures + kMaxSummaryFeatures;
  if (!get_set(in, signature.title, kMaxTitleFeatures) || !get_set(in, signature.text, max_text) ||
      !get_set(in, signature.names, max_text) ||
      !get_set(in, signature.subject, kMaxTitleFeatures) || !in.empty() ||
      !std::includes(signature.text.begin(), signature.text.end(), signature.title.begin(),
                     signature.title.end()) ||
      !std::includes(signature.title.begin(), signature.title.end(), signature.subject.begin(),
                     signature.subject.end())) {
    return model::fail(model::Errc::storage, "story signature: malformed bytes");
  }
  return signature;
}

void weigh(std::span<const std::uint32_t> text, std::span<const std::uint32_t> title,
           std::span<const std::uint32_t> names, std::span<const std::uint32_t> counts,
           const RarityScale& scale, FeatureWeights& out) {
  out.text.resize(text.size());
  out.title.resize(title.size());
  out.text_total = out.title_total = 0;
  std::size_t t = 0, n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::uint32_t feature = text[i];
    double weight = scale.weight(counts[i]);
    // names is a sorted subset of text: walk it alongside.
    while (n < names.size() && names[n] < feature) ++n;
    if (is_number_feature(feature))
      weight *= kNumberBoost;
    else if (n < names.size() && names[n] == feature)
      weight *= kNameBoost;
    out.text[i] = static_cast<float>(weight);
    out.text_total += out.text[i];
    if (t < title.size() && title[t] == feature) {
      out.title[t++] = out.text[i];
      out.title_total += out.text[i];
    }
  }
}

void weigh(const Signature& signature, const DocumentFrequency& frequency, FeatureWeights& out) {
  std::vector<std::uint32_t> counts;
  counts.reserve(signature.text.size());
  for (const std::uint32_t feature : signature.text) counts.push_back(frequency.count(feature));
  weigh(signature.text, signature.title, signature.names, counts, RarityScale(frequency.texts()),
        out);
}

bool PairReading::conflict() const {
  const bool other_stage = a.missing_action && b.missing_action && a.actions + b.actions == 0;
  // One name swapped for another, the rest of both titles alike: "Apple supplier
  // Foxconn / Pegatron to invest $1.5 billion in India", even though they share Apple.
  const bool swapped_name = a.missing_name && b.missing_name && !a.missing_other && !b.missing_other;
  // Another subject opening the same headline: "Grab / GoTo reports first annual
  // profit", 字节跳动 / 阿里巴巴计划明年投入1600亿元.
  const bool swapped_subject = a.missing_subject && b.missing_subject &&
                               !a.missing_beyond_subject && !b.missing_beyond_subject;
  return opposed || (a.missing_name && b.missing_name && a.names + b.names == 0) || swapped_name ||
         swapped_subject ||
         (a.missing_country && b.missing_country) ||
         (a.missing_number && b.missing_number) || other_stage || a.missing_marker ||
         b.missing_marker;
}

namespace {

bool has(std::span<const std::uint32_t> set, std::uint32_t feature) {
  return std::binary_search(set.begin(), set.end(), feature);
}

// x's title holds class `one` of an opposed pair (bit `one_bit` of its marks), y's
// title the other, and neither text holds both.
bool opposite(const SignatureView& x, const SignatureView& y, std::uint32_t one_bit,
              std::uint32_t other_bit, std::uint32_t one, std::uint32_t other) {
  return (x.marks.opposed & one_bit) != 0 && (y.marks.opposed & other_bit) != 0 &&
         !has(x.text, other) && !has(y.text, one);
}

}  // namespace

PairReading read_pair(const SignatureView& a, const SignatureView& b) {
  bool opposed = false;
  if (a.marks.opposed != 0 && b.marks.opposed != 0) {  // most titles hold none
    const auto pairs = opposed_classes();
    for (std::size_t k = 0; k < pairs.size() && !opposed; ++k) {
      const auto [one, other] = pairs[k];
      const std::uint32_t first = 1u << (2 * k), second = 1u << (2 * k + 1);
      opposed = opposite(a, b, first, second, one, other) || opposite(a, b, second, first, other, one);
    }
  }
  return {read_title(a, b), read_title(b, a), opposed};
}

TitleMarks mark_title(std::span<const std::uint32_t> title, std::span<const std::uint32_t> names,
                      std::span<const std::uint32_t> subject) {
  TitleMarks marks;
  std::size_t n = 0, s = 0;
  for (std::size_t i = 0; i < std::min(title.size(), kMaxTitleFeatures); ++i) {
    const std::uint32_t feature = title[i];
    const std::uint64_t bit = std::uint64_t{1} << i;
    while (s < subject.size() && subject[s] < feature) ++s;
    if (s < subject.size() && subject[s] == feature) marks.subject |= bit;
    if (is_number_feature(feature)) continue;
    while (n < names.size() && names[n] < feature) ++n;
    if (n < names.size() && names[n] == feature) marks.names |= bit;
    if (is_action(feature)) {
      marks.actions |= bit;
      if (is_marker(feature)) marks.markers |= bit;
    }
    if (is_country(feature)) marks.countries |= bit;
  }
  const auto pairs = opposed_classes();
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    if (has(title, pairs[k].first)) marks.opposed |= 1u << (2 * k);
    if (has(title, pairs[k].second)) marks.opposed |= 1u << (2 * k + 1);
  }
  return marks;
}

// The rule, and why its numbers (tuned on the dev half of testdata/story_pairs.tsv):
// - Conflicts make another story, whatever else is shared: each title names a
//   subject the other text lacks and they name none in common ("Ola Electric" /
//   "Swiggy" files for IPO) or the titles differ only in a name each ("Apple supplier
//   Foxconn" / "Pegatron") or each names a country the other lacks ("expands to
//   Thailand" / "Indonesia"), each has a number the other lacks (episode 54 / 55, Q2 /
//   Q3), or each has an action the other lacks and they share none (raises / keeps
//   the rate, halts / resumes production: another stage of the story), or one title
//   holds a marker the other's text lacks (will not, withdraws, weighs, completes), or
//   one title reports a profit and the other a loss, neither text holding both.
// - Otherwise titles sharing `title` of their weight are one story; so are items
//   whose title-and-summary texts share `text` (rewritten headline, shared lede); so
//   are independent write-ups whose each title is mostly (`cover`) found in the
//   other's text; so is a copy whose title is wholly (`contain`) in the other's, when
//   the longer one adds no number ("..., 4四半期ぶり黒字　ビジョンファンド好調").
//   Synonyms (lexicon.hpp) make "Grab to acquire GoTo" and "GoTo agrees to merger
//   with Grab" share most of their weight.
// - Titles of one or two features ("Apple", "Weekly update") say too little: they
//   need agreeing texts, or identical titles when a summary is missing.
Similarity compare(const SignatureView& a, const SignatureView& b, const SimilarityRule& rule) {
  return compare(a, b, read_pair(a, b), rule);
}

Similarity compare(const SignatureView& a, const SignatureView& b, const PairReading& reading,
                   const SimilarityRule& rule) {
  Similarity result;
  if (a.title.empty() || b.title.empty()) return result;
  result.title = jaccard(shared_weight(a.title, a.title_weights, b.title, b.title_weights),
                         a.title_total, b.title_total);
  const bool summaries = a.has_summary && b.has_summary;
  if (summaries) {
    result.text = jaccard(shared_weight(a.text, a.text_weights, b.text, b.text_weights),
                          a.text_total, b.text_total);
  }
  const double cover_a = covered(a.title_weights, reading.a.found) / a.title_total;
  const double cover_b = covered(b.title_weights, reading.b.found) / b.title_total;
  result.cover = std::min(cover_a, cover_b);
  result.conflict = reading.conflict();
  const bool contained = (cover_a >= rule.contain && !reading.b.missing_number) ||
                         (cover_b >= rule.contain && !reading.a.missing_number);
  bool match = !result.conflict && (result.title >= rule.title || result.text >= rule.text ||
                                    result.cover >= rule.cover || contained);
  if (std::min(a.title.size(), b.title.size()) < rule.title_min) {
    match = match && (summaries ? result.text >= rule.text : result.title >= 0.999);
  }
  if (match) result.score = result.title + result.text + result.cover;
  return result;
}

namespace {

// The weight of a's features that b's sorted set holds, by a's weights alone.
double own_shared_weight(Features a, Weights wa, Features b) {
  double shared = 0;
  std::size_t j = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    while (j < b.size() && b[j] < a[i]) ++j;
    if (j < b.size() && b[j] == a[i]) shared += wa[i];
  }
  return shared;
}

// The least share of its own total that a's side of the shared weight needs for a
// weighted Jaccard of at least `threshold`: one feature weighs the same on both
// sides but for the name boost, so b's side is at most twice a's, and b's total at
// least its side. With S = (Sa + Sb) / 2, Sb <= 2 Sa and Tb >= Sb, J >= t needs
// Sa >= t / (1.5 - t / 2) * Ta. Lowered by a margin for float sums.
double least_own_share(double threshold) {
  return threshold / (1.5 - 0.5 * threshold) - 1e-3;
}

}  // namespace

bool may_match(const SignatureView& a, const SignatureView& b, const PairReading& reading,
               const SimilarityRule& rule) {
  if (a.title.empty() || b.title.empty() || reading.conflict()) return false;
  const double cover_a = covered(a.title_weights, reading.a.found) / a.title_total;
  const double cover_b = covered(b.title_weights, reading.b.found) / b.title_total;
  // The title and cover rules need a's title found in b's text.
  if (cover_a >= std::min(rule.cover, least_own_share(rule.title))) return true;
  if ((cover_a >= rule.contain && !reading.b.missing_number) ||
      (cover_b >= rule.contain && !reading.a.missing_number)) {
    return true;
  }
  if (!a.has_summary || !b.has_summary) return false;
  return own_shared_weight(a.text, a.text_weights, b.text) >=
         least_own_share(rule.text) * a.text_total;
}

SignatureView view_of(Weighted weighted) {
  const Signature& s = weighted.signature;
  const FeatureWeights& w = weighted.weights;
  return {s.title,       s.text,        s.names,       w.title,
          w.text,        w.title_total, w.text_total,  s.has_summary,
          mark_title(s.title, s.names, s.subject)};
}

Similarity compare(Weighted a, Weighted b, const SimilarityRule& rule) {
  return compare(view_of(a), view_of(b), rule);
}

}  // namespace monsoon::store::detail
