// parse_config: values, defaults, and every kind of mistake with its position.

#include "test_support.hpp"

#include <monsoon/config.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>

using namespace monsoon::config;
using monsoon::model::Region;
using namespace monsoon::config::testing;

TEST_CASE("A complete config parses with every value") {
  const auto result = parse_config(R"([store]
path = "state/monsoon.db"
[fetch]
max_parallel = 8
max_per_host = 3
timeout = "25s"
connect_timeout = 7
max_body = "2MiB"
user_agent = "monsoon-test/1"
interval = "2h"
min_interval = "10m"
max_interval = "2d"
[digest]
output_dir = "/var/lib/monsoon/digests"
timezone = "Asia/Singapore"
weekday = "Monday"
time = "18:30"
focus_items = 3
max_items_per_region = 12
[[feed]]
url = "https://technode.com/feed/"
name = "TechNode"
region = "china"
language = "zh-CN"
interval = "30m"
encoding = "gb18030"
enabled = false
[[feed]]
url = "file:///srv/feeds/local.xml"
name = "Local"
region = "south_korea"
)",
                                   kFile);
  CHECK(result.diagnostics.empty());
  REQUIRE(result.config.has_value());
  const Config& config = *result.config;
  CHECK(config.source_file == "/etc/monsoon/monsoon.toml");
  CHECK(config.store.path == "/etc/monsoon/state/monsoon.db");
  CHECK(config.fetch.max_parallel == 8);
  CHECK(config.fetch.max_per_host == 3);
  CHECK(config.fetch.timeout == Seconds{25});
  CHECK(config.fetch.connect_timeout == Seconds{7});
  CHECK(config.fetch.max_body == 2 * 1024 * 1024);
  CHECK(config.fetch.user_agent == "monsoon-test/1");
  CHECK(config.fetch.interval == Seconds{7200});
  CHECK(config.fetch.min_interval == Seconds{600});
  CHECK(config.fetch.max_interval == Seconds{172800});
  CHECK(config.digest.output_dir == "/var/lib/monsoon/digests");
  CHECK(config.digest.timezone == "Asia/Singapore");
  CHECK(config.digest.weekday == "monday");
  CHECK(config.digest.time == "18:30");
  CHECK(config.digest.focus_items == 3);
  CHECK(config.digest.max_items_per_region == 12);
  REQUIRE(config.feeds.size() == 2);
  const auto& first = config.feeds[0];
  CHECK(first.url == "https://technode.com/feed/");
  CHECK(first.name == "TechNode");
  CHECK(first.region == Region::china);
  CHECK(first.language == "zh-CN");
  CHECK(first.interval == Seconds{1800});
  CHECK(first.encoding == "gb18030");
  CHECK_FALSE(first.enabled);
  const auto& second = config.feeds[1];
  CHECK(second.url == "file:///srv/feeds/local.xml");
  CHECK(second.region == Region::south_korea);
  CHECK(second.language.empty());
  CHECK(second.interval == Seconds{0});
  CHECK(second.encoding.empty());
  CHECK(second.enabled);
}

TEST_CASE("Absent keys take the documented defaults") {
  const auto result = parse_config("", "/srv/monsoon/monsoon.toml");
  REQUIRE(result.config.has_value());
  const Config& config = *result.config;
  CHECK(config.store.path == "/srv/monsoon/monsoon.db");
  CHECK(config.fetch.max_parallel == 16);
  CHECK(config.fetch.max_per_host == 2);
  CHECK(config.fetch.timeout == Seconds{20});
  CHECK(config.fetch.connect_timeout == Seconds{10});
  CHECK(config.fetch.max_body == 15 * 1024 * 1024);
  CHECK(config.fetch.user_agent.empty());
  CHECK(config.fetch.interval == Seconds{3600});
  CHECK(config.fetch.min_interval == Seconds{300});
  CHECK(config.fetch.max_interval == Seconds{86400});
  CHECK(config.digest.output_dir == "/srv/monsoon/digests");
  CHECK(config.digest.timezone == "UTC");
  CHECK(config.digest.weekday == "friday");
  CHECK(config.digest.time == "09:00");
  CHECK(config.digest.focus_items == 5);
  CHECK(config.digest.max_items_per_region == 30);
  CHECK(config.feeds.empty());
}

