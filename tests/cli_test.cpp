// The monsoon binary as an operator runs it: exit codes, messages, files written.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <chrono>
#include <csignal>
#include <string>
#include <thread>

#include "run_binary.hpp"
#include "scratch.hpp"
#include "test_server.hpp"

namespace fs = std::filesystem;
using monsoon::testing::Ran;
using monsoon::testing::slurp;
using Scratch = monsoon::testing::ScratchDir;

namespace {


int lines_containing(const std::string& text, const std::string& needle) {
  int n = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) n += line.find(needle) != std::string::npos;
  return n;
}

// A copy of examples/ in the scratch folder, so the test never writes into the tree.
fs::path copy_offline_example(const Scratch& scratch) {
  const fs::path source = fs::path(MONSOON_SOURCE_DIR) / "examples";
  fs::copy(source / "feeds", scratch.path() / "feeds", fs::copy_options::recursive);
  fs::copy_file(source / "offline.toml", scratch.path() / "offline.toml");
  return scratch.path() / "offline.toml";
}

}  // namespace

TEST_CASE("The offline example writes a draft with regional sections and working links") {
  Scratch scratch;
  const auto config = copy_offline_example(scratch);
  auto ran = run_monsoon(scratch, "run --once -c " + config.string());
  INFO(ran.err);
  REQUIRE(ran.code == 0);
  const fs::path draft = fs::path(ran.out.substr(0, ran.out.find('\n')));
  REQUIRE(fs::exists(draft));
  CHECK(draft.parent_path() == scratch.path() / "out" / "digests");
  const auto text = slurp(draft);
  CHECK(text.find("## News in focus\n\n- Hangzhou cloud provider cuts AI inference prices by "
                  "half") != std::string::npos);
  // The feed's link carries ?utm_source=rss&utm_medium=feed; the draft drops it.
  CHECK(text.find("[Sample China Tech Wire](https://china-tech.example.com/2026/"
                  "cloud-price-cut)") != std::string::npos);
  CHECK(text.find("utm_") == std::string::npos);
  CHECK(text.find("## Taiwan\n\n- 晶圓代工大廠宣布在高雄興建2奈米新廠") != std::string::npos);
  CHECK(text.find("[Sample Japan Tech Journal](https://japan-tech.example.com/articles/"
                  "2nm-pilot-line)") != std::string::npos);
  CHECK(text.find("## South Korea\n\n- 메모리 반도체") != std::string::npos);
  CHECK(text.find("## Rest of Asia\n\n- Dhaka logistics startup expands to Chittagong \\& "
                  "Sylhet") != std::string::npos);
  CHECK(text.find("Karachi") == std::string::npos);  // the cut-off item is not invented
  // The broken feed is reported, not fatal.
  CHECK(lines_containing(ran.err, "Sample Broken Feed") == 1);
}

TEST_CASE("Running the offline example twice adds no duplicate items") {
  Scratch scratch;
  const auto config = copy_offline_example(scratch);
  REQUIRE(run_monsoon(scratch, "run --once -c " + config.string()).code == 0);
  const auto db = scratch.path() / "out" / "offline.db";
  const auto count = [&] {
    SQLite::Database raw(db.string(), SQLite::OPEN_READONLY);
    return raw.execAndGet("SELECT count(*) FROM items").getInt();
  };
  const int first = count();
  CHECK(first >= 12);
  REQUIRE(run_monsoon(scratch, "run --once -c " + config.string()).code == 0);
  CHECK(count() == first);
}

TEST_CASE("check-config prints every mistake with file line and column and exits 2") {
  Scratch scratch;
  const auto config = scratch.path() / "bad.toml";
  std::ofstream(config) << "[store]\n"
                           "path = \"state/monsoon.db\"\n"
                           "[fetch]\n"
                           "max_paralel = 8\n"
                           "timeout = \"30 mins\"\n"
                           "[[feed]]\n"
                           "url = \"https://example.com/feed\"\n"
                           "name = \"Example\"\n"
                           "region = \"korea\"\n";
  auto ran = run_monsoon(scratch, "check-config -c " + config.string());
  CHECK(ran.code == 2);
  const auto prefix = config.string() + ":";
  CHECK(lines_containing(ran.err, prefix + "4:1: ") == 1);
  CHECK(lines_containing(ran.err, "max_parallel") == 1);
  CHECK(lines_containing(ran.err, prefix + "5:11: ") == 1);
  CHECK(lines_containing(ran.err, "30 mins") == 1);
  CHECK(lines_containing(ran.err, prefix + "9:10: ") == 1);
  CHECK(lines_containing(ran.err, "korea") >= 1);
  CHECK(lines_containing(ran.err, prefix) == 3);

  // run refuses the same file with the same messages.
  auto refused = run_monsoon(scratch, "run --once -c " + config.string());
  CHECK(refused.code == 2);
  CHECK(lines_containing(refused.err, prefix) == 3);
}

