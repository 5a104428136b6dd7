// Classifier: building the automaton from the dictionary, and scoring one item.

#include "automaton.hpp"
#include "dictionary.hpp"
#include "signals.hpp"
#include "verdict.hpp"

#include <monsoon/classify.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace monsoon::classify {

namespace detail {
struct Compiled {
  Dictionary dictionary;
  Automaton automaton;
  std::vector<std::vector<std::uint32_t>> terms_of_key;  // automaton key id -> term indices
};
}  // namespace detail

struct Classifier::Impl : detail::Compiled {};

namespace {

using detail::Kind;
using detail::Term;
using model::Region;

constexpr double kTitleLateFactor = 0.3;   // a title's last word counts 70 % of its first
constexpr double kSummaryFactor = 0.45;    // a summary's first word counts 45 % of a title's
constexpr double kSummaryReach = 300.0;    // bytes over which a summary mention fades to half
constexpr double kSubjectBonus = 1.25;     // the title's first strong term: the story's subject

struct Hit {
  std::size_t start = 0;
  std::size_t end = 0;
  std::uint32_t term = 0;
};

bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
}

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// "MGX-0550", "NEC-1234": an all-capitals term followed by a dash and a digit names
// a product model, not the company or body the letters stand for.
bool is_model_number(const Term& term, std::string_view text, std::size_t end) {
  if (end + 1 >= text.size() || text[end] != '-' || text[end + 1] < '0' || text[end + 1] > '9') {
    return false;
  }
  return term.text.size() >= 2 && std::all_of(term.text.begin(), term.text.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
         });
}

// "â€™", "â€º": UTF-8 punctuation (U+2000..U+20FF) read as Windows-1252 and encoded
// again starts with "â€". That euro sign is mojibake, not money.
bool is_mojibake(std::string_view text, std::size_t start) {
  constexpr std::string_view kEuro = "\xE2\x82\xAC";
  constexpr std::string_view kCircumflexA = "\xC3\xA2";
  return text.substr(start, kEuro.size()) == kEuro && start >= kCircumflexA.size() &&
         text.substr(start - kCircumflexA.size(), kCircumflexA.size()) == kCircumflexA;
}

// 0 = exact case, 1 = the all-capitals form, 2 = a case-blind term, 3 = no match.
int match_rank(const Term& term, std::string_view text, std::size_t start, std::size_t end) {
  if (term.word_start && start > 0 && is_word_byte(text[start - 1])) return 3;
  if (term.word_end && end < text.size() && is_word_byte(text[end])) return 3;
  if (is_model_number(term, text, end)) return 3;
  if (is_mojibake(text, start)) return 3;
  if (!term.case_sensitive) return 2;
  const std::string_view found = text.substr(start, end - start);
  if (found == term.text) return 0;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (found[i] != upper(term.text[i])) return 3;
  }
  return 1;
}

// Every dictionary term in `text`, leftmost-longest and without overlaps.
void find_terms(const detail::Compiled& impl, std::string_view text, std::vector<Hit>& hits) {
  hits.clear();
  impl.automaton.scan(text, [&](std::uint32_t key, std::size_t end) {
    const auto& candidates = impl.terms_of_key[key];
    const std::size_t start = end - impl.dictionary.terms[candidates.front()].text.size();
    int best_rank = 3;
    std::uint32_t best = 0;
    for (std::uint32_t index : candidates) {
      const int rank = match_rank(impl.dictionary.terms[index], text, start, end);
      if (rank < best_rank) {
        best_rank = rank;
        best = index;
      }
    }
    if (best_rank < 3) hits.push_back(Hit{start, end, best});
  });
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  });
  std::size_t kept = 0;
  std::size_t covered = 0;
  for (const Hit& hit : hits) {
    if (kept > 0 && hit.start < covered) continue;
    hits[kept++] = hit;
    covered = hit.end;
  }
  hits.resize(kept);
}

