// load_config's file system checks and find_config's lookup order. Each test works
// in a fresh folder under the system temp folder and removes it afterwards.

#include <monsoon/config.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace monsoon::config;

namespace {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    path_ =
        fs::temp_directory_path() / ("monsoon-config-test-" + std::to_string(::getpid()) + "-" +
                                     std::to_string(counter++) + "-" + std::to_string(random()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const fs::path& path() const { return path_; }

  fs::path write(const fs::path& relative, std::string_view text) const {
    fs::path file = path_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file;
  }

 private:
  fs::path path_;
};

// Sets (or unsets, with nullopt) an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class ScopedCurrentPath {
 public:
  explicit ScopedCurrentPath(const fs::path& path) : old_(fs::current_path()) {
    fs::current_path(path);
  }
  ~ScopedCurrentPath() { fs::current_path(old_); }
  ScopedCurrentPath(const ScopedCurrentPath&) = delete;
  ScopedCurrentPath& operator=(const ScopedCurrentPath&) = delete;

 private:
  fs::path old_;
};

// A zoneinfo folder holding only Asia/Singapore, so the checks do not depend on tzdata.
fs::path fake_zoneinfo(const TempDir& dir) {
  dir.write("zoneinfo/Asia/Singapore", "TZif");
  dir.write("zoneinfo/Asia/Seoul", "TZif");
  return dir.path() / "zoneinfo";
}

}  // namespace

TEST_CASE("load_config reads a valid file and resolves paths against its folder") {
  TempDir dir;
  ScopedEnv tzdir("TZDIR", fake_zoneinfo(dir).string());
  const auto file = dir.write("etc/monsoon.toml", R"([store]
path = "../state/monsoon.db"
[digest]
timezone = "Asia/Singapore"
)");
  const auto result = load_config(file);
  CHECK_MESSAGE(result.diagnostics.empty(),
                (result.diagnostics.empty() ? "" : to_string(result.diagnostics.front())));
  REQUIRE(result.config.has_value());
  CHECK(result.config->source_file == file);
  CHECK(result.config->store.path == dir.path() / "state/monsoon.db");
  CHECK(result.config->digest.output_dir == dir.path() / "etc/digests");
  // Checking that the folders could be created must not create them.
  CHECK_FALSE(fs::exists(dir.path() / "state"));
  CHECK_FALSE(fs::exists(dir.path() / "etc/digests"));
}

TEST_CASE("An unreadable config file gives one diagnostic without a position") {
  TempDir dir;
  const fs::path missing = dir.path() / "nope.toml";
  const auto result = load_config(missing);
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].line == 0);
  CHECK(to_string(result.diagnostics[0]) ==
        missing.string() + ": cannot read config file: No such file or directory");
  CHECK_FALSE(result.config.has_value());

  const auto folder = load_config(dir.path());
  REQUIRE(folder.diagnostics.size() == 1);
  CHECK(to_string(folder.diagnostics[0]) ==
        dir.path().string() + ": cannot read config file: is a directory, not a config file");
}

TEST_CASE("A timezone that is not installed is reported with a close installed one") {
  TempDir dir;
  ScopedEnv tzdir("TZDIR", fake_zoneinfo(dir).string());
  const auto file =
      dir.write("monsoon.toml", "[digest]\nweekday = \"friday\"\ntimezone = \"Asia/Singapur\"\n");
  const auto result = load_config(file);
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].line == 3);
  CHECK(result.diagnostics[0].column == 12);
  CHECK(result.diagnostics[0].message ==
        "digest.timezone: unknown timezone \"Asia/Singapur\": no file \"" +
            (dir.path() / "zoneinfo/Asia/Singapur").string() +
            "\"; did you mean \"Asia/Singapore\"?");

  // A folder of zones is not a zone.
  const auto area = dir.write("area.toml", "[digest]\ntimezone = \"Asia\"\n");
  CHECK(load_config(area).diagnostics.size() == 1);
  // UTC, the default, needs no tzdata.
  CHECK(load_config(dir.write("utc.toml", "[digest]\ntimezone = \"UTC\"\n")).diagnostics.empty());
}

TEST_CASE("A store folder below a regular file is reported as unreachable") {
  TempDir dir;
  ScopedEnv tzdir("TZDIR", fake_zoneinfo(dir).string());
  dir.write("blocker", "not a folder");
  const auto file = dir.write("monsoon.toml", "[store]\npath = \"blocker/state/monsoon.db\"\n");
  const auto result = load_config(file);
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].line == 2);
  CHECK(result.diagnostics[0].column == 8);
  CHECK(result.diagnostics[0].message ==
        "store.path: cannot create folder \"" + (dir.path() / "blocker/state").string() + "\": \"" +
            (dir.path() / "blocker").string() + "\" is not a directory");
}

TEST_CASE("A digest folder that is a regular file and a store path that is a folder are reported") {
  TempDir dir;
  ScopedEnv tzdir("TZDIR", fake_zoneinfo(dir).string());
  dir.write("digests", "a file");
  fs::create_directories(dir.path() / "db");
  const auto file = dir.write("monsoon.toml", R"([store]
path = "db"
[digest]
output_dir = "digests"
timezone = "Asia/Seoul"
)");
  const auto result = load_config(file);
  REQUIRE(result.diagnostics.size() == 2);
  CHECK(result.diagnostics[0].line == 2);
  CHECK(result.diagnostics[0].message == "store.path: \"" + (dir.path() / "db").string() +
                                             "\" is a directory, expected a database file name");
  CHECK(result.diagnostics[1].line == 4);
  CHECK(result.diagnostics[1].message == "digest.output_dir: folder \"" +
                                             (dir.path() / "digests").string() +
                                             "\" is not a directory");
}

TEST_CASE("File system problems and text problems are reported together in file order") {
  TempDir dir;
  ScopedEnv tzdir("TZDIR", fake_zoneinfo(dir).string());
  dir.write("blocker", "x");
  const auto file = dir.write("monsoon.toml", R"([fetch]
timeout = "soon"
[store]
path = "blocker/monsoon.db"
[digest]
timezone = "Asia/Nowhere"
)");
  const auto result = load_config(file);
  REQUIRE(result.diagnostics.size() == 3);
  CHECK(result.diagnostics[0].line == 2);
  CHECK(result.diagnostics[1].line == 4);
  CHECK(result.diagnostics[2].line == 6);
}

TEST_CASE("find_config prefers the explicit path then MONSOON_CONFIG then the current folder") {
  TempDir dir;
  ScopedCurrentPath cwd(dir.path());
  ScopedEnv variable("MONSOON_CONFIG", std::nullopt);

  // Nothing found: the last candidate, so the error message names it.
  CHECK(find_config(std::nullopt) == "/etc/monsoon/monsoon.toml");

  dir.write("monsoon.toml", "");
  CHECK(find_config(std::nullopt) == dir.path() / "monsoon.toml");

  {
    ScopedEnv set("MONSOON_CONFIG", "/srv/from-env.toml");
    CHECK(find_config(std::nullopt) == "/srv/from-env.toml");
    CHECK(find_config(fs::path("/srv/explicit.toml")) == "/srv/explicit.toml");
  }
  {
    ScopedEnv empty("MONSOON_CONFIG", "");
    CHECK(find_config(std::nullopt) == dir.path() / "monsoon.toml");
  }
  CHECK(find_config(fs::path("relative.toml")) == "relative.toml");
}
