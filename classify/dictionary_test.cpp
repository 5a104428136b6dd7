#include "dictionary.hpp"
#include "verdict.hpp"

#include <monsoon/classify.hpp>

#include <doctest/doctest.h>

#include <charconv>
#include <cmath>
#include <string>

using namespace monsoon;
using classify::detail::Dictionary;
using classify::detail::load_regions;
using model::Region;

TEST_CASE("The shipped regions file loads and covers every region") {
  Dictionary dictionary;
  auto loaded = load_regions(classify::builtin_regions_toml(), "regions.toml", dictionary);
  REQUIRE_MESSAGE(loaded, (loaded ? "" : loaded.error().message));
  std::map<Region, int> per_region;
  for (const auto& term : dictionary.terms) ++per_region[term.region];
  for (auto region : model::kDigestRegions) CHECK(per_region[region] >= 100);
  CHECK(per_region[Region::global] >= 100);
  CHECK(per_region[Region::pan_asia] >= 5);
  CHECK(dictionary.tlds.at("tw").region == Region::taiwan);
  CHECK(dictionary.languages.at("ja").region == Region::japan);
}

TEST_CASE("Terms get case and word boundary flags from how they are written") {
  Dictionary dictionary;
  REQUIRE(load_regions(R"([region.japan]
currency = ["yen"]
company = ["Sony", { term = "Sharp Corp", weight = 1.5 }, "株式会社"]
)",
                       "x.toml", dictionary));
  const auto& yen = dictionary.terms[dictionary.term_index.at("yen")];
  CHECK_FALSE(yen.case_sensitive);
  CHECK(yen.weight == doctest::Approx(2.0));
  const auto& sharp = dictionary.terms[dictionary.term_index.at("Sharp Corp")];
  CHECK(sharp.case_sensitive);
  CHECK(sharp.weight == doctest::Approx(1.5));
  const auto& kabushiki = dictionary.terms[dictionary.term_index.at("株式会社")];
  CHECK_FALSE(kabushiki.word_start);
  CHECK_FALSE(kabushiki.word_end);
}

TEST_CASE("A later file moves a known term to another region") {
  Dictionary dictionary;
  REQUIRE(load_regions("[region.china]\ncompany = [\"Shein\"]\n", "a.toml", dictionary));
  REQUIRE(load_regions("[region.southeast_asia]\ncompany = [\"Shein\"]\n", "b.toml", dictionary));
  CHECK(dictionary.terms.size() == 1);
  CHECK(dictionary.terms.front().region == Region::southeast_asia);
}

TEST_CASE("Bad region files are refused with the file line and column") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"[region.korea]\nname = [\"Seoul\"]\n", "x.toml:1:1: unknown region \"korea\""},
      {"[region.japan]\nnames = [\"Tokyo\"]\n", "x.toml:2:1: unknown list \"names\""},
      {"[region.japan]\nname = [\"Tokyo\", \"Tokyo\"]\n", "x.toml:2:18: term \"Tokyo\" is listed twice"},
      {"[region.japan]\nname = [\"\"]\n", "x.toml:2:9: expected a non-empty string"},
      {"[region.japan]\nname = \"Tokyo\"\n", "x.toml:2:8: expected a list of terms"},
      {"[weights]\nname = -1\n", "x.toml:2:8: weights.name: expected a number from 0 to 100"},
      {"[region.japan\n", "x.toml:1:"},
      {"colour = 1\n", "x.toml:1:1: unknown key \"colour\""},
  };
  for (const auto& c : cases) {
    Dictionary dictionary;
    auto loaded = load_regions(c.text, "x.toml", dictionary);
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().code == model::Errc::config);
    CHECK_MESSAGE(loaded.error().message.rfind(c.message, 0) == 0, loaded.error().message);
  }
}

TEST_CASE("one_decimal writes what std::to_chars writes with one fixed decimal") {
  // The evidence line's weights: the fast integer path must agree with to_chars on
  // ties (0.25, 0.35: the double lies below or above), on values that round up to a
  // new digit (9.96), on zero, negatives and huge values (to_chars itself).
  const auto reference = [](double value) {
    char buffer[64];
    const auto [end, error] =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 1);
    REQUIRE(error == std::errc());
    return std::string(buffer, end);
  };
  for (const double value : {0.0, 0.04, 0.05, 0.15, 0.25, 0.35, 0.45, 1.0, 2.5, 9.96, 99.95,
                             123456.789, -0.04, -2.25, 1e14, 3e15, 1e20}) {
    CAPTURE(value);
    CHECK(monsoon::classify::detail::one_decimal(value) == reference(value));
  }
  // Every hundredth from 0 to 200 and their neighbours a few ulps away.
  for (int hundredths = 0; hundredths <= 20000; ++hundredths) {
    const double value = hundredths / 100.0;
    for (const double near : {value, std::nextafter(value, 0.0), std::nextafter(value, 1e9)}) {
      if (monsoon::classify::detail::one_decimal(near) != reference(near)) {
        FAIL("one_decimal(" << near << ") = " << monsoon::classify::detail::one_decimal(near)
                            << ", to_chars: " << reference(near));
      }
    }
  }
}
