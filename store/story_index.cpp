#include "story_index.hpp"

#include "hashing.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <unordered_set>

namespace monsoon::store::detail {
namespace {

std::uint64_t url_key(std::string_view url) { return hash_sequence(url); }

// Candidates come from an inverted index: an item is filed under every feature of
// its title and the kSummaryKeys rarest features of the rest of its text, and looks
// up the same keys, rarest first. Each key yields at most kPostingsPerKey items,
// newest first, and a query scores at most kMaxCandidates items, which bounds the
// work per item when a feature is common ("shares", or a big story's name: its
// newest items are enough to join the story).
constexpr std::size_t kTitleKeys = kMaxTitleFeatures;
constexpr std::size_t kSummaryKeys = 4;
constexpr std::uint32_t kPostingsPerKey = 8;
constexpr int kMaxPostings = 96;
constexpr std::size_t kMaxCandidates = 8;
constexpr double kMinSharedShare = 0.2;

// A hash multimap from 64-bit keys to slots, for the URL and feature lookups:
// open addressing over the keys, each key heading a list of postings, newest
// first. Rebuilt rather than erased from (see StoryIndex::Impl::compact).
class PostingTable {
 public:
  void insert(std::uint64_t key, std::int32_t slot) {
    if (key == 0) key = 1;  // 0 marks an empty cell
    if ((used_ + 1) * 2 > keys_.size()) grow();
    std::size_t cell = find(key);
    if (keys_[cell] == 0) {
      keys_[cell] = key;
      heads_[cell] = -1;
      ++used_;
    }
    postings_.push_back({slot, heads_[cell]});
    heads_[cell] = static_cast<std::int32_t>(postings_.size() - 1);
  }

  // Calls visit(slot) for the key's slots, newest first, until it returns false.
  template <class Visit>
  void for_each(std::uint64_t key, Visit&& visit) const {
    if (keys_.empty()) return;
    if (key == 0) key = 1;
    const std::size_t cell = find(key);
    if (keys_[cell] == 0) return;
    for (std::int32_t p = heads_[cell]; p >= 0; p = postings_[static_cast<std::size_t>(p)].next) {
      if (!visit(postings_[static_cast<std::size_t>(p)].slot)) return;
    }
  }

  void clear() {
    keys_.clear();
    heads_.clear();
    postings_.clear();
    used_ = 0;
  }

 private:
  struct Posting {
    std::int32_t slot;
    std::int32_t next;
  };

  std::size_t find(std::uint64_t key) const {
    const std::size_t mask = keys_.size() - 1;
    std::size_t cell = static_cast<std::size_t>(key) & mask;
    while (keys_[cell] != 0 && keys_[cell] != key) cell = (cell + 1) & mask;
    return cell;
  }

  void grow() {
    std::vector<std::uint64_t> old_keys = std::move(keys_);
    std::vector<std::int32_t> old_heads = std::move(heads_);
    keys_.assign(std::max<std::size_t>(1024, old_keys.size() * 2), 0);
    heads_.assign(keys_.size(), -1);
    for (std::size_t i = 0; i < old_keys.size(); ++i) {
      if (old_keys[i] == 0) continue;
      const std::size_t cell = find(old_keys[i]);
      keys_[cell] = old_keys[i];
      heads_[cell] = old_heads[i];
    }
  }

  std::vector<std::uint64_t> keys_;
  std::vector<std::int32_t> heads_;
  std::vector<Posting> postings_;
  std::size_t used_ = 0;
};

// Feature -> the newest kPostingsPerKey slots filed under it, in one cell (a ring),
// so a lookup reads one cache line instead of following a list through memory.
// Open addressing on the feature; rebuilt rather than erased from.
class FeatureTable {
 public:
  void insert(std::uint32_t feature, std::int32_t slot) {
    if ((used_ + 1) * 2 > cells_.size()) grow();
    Cell& cell = cells_[find(feature | 0x80000000u)];
    if (cell.key == 0) {
      cell.key = feature | 0x80000000u;
      ++used_;
    }
    cell.slots[cell.count % kPostingsPerKey] = slot;
    ++cell.count;
  }

