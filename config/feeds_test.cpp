// parse_config on [[feed]] entries: required keys, URLs, regions, duplicates.

#include "test_support.hpp"

#include <monsoon/config.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace monsoon::config;
using namespace monsoon::config::testing;

TEST_CASE("An unknown key in a feed suggests the close key") {
  const auto diagnostic = only_diagnostic(R"([[feed]]
url = "https://technode.com/feed/"
name = "TechNode"
region = "china"
langauge = "en"
)");
  CHECK(diagnostic.line == 5);
  CHECK(diagnostic.column == 1);
  CHECK(diagnostic.message == R"(unknown key "langauge" in [[feed]]: did you mean "language"?)");
}

TEST_CASE("A feed interval outside the fetch bounds is reported") {
  const auto diagnostic = only_diagnostic(std::string(kGoodFeed) + "interval = \"1m\"\n");
  CHECK(diagnostic.line == 6);
  CHECK(diagnostic.column == 12);
  CHECK(diagnostic.message == R"(feed.interval: "1m" is shorter than [fetch] min_interval "5m")");
  CHECK(only_diagnostic("[fetch]\ninterval = \"3d\"\n").message ==
        R"(fetch.interval: "3d" is longer than max_interval "1d")");
}

TEST_CASE("An unknown region suggests the close one and lists the valid ones") {
  const auto diagnostic = only_diagnostic(R"([[feed]]
url = "https://technode.com/feed/"
name = "TechNode"
region = "chian"
)");
  CHECK(diagnostic.line == 4);
  CHECK(diagnostic.column == 10);
  CHECK(
      diagnostic.message ==
      R"(feed.region: unknown region "chian": did you mean "china"? Valid regions are china, taiwan, japan, south_korea, india, southeast_asia, rest_of_asia, pan_asia, global)");

  const auto far = only_diagnostic(R"([[feed]]
url = "https://technode.com/feed/"
name = "TechNode"
region = "unassigned"
)");
  CHECK(far.message.find("unknown region \"unassigned\"") != std::string::npos);
  CHECK(far.message.find("valid regions are china,") != std::string::npos);
  CHECK(far.message.find(", unassigned") == std::string::npos);
}

TEST_CASE("A shortened region name suggests the one region that contains it") {
  const auto korea = only_diagnostic(R"([[feed]]
url = "https://technode.com/feed/"
name = "TechNode"
region = "korea"
)");
  CHECK(korea.message.find(R"(unknown region "korea": did you mean "south_korea"?)") !=
        std::string::npos);
  // "asia" is in three region names: no single suggestion.
  const auto asia = only_diagnostic(R"([[feed]]
url = "https://technode.com/feed/"
name = "TechNode"
region = "asia"
)");
  CHECK(asia.message.find("did you mean") == std::string::npos);
  CHECK(asia.message.find("valid regions are") != std::string::npos);
}

TEST_CASE("A feed without url name or region reports each missing key at the table") {
  const auto result =
      parse_config("[fetch]\ntimeout = 5\n\n  [[feed]]\nlanguage = \"en\"\n", kFile);
  REQUIRE(result.diagnostics.size() == 3);
  for (const auto& diagnostic : result.diagnostics) {
    CHECK(diagnostic.line == 4);
    CHECK(diagnostic.column == 3);
  }
  CHECK(result.diagnostics[0].message == R"([[feed]] is missing the required key "url")");
  CHECK(result.diagnostics[1].message == R"([[feed]] is missing the required key "name")");
  CHECK(result.diagnostics[2].message == R"([[feed]] is missing the required key "region")");
}

