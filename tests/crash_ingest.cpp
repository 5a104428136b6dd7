// Helper of crash_test.cpp: stores polls into DB_FILE through the real Store, in
// batches, until killed. Feed f's round r has kItems items keyed "guid:r<r>-<i>"
// and links https://f<f>.example/<r>/<i>, plus the previous round's first item
// with an edited title; each poll's fetch-log line is at time r. Between batches it
// adds the new items to the search index in small slices, as the daemon does
// between rounds. It resumes from the rounds the database has (a feed's
// last_success is its last round).

#include <monsoon/store.hpp>

#include <cstdio>
#include <string>
#include <vector>

using namespace monsoon;

namespace {

constexpr int kFeeds = 6;
constexpr int kItems = 40;
constexpr int kBatchPolls = 3;
constexpr int kIndexSlice = 50;

std::vector<store::NewItem> round_items(int feed, std::int64_t round) {
  std::vector<store::NewItem> items;
  for (int i = 0; i < kItems; ++i) {
    store::NewItem item;
    item.key = "guid:r" + std::to_string(round) + "-" + std::to_string(i);
    item.title = "Feed " + std::to_string(feed) + " round " + std::to_string(round) + " item " +
                 std::to_string(i);
    item.link = "https://f" + std::to_string(feed) + ".example/" + std::to_string(round) + "/" +
                std::to_string(i);
    item.summary = "Summary of " + item.title;
    items.push_back(std::move(item));
  }
  if (round > 1) {
    auto edited = round_items(feed, round - 1).front();
    edited.title += " (edited)";
    items.push_back(std::move(edited));
  }
  return items;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 64;
  auto db = store::Store::open(argv[1]);
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().message.c_str());
    return 1;
  }
  std::vector<store::FeedState> feeds;
  for (int f = 1; f <= kFeeds; ++f) {
    feeds.push_back(db->upsert_feed({.url = "https://f" + std::to_string(f) + ".example/feed",
                                     .name = "F" + std::to_string(f)})
                        .value());
  }
  for (int polls = 0;; ++polls) {
    auto& state = feeds[static_cast<std::size_t>(polls) % feeds.size()];
    const std::int64_t round =
        state.last_success ? state.last_success->time_since_epoch().count() + 1 : 1;
    const model::TimePoint at{model::Seconds{round}};
    state.last_success = at;
    if (polls % kBatchPolls == 0 && !db->begin_batch()) return 1;
    const int feed = static_cast<int>(polls % kFeeds) + 1;
    if (!db->record_poll(state, round_items(feed, round), at, {.at = at, .status = 200})) return 1;
    if ((polls + 1) % kBatchPolls == 0) {
      if (!db->commit_batch()) return 1;
      if (!db->index_for_search(kIndexSlice)) return 1;
    }
  }
}
