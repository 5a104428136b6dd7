// parse_config on [classify], [[rule]] and a feed's region_fixed.

#include "test_support.hpp"

#include <monsoon/config.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace monsoon;
using namespace monsoon::config;
using namespace monsoon::config::testing;

TEST_CASE("Rules and the regions file are read in file order") {
  const auto result = parse_config(std::string(kGoodFeed) + R"(region_fixed = true

[classify]
regions_file = "extra/regions.toml"

[[rule]]
pattern = "Xiaomi"
region = "china"
weight = 4.5

[[rule]]
pattern = "Kopi Kenangan"
region = "southeast_asia"
)",
                                   kFile);
  INFO(printed(result));
  REQUIRE(result.config);
  CHECK(result.config->feeds.front().region_fixed);
  CHECK(result.config->classify.regions_file == "/etc/monsoon/extra/regions.toml");
  const auto& rules = result.config->classify.rules;
  REQUIRE(rules.size() == 2);
  CHECK(rules[0].pattern == "Xiaomi");
  CHECK(rules[0].region == model::Region::china);
  CHECK(rules[0].weight == doctest::Approx(4.5));
  CHECK(rules[1].weight == doctest::Approx(3.0));
}

TEST_CASE("Without a classify table there is no regions file and no rule") {
  const auto result = parse_config(kGoodFeed, kFile);
  REQUIRE(result.config);
  CHECK(result.config->classify.regions_file.empty());
  CHECK(result.config->classify.rules.empty());
  CHECK_FALSE(result.config->feeds.front().region_fixed);
}

TEST_CASE("A rule with an unknown region suggests the close one") {
  const auto diagnostic = only_diagnostic(R"([[rule]]
pattern = "Xiaomi"
region = "chian"
)");
  CHECK(diagnostic.line == 3);
  CHECK(diagnostic.column == 10);
  CHECK(diagnostic.message.rfind(R"(rule.region: unknown region "chian": did you mean "china"?)", 0) == 0);
}

TEST_CASE("A rule needs a pattern and a region and a weight in range") {
  CHECK(only_diagnostic("[[rule]]\nregion = \"india\"\n").message.find("pattern") !=
        std::string::npos);
  CHECK(only_diagnostic("[[rule]]\npattern = \"Zoho\"\n").message.find("region") !=
        std::string::npos);
  const auto weight = only_diagnostic("[[rule]]\npattern = \"Zoho\"\nregion = \"india\"\nweight = 500\n");
  CHECK(weight.line == 4);
  CHECK(weight.message.rfind("rule.weight: expected a number from 0 to 100", 0) == 0);
  CHECK(only_diagnostic("[rule]\npattern = \"Zoho\"\n").message.find("write [[rule]]") !=
        std::string::npos);
  CHECK(only_diagnostic("[[rule]]\npattern = \"Zoho\"\nregion = \"india\"\nregex = \"x\"\n")
            .message.find("unknown key \"regex\"") != std::string::npos);
}

TEST_CASE("A pan-Asian feed cannot fix its region") {
  const auto diagnostic = only_diagnostic(R"([[feed]]
url = "https://kr-asia.com/feed"
name = "KrASIA"
region = "pan_asia"
region_fixed = true
)");
  CHECK(diagnostic.line == 5);
  CHECK(diagnostic.message.rfind("feed.region_fixed: a pan_asia feed cannot fix", 0) == 0);
}

TEST_CASE("A misspelt classify table suggests the right one") {
  CHECK(only_diagnostic("[clasify]\n").message == "unknown table [clasify]: did you mean [classify]?");
  CHECK(only_diagnostic("[[rules]]\npattern = \"x\"\n").message ==
        "unknown table [rules]: did you mean [[rule]]?");
}