TEST_CASE("A feed URL must be absolute with an http https or file scheme") {
  auto with_url = [](std::string_view url) {
    return "[[feed]]\nname = \"N\"\nregion = \"japan\"\nurl = \"" + std::string(url) + "\"\n";
  };
  const auto ftp = only_diagnostic(with_url("ftp://example.com/feed"));
  CHECK(ftp.line == 4);
  CHECK(ftp.column == 7);
  CHECK(
      ftp.message ==
      R"(feed.url: unsupported URL scheme "ftp" in "ftp://example.com/feed": use http, https or file)");
  CHECK(
      only_diagnostic(with_url("technode.com/feed")).message ==
      R"(feed.url: invalid URL "technode.com/feed": expected an absolute URL starting with http://, https:// or file://)");
  CHECK(only_diagnostic(with_url("https:///feed")).message ==
        R"(feed.url: invalid URL "https:///feed": no host after "https://")");
  CHECK(only_diagnostic(with_url("https://a.example/a feed")).message ==
        R"(feed.url: URL "https://a.example/a feed" contains whitespace or a control character)");
  CHECK(parse_config(with_url("HTTPS://a.example/feed"), kFile).diagnostics.empty());
}

TEST_CASE("A duplicate feed URL points at the second one and names the first line") {
  const auto diagnostic = only_diagnostic(R"([[feed]]
url = "https://technode.com/feed/"
name = "TechNode"
region = "china"

[[feed]]
name = "TechNode again"
region = "china"
url = "https://technode.com/feed/"
)");
  CHECK(diagnostic.line == 9);
  CHECK(diagnostic.column == 7);
  CHECK(diagnostic.message ==
        R"(feed.url: duplicate feed URL "https://technode.com/feed/" (first defined on line 2))");
}

TEST_CASE("A single [feed] table is reported with a hint about double brackets") {
  const auto diagnostic = only_diagnostic("[feed]\nurl = \"https://a.example/\"\n");
  CHECK(diagnostic.line == 1);
  CHECK(diagnostic.message ==
        "feed: expected an array of tables ([[feed]]), found a table; write [[feed]] with two "
        "brackets for each feed");
}

TEST_CASE("A relative file URL resolves against the config file folder") {
  const auto result = monsoon::config::parse_config(
      "[[feed]]\nurl = \"file:feeds/a.xml\"\nname = \"A\"\nregion = \"china\"\n"
      "[[feed]]\nurl = \"file:///srv/feeds/b.xml\"\nname = \"B\"\nregion = \"japan\"\n",
      "/etc/mon soon/monsoon.toml");
  REQUIRE(result.diagnostics.empty());
  REQUIRE(result.config.has_value());
  CHECK(result.config->feeds.at(0).url == "file:///etc/mon%20soon/feeds/a.xml");
  CHECK(result.config->feeds.at(1).url == "file:///srv/feeds/b.xml");
}

TEST_CASE("Per-feed headers and credentials and timeout are read") {
  const auto result = monsoon::config::parse_config(R"([fetch]
host_gap = "0s"
[[feed]]
url = "https://private.example/feed"
name = "Private"
region = "japan"
username = "reader"
password = "s3cret"
timeout = "45s"
headers = { "X-Api-Key" = "k1", "Accept-Language" = "ja" }
)",
                                                    "/etc/monsoon/monsoon.toml");
  REQUIRE(result.diagnostics.empty());
  const auto& feed = result.config->feeds.at(0);
  CHECK(feed.username == "reader");
  CHECK(feed.password == "s3cret");
  CHECK(feed.timeout == Seconds{45});
  REQUIRE(feed.headers.size() == 2);
  CHECK(result.config->fetch.host_gap == Seconds{0});
}

TEST_CASE("Bad header names and values and a lone password are reported") {
  const auto result = monsoon::config::parse_config(R"([[feed]]
url = "https://private.example/feed"
name = "Private"
region = "japan"
password = "s3cret"
headers = { "Bad Name" = "x", "X-Ok" = 5 }
)",
                                                    "/etc/monsoon/monsoon.toml");
  REQUIRE(result.diagnostics.size() == 3);
  CHECK(result.diagnostics[0].message.find("a password needs a username") != std::string::npos);
  CHECK(result.diagnostics[1].message.find("invalid header name \"Bad Name\"") != std::string::npos);
  CHECK(result.diagnostics[2].message.find("\"X-Ok\" needs a string value") != std::string::npos);
}

TEST_CASE("A feed marked as an aggregator is read and others are not aggregators") {
  const auto marked = parse_config(std::string(kGoodFeed) + "aggregator = true\n", kFile);
  INFO(printed(marked));
  REQUIRE(marked.config);
  CHECK(marked.config->feeds.front().aggregator);
  const auto plain = parse_config(kGoodFeed, kFile);
  REQUIRE(plain.config);
  CHECK_FALSE(plain.config->feeds.front().aggregator);
  CHECK(only_diagnostic(std::string(kGoodFeed) + "aggregator = \"yes\"\n").message.starts_with(
      "feed.aggregator: expected a boolean"));
}
