// In-process benchmark of the feed parser (Google Benchmark): parse_feed, to_json_line
// and both together on a sample of the benchmark corpus, next to a bare pugixml DOM
// parse of the same bytes (the ceiling of ../shared/bench/pugixml_count.cpp). No file
// I/O or process start-up is timed, unlike bench/parse_speed.sh.
//
// Corpus: $MONSOON_BENCH_CORPUS (default /tmp/monsoon-corpus-big, which parse_speed.sh
// generates). Sample: the first feeds of MANIFEST.tsv, about $MONSOON_BENCH_SAMPLE_MB
// (default 8) MB in all and per format. Counters: bytes_per_second (MB/s of feed XML)
// and items (entries per second).
#include <monsoon/parse.hpp>

#include <pugixml.hpp>

#include <benchmark/benchmark.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Feed {
  std::string format;  // rss2, atom, rdf (MANIFEST.tsv)
  std::string bytes;
  std::int64_t items = 0;
};

struct Sample {
  std::vector<const Feed*> feeds;
  std::int64_t bytes = 0;
  std::int64_t items = 0;
};

std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

std::int64_t sample_limit() {
  return static_cast<std::int64_t>(std::atof(env_or("MONSOON_BENCH_SAMPLE_MB", "8").c_str()) * 1e6);
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

// Reads MANIFEST.tsv (file, format, items, bytes, title_fnv) and the first feeds of it:
// up to limit bytes in all, and up to limit bytes of each format.
std::vector<Feed> load_corpus(const std::string& dir, std::int64_t limit) {
  std::ifstream manifest(dir + "/MANIFEST.tsv");
  std::vector<Feed> feeds;
  std::map<std::string, std::int64_t> per_format;
  std::int64_t all = 0;
  std::string line;
  std::getline(manifest, line);  // header
  while (std::getline(manifest, line)) {
    std::istringstream fields(line);
    std::string file;
    Feed feed;
    std::int64_t size = 0;
    fields >> file >> feed.format >> feed.items >> size;
    const bool want_all = all < limit;
    if (!want_all && per_format[feed.format] >= limit) continue;
    feed.bytes = read_all(std::string(dir).append("/").append(file));
    all += want_all ? size : 0;
    per_format[feed.format] += size;
    feeds.push_back(std::move(feed));
  }
  return feeds;
}

Sample pick(const std::vector<Feed>& feeds, const std::string& format, std::int64_t limit) {
  Sample sample;
  for (const Feed& feed : feeds) {
    if (sample.bytes >= limit) break;
    if (format != "all" && feed.format != format) continue;
    sample.feeds.push_back(&feed);
    sample.bytes += static_cast<std::int64_t>(feed.bytes.size());
    sample.items += feed.items;
  }
  return sample;
}

void set_rates(benchmark::State& state, const Sample& sample) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * sample.bytes);
  state.counters["items"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(sample.items),
      benchmark::Counter::kIsRate);
  state.counters["feeds"] = static_cast<double>(sample.feeds.size());
}

// The corpus, read on first use and kept for the whole run: samples point into it.
const std::vector<Feed>& corpus_feeds() {
  static const std::vector<Feed> feeds = [] {
    const std::string dir = env_or("MONSOON_BENCH_CORPUS", "/tmp/monsoon-corpus-big");
    auto loaded = load_corpus(dir, sample_limit());
    if (loaded.empty())
      std::fprintf(stderr, "parse_bench: no MANIFEST.tsv feeds in %s\n", dir.c_str());
    return loaded;
  }();
  return feeds;
}

// The sample of one format ("all", "rss2", "atom", "rdf"), or a skipped benchmark.
const Sample* sample_for(benchmark::State& state, const std::string& format) {
  static std::map<std::string, Sample> samples;
  auto found = samples.find(format);
  if (found == samples.end()) {
    found = samples.emplace(format, pick(corpus_feeds(), format, sample_limit())).first;
  }
  if (!found->second.feeds.empty()) return &found->second;
  state.SkipWithError("no corpus: run bench/parse_speed.sh or set MONSOON_BENCH_CORPUS");
  return nullptr;
}

void parse_feed(benchmark::State& state, const std::string& format) {
  const Sample* sample_ptr = sample_for(state, format);
  if (sample_ptr == nullptr) return;
  const Sample& sample = *sample_ptr;
  const monsoon::parse::ParseOptions options;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    for (const Feed* feed : sample.feeds) {
      auto parsed = monsoon::parse::parse_feed(feed->bytes, options);
      benchmark::DoNotOptimize(parsed);
    }
  }
  set_rates(state, sample);
}

// What `monsoon parse --format jsonl` does per file, without reading and writing.
void parse_feed_to_json(benchmark::State& state, const std::string& format) {
  const Sample* sample_ptr = sample_for(state, format);
  if (sample_ptr == nullptr) return;
  const Sample& sample = *sample_ptr;
  const monsoon::parse::ParseOptions options;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    for (const Feed* feed : sample.feeds) {
      auto parsed = monsoon::parse::parse_feed(feed->bytes, options);
      if (!parsed) {
        state.SkipWithError("parse_feed failed on a corpus feed");
        return;
      }
      std::string line = monsoon::parse::to_json_line(*parsed, "feed.xml");
      benchmark::DoNotOptimize(line);
    }
  }
  set_rates(state, sample);
}

void to_json_line(benchmark::State& state, const std::string& format) {
  const Sample* sample_ptr = sample_for(state, format);
  if (sample_ptr == nullptr) return;
  const Sample& sample = *sample_ptr;
  std::vector<monsoon::model::ParsedFeed> parsed;
  for (const Feed* feed : sample.feeds) {
    auto result = monsoon::parse::parse_feed(feed->bytes, {});
    if (result) parsed.push_back(std::move(*result));
  }
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    for (const auto& feed : parsed) {
      std::string line = monsoon::parse::to_json_line(feed, "feed.xml");
      benchmark::DoNotOptimize(line);
    }
  }
  set_rates(state, sample);  // rated against the XML bytes, to compare with the others
}

// The ceiling: pugixml_count's DOM parse of the same bytes (load_buffer copies them).
void pugixml_dom(benchmark::State& state, const std::string& format) {
  const Sample* sample_ptr = sample_for(state, format);
  if (sample_ptr == nullptr) return;
  const Sample& sample = *sample_ptr;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores)
    for (const Feed* feed : sample.feeds) {
      pugi::xml_document document;
      auto result = document.load_buffer(feed->bytes.data(), feed->bytes.size(),
                                         pugi::parse_default, pugi::encoding_utf8);
      benchmark::DoNotOptimize(result);
    }
  }
  set_rates(state, sample);
}

}  // namespace

BENCHMARK_CAPTURE(parse_feed, all, "all")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(parse_feed, rss2, "rss2")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(parse_feed, atom, "atom")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(parse_feed, rdf, "rdf")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(parse_feed_to_json, all, "all")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(to_json_line, all, "all")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(pugixml_dom, all, "all")->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
