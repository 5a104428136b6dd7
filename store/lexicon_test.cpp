#include "lexicon.hpp"

#include "text_features.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace monsoon::store::detail;

namespace {

auto features(std::string_view text) { return text_features(text, 64).features; }

// How many of the text's features are markers.
long markers(std::string_view text) {
  const auto found = features(text);
  return std::count_if(found.begin(), found.end(), [](auto f) { return is_marker(f); });
}

bool action(std::string_view word) {
  const auto found = features(word);
  REQUIRE(found.size() == 1);
  return is_action(found[0]);
}

}  // namespace

TEST_CASE("Inflections of one English word meet") {
  CHECK(features("acquires") == features("acquired"));
  CHECK(features("acquiring") == features("acquire"));
  CHECK(features("stopped") == features("stop"));
  CHECK(features("companies") == features("company"));
  CHECK(features("agreed") == features("agrees"));
  CHECK(features("business") != features("bus"));
}

TEST_CASE("Headline synonyms share a feature and stop words give none") {
  CHECK(features("Grab acquires GoTo") == features("Grab buys GoTo"));
  CHECK(features("merger") == features("takeover"));
  CHECK(features("halt production") == features("suspends production"));
  CHECK(features("cuts 600 jobs") == features("lays off 600 staff"));
  CHECK(features("new chief executive") == features("new CEO"));
  CHECK(features("Indian factory") == features("India plant"));
  CHECK(features("the of says pour und").empty());
}

TEST_CASE("Actions and directions are told from other words") {
  CHECK(features("raises") == features("hike"));
  CHECK(features("cuts") == features("plunged"));
  CHECK(features("unchanged") == features("keeps"));
  CHECK(features("raises") != features("keeps"));
  CHECK(features("halts") != features("resumes"));
  for (const auto* word : {"raises", "cuts", "keeps", "halts", "resumes", "acquires", "delays"}) {
    CHECK(action(word));
  }
  for (const auto* word : {"profit", "plant", "India", "shares"}) CHECK_FALSE(action(word));
}

TEST_CASE("Countries are names, verb classes are not") {
  CHECK(text_features("Shares of Ola Electric rise in India", 64).names.size() == 3);
  CHECK(text_features("Ola Electric Acquires Krutrim", 64).names.empty());  // title case
  CHECK(text_features("shares of Ola Electric Jump", 64).names.size() == 2);
}

TEST_CASE("Negations, considerations and completions are markers") {
  for (const auto* text : {"not", "won't", "withdraws", "calls off", "scrapped", "weighs",
                           "mulls", "completes", "finalised", "철회", "取消", "検討"}) {
    CHECK_MESSAGE(markers(text) == 1, text);
  }
  for (const auto* text : {"launch", "halts", "raises", "India", "profit", "发布"}) {
    CHECK_MESSAGE(markers(text) == 0, text);
  }
  // Markers are actions, so they are never names.
  CHECK(action("withdraws"));
  CHECK(text_features("shares Withdraw", 64).names.empty());
  CHECK(text_features("shares Alibaba", 64).names.size() == 1);
  CHECK(features("won't") == features("will not"));
  CHECK(features("calls off") == features("cancels"));
}

TEST_CASE("Hiring is an appointment, not a rise") {
  CHECK(features("hires") == features("appoints"));
  CHECK(features("hires") != features("lays off"));
  CHECK(features("pushes back") == features("delays"));
  CHECK(features("2nm") == features("2 nanometre"));
  CHECK(features("electric vehicles") == features("EVs"));
}

TEST_CASE("Denials, appeals and lifted bans are markers; lifting is a rise otherwise") {
  for (const auto* text : {"denies", "rejects", "appeals", "lifts block", "lifted sanctions",
                           "否认", "拒否", "거부", "delays", "pushes back", "延期"}) {
    CHECK_MESSAGE(markers(text) == 1, text);
  }
  CHECK(features("lifts forecast") == features("raises forecast"));
  CHECK(features("gives green light") == features("gives approval"));
  CHECK(features("declares") == features("imposes"));
  CHECK(features("judge") == features("court"));
}

TEST_CASE("British spellings meet American ones") {
  CHECK(features("data centres") == features("data centers"));
  CHECK(features("centre") == features("center"));
  CHECK(features("labour") == features("labor"));
  CHECK(features("favoured") == features("favored"));
  CHECK(features("organisation") == features("organization"));
  CHECK(features("finalised") == features("finalized"));
  CHECK(features("privatise") == features("privatize"));
  CHECK(features("analyses") == features("analyzes"));
  // Not every -ise or -our is British.
  CHECK(features("promise") != features("promize"));
  CHECK(features("exercise") != features("exercize"));
  CHECK(features("hours") != features("hors"));
  CHECK(features("raise") == features("raises"));
}

TEST_CASE("More headline verbs share a class") {
  CHECK(features("takes over") == features("acquires"));
  CHECK(features("scales back") == features("cuts"));
  CHECK(features("axes 500 roles") == features("cuts 500 jobs"));
  CHECK(features("revenue grows") == features("revenue rises"));
}

TEST_CASE("A public offering is an IPO; dropping a plan abandons it") {
  CHECK(features("initial public offering") == features("initial IPO"));
  CHECK(features("drops plan") == features("abandons plan"));
  CHECK(markers("Ant Group drops plan for Hong Kong listing") == 1);
  CHECK(markers("Ant Group shares drop") == 0);
}

TEST_CASE("A year's figure is annual, full-year or FY") {
  CHECK(features("annual outlook") == features("full-year outlook"));
  CHECK(features("annual outlook") == features("FY outlook"));
  CHECK(features("yearly sales") == features("full year sales"));
  CHECK(features("annual") != features("year"));  // "year" alone says which year, not a year's figure
}

TEST_CASE("A trial run is a marker, a court's trial and an airline's pilot are not") {
  CHECK(markers("prototype") == 1);
  CHECK(markers("trial production") == 1);
  CHECK(markers("pilot project") == 1);
  CHECK(markers("fraud trial") == 0);
  CHECK(markers("pilots strike") == 0);
  // The run is still production, as "third quarter" is still a quarter.
  const auto run = features("trial production");
  const auto production = features("production");
  REQUIRE(production.size() == 1);
  CHECK(std::find(run.begin(), run.end(), production[0]) != run.end());
}

TEST_CASE("A company's two names in one language share a name feature") {
  const auto shared = [](std::string_view a, std::string_view b) {
    const auto x = text_features(a, 64), y = text_features(b, 64);
    std::vector<std::uint32_t> both;
    std::set_intersection(x.names.begin(), x.names.end(), y.names.begin(), y.names.end(),
                          std::back_inserter(both));
    return both.size();
  };
  CHECK(shared("鸿海在印度扩产", "富士康在印度扩产") >= 1);
  CHECK(shared("현대차 조지아 공장", "현대자동차 조지아 공장") >= 1);
  CHECK(shared("LG엔솔 공장 가동", "LG에너지솔루션 공장 가동") >= 1);
  CHECK(shared("ファストリ、最高益", "ファーストリテイリング、最高益") >= 1);
  // "Hon Hai" is one feature, Foxconn's.
  CHECK(features("Hon Hai") == features("Foxconn"));
  CHECK(features("hon") != features("Foxconn"));
  // Another company keeps its own name.
  CHECK(shared("鸿海扩产", "和硕扩产") == 0);
}
