// Store ingest speed (issue #6, "Speed"): 1,000,000 generated items (item_generator.hpp)
// stored through Store::record_poll with everything a poll does (identity keys,
// canonical URLs, tombstone check, story matching), in polls of 50 items for 300
// feeds, 64 polls per transaction, into a database file on disk. Then its floor
// (floor_insert: the same rows by one bare INSERT into the same schema), printed
// with the ingest's share of it. Then the FTS5
// trigram index of all of them (Store::index_for_search, which the daemon runs
// between rounds, not while storing), the week query and the database's bytes per
// item. The week query is the digest's: the outlines of the last 7 days' items
// (Store::item_outlines), digest::plan, and the printed items read whole
// (Store::items_by_id); then, for comparison, items_between (every item whole)
// and stories_between over the same days.
// Usage: store_bench DB_FILE [ITEMS]. With MONSOON_BENCH_QUERY_ONLY=1 the file is
// kept from an earlier run with the same ITEMS and only the week is queried.

#include "item_generator.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <monsoon/digest.hpp>
#include <monsoon/store.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

using namespace monsoon;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kFeeds = 300;
constexpr std::size_t kPollItems = 50;
constexpr int kBatchPolls = 64;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU seconds of this process (user + system): steadier than wall time on a
// machine shared with other work.
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// False, with the error on stderr, when `result` failed.
template <class T>
bool ok(const model::Result<T>& result) {
  if (!result) std::fprintf(stderr, "store_bench: %s\n", result.error().message.c_str());
  return result.has_value();
}

store::NewItem to_new_item(const bench::Generated& generated) {
  store::NewItem item;
  item.key = "guid:" + std::to_string(generated.item.item_id);
  item.title = generated.title;
  item.link = generated.link;
  item.summary = generated.summary;
  item.published = generated.item.time;
  item.region = model::Region::china;
  return item;
}

// The benchmark's kFeeds feeds, every tenth an aggregator; none when one fails.
std::vector<store::FeedState> add_feeds(store::Store& db) {
  std::vector<store::FeedState> feeds;
  for (int f = 1; f <= kFeeds; ++f) {
    model::FeedSource source{.url = "https://site" + std::to_string(f) + ".example/feed",
                             .name = "Site " + std::to_string(f)};
    source.aggregator = f % 10 == 0;
    auto feed = db.upsert_feed(source);
    if (!ok(feed)) return {};
    feeds.push_back(*feed);
  }
  return feeds;
}

int ingest(store::Store& db, const std::vector<bench::Generated>& items,
           const std::vector<store::FeedState>& feeds) {
  std::vector<store::NewItem> poll;
  int polls = 0;
  for (std::size_t first = 0; first < items.size(); first += kPollItems) {
    poll.clear();
    for (std::size_t i = first; i < std::min(items.size(), first + kPollItems); ++i) {
      poll.push_back(to_new_item(items[i]));
    }
    const auto& feed = feeds[static_cast<std::size_t>(polls) % feeds.size()];
    const auto now = poll.back().published.value();
    if (polls % kBatchPolls == 0 && !db.begin_batch()) return 1;
    auto stored = db.record_poll(feed, poll, now, {.at = now, .status = 200});
    if (!stored) {
      std::fprintf(stderr, "%s\n", stored.error().message.c_str());
      return 1;
    }
    if (++polls % kBatchPolls == 0 && !db.commit_batch()) return 1;
  }
  return db.commit_batch() ? 0 : 1;
}

