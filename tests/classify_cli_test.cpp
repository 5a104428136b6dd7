// `monsoon classify` and `monsoon reclassify` as an operator runs them.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "run_binary.hpp"
#include "scratch.hpp"

namespace fs = std::filesystem;
using monsoon::testing::Ran;
using monsoon::testing::slurp;
using Scratch = monsoon::testing::ScratchDir;

namespace {

// Runs the binary inside the scratch folder (so no ./monsoon.toml is found) with
// `input` on stdin.
Ran monsoon_in(const Scratch& scratch, const std::string& args, const std::string& input) {
  return monsoon::testing::run_monsoon(scratch, args, {.input = input, .in_scratch = true});
}

}  // namespace

TEST_CASE("classify adds region and confidence and evidence to each JSON line") {
  Scratch scratch;
  const auto ran = monsoon_in(scratch, "classify",
                              R"({"title":"TSMC opens Arizona fab","id":7}
{"title":"Quarterly results","feed_region":"japan","link":"https://x.example.jp/1"}
)");
  CHECK(ran.code == 0);
  CHECK(ran.err.empty());
  CHECK(ran.out.find(R"("id":7)") != std::string::npos);
  CHECK(ran.out.find(R"("region":"taiwan")") != std::string::npos);
  CHECK(ran.out.find(R"({"in":"title","kind":"company","region":"taiwan","term":"TSMC")") !=
        std::string::npos);
  CHECK(ran.out.find(R"("region":"japan")") != std::string::npos);
  CHECK(ran.out.find(R"("confidence":)") != std::string::npos);
}

TEST_CASE("classify names each bad line and goes on and exits 2 at the end") {
  Scratch scratch;
  const auto ran = monsoon_in(scratch, "classify",
                              "{\"title\":\"Grab posts profit\"}\n{not json\n{\"summary\":\"x\"}\n"
                              "{\"title\":\"Infosys wins deal\",\"feed_region\":\"mars\"}\n"
                              "\n{\"title\":\"Naver launches AI\"}\n");
  CHECK(ran.code == 2);
  CHECK(ran.err.find("monsoon classify: line 2: not valid JSON") != std::string::npos);
  CHECK(ran.err.find("monsoon classify: line 3: missing \"title\"") != std::string::npos);
  CHECK(ran.err.find("monsoon classify: line 4: unknown feed_region \"mars\"") != std::string::npos);
  CHECK(ran.err.find("3 of 6 lines skipped") != std::string::npos);
  CHECK(ran.out.find("southeast_asia") != std::string::npos);
  CHECK(ran.out.find("south_korea") != std::string::npos);
}

TEST_CASE("classify --explain prints a readable reason per item") {
  Scratch scratch;
  const auto ran = monsoon_in(scratch, "classify --explain",
                              R"({"title":"Flipkart files for IPO\u001b[2J\n"})");
  CHECK(ran.code == 0);
  CHECK(ran.out.find("title: Flipkart files for IPO [2J \nindia (confidence ") == 0);
  CHECK(ran.out.find('\x1b') == std::string::npos);
  CHECK(ran.out.find("company \"Flipkart\" in the title") != std::string::npos);
}

TEST_CASE("reclassify files stored items again after a rule is added") {
  Scratch scratch;
  const fs::path source = fs::path(MONSOON_SOURCE_DIR) / "examples";
  fs::copy(source / "feeds", scratch.path() / "feeds", fs::copy_options::recursive);
  const auto config = scratch.path() / "offline.toml";
  fs::copy_file(source / "offline.toml", config);
  REQUIRE(monsoon_in(scratch, "run --once -c " + config.string(), "").code == 0);
  const auto db = scratch.path() / "out" / "offline.db";
  const auto region_of = [&](const std::string& title) {
    SQLite::Database read(db.string());
    SQLite::Statement query(read, "SELECT region FROM items WHERE title = ?");
    query.bind(1, title);
    return query.executeStep() ? query.getColumn(0).getString() : std::string("(none)");
  };
  // The title names no place, and a Japan feed's prior only breaks ties: the item waits,
  // unassigned, for the editor (or for a rule).
  const std::string title = "Messaging app adds payments for small shops";
  REQUIRE(region_of(title) == "unassigned");

  std::ofstream(config, std::ios::app) << "\n[[rule]]\npattern = \"small shops\"\n"
                                          "region = \"india\"\nweight = 9\n";
  auto ran = monsoon_in(scratch, "reclassify --since 2000-01-01 -c " + config.string(), "");
  CHECK(ran.code == 0);
  CHECK(ran.out.find("changed region") != std::string::npos);
  CHECK(region_of(title) == "india");

  CHECK(monsoon_in(scratch, "reclassify --since 2026-13-01 -c " + config.string(), "").code == 64);
}