  // Calls visit(slot) for the feature's slots, newest first, until it returns false.
  template <class Visit>
  void for_each(std::uint32_t feature, Visit&& visit) const {
    if (cells_.empty()) return;
    const Cell& cell = cells_[find(feature | 0x80000000u)];
    if (cell.key == 0) return;
    const std::uint32_t n = std::min<std::uint32_t>(cell.count, kPostingsPerKey);
    for (std::uint32_t i = 1; i <= n; ++i) {
      if (!visit(cell.slots[(cell.count - i) % kPostingsPerKey])) return;
    }
  }

  void clear() {
    cells_.clear();
    used_ = 0;
  }

 private:
  // The feature with its top bit set, so that 0 marks an empty cell; two features
  // differing only there share a cell, which costs a wasted candidate at worst.
  struct Cell {
    std::uint32_t key = 0;
    std::uint32_t count = 0;
    std::array<std::int32_t, kPostingsPerKey> slots{};
  };

  std::size_t find(std::uint32_t key) const {
    const std::size_t mask = cells_.size() - 1;
    std::size_t cell = static_cast<std::size_t>(mix64(key)) & mask;
    while (cells_[cell].key != 0 && cells_[cell].key != key) cell = (cell + 1) & mask;
    return cell;
  }

  void grow() {
    std::vector<Cell> old = std::move(cells_);
    cells_.assign(std::max<std::size_t>(1024, old.size() * 2), Cell{});
    for (const Cell& cell : old) {
      if (cell.key != 0) cells_[find(cell.key)] = cell;
    }
  }

  std::vector<Cell> cells_;
  std::size_t used_ = 0;
};

struct Entry {
  std::int64_t item_id = 0;
  std::int64_t feed_id = 0;
  std::int64_t story_id = 0;
  model::TimePoint time{};
  std::string canonical_url;
  Signature signature;
  FeatureWeights weights;  // as the window was when the item arrived
};

// The rarest `count` features of `set` (optionally only those not in `skip`),
// appended to `keys` as (count, feature), rarest first.
void rarest(const std::vector<std::uint32_t>& set, const std::vector<std::uint32_t>* skip,
            std::size_t count, const DocumentFrequency& frequency,
            std::vector<std::pair<std::uint32_t, std::uint32_t>>& scratch,
            std::vector<std::pair<std::uint32_t, std::uint32_t>>& keys) {
  scratch.clear();
  for (const std::uint32_t feature : set) {
    if (skip && std::binary_search(skip->begin(), skip->end(), feature)) continue;
    scratch.emplace_back(frequency.count(feature), feature);
  }
  const std::size_t n = std::min(count, scratch.size());
  std::partial_sort(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(n),
                    scratch.end());
  keys.insert(keys.end(), scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(n));
}

// Lead order: original sources first, then earliest, then smallest item id.
bool leads(const StoryItem& item, const Story& story) {
  const bool original = !item.from_aggregator;
  if (story.lead_item_id == 0 || original != story.lead_is_original) {
    return story.lead_item_id == 0 || original;
  }
  return std::tie(item.time, item.item_id) < std::tie(story.lead_time, story.lead_item_id);
}

}  // namespace

struct StoryIndex::Impl {
  StoryOptions options;
  std::vector<Entry> entries;
  std::vector<std::uint32_t> visited;  // per slot: the last query that saw it
  std::vector<float> hit;              // per slot: shared key weight in that query
  std::vector<std::int32_t> met;       // slots the current query met
  std::uint32_t query = 0;
  PostingTable urls;
  FeatureTable features;
  DocumentFrequency frequency;
  std::unordered_map<std::int64_t, Story> stories;
  std::int64_t next_story_id = 1;
  std::optional<model::TimePoint> newest;
  std::size_t next_compaction = kMinCompaction;
  // Buffers reused by every call, so an item costs no allocation beyond its own.
  FeatureWeights weights;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> keys;  // (count, feature)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> scratch;
  // Per slot, what phase one filters on, packed apart from the entries for the cache.
  struct Meta {
    std::int64_t feed_id;
    model::TimePoint time;
  };
  std::vector<Meta> meta;

