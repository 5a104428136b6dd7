#pragma once
// The SQLite store: feeds with their fetch state, items deduplicated per feed, and
// the digests written.
//
// One Store object owns one connection and is the only writer; it is not
// thread-safe (use it from one thread). Every method catches SQLite's exceptions
// and returns Errc::storage with a message naming the operation; a failed write
// rolls back its transaction, so committed data stays intact. open() applies the
// schema migrations in order, each in its own transaction, and refuses a database
// written by a newer monsoon.

#include <monsoon/model.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace monsoon::store {

inline constexpr int kSchemaVersion = 7;

// The fetch state of one feed, kept between polls. The daemon computes the next
// state from the previous one and the poll's outcome; the store only keeps it.
struct FeedState {
  std::int64_t id = 0;
  std::string url;   // as configured
  std::string name;
  model::Region region = model::Region::unassigned;
  std::string etag;
  std::string last_modified;
  std::string body_hash;  // of the last body parsed; an identical body is not parsed again
  std::optional<model::TimePoint> last_attempt;
  std::optional<model::TimePoint> last_success;
  int last_status = 0;           // HTTP status of the last attempt, 0 when none
  std::string last_error_class;  // "dns", "timeout", ... empty after a success
  std::string last_error;        // the message of the last failure, empty after a success
  int error_streak = 0;
  std::optional<model::TimePoint> next_poll;   // when the schedule wants it
  std::optional<model::TimePoint> not_before;  // backoff or Retry-After: not even a manual poll
  std::string moved_url;  // where permanent redirects point, empty when none
  int moved_streak = 0;   // consecutive polls redirected permanently to moved_url
  bool gone = false;      // answered 410; checked weekly
  // Read only: set from the config by upsert_feed, or by the store itself.
  bool aggregator = false;      // republishes others' stories; leads a story only alone
  bool keyed_by_link = false;   // its GUIDs proved unstable; items are keyed by link
  std::string identity_reason;  // why keyed_by_link, empty otherwise
};

// One entry ready to be stored: what classify and parse decided about it.
namespace detail {
struct Prepared;
}

struct NewItem {
  // Identity within the feed as classify::identity_key gives it ("guid:…",
  // "link:…", "hash:…"). The store keeps a GUID key unless the feed's GUIDs
  // proved unstable; otherwise it keys by the canonical link, then by a hash of
  // title and date.
  std::string key;
  std::string title;
  std::string link;
  std::string summary;
  std::string author;
  std::string language;  // BCP 47, may be empty
  std::optional<model::TimePoint> published;
  model::Region region = model::Region::unassigned;
  double region_confidence = 0.0;
  std::string region_evidence;
  // The canonical link and what story matching reads of the title and summary:
  // Store::prepare() fills it on any thread, so that record_poll() need not;
  // record_poll() computes them when it is empty.
  std::shared_ptr<const detail::Prepared> prepared;
};

// A new region verdict for a stored item (`monsoon reclassify`).
struct RegionUpdate {
  std::int64_t id = 0;  // StoredItem::id
  model::Region region = model::Region::unassigned;
  double confidence = 0.0;
  std::string evidence;
};

// One line of the fetch log.
struct FetchLogEntry {
  model::TimePoint at{};
  int status = 0;
  std::string error_class;  // empty on success
  std::string message;      // empty on success
  std::int64_t duration_ms = 0;
};

struct StoreResult {
  int inserted = 0;
  int updated = 0;
  int unchanged = 0;   // the same text again, or a key repeated inside the document
  int tombstoned = 0;  // pruned before and published again: not stored
  // Non-empty on the poll that showed the feed's GUIDs to be unstable (why); from
  // this poll on its items are keyed by link. Set once per feed.
  std::string unstable_guids;
  // Non-zero when story matching, during this poll, had to let items of the
  // 9-day window leave memory early (StoreOptions::story_memory_items): how many
  // it kept, and the time they span.
  std::size_t story_memory_kept = 0;
  model::Seconds story_memory_span{};
};

// A host that asked us to stay away (429/503 Retry-After) until a time.
struct HostBlock {
  std::string host;
  model::TimePoint until{};
  std::string reason;
};

struct PruneResult {
  std::int64_t items = 0;               // deleted, each leaving a tombstone
  std::int64_t tombstones_expired = 0;  // older than the retention period themselves
};

// A story as `monsoon stories` shows it: the members dated within a range.
struct StoryView {
  std::int64_t id = 0;
  std::int64_t lead_item_id = 0;         // may lie outside the range
  std::vector<model::StoredItem> items;  // earliest first
};

struct StoreOptions {
  // Story matching keeps at most this many recent items in memory (about 450 bytes
  // each, all told); past it, the oldest leave before their 9 days are up.
  std::size_t story_memory_items = 30'000;
};

class Store {
 public:
  // Fills each item's `prepared` from its link, title and summary. Pure and
  // thread-safe: the poller runs it on its parse thread.
  static void prepare(std::vector<NewItem>& items);

  // Opens (creating if needed) the database at `path`; ":memory:" for tests.
  [[nodiscard]] static model::Result<Store> open(const std::string& path,
                                                 StoreOptions options = {});

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  int schema_version() const;

