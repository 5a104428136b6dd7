// Items per second of classify::Classifier::classify on one thread, for titles of
// about 70 bytes with 300-byte summaries (see classify_speed.sh and README.md).
//
//   classify_speed [ITEMS] [ROUNDS]
//
// Items are generated from a fixed seed: headline-like English with one or two
// dictionary terms, and one in ten in Chinese, Japanese or Korean. Prints the best
// round's items/s and a checksum of the verdicts (so the work cannot be optimised away).

#include <monsoon/classify.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

const char* const kWords[] = {
    "startup", "raises",  "funding", "round",   "led",     "by",       "investors", "the",
    "company", "said",    "on",      "Monday",  "its",     "new",      "platform",  "will",
    "expand",  "into",    "markets", "after",   "strong",  "growth",   "in",        "quarter",
    "revenue", "users",   "AI",      "chips",   "cloud",   "payments", "logistics", "deal"};
const char* const kTerms[] = {"TSMC",      "Samsung",   "Alibaba", "Flipkart", "Grab",
                              "SoftBank",  "Jakarta",   "Seoul",   "Bengaluru", "Shenzhen",
                              "Karachi",   "Apple",     "Nvidia",  "MeitY",    "yen",
                              "Hsinchu",   "Tokopedia", "Dubai",   "Infosys",  "Xiaomi"};
const char* const kCjk[] = {"台積電宣布在高雄興建2奈米新廠，預計兩年後量產",
                            "华为发布新款手机，搭载自研芯片，售价下调",
                            "ソニーが新型イメージセンサーを発表、量産は来年",
                            "삼성전자, 파운드리 투자 확대… 평택 새 라인 가동"};

std::string sentence(std::mt19937& random, std::size_t bytes) {
  std::string out;
  while (out.size() < bytes) {
    if (!out.empty()) out += ' ';
    out += random() % 9 == 0 ? kTerms[random() % std::size(kTerms)]
                             : kWords[random() % std::size(kWords)];
  }
  out.resize(bytes);
  return out;
}

struct Item {
  std::string title, summary;
};

}  // namespace

int main(int argc, char** argv) {
  const long count = argc > 1 ? std::atol(argv[1]) : 200000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  std::mt19937 random(20261129);
  std::vector<Item> items(static_cast<std::size_t>(count));
  for (auto& item : items) {
    if (random() % 10 == 0) {
      item.title = kCjk[random() % std::size(kCjk)];
      item.summary = item.title + item.title + item.title + item.title + item.title;
      item.summary.resize(std::min<std::size_t>(item.summary.size(), 300));
    } else {
      item.title = sentence(random, 70);
      item.summary = sentence(random, 300);
    }
  }
  const auto& classifier = monsoon::classify::builtin_classifier();
  double best = 0.0;
  unsigned long checksum = 0;
  for (int round = 0; round < rounds; ++round) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& item : items) {
      const auto verdict = classifier.classify({.title = item.title, .summary = item.summary,
                                                .link = "https://news.example.com/a/1",
                                                .language = "en"});
      checksum += static_cast<unsigned long>(verdict.region) + verdict.reasons.size();
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::max(best, static_cast<double>(count) / took.count());
  }
  std::printf("classify_speed: %ld items (title ~70 B + summary 300 B), best of %d rounds: "
              "%.0f items/s on one thread (checksum %lu)\n",
              count, rounds, best, checksum);
  return 0;
}
