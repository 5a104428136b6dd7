#include "dictionary.hpp"

#include <monsoon/classify.hpp>

#include <doctest/doctest.h>

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
