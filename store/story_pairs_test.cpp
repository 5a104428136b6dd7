// Precision and recall of story matching on the labelled pairs in
// testdata/story_pairs.tsv and story_pairs_set3.tsv (provenance and labelling rules:
// testdata/README.md).
// Each pair goes through a fresh StoryIndex as two items of one moment, from two
// feeds (one when the pair's same_feed is 1), with different links, so the whole
// text path is measured: features, rarity weights, candidates and the similarity
// rule. The index's rarities are seeded with every other item of its file
// (add_background), standing in for the rest of a window.
//
// The pairs split into a dev half, on which the rule's thresholds were tuned, and a
// held-out half, by a hash of the two titles (even: dev); both are reported.

#include "document_frequency.hpp"
#include "hashing.hpp"
#include "story_index.hpp"

#include <doctest/doctest.h>

#include <array>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace monsoon::store::detail;

namespace {

// Floors: the measured values rounded down. Raise them when the matcher improves;
// never lower them to let a change through.
// - The first set (the 316 pairs labelled before the lexicon and the action rule):
//   precision 0.964 and recall 0.824 now (0.817 before British spellings met American
//   ones and "scale back" joined the cuts); 0.962 / 0.779 before Han characters
//   counted alone, Chinese reporting verbs were dropped and "order", "agree" and
//   irregular plurals joined the lexicon (testdata/README.md); 0.957 / 0.687 under
//   the first rarity-weighted rule, 0.870 / 0.718 under unweighted MinHash.
// - Sets 1 and 2 (set 2's 40 pairs aimed at the lexicon's rules, labelled before the
//   matcher ran on them): precision 0.961 and recall 0.808 since markers, the CJK
//   classes, quarters as numbers, an opening bigram as a name and swapped names
//   (0.937 / 0.788 before; 0.925 / 0.735 before the changes set 2 was written for).
// - Set 3 (80 pairs written before those last changes, story_pairs_set3.tsv; its
//   failures were read while making them): precision 0.966 and recall 0.700 (0.606 /
//   0.500 before them).
// - Set 4 (60 pairs written after those changes and committed before the matcher ran
//   on them, story_pairs_set4.tsv): precision 0.621 and recall 0.600 blind; 0.800 /
//   0.667 since denials, appeals and lifted bans became markers, "lift" a rise, "green
//   light" an approval, and magnitudes after a number stand alone (10조원 / 10조 원),
//   changes made after its failures were read.
// - Set 5 (60 pairs written after those, committed before the matcher ran on them,
//   story_pairs_set5.tsv): precision 0.591 and recall 0.433 blind; 0.650 / 0.433
//   once the Chinese, Japanese and Korean tables had the English classes' stages
//   (delay, close, resume, approve, appoint, sue, probe, order, deliver, appeal);
//   0.667 / 0.467 with countries in those scripts (set 4: 0.870 / 0.667).
// - Set 6 (50 pairs written after those, committed before the matcher ran on them,
//   story_pairs_set6.tsv): precision 0.929 and recall 0.520 blind.
// - Set 7 (40 pairs written after the respellings, committed before the matcher ran
//   on them): 0.533 / 0.400 blind; 0.615 / 0.400 once a delay became a marker and
//   hiring words (採用, 채용) joined the appointments (set 5 then 0.700 / 0.467).
// - Set 8 (60 pairs written after the trial markers, committed before the matcher ran
//   on them): 0.789 / 0.500 blind; 0.833 / 0.500 once "growth" left the rises (it
//   made "raises ... growth forecast" and "keeps ... growth forecast" share a rise).
// - Set 9 (60 pairs written after the read_title and lookup-filter changes of
//   2026-11-30, committed before the matcher ran on them): 0.850 / 0.567 blind;
//   0.857 / 0.600 once companies known by two names became one name.
// - Set 10 (40 pairs written after that, committed before the matcher ran on them):
//   0.765 / 0.650 blind; 0.813 / 0.650 once a profit against a loss became a conflict
//   (set 5 then 0.737 / 0.467, set 7 0.667 / 0.400); 0.867 / 0.650 once a win
//   against a loss did too (2026-11-30; no other pair changed).
// - Set 11 (40 pairs written after that, committed before the matcher ran on them):
//   0.579 / 0.550 blind; 0.611 / 0.550 once beating and missing estimates were
//   opposed, 0.688 / 0.550 once headlines differing only in their opening company
//   were a conflict (set 10 then 0.929 / 0.650), 0.733 / 0.550 once 増強, 扩大 and 확대
//   (expand) were rises (set 6 then 1.000 / 0.520). Then "annual", "full year" and
//   "FY" became one class: set 9 0.864 / 0.633, set 10 0.933 / 0.700; and "public
//   offering" an IPO and "drops plan" a marker: set 6 1.000 / 0.600.
// The issue targets 0.98 and 0.90; testdata/README.md says what is missed.
constexpr double kPrecisionFloor = 0.96;
constexpr double kRecallFloor = 0.80;
constexpr double kFirstSetPrecisionFloor = 0.96;
constexpr double kFirstSetRecallFloor = 0.82;
// Sets 3 to 11, each in a file of its own (judged against that file's items alone).
struct LaterSet {
  int set;
  const char* file;
  double precision_floor, recall_floor;
};
constexpr LaterSet kLaterSets[] = {{3, "story_pairs_set3.tsv", 0.96, 0.70},
                                   {4, "story_pairs_set4.tsv", 0.86, 0.66},
                                   {5, "story_pairs_set5.tsv", 0.73, 0.46},
                                   {6, "story_pairs_set6.tsv", 0.99, 0.60},
                                   {7, "story_pairs_set7.tsv", 0.66, 0.40},
                                   {8, "story_pairs_set8.tsv", 0.83, 0.50},
                                   {9, "story_pairs_set9.tsv", 0.86, 0.63},
                                   {10, "story_pairs_set10.tsv", 0.93, 0.70},
                                   {11, "story_pairs_set11.tsv", 0.73, 0.55}};
constexpr int kLastSet = 11;

struct Pair {
  bool duplicate = false;
  bool same_feed = false;
  std::string kind, title_a, summary_a, title_b, summary_b;
  Signature a, b;
  bool dev = false;
  int set = 1;   // 1: the first 316 pairs; 2, 3, 4: provenance "..., set N"
  int file = 0;  // which file it came from
};

struct Counts {
  int true_positive = 0, false_positive = 0, false_negative = 0, true_negative = 0;
  double precision() const { return true_positive / double(true_positive + false_positive); }
  double recall() const { return true_positive / double(true_positive + false_negative); }
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t begin = 0;
  while (true) {
    const std::size_t tab = line.find('\t', begin);
    fields.push_back(line.substr(begin, tab - begin));
    if (tab == std::string::npos) return fields;
    begin = tab + 1;
  }
}

// The pairs of one file (story_pairs.tsv: sets 1 and 2; story_pairs_setN.tsv).
void load_pairs(const std::string& file, int file_index, std::vector<Pair>& pairs) {
  std::ifstream in(file);
  REQUIRE(in.good());
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto fields = split_tabs(line);
    REQUIRE(fields.size() == 8);
    Pair pair{fields[0] == "1", fields[2] == "1", fields[1], fields[4],
              fields[5],        fields[6],        fields[7]};
    pair.a = compute_signature(pair.title_a, pair.summary_a);
    pair.b = compute_signature(pair.title_b, pair.summary_b);
    pair.dev = hash_sequence(pair.title_a + "\t" + pair.title_b) % 2 == 0;
    const std::size_t set = fields[3].rfind(", set ");
    pair.set = set == std::string::npos ? 1 : std::stoi(fields[3].substr(set + 6));
    pair.file = file_index;
    pairs.push_back(std::move(pair));
  }
}