void score_field(const detail::Compiled& impl, std::string_view text, bool in_title,
                 std::vector<Hit>& hits, detail::Tally& tally) {
  find_terms(impl, text, hits);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const Term& term = impl.dictionary.terms[hits[i].term];
    // A summary's repeats of one term fade; in a title so does every further mention
    // of a region already named: a headline names its subject once and may need
    // several words for its object ("Taiwan adds Huawei and SMIC to export list").
    int repeats = 1;
    for (std::size_t j = 0; j < i; ++j) {
      const Term& earlier = impl.dictionary.terms[hits[j].term];
      repeats += hits[j].term == hits[i].term || (in_title && earlier.region == term.region) ? 1 : 0;
    }
    double factor = 0.0;
    if (in_title) {
      factor = 1.0 - kTitleLateFactor * static_cast<double>(hits[i].start) /
                         static_cast<double>(std::max<std::size_t>(text.size(), 1));
    } else {
      factor = kSummaryFactor *
               (1.0 - 0.5 * std::min(1.0, static_cast<double>(hits[i].start) / kSummaryReach));
    }
    factor /= repeats;
    if (in_title && !tally.subject_taken && term.kind != Kind::weak &&
        static_cast<std::size_t>(term.region) < detail::kDigestRegionCount) {
      factor *= kSubjectBonus;
      tally.subject_taken = true;
    }
    tally.add_term(term.text, to_string(term.kind), term.region, term.weight * factor, in_title);
  }
}

void score_signals(const detail::Compiled& impl, const Input& input, detail::Tally& tally) {
  const auto& dictionary = impl.dictionary;
  if (auto tld = detail::tld_signal(dictionary, input.link)) {
    tally.add_signal("." + tld->first, "link", tld->second.region, tld->second.weight);
  }
  if (auto language = detail::language_signal(dictionary, input.language)) {
    tally.add_signal(language->first, "language", language->second.region, language->second.weight);
  }
  const auto script = detail::script_signal(tally.scripts);
  if (script.weight > 0.0) {
    tally.add_signal(std::string(detail::script_name(tally.scripts)), "script", script.region,
                     script.weight * dictionary.weights.script);
  }
}

}  // namespace

model::Result<Classifier> Classifier::create(std::string_view extra_regions,
                                             std::string_view extra_source,
                                             const std::vector<model::RegionRule>& rules) {
  auto impl = std::make_unique<Impl>();
  auto shipped = detail::load_regions(builtin_regions_toml(), "regions.toml", impl->dictionary);
  if (!shipped) return tl::unexpected(shipped.error());
  if (!extra_regions.empty()) {
    auto extra = detail::load_regions(extra_regions, extra_source, impl->dictionary);
    if (!extra) return tl::unexpected(extra.error());
  }
  for (const auto& rule : rules) {
    if (rule.pattern.empty() || !(rule.weight >= 0.0 && rule.weight <= 100.0) ||
        rule.region == Region::unassigned) {
      return model::fail(model::Errc::config,
                         "rule \"" + rule.pattern + "\": needs a non-empty pattern, a region "
                         "and a weight from 0 to 100");
    }
    impl->dictionary.put(detail::make_term(rule.pattern, rule.region, rule.weight, Kind::rule));
  }
  const auto& terms = impl->dictionary.terms;
  for (std::uint32_t index = 0; index < terms.size(); ++index) {
    const std::uint32_t key = impl->automaton.add(terms[index].text);
    if (key >= impl->terms_of_key.size()) impl->terms_of_key.resize(key + 1);
    impl->terms_of_key[key].push_back(index);
  }
  impl->automaton.compile();
  return Classifier(std::move(impl));
}

Classifier::Classifier(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;
Classifier::~Classifier() = default;

std::size_t Classifier::term_count() const { return impl_->dictionary.terms.size(); }

Verdict Classifier::classify(const Input& input) const {
  if (input.region_fixed && input.feed_region != Region::unassigned &&
      input.feed_region != Region::pan_asia) {
    return detail::fixed_verdict(input.feed_region);
  }
  const std::string_view summary = input.summary.substr(0, kSummaryBytes);
  detail::Tally tally;
  detail::count_scripts(input.title, tally.scripts);
  detail::count_scripts(summary, tally.scripts);
  // Reused between calls on one thread: no allocation per item once warm.
  thread_local std::vector<Hit> hits;
  score_field(*impl_, input.title, true, hits, tally);
  score_field(*impl_, summary, false, hits, tally);
  score_signals(*impl_, input, tally);
  return detail::decide(std::move(tally), input.feed_region, impl_->dictionary.weights.prior);
}

}  // namespace monsoon::classify
