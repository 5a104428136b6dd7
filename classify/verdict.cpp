#include "verdict.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace monsoon::classify {
namespace detail {
namespace {

using model::Region;

constexpr double kSaturation = 2.5;        // score at which confidence reaches 63 %
constexpr double kGlobalDominance = 2.5;   // global must outweigh Asia this many times
constexpr double kNoEvidenceGlobal = 0.35; // confidence of "Latin text, nothing Asian"
constexpr int kMinLatinWords = 3;
constexpr double kClearLead = 2.0;  // text this many times stronger for another region is clear
constexpr std::size_t kEvidenceReasons = 8;
constexpr double kOutletSignalShare = 0.5;  // a rival's weak signals against named text

std::size_t slot(Region region) { return static_cast<std::size_t>(region); }

double saturate(double score) { return 1.0 - std::exp(-score / kSaturation); }


std::string evidence_line(const std::vector<Reason>& reasons) {
  std::string line;
  line.reserve(160);
  for (std::size_t i = 0; i < reasons.size() && i < kEvidenceReasons; ++i) {
    const Reason& reason = reasons[i];
    if (!line.empty()) line += "; ";
    line += reason.term;
    line += ' ';
    line += model::to_string(reason.region);
    line += " +";
    line += one_decimal(reason.weight);
    line += ' ';
    line += reason.kind == "name" || reason.kind == "government" || reason.kind == "place" ||
                    reason.kind == "company" || reason.kind == "currency" ||
                    reason.kind == "weak" || reason.kind == "rule"
                ? (reason.in_title ? "title" : "summary")
                : reason.kind;
  }
  return line;
}

Verdict finish(Tally& tally, Region region, double confidence, Region runner_up) {
  // Strongest first, ties in the order found. Insertion sort: a handful of reasons,
  // and std::stable_sort would allocate.
  auto& reasons = tally.reasons;
  for (std::size_t i = 1; i < reasons.size(); ++i) {
    for (std::size_t j = i; j > 0 && reasons[j].weight > reasons[j - 1].weight; --j) {
      std::swap(reasons[j], reasons[j - 1]);
    }
  }
  Verdict verdict;
  verdict.region = region;
  verdict.confidence = std::clamp(confidence, 0.0, 1.0);
  verdict.evidence = evidence_line(tally.reasons);
  verdict.reasons = std::move(tally.reasons);
  verdict.runner_up = runner_up;
  return verdict;
}

bool is_digest_region(Region region) { return slot(region) < kDigestRegionCount; }

Verdict without_asian_evidence(Tally& tally, double global, double pan_asia, Region feed_region) {
  if (pan_asia > 0.0) return finish(tally, Region::unassigned, 0.0, Region::unassigned);
  if (global > 0.0) return finish(tally, Region::global, saturate(global), Region::unassigned);
  // A feed about Asia (pan_asia or one region) whose item names nothing: the editor
  // files it. A country's feed also runs world news and columns (the Japan Times'
  // main feed), so silence does not make an item about that country either.
  if (tally.scripts.latin_words >= kMinLatinWords && feed_region != Region::pan_asia &&
      !is_digest_region(feed_region)) {
    return finish(tally, Region::global, kNoEvidenceGlobal, Region::unassigned);
  }
  return finish(tally, Region::unassigned, 0.0, Region::unassigned);
}

// Whether the feed's prior may count: only where the text names the feed's region
// about as strongly as anything else, so the prior breaks a tie between regions the
// text names. Text kClearLead times stronger for another region, global included,
// is clear and the prior stays out; text that names nothing is not decided by it.
bool prior_applies(const Tally& tally, Region feed_region) {
  double strongest = 0.0;
  for (double score : tally.terms) strongest = std::max(strongest, score);
  if (strongest == 0.0) return false;
  return tally.terms[slot(feed_region)] * kClearLead >= strongest;
}

}  // namespace

std::string one_decimal(double value) {
  // Most values are small and positive, and not near a tie: their tenths rounded as
  // an integer are what to_chars prints, at a twentieth of its cost. value * 10 is
  // off by at most half an ulp, which changes the rounding only near a tie; there,
  // and for negative or huge values, to_chars decides on the exact value.
  const double tenths = value * 10.0;
  if (tenths >= 0.0 && tenths < 1e15 && std::fabs(tenths - std::floor(tenths) - 0.5) > 1e-6) {
    auto whole = static_cast<std::uint64_t>(std::llround(tenths));
    char digits[24];
    char* at = digits + sizeof digits;
    *--at = static_cast<char>('0' + whole % 10);
    *--at = '.';
    whole /= 10;
    do {
      *--at = static_cast<char>('0' + whole % 10);
      whole /= 10;
    } while (whole != 0);
    return std::string(at, digits + sizeof digits);
  }
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value,
                                    std::chars_format::fixed, 1);
  return error == std::errc() ? std::string(buffer, end) : std::string("?");
}