std::vector<Pair> load_pairs() {
  std::vector<Pair> pairs;
  const std::string dir = MONSOON_SOURCE_DIR "/store/testdata/";
  load_pairs(dir + "story_pairs.tsv", 0, pairs);
  for (const LaterSet& later : kLaterSets) load_pairs(dir + later.file, later.set, pairs);
  return pairs;
}

bool matched(const std::vector<Pair>& pairs, const Pair& pair) {
  StoryIndex index;
  for (const Pair& other : pairs) {
    // Each file's pairs stand in for one window: sets 1 and 2 keep the rarities
    // they were measured with before set 3 was written.
    if (&other == &pair || other.file != pair.file) continue;
    index.add_background(other.a);
    index.add_background(other.b);
  }
  const monsoon::model::TimePoint now{monsoon::model::Seconds{1'800'000'000}};
  const auto first = index.assign({1, 1, false, "https://a.example/1", now}, pair.a);
  const auto second =
      index.assign({2, pair.same_feed ? 1 : 2, false, "https://b.example/2", now}, pair.b);
  return first.story_id == second.story_id;
}

void count(Counts& counts, bool match, bool duplicate) {
  (match ? (duplicate ? counts.true_positive : counts.false_positive)
         : (duplicate ? counts.false_negative : counts.true_negative))++;
}

std::ostream& operator<<(std::ostream& out, const Counts& c) {
  return out << "tp " << c.true_positive << " fp " << c.false_positive << " fn " << c.false_negative
             << " tn " << c.true_negative << " precision " << c.precision() << " recall "
             << c.recall();
}

}  // namespace

TEST_CASE("Story matching holds its precision and recall on the labelled pairs") {
  const std::vector<Pair> pairs = load_pairs();
  REQUIRE(pairs.size() >= 300);
  Counts everything, all, dev, held_out, first_set, first_dev, first_held_out, set2;
  std::array<Counts, kLastSet + 1> later;  // by set number
  for (const Pair& pair : pairs) {
    const bool match = matched(pairs, pair);
    if (match != pair.duplicate) {
      const std::string what = std::string(match ? "false match " : "missed ") + "set " +
                               std::to_string(pair.set) + (pair.dev ? " dev " : " held-out ") +
                               pair.kind;
      MESSAGE(what << ": " << pair.title_a << " ~ " << pair.title_b);
    }
    count(everything, match, pair.duplicate);
    if (pair.set >= 3) {
      count(later[static_cast<std::size_t>(pair.set)], match, pair.duplicate);
      continue;
    }
    count(all, match, pair.duplicate);
    count(pair.dev ? dev : held_out, match, pair.duplicate);
    if (pair.set == 1) count(first_set, match, pair.duplicate);
    if (pair.set == 1) count(pair.dev ? first_dev : first_held_out, match, pair.duplicate);
    if (pair.set == 2) count(set2, match, pair.duplicate);
  }
  MESSAGE("all " << pairs.size() << " pairs: " << everything);
  MESSAGE("sets 1 and 2: " << all);
  MESSAGE("sets 1 and 2, dev: " << dev);
  MESSAGE("sets 1 and 2, held-out: " << held_out);
  MESSAGE("first set (316 pairs): " << first_set);
  MESSAGE("first set dev: " << first_dev);
  MESSAGE("first set held-out: " << first_held_out);
  MESSAGE("set 2: " << set2);
  for (const LaterSet& set : kLaterSets) {
    MESSAGE("set " << set.set << ": " << later[static_cast<std::size_t>(set.set)]);
  }
  CHECK(all.precision() >= kPrecisionFloor);
  CHECK(all.recall() >= kRecallFloor);
  CHECK(first_set.precision() >= kFirstSetPrecisionFloor);
  CHECK(first_set.recall() >= kFirstSetRecallFloor);
  for (const LaterSet& set : kLaterSets) {
    const Counts& counts = later[static_cast<std::size_t>(set.set)];
    CHECK_MESSAGE(counts.precision() >= set.precision_floor, "set " << set.set);
    CHECK_MESSAGE(counts.recall() >= set.recall_floor, "set " << set.set);
  }
}

TEST_CASE("may_match rules out no labelled pair that compare() matches, in either order") {
  const std::vector<Pair> pairs = load_pairs();
  DocumentFrequency frequency;
  for (const Pair& pair : pairs) {
    frequency.add(pair.a.text);
    frequency.add(pair.b.text);
  }
  const SimilarityRule rule;
  int compared = 0, matches = 0, ruled_out = 0;
  for (const Pair& pair : pairs) {
    FeatureWeights weights_a, weights_b;
    weigh(pair.a, frequency, weights_a);
    weigh(pair.b, frequency, weights_b);
    const SignatureView a = view_of({pair.a, weights_a});
    const SignatureView b = view_of({pair.b, weights_b});
    for (const auto& [x, y] : {std::pair{a, b}, std::pair{b, a}}) {
      const PairReading reading = read_pair(x, y);
      const double score = compare(x, y, reading, rule).score;
      const bool may = may_match(x, y, reading, rule);
      ++compared;
      matches += score > 0 ? 1 : 0;
      ruled_out += may ? 0 : 1;
      if (score > 0 && !may) FAIL_CHECK("ruled out a match: " << pair.title_a << " ~ " << pair.title_b);
    }
  }
  MESSAGE(compared << " comparisons, " << matches << " matches, " << ruled_out << " ruled out");
  CHECK(matches > 100);
  // It is worth its cost only if it rules out many of the rest.
  CHECK(ruled_out * 2 > compared - matches);
}
