// The hand-labelled evaluation set (testdata/eval.jsonl, see testdata/README.md):
// reports precision and recall per region and holds floors. Floors are what was
// measured, rounded down; raise them when the classifier gets better, never lower
// them to make a change pass.

#include <monsoon/classify.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace monsoon;
using model::Region;

namespace {

struct Item {
  std::string title, summary, link, language;
  Region feed_region = Region::unassigned;
  Region label = Region::unassigned;
};

std::vector<Item> load_eval_set(const char* file = "eval.jsonl") {
  std::ifstream in(std::string(MONSOON_SOURCE_DIR) + "/classify/testdata/" + file);
  std::vector<Item> items;
  std::string line;
  while (std::getline(in, line)) {
    const auto row = nlohmann::json::parse(line);
    Item item{row.at("title"), row.at("summary"), row.at("link"), row.at("language")};
    item.feed_region = model::region_from_string(row.at("feed_region").get<std::string>()).value();
    item.label = model::region_from_string(row.at("label").get<std::string>()).value();
    items.push_back(std::move(item));
  }
  return items;
}

struct Score {
  double accuracy = 0.0;
  double macro_f1 = 0.0;
  std::map<Region, std::array<double, 3>> per_region;  // precision, recall, F1
};

Score evaluate(const std::vector<Item>& items, bool with_prior) {
  const auto& classifier = classify::builtin_classifier();
  std::map<Region, std::array<int, 3>> counts;  // true positives, false positives, false negatives
  int correct = 0;
  for (const auto& item : items) {
    const auto verdict = classifier.classify(
        {.title = item.title, .summary = item.summary, .link = item.link, .language = item.language,
         .feed_region = with_prior ? item.feed_region : Region::unassigned});
    if (verdict.region == item.label) {
      ++correct;
      ++counts[item.label][0];
    } else {
      ++counts[verdict.region][1];
      ++counts[item.label][2];
    }
  }
  Score score;
  score.accuracy = static_cast<double>(correct) / static_cast<double>(items.size());
  for (Region region : model::kDigestRegions) {
    const auto [tp, fp, fn] = counts[region];
    const double precision = tp + fp > 0 ? static_cast<double>(tp) / (tp + fp) : 0.0;
    const double recall = tp + fn > 0 ? static_cast<double>(tp) / (tp + fn) : 0.0;
    const double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
    score.per_region[region] = {precision, recall, f1};
    score.macro_f1 += f1 / static_cast<double>(model::kDigestRegions.size());
  }
  return score;
}

void report(const char* name, const Score& score) {
  std::printf("eval %s: accuracy %.3f, macro-F1 %.3f over the seven regions\n", name,
              score.accuracy, score.macro_f1);
  for (const auto& [region, prf] : score.per_region) {
    std::printf("  %-15s precision %.2f  recall %.2f  F1 %.2f\n",
                std::string(model::to_string(region)).c_str(), prf[0], prf[1], prf[2]);
  }
}

}  // namespace

TEST_CASE("The evaluation set has 400 items or more and every region") {
  const auto items = load_eval_set();
  CHECK(items.size() >= 400);
  std::map<Region, int> per_label;
  for (const auto& item : items) ++per_label[item.label];
  for (Region region : model::kDigestRegions) CHECK(per_label[region] >= 3);
  CHECK(per_label[Region::global] >= 50);
  CHECK(per_label[Region::unassigned] >= 10);
}

TEST_CASE("Text alone classifies the evaluation set above its floors") {
  const auto score = evaluate(load_eval_set(), false);
  report("text only", score);
  CHECK(score.accuracy >= 0.92);
  CHECK(score.macro_f1 >= 0.93);
  for (const auto& [region, prf] : score.per_region) {
    INFO("region " << model::to_string(region));
    CHECK(prf[2] >= 0.79);
  }
}

TEST_CASE("Text and feed region classify the evaluation set above their floors") {
  const auto items = load_eval_set();
  const auto score = evaluate(items, true);
  report("with feed prior", score);
  CHECK(score.accuracy >= 0.92);
  CHECK(score.macro_f1 >= 0.93);
  // The issue asks for the prior to help, not merely not to hurt.
  CHECK(score.accuracy > evaluate(items, false).accuracy);
  for (const auto& [region, prf] : score.per_region) {
    INFO("region " << model::to_string(region));
    CHECK(prf[2] >= 0.79);
  }
}

TEST_CASE("Text alone classifies the held-out set above its floors") {
  // Labelled after the last change to the classifier and measured once; see
  // testdata/README.md. Mostly global items: the per-region figures rest on 2 to 10
  // items each and are reported, not held.
  const auto items = load_eval_set("heldout.jsonl");
  CHECK(items.size() >= 100);
  const auto score = evaluate(items, false);
  report("held-out text only", score);
  CHECK(score.accuracy >= 0.94);
  CHECK(score.macro_f1 >= 0.82);
}

TEST_CASE("Text alone classifies the newsletter-style development set above its floors") {
  // Headlines written for this set and labelled before the classifier saw them; see
  // testdata/README.md. Its items name what an editor would expect a reader to know.
  const auto items = load_eval_set("newsletter_dev.jsonl");
  CHECK(items.size() >= 100);
  const auto score = evaluate(items, false);
  report("newsletter dev text only", score);
  report("newsletter dev with feed prior", evaluate(items, true));
  CHECK(score.accuracy >= 0.97);
  CHECK(score.macro_f1 >= 0.98);
}

TEST_CASE("Text alone classifies the newsletter-style held-out set above its floors") {
  // Every third headline of the newsletter set, measured once after the last change.
  const auto items = load_eval_set("newsletter_heldout.jsonl");
  CHECK(items.size() >= 50);
  const auto score = evaluate(items, false);
  report("newsletter held-out text only", score);
  report("newsletter held-out with feed prior", evaluate(items, true));
  CHECK(score.accuracy >= 0.94);
  CHECK(score.macro_f1 >= 0.99);
}

TEST_CASE("Text alone classifies the second newsletter-style sets above their floors") {
  // Written on 2026-11-29 (testdata/README.md): a development part, read while changing
  // the classifier, and a held-out part labelled before it was run and measured once.
  const auto dev = load_eval_set("newsletter2_dev.jsonl");
  const auto heldout = load_eval_set("newsletter2_heldout.jsonl");
  CHECK(dev.size() >= 100);
  CHECK(heldout.size() >= 50);
  const auto dev_score = evaluate(dev, false);
  const auto heldout_score = evaluate(heldout, false);
  report("newsletter 2 dev text only", dev_score);
  report("newsletter 2 held-out text only", heldout_score);
  report("newsletter 2 held-out with feed prior", evaluate(heldout, true));
  CHECK(dev_score.accuracy >= 0.98);
  CHECK(heldout_score.accuracy >= 0.98);
}
