// Storing a poll: identity of each item, tombstones, story, the feed's state and
// its fetch-log line, all-or-nothing.

#include "identity.hpp"
#include "store_impl.hpp"

#include <string_view>
#include <unordered_map>

namespace monsoon::store {
namespace {

using detail::Existing;
using detail::Resolved;

// The feed's state as the daemon decided it, and its newest publication times
// (kept by the store, not the daemon).
void write_feed_state(Connection& impl, const FeedState& state,
                      const std::string& recent_published) {
  auto& update = impl.statements.get(
      "UPDATE feeds SET etag = ?, last_modified = ?, body_hash = ?, last_attempt = ?, "
      "last_success = ?, last_status = ?, last_error_class = ?, last_error = ?, "
      "error_streak = ?, next_poll = ?, not_before = ?, moved_url = ?, moved_streak = ?, "
      "gone = ?, recent_published = ? WHERE id = ?");
  update.bind(1, state.etag);
  update.bind(2, state.last_modified);
  update.bind(3, state.body_hash);
  bind_optional_time(update, 4, state.last_attempt);
  bind_optional_time(update, 5, state.last_success);
  update.bind(6, state.last_status);
  update.bind(7, state.last_error_class);
  update.bind(8, state.last_error);
  update.bind(9, state.error_streak);
  bind_optional_time(update, 10, state.next_poll);
  bind_optional_time(update, 11, state.not_before);
  update.bind(12, state.moved_url);
  update.bind(13, state.moved_streak);
  update.bind(14, state.gone ? 1 : 0);
  update.bind(15, recent_published);
  update.bind(16, state.id);
  if (update.exec() != 1) {
    throw SQLite::Exception("no feed with id " + std::to_string(state.id));
  }
}


enum class Change { inserted, updated, unchanged, tombstoned };

Existing read_row(SQLite::Statement& query) {
  return {query.getColumn(0).getInt64(), query.getColumn(1).getString(),
          query.getColumn(2).getString()};
}

std::optional<Existing> read_existing(SQLite::Statement& query) {
  if (!query.executeStep()) return std::nullopt;
  return read_row(query);
}

// The URLs looked up while planning a poll, with the story found for each: the
// same lookup answers "this feed's item with that link" (identity) and "any
// item's story with that link" (stories). Valid for the poll: its links are
// distinct whenever planning looks them up, so no item of the poll stores one
// of them before its own item does.
using UrlStories = std::unordered_map<std::string, UrlStory>;

// In id order (the index is on canonical_url, then rowid): the feed's oldest item
// with the link, and the story of the oldest item of any feed with it.
std::optional<Existing> by_url(Connection& impl, std::int64_t feed_id, const std::string& url,
                               UrlStories& urls) {
  UrlStory& found = urls[url];
  found.looked_up = true;
  if (impl.stored_keys && !impl.stored_keys->may_hold_url(url)) return std::nullopt;
  auto& query = impl.statements.get(
      "SELECT id, content_hash, key, feed_id, story_id FROM items WHERE canonical_url = ?");
  query.bind(1, url);
  std::optional<Existing> existing;
  while ((!existing || !found.story) && query.executeStep()) {
    if (!existing && query.getColumn(3).getInt64() == feed_id) existing = read_row(query);
    if (!found.story && !query.getColumn(4).isNull()) found.story = query.getColumn(4).getInt64();
  }
  return existing;
}

std::optional<Existing> by_key(Connection& impl, std::int64_t feed_id, const std::string& key) {
  if (impl.stored_keys && !impl.stored_keys->may_hold_key(feed_id, key)) return std::nullopt;
  auto& query =
      impl.statements.get("SELECT id, content_hash, key FROM items WHERE feed_id = ? AND key = ?");
  query.bind(1, feed_id);
  query.bind(2, key);
  return read_existing(query);
}

// Whether the feed has stored items at all: a feed's first poll (every feed's, in
// a cold start) then looks none of its keys up.
bool has_items(Connection& impl, std::int64_t feed_id) {
  auto& query = impl.statements.get("SELECT EXISTS (SELECT 1 FROM items WHERE feed_id = ?)");
  query.bind(1, feed_id);
  return query.executeStep() && query.getColumn(0).getInt() != 0;
}

detail::IdentityLookup lookups_for(Connection& impl, std::int64_t feed_id, UrlStories& urls) {
  const bool stored = has_items(impl, feed_id);
  return {.by_key = [&impl, feed_id, stored](const std::string& key) {
            return stored ? by_key(impl, feed_id, key) : std::nullopt;
          },
          .by_url = [&impl, feed_id,
                     &urls](const std::string& url) { return by_url(impl, feed_id, url, urls); }};
}

// A pruned item published again keeps out: same key or same canonical link.
bool tombstoned(Connection& impl, std::int64_t feed_id, const Resolved& item) {
  if (!impl.tombstoned_feeds) {
    impl.tombstoned_feeds.emplace();
    SQLite::Statement feeds(impl.db, "SELECT DISTINCT feed_id FROM tombstones");
    while (feeds.executeStep()) impl.tombstoned_feeds->insert(feeds.getColumn(0).getInt64());
  }
  if (!impl.tombstoned_feeds->contains(feed_id)) return false;
  auto& query = impl.statements.get(
      "SELECT 1 FROM tombstones WHERE feed_id = ?1 AND key = ?2 UNION ALL "
      "SELECT 1 FROM tombstones WHERE feed_id = ?1 AND canonical_url = ?3 AND ?3 <> '' LIMIT 1");
  query.bind(1, feed_id);
  query.bind(2, item.key);
  query.bind(3, item.canonical_url);
  return query.executeStep();
}

void update_item(Connection& impl, std::int64_t id, const NewItem& item,
                 const Resolved& resolved, const std::string& hash, model::TimePoint now) {
  // An edited title or summary updates the row in place; first_seen, the key
  // and the story are kept.
  auto& update = impl.statements.get(
      "UPDATE items SET title = ?, link = ?, canonical_url = ?, summary = ?, author = ?, "
      "published = ?, updated = ?, content_hash = ? WHERE id = ?");
  update.bind(1, item.title);
  update.bind(2, item.link);
  update.bind(3, resolved.canonical_url);
  update.bind(4, item.summary);
  update.bind(5, item.author);
  bind_optional_time(update, 6, item.published);
  update.bind(7, to_unix(now));
  update.bind(8, hash);
  update.bind(9, id);
  update.exec();
  if (impl.stored_keys) impl.stored_keys->add_url(resolved.canonical_url);
}

void insert_item(Connection& impl, std::int64_t id, std::int64_t feed_id, const NewItem& item,
                 const Resolved& resolved, const std::string& hash, model::TimePoint now,
                 std::int64_t story) {
  auto& insert = impl.statements.get(
      "INSERT INTO items (id, feed_id, key, title, link, summary, author, published, "
      "first_seen, updated, content_hash, region, region_confidence, region_evidence, "
      "canonical_url, story_id, language) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  // The strings outlive exec(): bound without SQLite's copy.
  insert.bind(1, id);
  insert.bind(2, feed_id);
  insert.bindNoCopy(3, resolved.key);
  insert.bindNoCopy(4, item.title);
  insert.bindNoCopy(5, item.link);
  insert.bindNoCopy(6, item.summary);
  insert.bindNoCopy(7, item.author);
  bind_optional_time(insert, 8, item.published);
  insert.bind(9, to_unix(now));
  insert.bind(10, to_unix(now));
  insert.bindNoCopy(11, hash);
  insert.bind(12, std::string(model::to_string(item.region)));
  insert.bind(13, item.region_confidence);
  insert.bindNoCopy(14, item.region_evidence);
  insert.bindNoCopy(15, resolved.canonical_url);
  insert.bind(16, story);
  insert.bindNoCopy(17, item.language);
  insert.exec();
  if (impl.stored_keys) impl.stored_keys->add(feed_id, resolved.key, resolved.canonical_url);
}

// What storing a poll reads of its feed's row.
struct FeedIdentity {
  bool aggregator = false;
  bool keyed_by_link = false;
  std::string recent_published;
};

FeedIdentity feed_identity(Connection& impl, std::int64_t feed_id) {
  auto& query = impl.statements.get(
      "SELECT aggregator, identity, recent_published FROM feeds WHERE id = ?");
  query.bind(1, feed_id);
  if (!query.executeStep()) throw SQLite::Exception("no feed with id " + std::to_string(feed_id));
  return {query.getColumn(0).getInt() != 0, query.getColumn(1).getString() == "link",
          query.getColumn(2).getString()};
}

Change store_item(Connection& impl, std::int64_t feed_id, bool aggregator, const NewItem& item,
                  const Resolved& resolved, const UrlStories& urls, model::TimePoint now) {
  if (resolved.repeat) return Change::unchanged;
  const std::string hash = item.prepared ? item.prepared->content_hash : detail::content_hash(item);
  if (resolved.existing) {
    if (resolved.existing->content_hash == hash) return Change::unchanged;
    update_item(impl, resolved.existing->id, item, resolved, hash, now);
    return Change::updated;
  }
  if (tombstoned(impl, feed_id, resolved)) return Change::tombstoned;
  if (impl.next_item_id == 0) {
    // Never an id the search index has passed already (its newest items pruned).
    impl.next_item_id = impl.db
                            .execAndGet(
                                "SELECT max(coalesce((SELECT max(id) FROM items), 0), "
                                "(SELECT indexed_upto FROM search_state)) + 1")
                            .getInt64();
  }
  const std::int64_t id = impl.next_item_id++;
  const detail::StoryItem story_item{.item_id = id,
                                     .feed_id = feed_id,
                                     .from_aggregator = aggregator,
                                     .canonical_url = resolved.canonical_url,
                                     .time = item.published.value_or(now)};
  const auto known = urls.find(resolved.canonical_url);
  std::optional<detail::Signature> computed;  // when prepare() did not run
  const detail::Signature& signature =
      item.prepared ? item.prepared->signature
                    : computed.emplace(detail::compute_signature(item.title, item.summary));
  const auto story = assign_story(impl, story_item, signature,
                                  known != urls.end() ? known->second : UrlStory{});
  insert_item(impl, id, feed_id, item, resolved, hash, now, story);
  return Change::inserted;
}

void switch_to_link_keys(Connection& impl, std::int64_t feed_id, const std::string& reason) {
  auto& update =
      impl.statements.get("UPDATE feeds SET identity = 'link', identity_reason = ? WHERE id = ?");
  update.bind(1, reason);
  update.bind(2, feed_id);
  update.exec();
}

void append_log(Connection& impl, const FeedState& state, const FetchLogEntry& log,
                int inserted) {
  auto& insert = impl.statements.get(
      "INSERT INTO fetch_log (feed_id, at, status, error, new_items, error_class, duration_ms) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, state.id);
  insert.bind(2, to_unix(log.at));
  insert.bind(3, log.status);
  insert.bind(4, log.message);
  insert.bind(5, inserted);
  insert.bind(6, log.error_class);
  insert.bind(7, log.duration_ms);
  insert.exec();
}

// Connection::stored_keys, when the items table is empty at the connection's first
// poll (after follow_other_writers(), inside the poll's write).
void check_stored_keys(Connection& impl) {
  if (impl.stored_keys_checked) return;
  impl.stored_keys_checked = true;
  if (impl.db.execAndGet("SELECT NOT EXISTS (SELECT 1 FROM items)").getInt() != 0) {
    impl.stored_keys.emplace();
  }
}

StoreResult store_poll(Connection& impl, const FeedState& state,
                       const std::vector<NewItem>& items, model::TimePoint now,
                       const FetchLogEntry& log) {
  StoreResult result;
  check_stored_keys(impl);
  const auto feed = feed_identity(impl, state.id);
  assign_old_items(impl);
  UrlStories urls;
  const auto plan =
      detail::plan_identity(items, feed.keyed_by_link, lookups_for(impl, state.id, urls));
  if (!plan.unstable_reason.empty()) {
    switch_to_link_keys(impl, state.id, plan.unstable_reason);
    result.unstable_guids = plan.unstable_reason;
  }
  // The publication times of the items this poll adds join the feed's newest
  // (an item stored before is in them already, if it is among the newest).
  std::vector<std::int64_t> published;
  for (std::size_t i = 0; i < items.size(); ++i) {
    switch (store_item(impl, state.id, feed.aggregator, items[i], plan.items[i], urls, now)) {
      case Change::inserted:
        ++result.inserted;
        if (items[i].published) published.push_back(to_unix(*items[i].published));
        break;
      case Change::updated: ++result.updated; break;
      case Change::unchanged: ++result.unchanged; break;
      case Change::tombstoned: ++result.tombstoned; break;
    }
  }
  std::string recent = feed.recent_published;
  if (!published.empty()) {
    auto times = read_publications(recent);
    times.insert(times.end(), published.begin(), published.end());
    recent = write_publications(std::move(times));
  }
  write_feed_state(impl, state, recent);
  append_log(impl, state, log, result.inserted);
  return result;
}

}  // namespace

void Store::prepare(std::vector<NewItem>& items) {
  for (NewItem& item : items) {
    item.prepared = std::make_shared<const detail::Prepared>(detail::prepare_item(item));
  }
}

model::Result<StoreResult> Store::record_poll(const FeedState& state,
                                              const std::vector<NewItem>& items,
                                              model::TimePoint now, const FetchLogEntry& log) {
  return guarded("store poll of " + state.url, [&]() -> model::Result<StoreResult> {
    const StatementsReset reset{impl_->statements};
    try {
      WriteScope scope(*impl_);
      auto result = store_poll(*impl_, state, items, now, log);
      scope.commit();
      if (impl_->stories) {
        if (const auto cut = impl_->stories->take_memory_cut()) {
          result.story_memory_kept = cut->kept;
          result.story_memory_span = cut->span;
        }
      }
      return result;
    } catch (const SQLite::Exception&) {
      impl_->forget_uncommitted();
      throw;
    }
  });
}

}  // namespace monsoon::store