TEST_CASE("Relative paths resolve against the config file folder and absolute ones stay") {
  const auto result = parse_config(R"([store]
path = "../state/./monsoon.db"
[digest]
output_dir = "~/digests"
)",
                                   "/opt/monsoon/etc/monsoon.toml");
  REQUIRE(result.config.has_value());
  CHECK(result.config->store.path == "/opt/monsoon/state/monsoon.db");
  // "~" is not expanded: it is an ordinary folder name next to the config file.
  CHECK(result.config->digest.output_dir == "/opt/monsoon/etc/~/digests");

  const auto absolute =
      parse_config("[store]\npath = \"/var/lib/monsoon/m.db\"\n", "/opt/monsoon/etc/monsoon.toml");
  REQUIRE(absolute.config.has_value());
  CHECK(absolute.config->store.path == "/var/lib/monsoon/m.db");
}

TEST_CASE("A relative config file name becomes an absolute source file") {
  const auto result = parse_config("", "conf/monsoon.toml");
  REQUIRE(result.config.has_value());
  CHECK(result.config->source_file.is_absolute());
  CHECK(result.config->source_file == std::filesystem::current_path() / "conf/monsoon.toml");
  CHECK(result.config->store.path == std::filesystem::current_path() / "conf/monsoon.db");
}

TEST_CASE("A TOML syntax error is reported at its position and stops the checks") {
  const auto result = parse_config("[fetch]\nmax_paralel = 3\ntimeout = = 2\n", kFile);
  REQUIRE(result.diagnostics.size() == 1);
  const auto& diagnostic = result.diagnostics.front();
  CHECK(diagnostic.line == 3);
  CHECK(diagnostic.column == 11);
  CHECK(diagnostic.message.rfind("TOML syntax error: ", 0) == 0);
  CHECK(diagnostic.file == "/etc/monsoon/monsoon.toml");
  CHECK_FALSE(result.config.has_value());
}

TEST_CASE("An unknown key suggests the allowed key that is close") {
  const auto diagnostic = only_diagnostic("[fetch]\nmax_per_host = 2\nmax_paralel = 10\n");
  CHECK(diagnostic.line == 3);
  CHECK(diagnostic.column == 1);
  CHECK(diagnostic.message ==
        R"(unknown key "max_paralel" in [fetch]: did you mean "max_parallel"?)");
}

TEST_CASE("An unknown key far from every allowed key lists the allowed keys") {
  const auto diagnostic = only_diagnostic("[store]\n  colour = \"blue\"\n");
  CHECK(diagnostic.line == 2);
  CHECK(diagnostic.column == 3);
  CHECK(diagnostic.message == R"(unknown key "colour" in [store]; allowed keys are path, retention, story_memory_items)");
}

TEST_CASE("An unknown table suggests the close table name") {
  const auto diagnostic = only_diagnostic("[fecth]\ntimeout = \"5s\"\n");
  CHECK(diagnostic.line == 1);
  CHECK(diagnostic.column == 2);
  CHECK(diagnostic.message == "unknown table [fecth]: did you mean [fetch]?");

  const auto feeds = only_diagnostic("[[feeds]]\nurl = \"https://a.example/\"\n");
  CHECK(feeds.message == "unknown table [feeds]: did you mean [[feed]]?");
}

TEST_CASE("A value of the wrong type names the expected and the found type") {
  const auto diagnostic = only_diagnostic("[fetch]\nmax_parallel = \"ten\"\n");
  CHECK(diagnostic.line == 2);
  CHECK(diagnostic.column == 16);
  CHECK(diagnostic.message == "fetch.max_parallel: expected an integer, found a string");

  const auto table = only_diagnostic("store = 3\n");
  CHECK(table.message == "store: expected a table ([store]), found an integer");
  const auto flag = only_diagnostic(std::string(kGoodFeed) + "enabled = \"yes\"\n");
  CHECK(flag.line == 6);
  CHECK(flag.message == "feed.enabled: expected a boolean (true or false), found a string");
}