TEST_CASE("check-config accepts the shipped default config") {
  Scratch scratch;
  auto ran = run_monsoon(scratch, "check-config -c " + std::string(MONSOON_SOURCE_DIR) + "/monsoon.toml");
  INFO(ran.err);
  CHECK(ran.code == 0);
  CHECK(ran.out.find(": ok (") != std::string::npos);
}

TEST_CASE("With every feed unreachable the run still ends cleanly and writes the draft") {
  Scratch scratch;
  // Two loopback ports with nothing listening: connection refused, like a machine
  // with no route out. No traffic leaves 127.0.0.1.
  int closed_port = 0;
  {
    monsoon::testing::TestServer server;
    closed_port = server.port();
  }
  const auto config = scratch.path() / "offline-net.toml";
  std::ofstream(config) << "[store]\npath = \"monsoon.db\"\n[fetch]\nconnect_timeout = \"2s\"\n"
                           "[digest]\noutput_dir = \"digests\"\n"
                           "[[feed]]\nurl = \"http://127.0.0.1:"
                        << closed_port
                        << "/a\"\nname = \"Feed A\"\nregion = \"china\"\n"
                           "[[feed]]\nurl = \"http://127.0.0.1:"
                        << closed_port << "/b\"\nname = \"Feed B\"\nregion = \"japan\"\n";
  auto ran = run_monsoon(scratch, "run --once -c " + config.string());
  INFO(ran.err);
  CHECK(ran.code == 0);
  CHECK(lines_containing(ran.err, "feed failed name=\"Feed A\"") == 1);
  CHECK(lines_containing(ran.err, "feed failed name=\"Feed B\"") == 1);
  CHECK(lines_containing(ran.err, "failed=2") == 1);
  const fs::path draft = fs::path(ran.out.substr(0, ran.out.find('\n')));
  CHECK(fs::exists(draft));
}

TEST_CASE("feeds --json lists each feed with its fetch state") {
  Scratch scratch;
  const auto config = copy_offline_example(scratch);
  std::ofstream(config, std::ios::app) << "\n[[feed]]\nurl = \"file:feeds/missing.xml\"\n"
                                          "name = \"Missing\"\nregion = \"india\"\n";
  REQUIRE(run_monsoon(scratch, "run --once -c " + config.string()).code == 0);
  auto ran = run_monsoon(scratch, "feeds --json -c " + config.string());
  REQUIRE(ran.code == 0);
  CHECK(lines_containing(ran.out, "\"name\": ") == 8);
  CHECK(lines_containing(ran.out, "\"error_streak\": 1") == 1);  // the missing file
  CHECK(lines_containing(ran.out, "\"error_streak\": 0") == 7);
  CHECK(ran.out.find("missing.xml") != std::string::npos);
  CHECK(ran.out.find("\"last_status\"") != std::string::npos);
  CHECK(ran.out.find("\"next_poll\": \"20") != std::string::npos);
}

TEST_CASE("parse prints one JSON line per file with feedparser keys") {
  Scratch scratch;
  const auto feeds = fs::path(MONSOON_SOURCE_DIR) / "examples" / "feeds";
  auto ran = run_monsoon(scratch, "parse --format jsonl " + (feeds / "china-tech.xml").string() + " " +
                                  (feeds / "japan-tech.atom").string());
  REQUIRE(ran.code == 0);
  CHECK(lines_containing(ran.out, "\"version\":\"rss20\"") == 1);
  CHECK(lines_containing(ran.out, "\"version\":\"atom10\"") == 1);
  CHECK(lines_containing(ran.out, "\"entries\":[") == 2);
  CHECK(ran.out.find("https://japan-tech.example.com/articles/2nm-pilot-line") != std::string::npos);
}