  // Adds the feed or refreshes its name and region; returns its state.
  [[nodiscard]] model::Result<FeedState> upsert_feed(const model::FeedSource& feed);
  [[nodiscard]] model::Result<std::vector<FeedState>> feeds() const;

  // Stores a poll's items, the feed's new state and a fetch-log line in one
  // transaction. Items already stored under the same identity (feed and key, or
  // feed and canonical link) are updated in place when their text changed. A new
  // item joins a story (same canonical URL, else a near-duplicate from another
  // feed within 9 days, else a story of its own); its time is `published`, else
  // `now`. `state.id` names the feed. The first new item restores the story
  // window from the database (about a second per 100,000 items in it); a poll
  // without new items does not need it. The first write also assigns stories to
  // items stored before schema 3.
  [[nodiscard]] model::Result<StoreResult> record_poll(const FeedState& state,
                                                       const std::vector<NewItem>& items,
                                                       model::TimePoint now,
                                                       const FetchLogEntry& log);

  // Groups the following record_poll calls into one transaction until
  // commit_batch(): far fewer WAL writes when many feeds are stored in a row.
  // Each record_poll stays all-or-nothing (a savepoint); a crash before
  // commit_batch() loses the batch's polls, never anything committed before.
  [[nodiscard]] model::Result<void> begin_batch();
  [[nodiscard]] model::Result<void> commit_batch();

  // The publication times of the feed's newest items, newest first, at most
  // `limit` and at most 20 (for its publishing rhythm). Kept with the feed as its
  // items are stored (schema 6); items pruned since keep their place in them.
  [[nodiscard]] model::Result<std::vector<model::TimePoint>> recent_publications(
      std::int64_t feed_id, int limit) const;

  // Hosts still blocked at `now`.
  [[nodiscard]] model::Result<std::vector<HostBlock>> host_blocks(model::TimePoint now) const;
  [[nodiscard]] model::Result<void> block_host(const HostBlock& block);

  // Items published (else first seen) within [from, to), newest first (items of one
  // time in the order they were stored), with their feed.
  [[nodiscard]] model::Result<std::vector<model::StoredItem>> items_between(
      model::TimePoint from, model::TimePoint to) const;

  // The outlines of the same items as items_between (same order), without their
  // text: what digest::plan needs of a week, in a tenth of the memory.
  [[nodiscard]] model::Result<std::vector<model::ItemOutline>> item_outlines(
      model::TimePoint from, model::TimePoint to) const;

  // The items with these ids, in that order; ids not stored are skipped.
  [[nodiscard]] model::Result<std::vector<model::StoredItem>> items_by_id(
      const std::vector<std::int64_t>& ids) const;

  // The stories with members published (else first seen) within [from, to),
  // largest first (ties: the earlier first member), each with those members.
  [[nodiscard]] model::Result<std::vector<StoryView>> stories_between(model::TimePoint from,
                                                                      model::TimePoint to) const;

  // Items whose title or summary contains `query` (case-insensitive for ASCII),
  // newest first, at most `limit`. The query is plain text, never FTS syntax:
  // any text is safe. Indexes the items stored since the last index_for_search()
  // first; items it cannot index (a full disk) are scanned instead, so nothing
  // stored is missed. Three characters or more use the trigram index; shorter
  // queries scan every item (about a second per million). Empty: no items.
  [[nodiscard]] model::Result<std::vector<model::StoredItem>> search(std::string_view query,
                                                                     int limit);

  // Adds the items stored since the last call to the search index, oldest first,
  // at most `max_items` of them (0: all), in one transaction (inside a batch, a
  // savepoint of it). Storing a poll does not index it: the trigram index costs
  // more than the rest of storing an item (about 50 us an item), so the daemon
  // calls this between rounds and search() before it queries. Returns how many
  // items it indexed (fewer than `max_items`: the index is complete).
  [[nodiscard]] model::Result<std::int64_t> index_for_search(std::int64_t max_items = 0);

  // Writes each item's region, confidence and evidence, all in one transaction.
  // Returns how many items changed region; ids that are not stored are skipped.
  [[nodiscard]] model::Result<int> update_regions(const std::vector<RegionUpdate>& updates);

  // Deletes the items first seen before `now - retention`, leaving a tombstone
  // for each, so that a poll storing the same item again (same key or canonical
  // link in its feed) skips it; expires tombstones older than `retention`
  // themselves. One transaction. Must not run inside a batch.
  [[nodiscard]] model::Result<PruneResult> prune(model::TimePoint now, model::Seconds retention);

  [[nodiscard]] model::Result<void> record_digest(const std::string& week, const std::string& path,
                                                  int item_count, model::TimePoint at);

  // Whether a draft for `week` ("2026-W48") has been written before.
  [[nodiscard]] model::Result<bool> has_digest(const std::string& week) const;

  [[nodiscard]] model::Result<std::int64_t> count_items() const;

  // Caps the database at about `max_bytes` (PRAGMA max_page_count; 0 lifts the
  // cap). Writes beyond it fail with Errc::storage "database or disk is full",
  // as on a full disk. For tests and quotas; lasts as long as this Store.
  [[nodiscard]] model::Result<void> limit_size(std::int64_t max_bytes);
  // Pages in use times the page size (free pages included).
  [[nodiscard]] model::Result<std::int64_t> database_bytes() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace monsoon::store