TEST_CASE("Numbers out of range are reported with the allowed range") {
  const auto diagnostic = only_diagnostic("[fetch]\nmax_parallel = 0\n");
  CHECK(diagnostic.line == 2);
  CHECK(diagnostic.column == 16);
  CHECK(diagnostic.message == "fetch.max_parallel: must be between 1 and 1024, found 0");

  CHECK(only_diagnostic("[fetch]\nmax_per_host = -1\n").message ==
        "fetch.max_per_host: must be between 1 and 64, found -1");
  CHECK(only_diagnostic("[fetch]\ntimeout = 0\n").message ==
        R"(fetch.timeout: must be at least 1s, found "0s")");
  CHECK(only_diagnostic("[fetch]\nconnect_timeout = -3\n").message ==
        R"(fetch.connect_timeout: must be at least 1s, found "-3s")");
  CHECK(only_diagnostic("[fetch]\nmax_body = 0\n").message ==
        "fetch.max_body: must be at least 1 byte, found 0");
  CHECK(only_diagnostic("[digest]\nmax_items_per_region = 0\n").message ==
        "digest.max_items_per_region: must be between 1 and 1000, found 0");
}

TEST_CASE("A minimum interval longer than the maximum is reported where it is set") {
  const auto diagnostic =
      only_diagnostic("[fetch]\nmin_interval = \"2h\"\nmax_interval = \"1h\"\n");
  CHECK(diagnostic.line == 3);
  CHECK(diagnostic.column == 16);
  CHECK(diagnostic.message == R"(fetch.max_interval: "1h" is shorter than min_interval "2h")");

  const auto only_min = only_diagnostic("[fetch]\nmin_interval = \"2d\"\n");
  CHECK(only_min.line == 2);
  CHECK(only_min.message == R"(fetch.min_interval: "2d" is longer than max_interval "1d")");
}

TEST_CASE("A malformed duration explains the accepted forms") {
  const auto diagnostic = only_diagnostic("[fetch]\ninterval = \"30 mins\"\n");
  CHECK(diagnostic.line == 2);
  CHECK(diagnostic.column == 12);
  CHECK(
      diagnostic.message ==
      R"(fetch.interval: invalid duration "30 mins": use a number with s, m, h or d, e.g. "30m")");
  CHECK(
      only_diagnostic("[fetch]\ntimeout = 1.5\n").message ==
      R"(fetch.timeout: expected a duration such as "30m" or an integer of seconds, found a floating-point number)");
}

TEST_CASE("A malformed size explains the accepted units") {
  const auto diagnostic = only_diagnostic("[fetch]\nmax_body = \"15 megs\"\n");
  CHECK(diagnostic.line == 2);
  CHECK(
      diagnostic.message ==
      R"(fetch.max_body: invalid size "15 megs": use a number of bytes, or a number with B, KB, KiB, MB, MiB, GB or GiB, e.g. "15MiB")");
}

TEST_CASE("Digest timezone weekday and time are checked for shape") {
  const auto zone = only_diagnostic("[digest]\ntimezone = \"Singapore Time\"\n");
  CHECK(zone.line == 2);
  CHECK(zone.column == 12);
  CHECK(
      zone.message ==
      R"(digest.timezone: invalid timezone "Singapore Time": use an IANA name such as "Asia/Singapore" or "UTC")");
  CHECK(only_diagnostic("[digest]\ntimezone = \"../etc/passwd\"\n").line == 2);

  const auto day = only_diagnostic("[digest]\nweekday = \"fridya\"\n");
  CHECK(day.line == 2);
  CHECK(day.message == R"(digest.weekday: invalid weekday "fridya": did you mean "friday"?)");
  CHECK(only_diagnostic("[digest]\nweekday = \"payday\"\n").message ==
        R"(digest.weekday: invalid weekday "payday": use an English day name such as "friday")");

  const auto time = only_diagnostic("[digest]\ntime = \"9am\"\n");
  CHECK(time.line == 2);
  CHECK(time.column == 8);
  CHECK(time.message ==
        R"(digest.time: invalid time "9am": use HH:MM on a 24-hour clock, e.g. "09:00")");
  CHECK(only_diagnostic("[digest]\ntime = \"24:00\"\n").line == 2);
  CHECK(only_diagnostic("[digest]\ntime = \"9:00\"\n").line == 2);
}

TEST_CASE("Three different mistakes give exactly three diagnostics in file order") {
  // Tables are stored sorted by name, so [store] is read before [fetch]; the
  // diagnostics must still come out in the order of the file.
  const auto result = parse_config(R"([fetch]
max_paralel = 4
[store]
path = 7
[[feed]]
url = "https://technode.com/feed/"
name = "TechNode"
region = "mars"
)",
                                   kFile);
  REQUIRE(result.diagnostics.size() == 3);
  CHECK(result.diagnostics[0].line == 2);
  CHECK(result.diagnostics[1].line == 4);
  CHECK(result.diagnostics[2].line == 8);
  CHECK(result.diagnostics[0].message.find("max_paralel") != std::string::npos);
  CHECK(result.diagnostics[1].message == "store.path: expected a string, found an integer");
  CHECK(result.diagnostics[2].message.find("unknown region \"mars\"") != std::string::npos);
  CHECK_FALSE(result.config.has_value());
}

