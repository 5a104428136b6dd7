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
#include <vector>

namespace monsoon::store {

inline constexpr int kSchemaVersion = 1;

// The fetch state of one feed, kept between polls.
struct FeedState {
  std::int64_t id = 0;
  std::string url;
  std::string name;
  model::Region region = model::Region::unassigned;
  std::string etag;
  std::string last_modified;
  std::optional<model::TimePoint> last_attempt;
  std::optional<model::TimePoint> last_success;
  int last_status = 0;     // HTTP status of the last attempt, 0 when none
  std::string last_error;  // "class: message" of the last failure, empty after a success
  int error_streak = 0;
  std::optional<model::TimePoint> next_poll;
};

// One entry ready to be stored: what classify and parse decided about it.
struct NewItem {
  std::string key;  // identity within the feed (classify::identity_key)
  std::string title;
  std::string link;
  std::string summary;
  std::string author;
  std::optional<model::TimePoint> published;
  model::Region region = model::Region::unassigned;
  double region_confidence = 0.0;
  std::string region_evidence;
};

struct PollRecord {
  model::TimePoint at{};
  int status = 0;
  std::string error;  // empty on success
  bool not_modified = false;
  std::string etag;
  std::string last_modified;
  std::optional<model::TimePoint> next_poll;
};

struct StoreResult {
  int inserted = 0;
  int updated = 0;
  int unchanged = 0;
};

class Store {
 public:
  // Opens (creating if needed) the database at `path`; ":memory:" for tests.
  [[nodiscard]] static model::Result<Store> open(const std::string& path);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  int schema_version() const;

  // Adds the feed or refreshes its name and region; returns its state.
  [[nodiscard]] model::Result<FeedState> upsert_feed(const model::FeedSource& feed);
  [[nodiscard]] model::Result<std::vector<FeedState>> feeds() const;

  // Stores a poll's items and its outcome in one transaction. Items already stored
  // under the same (feed, key) are updated in place when their text changed.
  [[nodiscard]] model::Result<StoreResult> record_poll(std::int64_t feed_id,
                                                       const std::vector<NewItem>& items,
                                                       model::TimePoint now,
                                                       const PollRecord& poll);

  // Items first seen or published within [from, to), newest first, with their feed.
  [[nodiscard]] model::Result<std::vector<model::StoredItem>> items_between(
      model::TimePoint from, model::TimePoint to) const;

  [[nodiscard]] model::Result<void> record_digest(const std::string& week, const std::string& path,
                                                  int item_count, model::TimePoint at);

  // Whether a draft for `week` ("2026-W48") has been written before.
  [[nodiscard]] model::Result<bool> has_digest(const std::string& week) const;

  [[nodiscard]] model::Result<std::int64_t> count_items() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace monsoon::store
