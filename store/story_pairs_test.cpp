// Precision and recall of story matching on the labelled pairs in
// testdata/story_pairs.tsv (provenance and labelling rules: testdata/README.md).
// Each pair goes through a fresh StoryIndex as two items of one moment, from two
// feeds (one when the pair's same_feed is 1), with different links, so the whole
// text path is measured: features, LSH candidates and the similarity rule.

#include "story_index.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace monsoon::store::detail;

namespace {

// Floors: the measured values rounded down (0.870 and 0.718 at 316 pairs; the
// issue targets 0.98 and 0.90, see testdata/README.md for what is missed). Raise them when the
// matcher improves; never lower them to let a change through.
constexpr double kPrecisionFloor = 0.87;
constexpr double kRecallFloor = 0.71;

struct Pair {
  bool duplicate = false;
  bool same_feed = false;
  std::string kind, title_a, summary_a, title_b, summary_b;
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

std::vector<Pair> load_pairs() {
  std::ifstream in(MONSOON_SOURCE_DIR "/store/testdata/story_pairs.tsv");
  REQUIRE(in.good());
  std::vector<Pair> pairs;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto fields = split_tabs(line);
    REQUIRE(fields.size() == 8);
    pairs.push_back({fields[0] == "1", fields[2] == "1", fields[1], fields[4], fields[5], fields[6],
                     fields[7]});
  }
  return pairs;
}

bool matched(const Pair& pair) {
  StoryIndex index;
  const monsoon::model::TimePoint now{monsoon::model::Seconds{1'800'000'000}};
  const auto first = index.assign({1, 1, false, "https://a.example/1", now},
                                  compute_signature(pair.title_a, pair.summary_a));
  const auto second = index.assign({2, pair.same_feed ? 1 : 2, false, "https://b.example/2", now},
                                   compute_signature(pair.title_b, pair.summary_b));
  return first.story_id == second.story_id;
}

}  // namespace

TEST_CASE("Story matching holds its precision and recall on the labelled pairs") {
  const std::vector<Pair> pairs = load_pairs();
  REQUIRE(pairs.size() >= 300);
  int true_positive = 0, false_positive = 0, false_negative = 0, true_negative = 0;
  for (const Pair& pair : pairs) {
    const bool match = matched(pair);
    if (match != pair.duplicate) {
      MESSAGE(std::string(match ? "false match " : "missed ")
              << pair.kind << ": " << pair.title_a << " ~ " << pair.title_b);
    }
    (match ? (pair.duplicate ? true_positive : false_positive)
           : (pair.duplicate ? false_negative : true_negative))++;
  }
  const double precision = true_positive / static_cast<double>(true_positive + false_positive);
  const double recall = true_positive / static_cast<double>(true_positive + false_negative);
  MESSAGE("pairs " << pairs.size() << " tp " << true_positive << " fp " << false_positive << " fn "
                   << false_negative << " tn " << true_negative << " precision " << precision
                   << " recall " << recall);
  CHECK(precision >= kPrecisionFloor);
  CHECK(recall >= kRecallFloor);
}