// The floor: the same rows written to a database of the same schema (made by
// Store::open) with one prepared INSERT, in the same polls, savepoints and
// transactions, and nothing else: no identity, canonical URL, tombstone check or
// story matching, every item in one story, the link as its canonical URL less its
// query, a fixed content hash. SQLite's automatic checkpoint, inline. An ingest that
// writes these rows into this schema in these transactions does at least this work
// on the same core, so it cannot be faster. Returns the seconds it took, or a
// negative number on failure.
double floor_insert(const std::string& file, const std::vector<bench::Generated>& items) {
  std::filesystem::remove(file);
  std::vector<store::FeedState> feeds;
  {
    auto db = store::Store::open(file);  // the schema and the feeds, then closed
    if (!ok(db)) return -1;
    feeds = add_feeds(*db);
    if (feeds.empty()) return -1;
  }
  try {
    SQLite::Database db(file, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=NORMAL");
    db.exec("PRAGMA foreign_keys=ON");
    db.exec("PRAGMA cache_size=-4096");
    db.exec("INSERT INTO stories (id, lead_item_id, first_seen, size) VALUES (1, 1, 0, 1)");
    SQLite::Statement insert(
        db,
        "INSERT INTO items (id, feed_id, key, title, link, summary, author, published, "
        "first_seen, updated, content_hash, region, region_confidence, region_evidence, "
        "canonical_url, story_id, language) "
        "VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, '0123456789abcdef', 'china', 0.9, '', ?, 1, '')");
    const auto start = Clock::now();
    std::size_t polls = 0;
    std::string key, canonical;
    for (std::size_t first = 0; first < items.size(); first += kPollItems) {
      if (polls % kBatchPolls == 0) db.exec("BEGIN");
      db.exec("SAVEPOINT poll");
      const std::int64_t feed = feeds[polls % feeds.size()].id;
      const std::size_t end = std::min(items.size(), first + kPollItems);
      const std::int64_t now = items[end - 1].item.time.time_since_epoch().count();
      for (std::size_t i = first; i < end; ++i) {
        const auto& item = items[i];
        key = "guid:" + std::to_string(item.item.item_id);
        canonical = item.link.substr(0, item.link.find('?'));
        insert.bind(1, item.item.item_id);
        insert.bind(2, feed);
        insert.bindNoCopy(3, key);
        insert.bindNoCopy(4, item.title);
        insert.bindNoCopy(5, item.link);
        insert.bindNoCopy(6, item.summary);
        insert.bind(7, static_cast<std::int64_t>(item.item.time.time_since_epoch().count()));
        insert.bind(8, now);
        insert.bind(9, now);
        insert.bindNoCopy(10, canonical);
        insert.exec();
        insert.reset();
      }
      db.exec("RELEASE poll");
      if (++polls % kBatchPolls == 0) db.exec("COMMIT");
    }
    if (polls % kBatchPolls != 0) db.exec("COMMIT");
    const double seconds = seconds_since(start);
    const auto stored = db.execAndGet("SELECT count(*) FROM items").getInt64();
    if (stored != static_cast<std::int64_t>(items.size())) {
      std::fprintf(stderr, "store_bench: floor: %lld items stored, expected %zu\n",
                   static_cast<long long>(stored), items.size());
      return -1;
    }
    return seconds;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "store_bench: floor: %s\n", e.what());
    return -1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: store_bench DB_FILE [ITEMS]\n");
    return 64;
  }
  const std::string file = argv[1];
  const long count = argc > 2 ? std::atol(argv[2]) : 1'000'000;
  const bool query_only = std::getenv("MONSOON_BENCH_QUERY_ONLY") != nullptr;
  if (!query_only) std::filesystem::remove(file);
  const auto items = bench::generate_items(count);
  auto db = store::Store::open(file);
  if (!ok(db)) return 1;
  if (!query_only) {
    const auto feeds = add_feeds(*db);
    if (feeds.empty()) return 1;
    const auto start = Clock::now();
    const double start_cpu = cpu_seconds();
    if (ingest(*db, items, feeds) != 0) return 1;
    const double ingest_seconds = seconds_since(start);
    const double ingest_cpu = cpu_seconds() - start_cpu;
    std::printf("ingest: %ld items in %.1f s = %.0f items/s (CPU %.1f s = %.0f items/s)\n", count,
                ingest_seconds, static_cast<double>(count) / ingest_seconds, ingest_cpu,
                static_cast<double>(count) / ingest_cpu);
    const std::string floor_file = file + ".floor";
    const double floor_seconds = floor_insert(floor_file, items);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(floor_file + suffix);
    if (floor_seconds < 0) return 1;
    std::printf("floor: the same rows, INSERT alone: %.1f s = %.0f items/s; ingest at %.0f %% of "
                "it\n",
                floor_seconds, static_cast<double>(count) / floor_seconds,
                100.0 * floor_seconds / ingest_seconds);
    // The search index, as the daemon builds it between rounds (after the ingest).
    const auto index_start = Clock::now();
    const double index_start_cpu = cpu_seconds();
    const auto indexed = db->index_for_search();
    if (!ok(indexed)) return 1;
    const double index_seconds = seconds_since(index_start);
    const double index_cpu = cpu_seconds() - index_start_cpu;
    std::printf("search index: %lld items in %.1f s = %.0f items/s (CPU %.1f s)\n",
                static_cast<long long>(*indexed), index_seconds,
                static_cast<double>(*indexed) / index_seconds, index_cpu);
  }

  const auto newest = items.back().item.time;
  const auto from = newest - std::chrono::days{7};
  const auto to = newest + model::Seconds{1};
  const auto week_start = Clock::now();
  const double week_start_cpu = cpu_seconds();
  const auto outlines = db->item_outlines(from, to);
  if (!ok(outlines)) return 1;
  const double outlines_ms = seconds_since(week_start) * 1000;
  const digest::Options options;
  const auto plan = digest::plan(*outlines, options);
  const double plan_ms = seconds_since(week_start) * 1000 - outlines_ms;
  const auto printed = db->items_by_id(plan.printed_items());
  if (!ok(printed)) return 1;
  const double week_ms = seconds_since(week_start) * 1000;
  const double week_cpu_ms = (cpu_seconds() - week_start_cpu) * 1000;
  const auto render_start = Clock::now();
  const auto text = digest::render(model::IsoWeek{2024, 8}, plan, *printed, options);
  const double render_ms = seconds_since(render_start) * 1000;
  std::printf(
      "week query: item_outlines %zu items (%.1f ms), plan (%.1f ms), items_by_id %zu printed "
      "items: %.1f ms (CPU %.1f ms); render %.1f ms (%zu bytes)\n",
      outlines->size(), outlines_ms, plan_ms, printed->size(), week_ms, week_cpu_ms, render_ms,
      text.size());
  const auto all_start = Clock::now();
  const double all_start_cpu = cpu_seconds();
  const auto week = db->items_between(from, to);
  const double all_ms = seconds_since(all_start) * 1000;
  const double all_cpu_ms = (cpu_seconds() - all_start_cpu) * 1000;
  const auto stories_start = Clock::now();
  const double stories_start_cpu = cpu_seconds();
  const auto stories = db->stories_between(from, to);
  const double stories_ms = seconds_since(stories_start) * 1000;
  const double stories_cpu_ms = (cpu_seconds() - stories_start_cpu) * 1000;
  if (!ok(week) || !ok(stories)) return 1;
  std::printf(
      "whole items: items_between %zu items in %.1f ms (CPU %.1f ms); stories_between "
      "%zu stories in %.1f ms (CPU %.1f ms)\n",
      week->size(), all_ms, all_cpu_ms, stories->size(), stories_ms, stories_cpu_ms);
  const auto stored = db->count_items().value();
  const auto bytes = db->database_bytes().value();
  std::printf("database: %lld items, %lld bytes = %.0f bytes/item\n",
              static_cast<long long>(stored), static_cast<long long>(bytes),
              static_cast<double>(bytes) / static_cast<double>(stored));
}
