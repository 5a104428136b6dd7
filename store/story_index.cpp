#include "story_index.hpp"

#include "hashing.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_set>

namespace monsoon::store::detail {
namespace {

std::uint64_t url_key(std::string_view url) { return hash_sequence(url); }

std::uint64_t band_key(int band, const Signature& signature) {
  std::uint64_t key = static_cast<std::uint64_t>(band + 1) << 56;
  for (int row = 0; row < kRows; ++row) {
    key = mix64(key ^ signature.minhash[static_cast<std::size_t>(band * kRows + row)]);
  }
  return key;
}

// A hash multimap from 64-bit keys to slots, for the URL and LSH band lookups:
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

struct Entry {
  std::int64_t item_id = 0;
  std::int64_t feed_id = 0;
  std::int64_t story_id = 0;
  model::TimePoint time{};
  std::string canonical_url;
  Signature signature;
};

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
  std::uint32_t query = 0;
  PostingTable table;
  std::unordered_map<std::int64_t, Story> stories;
  std::int64_t next_story_id = 1;
  std::optional<model::TimePoint> newest;
  std::size_t next_compaction = kMinCompaction;

  static constexpr std::size_t kMinCompaction = 4096;

  std::optional<std::size_t> same_url(const StoryItem& item) const {
    std::optional<std::size_t> found;
    if (item.canonical_url.empty()) return found;
    table.for_each(url_key(item.canonical_url), [&](std::int32_t slot) {
      const auto index = static_cast<std::size_t>(slot);
      if (entries[index].canonical_url == item.canonical_url) found = index;
      return !found;
    });
    return found;
  }

  std::optional<std::size_t> near_duplicate(const StoryItem& item, const Signature& signature,
                                            double& best_score) {
    std::optional<std::size_t> best;
    if (signature.title.empty()) return best;
    if (++query == 0) {  // wrapped: forget old marks
      std::fill(visited.begin(), visited.end(), 0);
      query = 1;
    }
    auto consider = [&](std::int32_t slot) {
      const auto index = static_cast<std::size_t>(slot);
      if (visited[index] == query) return true;
      visited[index] = query;
      const Entry& other = entries[index];
      if (other.feed_id == item.feed_id) return true;
      if (other.time - item.time > options.window || item.time - other.time > options.window) {
        return true;
      }
      const double score = compare(signature, other.signature, options.rule).score;
      if (score > best_score ||
          (score > 0 && score == best_score && other.item_id < entries[*best].item_id)) {
        best_score = score;
        best = index;
      }
      return true;
    };
    for (int band = 0; band < kBands; ++band) table.for_each(band_key(band, signature), consider);
    return best;
  }

  void index_entry(std::size_t index) {
    const Entry& entry = entries[index];
    const auto slot = static_cast<std::int32_t>(index);
    if (!entry.canonical_url.empty()) table.insert(url_key(entry.canonical_url), slot);
    if (entry.signature.title.empty()) return;
    for (int band = 0; band < kBands; ++band) table.insert(band_key(band, entry.signature), slot);
  }

  // Remembers the item under `story_id`; true when it became the story's lead.
  bool remember(const StoryItem& item, const Signature& signature, std::int64_t story_id) {
    entries.push_back(
        {item.item_id, item.feed_id, story_id, item.time, item.canonical_url, signature});
    visited.push_back(0);
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
  // left without any, then rebuilds the lookup table. Runs when the number of items
  // has doubled since the last time, so each item pays O(1) for it on average.
  void compact() {
    const model::TimePoint horizon = *newest - options.window;
    std::erase_if(entries, [&](const Entry& entry) { return entry.time < horizon; });
    std::unordered_set<std::int64_t> live;
    for (const Entry& entry : entries) live.insert(entry.story_id);
    std::erase_if(stories, [&](const auto& story) { return !live.contains(story.first); });
    table.clear();
    visited.assign(entries.size(), 0);
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

void StoryIndex::restore(const StoryItem& item, const Signature& signature, std::int64_t story_id) {
  impl_->maybe_compact();
  impl_->remember(item, signature, story_id);
  impl_->next_story_id = std::max(impl_->next_story_id, story_id + 1);
}

void StoryIndex::set_next_story_id(std::int64_t id) {
  impl_->next_story_id = std::max(impl_->next_story_id, id);
}

Assignment StoryIndex::assign(const StoryItem& item, const Signature& signature) {
  Assignment result;
  impl_->maybe_compact();
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

}  // namespace monsoon::store::detail