void Tally::add_term(std::string_view term, std::string_view kind, model::Region region,
                     double weight, bool in_title) {
  terms[slot(region)] += weight;
  reasons.push_back(Reason{std::string(term), kind, region, weight, in_title});
}

void Tally::add_signal(std::string term, std::string_view kind, model::Region region,
                       double weight) {
  if (slot(region) >= kScoredRegions) return;
  signals[slot(region)] += weight;
  reasons.push_back(Reason{std::move(term), kind, region, weight, false});
}

std::string_view script_name(const ScriptCounts& counts) {
  if (counts.hangul >= 2) return "Hangul";
  if (counts.kana >= 2) return "kana";
  if (counts.thai >= 2) return "Thai/Lao/Khmer/Myanmar";
  if (counts.indic >= 2) return "Indic";
  if (counts.arabic >= 2) return "Arabic/Hebrew";
  if (counts.japanese_only > 0 && counts.japanese_only >= counts.simplified) return "Japanese kanji";
  return counts.simplified > counts.traditional ? "Simplified Han" : "Traditional Han";
}

Verdict fixed_verdict(model::Region region) {
  Tally tally;
  tally.add_signal(std::string(model::to_string(region)) + " (fixed)", "feed", region, 1.0);
  return finish(tally, region, 1.0, Region::unassigned);
}

Verdict decide(Tally tally, model::Region feed_region, double prior_weight) {
  if (is_digest_region(feed_region) && prior_weight > 0.0 && prior_applies(tally, feed_region)) {
    tally.add_signal(std::string(model::to_string(feed_region)), "feed", feed_region, prior_weight);
  }
  std::array<double, kDigestRegionCount> totals{};
  for (std::size_t r = 0; r < kDigestRegionCount; ++r) totals[r] = tally.terms[r] + tally.signals[r];
  std::size_t first = 0;
  for (std::size_t r = 1; r < kDigestRegionCount; ++r) first = totals[r] > totals[first] ? r : first;
  std::size_t second = first == 0 ? 1 : 0;
  for (std::size_t r = 0; r < kDigestRegionCount; ++r) {
    if (r != first && totals[r] > totals[second]) second = r;
  }
  const double best = totals[first];
  const double next = totals[second];
  const double global = tally.terms[slot(Region::global)] + tally.signals[slot(Region::global)];
  const double pan_asia = tally.terms[slot(Region::pan_asia)];
  const auto runner_up = next > 0.0 ? static_cast<Region>(second) : Region::unassigned;
  if (best <= 0.0) return without_asian_evidence(tally, global, pan_asia, feed_region);
  // Explicit text about elsewhere must outweigh Asian text several times over, but
  // beats the weak signals (link, language, script, feed) one for one. Text about
  // Asia as a whole ("How Trump can make Asia great again") counts as Asian here.
  if (global > kGlobalDominance * (tally.terms[first] + pan_asia) + tally.signals[first]) {
    return finish(tally, Region::global, saturate(global) * (1.0 - best / global),
                  static_cast<Region>(first));
  }
  // The runner-up's weak signals say where the outlet is, not the story: against
  // text that names the leading region they count for half.
  double rival = next;
  if (tally.terms[first] > 0.0) {
    rival = 0.0;
    for (std::size_t r = 0; r < kDigestRegionCount; ++r) {
      if (r != first) rival = std::max(rival, tally.terms[r] + kOutletSignalShare * tally.signals[r]);
    }
  }
  const double confidence = saturate(best) * (0.55 + 0.45 * std::max(0.0, best - rival) / best);
  if (confidence < kConfidenceThreshold) {
    // Too little to place it in Asia; if what there is says elsewhere, say so.
    if (global > best + pan_asia) {
      return finish(tally, Region::global, saturate(global) * (1.0 - best / global),
                    static_cast<Region>(first));
    }
    return finish(tally, Region::unassigned, confidence, static_cast<Region>(first));
  }
  return finish(tally, static_cast<Region>(first), confidence, runner_up);
}

}  // namespace detail

std::string explain(const Verdict& verdict) {
  std::string out(model::to_string(verdict.region));
  out += " (confidence " + detail::one_decimal(verdict.confidence * 100.0) + " %)\n";
  if (verdict.reasons.empty()) out += "  no evidence found\n";
  for (const Reason& reason : verdict.reasons) {
    out += "  +" + detail::one_decimal(reason.weight) + " " +
           std::string(model::to_string(reason.region)) + ": " + std::string(reason.kind) + " \"" + reason.term +
           "\"";
    if (reason.kind != "link" && reason.kind != "language" && reason.kind != "script" &&
        reason.kind != "feed") {
      out += reason.in_title ? " in the title" : " in the summary";
    }
    out += '\n';
  }
  if (verdict.runner_up != model::Region::unassigned && verdict.runner_up != verdict.region) {
    out += "  runner-up: " + std::string(model::to_string(verdict.runner_up)) + '\n';
  }
  return out;
}

}  // namespace monsoon::classify
