#pragma once
// StoryTable: the stories StoryIndex has in memory and their members, in flat
// arrays (an id hash, the stories, a chain of members) rather than a map node and
// two vectors per story: most stories have one item, and three allocations per
// item were a tenth of matching. get() builds the public Story on request.
// Not thread-safe.

#include "hashing.hpp"
#include "story_index.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <span>
#include <tuple>
#include <vector>

namespace monsoon::store::detail {

class StoryTable {
 public:
  struct Lead {
    bool changed = false;      // the item became the story's lead
    std::int64_t item_id = 0;  // the lead after it
  };

  // Adds `item` to story `id`, creating the story; `is_new` says the caller knows
  // the id is not in the table (it saves a look-up). The lead is the story's item
  // from an original source first, then the earliest, then the smallest item id.
  Lead add(std::int64_t id, const StoryItem& item, bool is_new = false) {
    std::size_t index = is_new ? kNone : find(id);
    if (index == kNone) {
      index = states_.size();
      states_.push_back({id});
      insert(id, index);
    }
    const auto member = static_cast<std::uint32_t>(members_.size());
    members_.push_back({item.item_id, item.feed_id, kEnd});
    State& state = states_[index];
    if (state.first == kEnd) {
      state.first = member;
    } else {
      members_[state.last].next = member;
    }
    state.last = member;
    if (!leads(item, state)) return {false, state.lead_item_id};
    state.lead_item_id = item.item_id;
    state.lead_time = item.time;
    state.lead_is_original = !item.from_aggregator;
    return {true, item.item_id};
  }

  // Fills `out` with story `id`; false when it is not in memory.
  bool get(std::int64_t id, Story& out) const {
    const std::size_t index = find(id);
    if (index == kNone) return false;
    const State& state = states_[index];
    out.id = id;
    out.items.clear();
    out.feeds.clear();
    for (std::uint32_t m = state.first; m != kEnd; m = members_[m].next) {
      out.items.push_back(members_[m].item_id);
      const std::int64_t feed = members_[m].feed_id;
      if (std::find(out.feeds.begin(), out.feeds.end(), feed) == out.feeds.end()) {
        out.feeds.push_back(feed);
      }
    }
    out.lead_item_id = state.lead_item_id;
    out.lead_time = state.lead_time;
    out.lead_is_original = state.lead_is_original;
    return true;
  }

  // Keeps only the stories whose ids `keep` (sorted) holds, with all their members.
  void retain(std::span<const std::int64_t> keep) {
    std::vector<State> states;
    std::vector<Member> members;
    for (const State& state : states_) {
      if (!std::binary_search(keep.begin(), keep.end(), state.id)) continue;
      State kept = state;
      kept.first = kept.last = kEnd;
      for (std::uint32_t m = state.first; m != kEnd; m = members_[m].next) {
        const auto at = static_cast<std::uint32_t>(members.size());
        members.push_back({members_[m].item_id, members_[m].feed_id, kEnd});
        if (kept.first == kEnd) {
          kept.first = at;
        } else {
          members[kept.last].next = at;
        }
        kept.last = at;
      }
      states.push_back(kept);
    }
    states_ = std::move(states);
    members_ = std::move(members);
    slots_.assign(std::max<std::size_t>(1024, std::bit_ceil(states_.size() * 2 + 1)), 0);
    for (std::size_t i = 0; i < states_.size(); ++i) place(states_[i].id, i);
  }

 private:
  static constexpr std::uint32_t kEnd = 0xFFFFFFFF;
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  struct State {
    std::int64_t id = 0;
    std::int64_t lead_item_id = 0;
    model::TimePoint lead_time{};
    bool lead_is_original = false;
    std::uint32_t first = kEnd;  // members, oldest
    std::uint32_t last = kEnd;   // and newest
  };
  struct Member {
    std::int64_t item_id;
    std::int64_t feed_id;
    std::uint32_t next;
  };

  static bool leads(const StoryItem& item, const State& state) {
    const bool original = !item.from_aggregator;
    if (state.lead_item_id == 0 || original != state.lead_is_original) {
      return state.lead_item_id == 0 || original;
    }
    return std::tie(item.time, item.item_id) < std::tie(state.lead_time, state.lead_item_id);
  }

  // slots_ holds index + 1 of a state (0: empty), open addressing on mix64(id).
  std::size_t find(std::int64_t id) const {
    if (slots_.empty()) return kNone;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = home(id) & mask; slots_[at] != 0; at = (at + 1) & mask) {
      if (states_[slots_[at] - 1].id == id) return slots_[at] - 1;
    }
    return kNone;
  }

  void insert(std::int64_t id, std::size_t index) {
    if ((states_.size() + 1) * 2 > slots_.size()) {
      slots_.assign(std::max<std::size_t>(1024, slots_.size() * 2), 0);
      for (std::size_t i = 0; i < states_.size(); ++i) {
        if (i != index) place(states_[i].id, i);
      }
    }
    place(id, index);
  }

  void place(std::int64_t id, std::size_t index) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = home(id) & mask;
    while (slots_[at] != 0) at = (at + 1) & mask;
    slots_[at] = index + 1;
  }

  static std::size_t home(std::int64_t id) {
    return static_cast<std::size_t>(mix64(static_cast<std::uint64_t>(id)));
  }

  std::vector<State> states_;
  std::vector<Member> members_;
  std::vector<std::size_t> slots_;
};

}  // namespace monsoon::store::detail