  static constexpr std::size_t kMinCompaction = 4096;

  std::optional<std::size_t> same_url(const StoryItem& item) const {
    std::optional<std::size_t> found;
    if (item.canonical_url.empty()) return found;
    urls.for_each(url_key(item.canonical_url), [&](std::int32_t slot) {
      const auto index = static_cast<std::size_t>(slot);
      if (entries[index].canonical_url == item.canonical_url) found = index;
      return !found;
    });
    return found;
  }

  void choose_keys(const Signature& signature) {
    keys.clear();
    rarest(signature.title, nullptr, kTitleKeys, frequency, scratch, keys);
    rarest(signature.text, &signature.title, kSummaryKeys, frequency, scratch, keys);
  }

  bool next_query() {
    if (++query == 0) {  // wrapped: forget old marks
      std::fill(visited.begin(), visited.end(), 0);
      query = 1;
    }
    return true;
  }

  // Phase one: walks the postings of the item's keys and sums, per item met, the
  // weight of the keys it shares. Only items of other feeds within the window count.
  void gather(const StoryItem& item, const Signature& signature) {
    next_query();
    met.clear();
    choose_keys(signature);
    std::sort(keys.begin(), keys.end());  // rarest first, title and summary keys alike
    int total = kMaxPostings;
    for (const auto& [count, key] : keys) {
      if (count == 0) continue;  // in no item yet
      const auto weight = static_cast<float>(frequency.weight(key));
      features.for_each(key, [&](std::int32_t slot) {
        const auto index = static_cast<std::size_t>(slot);
        if (visited[index] != query) {
          visited[index] = query;
          const Meta& other = meta[index];
          const bool eligible = other.feed_id != item.feed_id &&
                                other.time - item.time <= options.window &&
                                item.time - other.time <= options.window;
          hit[index] = eligible ? 0.0f : -1.0f;
          if (eligible) met.push_back(slot);
        }
        if (hit[index] >= 0) hit[index] += weight;
        return --total > 0;
      });
      if (total <= 0) break;
    }
  }

  // Phase two: scores the kMaxCandidates items sharing the most weight, and only
  // those sharing at least kMinSharedShare of the item's title weight (no rule of
  // compare() matches below it). `weights` holds the item's weights.
  std::optional<std::size_t> near_duplicate(const StoryItem& item, const Signature& signature,
                                            double& best_score) {
    std::optional<std::size_t> best;
    if (signature.title.empty()) return best;
    gather(item, signature);
    const float floor = static_cast<float>(kMinSharedShare) * weights.title_total;
    std::erase_if(met,
                  [&](std::int32_t slot) { return hit[static_cast<std::size_t>(slot)] < floor; });
    const auto by_weight = [&](std::int32_t x, std::int32_t y) {
      return hit[static_cast<std::size_t>(x)] > hit[static_cast<std::size_t>(y)];
    };
    const std::size_t scored = std::min<std::size_t>(kMaxCandidates, met.size());
    std::partial_sort(met.begin(), met.begin() + static_cast<std::ptrdiff_t>(scored), met.end(),
                      by_weight);
    const Weighted self{signature, weights};
    for (std::size_t i = 0; i < scored; ++i) {
      const auto index = static_cast<std::size_t>(met[i]);
      const Entry& other = entries[index];
      const double score = compare(self, {other.signature, other.weights}, options.rule).score;
      if (score > best_score ||
          (score > 0 && score == best_score && other.item_id < entries[*best].item_id)) {
        best_score = score;
        best = index;
      }
    }
    return best;
  }

  void index_entry(std::size_t index) {
    const Entry& entry = entries[index];
    const auto slot = static_cast<std::int32_t>(index);
    if (!entry.canonical_url.empty()) urls.insert(url_key(entry.canonical_url), slot);
    choose_keys(entry.signature);
    for (const auto& key : keys) features.insert(key.second, slot);
  }