TEST_CASE("Bad command lines exit 64 and --version and --help exit 0") {
  Scratch scratch;
  CHECK(run_monsoon(scratch, "").code == 64);
  CHECK(run_monsoon(scratch, "frobnicate").code == 64);
  CHECK(run_monsoon(scratch, "poll").code == 64);  // --once is required
  auto version = run_monsoon(scratch, "--version");
  CHECK(version.code == 0);
  CHECK(version.out.find("monsoon ") == 0);
  // The allocator the binary runs on (daemon/allocator.cpp): glibc in this
  // sanitizer build, jemalloc with its settings in a default one.
  CHECK((version.out.find("\nallocator: glibc malloc") != std::string::npos ||
         version.out.find("\nallocator: jemalloc ") != std::string::npos));
  for (const char* sub : {"run", "poll", "digest", "parse", "check-config", "feeds"}) {
    auto help = run_monsoon(scratch, std::string(sub) + " --help");
    CHECK_MESSAGE(help.code == 0, sub);
    CHECK_MESSAGE(help.out.find("Usage") != std::string::npos, sub);
  }
  auto week = run_monsoon(scratch, "digest --week 2026-W60 -c " + std::string(MONSOON_SOURCE_DIR) +
                                   "/examples/offline.toml");
  CHECK(week.code == 64);
  CHECK(week.err.find("2026-W60") != std::string::npos);
}

TEST_CASE("Log lines carry a timestamp on a terminal but not under journald") {
  Scratch scratch;
  const auto config = copy_offline_example(scratch);
  auto plain = run_monsoon(scratch, "poll --once -c " + config.string());
  REQUIRE(plain.code == 0);
  CHECK(plain.err.rfind("20", 0) == 0);  // "2026-11-29 01:03:35 info ..."
  auto journal = run_monsoon(scratch, "poll --once -c " + config.string(),
                             {.environment = "JOURNAL_STREAM=8:1"});
  REQUIRE(journal.code == 0);
  CHECK(journal.err.rfind("info ", 0) == 0);
  CHECK(lines_containing(journal.err, "poll done feeds=7") == 1);
}

TEST_CASE("The config is found through MONSOON_CONFIG when no -c is given") {
  Scratch scratch;
  const auto config = copy_offline_example(scratch);
  auto ran = run_monsoon(scratch, "check-config", {.environment = "MONSOON_CONFIG=" + config.string()});
  CHECK(ran.code == 0);
  CHECK(ran.out.find(config.string() + ": ok (7 feeds, 7 enabled)") != std::string::npos);
}

TEST_CASE("A missing config file is named in the error") {
  Scratch scratch;
  auto ran = run_monsoon(scratch, "check-config -c " + (scratch.path() / "nope.toml").string());
  CHECK(ran.code == 2);
  CHECK(ran.err.find((scratch.path() / "nope.toml").string()) != std::string::npos);
}

