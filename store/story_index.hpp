#pragma once
// StoryIndex: assigns each arriving item to a story, incrementally and in memory.
// Pure (no I/O, no clock: times come with the items), not thread-safe (one owner,
// the store's writer thread).
//
// The store feeds it in two ways:
//   1. at start-up, restore() every item of the last window with the story id,
//      signature (decode_signature of the persisted BLOB) and canonical URL it was
//      stored with, oldest first, then set_next_story_id(max story id + 1);
//   2. then assign() each new item, in arrival order, and persist the returned
//      story id, and the lead when lead_changed.
// Rule for a new item, in order:
//   - an item in memory with the same canonical URL -> its story (any feed);
//   - else the most similar near-duplicate (story_signature.hpp's compare) among the
//     candidates (items sharing one of its rarest features, story_index.cpp) that
//     come from another feed and lie within `window` of the item's time -> that
//     item's story. Features weigh by their rarity among the items in memory (and
//     any add_background() texts), counted in hashed counters (feature_counts.hpp).
//     Items of the same feed are never matched on text: a feed does not publish
//     one story twice, but it does publish series ("Daily briefing: 20 November")
//     whose titles look alike; a feed's own repeats are the identity key's job;
//   - else a new story, numbered from next_story_id.
// Stories are never merged, and nothing is removed from them: an item that would
// join two stories joins the better match only. Memory holds the items whose time
// is within `window` of the newest time seen, at most `max_items` of them (older
// ones are dropped in batches, amortised O(1) per item), so an item dated long ago
// can only start a new story here; the store may first look its canonical URL up
// in the database.
//
// The lead of a story is its earliest item from an original source; an item from
// an aggregator (Google News, Techmeme, a "best of" feed: the operator marks the
// feed `aggregator = true` in the config, the store passes it with the item) only
// leads while the story has no original item. Ties go to the smaller item id.

#include "story_signature.hpp"

#include <monsoon/model.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace monsoon::store::detail {

struct StoryItem {
  std::int64_t item_id = 0;      // the store's row id, unique
  std::int64_t feed_id = 0;      // the source
  bool from_aggregator = false;  // the feed is marked as an aggregator
  std::string canonical_url;     // canonical_url(link); empty when there is none
  model::TimePoint time{};       // published when trusted, else first seen
};

inline constexpr std::size_t kDefaultMaxItems = 30'000;

struct StoryOptions {
  model::Seconds window = std::chrono::days{9};
  // Items held in memory at most (about 450 bytes each, with their stories, feature
  // cells and rarity counters): when more than this are within the window, the
  // oldest leave memory early, the newest three quarters kept. At least 16.
  std::size_t max_items = kDefaultMaxItems;
  SimilarityRule rule;
};

enum class MatchReason { new_story, same_url, near_duplicate };

struct Assignment {
  std::int64_t story_id = 0;
  MatchReason reason = MatchReason::new_story;
  std::int64_t matched_item_id = 0;  // the item matched; 0 for a new story
  double similarity = 0.0;           // compare()'s score for near_duplicate
  std::int64_t lead_item_id = 0;     // the story's lead after this item
  bool lead_changed = false;         // true for a new story too
};

// What the index knows of a story: the members it has seen while in memory.
struct Story {
  std::int64_t id = 0;
  std::vector<std::int64_t> items;  // in arrival order
  std::vector<std::int64_t> feeds;  // distinct, in order of first appearance
  std::int64_t lead_item_id = 0;
  model::TimePoint lead_time{};
  bool lead_is_original = false;
};

class StoryIndex {
 public:
  explicit StoryIndex(StoryOptions options = {});
  StoryIndex(StoryIndex&&) noexcept;
  StoryIndex& operator=(StoryIndex&&) noexcept;
  ~StoryIndex();

  // Adds a stored item under the story it already has (start-up, or a story the
  // store found by canonical URL). Never matches. Returns whether the item now
  // leads the story among the members in memory.
  bool restore(const StoryItem& item, const Signature& signature, std::int64_t story_id);
  // Story ids of new stories start here (and always above every restored id).
  void set_next_story_id(std::int64_t id);

  // Assigns a new item to a story and remembers it. `item.item_id` must be new.
  Assignment assign(const StoryItem& item, const Signature& signature);

  // The story while any of its items is in memory; nullptr otherwise. The pointer
  // is valid until the next call of any member function (the Story is built on
  // request).
  [[nodiscard]] const Story* story(std::int64_t story_id) const;
  // Items in memory (the window plus the not yet dropped).
  [[nodiscard]] std::size_t size() const;

  // When max_items last made items of the window leave memory early: how many
  // stayed and the time from the oldest of them to the newest item. Returned once.
  struct MemoryCut {
    std::size_t kept = 0;
    model::Seconds span{};
  };
  [[nodiscard]] std::optional<MemoryCut> take_memory_cut();

  // Counts a text in the feature rarities without making it a candidate; it is never
  // dropped. For a store whose window holds too few items yet for rarities to mean
  // much (a first start): seed it with older items' signatures.
  void add_background(const Signature& signature);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace monsoon::store::detail