  // Remembers the item under `story_id`; true when it became the story's lead.
  // `weights` holds the item's weights.
  bool remember(const StoryItem& item, const Signature& signature, std::int64_t story_id) {
    entries.push_back(
        {item.item_id, item.feed_id, story_id, item.time, item.canonical_url, signature, weights});
    visited.push_back(0);
    hit.push_back(0);
    meta.push_back({item.feed_id, item.time});
    frequency.add(signature.text);
    index_entry(entries.size() - 1);
    if (!newest || item.time > *newest) newest = item.time;
    Story& story = stories[story_id];
    story.id = story_id;
    story.items.push_back(item.item_id);
    if (std::find(story.feeds.begin(), story.feeds.end(), item.feed_id) == story.feeds.end()) {
      story.feeds.push_back(item.feed_id);
    }
    if (!leads(item, story)) return false;
    story.lead_item_id = item.item_id;
    story.lead_time = item.time;
    story.lead_is_original = !item.from_aggregator;
    return true;
  }

  void maybe_compact() {
    if (entries.size() >= next_compaction) compact();
  }

  // Drops the items older than the window before the newest time, and the stories
  // left without any, then rebuilds the lookup tables. Runs when the number of items
  // has doubled since the last time, so each item pays O(1) for it on average.
  void compact() {
    const model::TimePoint horizon = *newest - options.window;
    std::erase_if(entries, [&](const Entry& entry) {
      if (entry.time >= horizon) return false;
      frequency.remove(entry.signature.text);
      return true;
    });
    std::unordered_set<std::int64_t> live;
    for (const Entry& entry : entries) live.insert(entry.story_id);
    std::erase_if(stories, [&](const auto& story) { return !live.contains(story.first); });
    urls.clear();
    features.clear();
    visited.assign(entries.size(), 0);
    hit.assign(entries.size(), 0);
    meta.clear();
    for (const Entry& entry : entries) meta.push_back({entry.feed_id, entry.time});
    query = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) index_entry(i);
    next_compaction = std::max(kMinCompaction, entries.size() * 2);
  }
};

StoryIndex::StoryIndex(StoryOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}
StoryIndex::StoryIndex(StoryIndex&&) noexcept = default;
StoryIndex& StoryIndex::operator=(StoryIndex&&) noexcept = default;
StoryIndex::~StoryIndex() = default;

bool StoryIndex::restore(const StoryItem& item, const Signature& signature, std::int64_t story_id) {
  impl_->maybe_compact();
  weigh(signature, impl_->frequency, impl_->weights);
  const bool leads = impl_->remember(item, signature, story_id);
  impl_->next_story_id = std::max(impl_->next_story_id, story_id + 1);
  return leads;
}

void StoryIndex::set_next_story_id(std::int64_t id) {
  impl_->next_story_id = std::max(impl_->next_story_id, id);
}

Assignment StoryIndex::assign(const StoryItem& item, const Signature& signature) {
  Assignment result;
  impl_->maybe_compact();
  weigh(signature, impl_->frequency, impl_->weights);
  std::optional<std::size_t> match = impl_->same_url(item);
  if (match) {
    result.reason = MatchReason::same_url;
  } else {
    match = impl_->near_duplicate(item, signature, result.similarity);
    if (match) result.reason = MatchReason::near_duplicate;
  }
  if (match) {
    result.story_id = impl_->entries[*match].story_id;
    result.matched_item_id = impl_->entries[*match].item_id;
  } else {
    result.story_id = impl_->next_story_id++;
  }
  result.lead_changed = impl_->remember(item, signature, result.story_id);
  result.lead_item_id = impl_->stories[result.story_id].lead_item_id;
  return result;
}

const Story* StoryIndex::story(std::int64_t story_id) const {
  const auto found = impl_->stories.find(story_id);
  return found == impl_->stories.end() ? nullptr : &found->second;
}

std::size_t StoryIndex::size() const { return impl_->entries.size(); }

void StoryIndex::add_background(const Signature& signature) {
  impl_->frequency.add(signature.text);
}

}  // namespace monsoon::store::detail