namespace {

// Starts `monsoon run` in the background; returns its pid.
pid_t spawn_service(const Scratch& scratch, const fs::path& config) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const auto err = scratch.path() / "service.err";
    std::freopen(err.c_str(), "w", stderr);
    std::freopen("/dev/null", "w", stdout);
    ::execl(MONSOON_BINARY, MONSOON_BINARY, "-c", config.c_str(), "run",
            static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  return pid;
}

// Waits until `done` holds, checking every 50 ms for at most `limit`.
template <class Predicate>
bool wait_for(Predicate done, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

int stop_service(pid_t pid) {
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TEST_CASE("The service polls and writes the due draft then stops cleanly on SIGTERM") {
  monsoon::testing::TestServer server;
  server.on("/feed", monsoon::testing::Response{
                         .body = "<rss version=\"2.0\"><channel><title>S</title><item><title>"
                                 "Service item</title><link>https://s.example/1</link></item>"
                                 "</channel></rss>"});
  Scratch scratch;
  const auto config = scratch.path() / "service.toml";
  // Monday 00:00 has always passed within the current week, so the draft is due.
  std::ofstream(config) << "[store]\npath = \"monsoon.db\"\n[digest]\noutput_dir = \"digests\"\n"
                           "weekday = \"monday\"\ntime = \"00:00\"\n[[feed]]\nurl = \""
                        << server.url("/feed") << "\"\nname = \"S\"\nregion = \"india\"\n";
  const auto digests = scratch.path() / "digests";
  auto draft = [&] {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(digests, error)) {
      if (entry.path().extension() == ".md") return entry.path();
    }
    return fs::path();
  };

  pid_t pid = spawn_service(scratch, config);
  // A bound on waiting, not a speed target: the sanitizer build on a busy machine took
  // more than 20 s here once.
  const bool written = wait_for([&] { return !draft().empty(); }, std::chrono::seconds(60));
  CHECK(stop_service(pid) == 0);
  REQUIRE(written);
  CHECK(server.hits("/feed") == 1);
  CHECK(slurp(draft()).find("Service item") != std::string::npos);
  {
    // The round's items went into the search index before the draft was written.
    SQLite::Database db((scratch.path() / "monsoon.db").string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT indexed_upto FROM search_state").getInt64() ==
          db.execAndGet("SELECT max(id) FROM items").getInt64());
  }

  // The editor works on the draft; a restarted service must not overwrite it.
  std::ofstream(draft()) << "edited by the editor\n";
  pid = spawn_service(scratch, config);
  // The first tick finds the feed not due and the draft already written.
  const bool kept = wait_for(
      [&] { return slurp(scratch.path() / "service.err").find("digest kept") != std::string::npos; },
      std::chrono::seconds(60));
  CHECK(stop_service(pid) == 0);
  CHECK(kept);
  CHECK(slurp(draft()) == "edited by the editor\n");
  CHECK(server.hits("/feed") == 1);  // next_poll is an hour away
}

TEST_CASE("Stories lists the shared story first with its copies from two sources") {
  Scratch scratch;
  const auto config = copy_offline_example(scratch);
  REQUIRE(run_monsoon(scratch, "poll --once -c " + config.string()).code == 0);
  auto ran = run_monsoon(scratch, "stories --json -c " + config.string());
  INFO(ran.err);
  REQUIRE(ran.code == 0);
  const auto first = nlohmann::json::parse(ran.out.substr(0, ran.out.find('\n')));
  CHECK(first["size"] == 2);
  REQUIRE(first["items"].size() == 2);
  CHECK(first["items"][0]["title"] == "Hangzhou cloud provider cuts AI inference prices by half");
  CHECK(first["items"][0]["source"] != first["items"][1]["source"]);
  CHECK(run_monsoon(scratch, "stories --week 2026-W99 -c " + config.string()).code == 64);
  auto text = run_monsoon(scratch, "stories -c " + config.string());
  CHECK(text.out.starts_with("story "));
  CHECK(text.out.find("(2 items)") != std::string::npos);
}

TEST_CASE("Search finds CJK text and takes query syntax as plain text") {
  Scratch scratch;
  const auto config = copy_offline_example(scratch);
  REQUIRE(run_monsoon(scratch, "poll --once -c " + config.string()).code == 0);
  const auto with = " -c " + config.string();
  auto trigram = run_monsoon(scratch, "search 興建2奈米" + with);
  REQUIRE(trigram.code == 0);
  CHECK(trigram.out.find("晶圓代工大廠宣布在高雄興建2奈米新廠") != std::string::npos);
  auto short_word = run_monsoon(scratch, "search 高雄" + with);
  CHECK(short_word.out.find("https://tw-chips.example.com/news/2nm-kaohsiung") != std::string::npos);
  auto syntax = run_monsoon(scratch, "search '\"NEAR(AND *' --json" + with);
  CHECK(syntax.code == 0);
  CHECK(syntax.out.empty());
  auto cased = run_monsoon(scratch, "search HANGZHOU --limit 1 --json" + with);
  CHECK(lines_containing(cased.out, "Hangzhou cloud provider") == 1);
  CHECK(run_monsoon(scratch, "search ''" + with).code == 64);
}

TEST_CASE("Hostile feed text is printed inert and only web links are shown") {
  Scratch scratch;
  const auto config = copy_offline_example(scratch);
  std::ofstream(scratch.path() / "feeds" / "evil.xml")
      << R"(<?xml version="1.0"?><rss version="2.0"><channel><title>E</title>
<item><title>Evil $(touch pwned) '; DROP TABLE items;--</title><link>javascript:alert(1)</link>
<guid>e1</guid></item></channel></rss>)";
  std::ofstream(config, std::ios::app)
      << "\n[[feed]]\nurl = \"file:feeds/evil.xml\"\nname = \"Evil\"\nregion = \"global\"\n";
  REQUIRE(run_monsoon(scratch, "poll --once -c " + config.string()).code == 0);
  auto ran = run_monsoon(scratch, "search 'DROP TABLE' --json -c " + config.string());
  REQUIRE(ran.code == 0);
  const auto found = nlohmann::json::parse(ran.out);
  CHECK(found["title"] == "Evil $(touch pwned) '; DROP TABLE items;--");
  CHECK(found["link"] == "");
  CHECK_FALSE(fs::exists(scratch.path() / "pwned"));
  CHECK(run_monsoon(scratch, "search Evil -c " + config.string()).out.find("javascript") ==
        std::string::npos);
}