TEST_CASE("A diagnostic prints as file line column and message") {
  CHECK(to_string(Diagnostic{"monsoon.toml", 12, 5, "bad"}) == "monsoon.toml:12:5: bad");
  CHECK(to_string(Diagnostic{"monsoon.toml", 0, 0, "cannot read"}) == "monsoon.toml: cannot read");
}

TEST_CASE("A file with many mistakes prints like check-config would") {
  const auto result = parse_config(R"([fetch]
max_paralel = 10
timeout = "30 mins"
min_interval = "2h"
max_interval = "1h"
[digest]
timezone = "Asia Singapore"
weekday = "fryday"
[[feed]]
url = "ftp://example.com/rss"
name = "Example"
region = "southkorea"
[[feed]]
name = "No URL"
region = "japan"
)",
                                   "bad.toml");
  const std::string output = printed(result);
  MESSAGE("check-config output:\n" << output);
  CHECK(result.diagnostics.size() == 8);
  CHECK(output.rfind("bad.toml:2:1: unknown key \"max_paralel\"", 0) == 0);
}

TEST_CASE("The shipped monsoon.toml has no diagnostics and at least thirty enabled feeds") {
  // parse_config rather than load_config: the result must not depend on whether this
  // machine has tzdata or a writable checkout (environment_test.cpp covers those).
  const std::filesystem::path file = MONSOON_SOURCE_DIR "/monsoon.toml";
  std::ifstream stream(file);
  REQUIRE(stream.good());
  const std::string text((std::istreambuf_iterator<char>(stream)),
                         std::istreambuf_iterator<char>());
  const auto result = parse_config(text, file);
  INFO("diagnostics:\n" << printed(result));
  CHECK(result.diagnostics.empty());
  REQUIRE(result.config.has_value());
  const auto& feeds = result.config->feeds;
  const auto enabled =
      std::count_if(feeds.begin(), feeds.end(), [](const auto& feed) { return feed.enabled; });
  CHECK(enabled >= 30);
  CHECK(result.config->digest.timezone == "Asia/Singapore");
  CHECK(result.config->store.path ==
        std::filesystem::path(MONSOON_SOURCE_DIR) / "state" / "monsoon.db");
}

TEST_CASE("Store retention defaults to 400 days and reads a duration of at least a week") {
  const auto plain = parse_config("[store]\npath = \"m.db\"\n", "/etc/monsoon/monsoon.toml");
  REQUIRE(plain.config);
  CHECK(plain.config->store.retention == std::chrono::days{400});
  const auto set = parse_config("[store]\nretention = \"90d\"\n", "/etc/monsoon/monsoon.toml");
  REQUIRE(set.config);
  CHECK(set.config->store.retention == std::chrono::days{90});
  const auto short_one = only_diagnostic("[store]\nretention = \"2d\"\n");
  CHECK(short_one.line == 2);
  CHECK(short_one.message.find("store.retention") == 0);
}

TEST_CASE("Story memory defaults to 30,000 items and takes a count from 1,000") {
  const auto plain = parse_config("[store]\npath = \"m.db\"\n", "/etc/monsoon/monsoon.toml");
  REQUIRE(plain.config);
  CHECK(plain.config->store.story_memory_items == 30'000);
  const auto set =
      parse_config("[store]\nstory_memory_items = 200000\n", "/etc/monsoon/monsoon.toml");
  REQUIRE(set.config);
  CHECK(set.config->store.story_memory_items == 200'000);
  const auto small = only_diagnostic("[store]\n\nstory_memory_items = 10\n");
  CHECK(small.line == 3);
  CHECK(small.message.find("store.story_memory_items") == 0);
  const auto text = only_diagnostic("[store]\nstory_memory_items = \"lots\"\n");
  CHECK(text.line == 2);
  const auto huge = only_diagnostic("[store]\nstory_memory_items = 20000000\n");
  CHECK(huge.line == 2);
}
