#include "story_index.hpp"

#include "feature_counts.hpp"
#include "feature_table.hpp"
#include "hashing.hpp"
#include "story_table.hpp"

#include <algorithm>
#include <span>
#include <string_view>
#include <utility>

namespace monsoon::store::detail {
namespace {

// A canonical URL is kept as a 64-bit hash (0: no URL): two URLs sharing one are
// one in 2^64. It is filed in the FeatureTable, beside the features, under its top
// 32 bits: sharing a cell with a feature, or with another URL, costs at worst a
// wasted candidate slot.
std::uint64_t url_hash(std::string_view url) {
  if (url.empty()) return 0;
  const std::uint64_t hash = hash_sequence(url);
  return hash == 0 ? 1 : hash;
}
std::uint32_t url_key(std::uint64_t hash) { return static_cast<std::uint32_t>(hash >> 32); }

// Candidates come from an inverted index (feature_table.hpp): an item is filed under
// every feature of its title and the kSummaryKeys rarest features of the rest of its
// text, and looks up the same keys, rarest first. Each key yields at most
// FeatureTable::kSlots items, newest first, and a query scores at most
// kMaxCandidates items, which bounds the work per item when a feature is common
// ("shares", or a big story's name: its newest items are enough to join the story).
constexpr std::size_t kSummaryKeys = 4;
constexpr int kMaxPostings = 48;  // 96 found no more near-duplicates in the bench
constexpr std::size_t kMaxCandidates = 8;
constexpr double kMinSharedShare = 0.2;

// An item in memory, in about 186 bytes: what the matcher needs and no more. Its
// text's features and names live in Impl::features from `at` (text, then names);
// Impl::positions holds, from `positions_at`, where in its text its title's
// features are, then its summary keys. Weights are not kept: a candidate is weighed
// when it is compared, by the rarities of that moment, as the new item is.
struct Entry {
  std::int64_t item_id = 0;
  std::int64_t story_id = 0;
  std::uint64_t url = 0;          // url_hash of its canonical URL
  TitleMarks marks;  // of its title
  std::uint32_t at = 0;
  std::uint32_t positions_at = 0;
  std::uint8_t text = 0, title = 0, names = 0, summary_keys = 0;
  bool has_summary = false;
};

// Per slot, what phase one reads, packed apart from the entries for the cache.
struct Meta {
  std::int64_t feed_id = 0;
  model::TimePoint time{};
  std::uint32_t visited = 0;  // the last query that met it
  float hit = 0;              // shared key weight in that query; < 0: not eligible
};

}  // namespace

struct StoryIndex::Impl {
  StoryOptions options;
  std::vector<Entry> entries;
  std::vector<Meta> meta;  // parallel to entries
  std::vector<std::uint32_t> features;
  std::vector<std::uint8_t> positions;
  FeatureTable table;
  FeatureCounts frequency;                    // items and background texts
  std::vector<std::uint32_t> background;      // add_background()'s features, kept for recounts
  std::vector<std::size_t> background_at{0};  // where each background text starts
  std::size_t background_texts = 0;
  StoryTable stories;
  Story story_view;  // story()'s answer
  std::int64_t next_story_id = 1;
  std::optional<model::TimePoint> newest;
  std::size_t next_compaction = kMinCompaction;
  std::optional<MemoryCut> memory_cut;  // take_memory_cut()'s answer
  std::uint32_t query = 0;
  std::vector<std::int32_t> met;   // slots the current query met
  std::vector<std::int64_t> live;  // compact()'s story ids of the items kept
  std::vector<std::pair<model::TimePoint, std::size_t>> order;  // horizon()'s (time, slot)
  // The current item, as prepare() reads it against the window.
  std::vector<std::uint32_t> counts;                              // per text feature
  std::vector<std::pair<std::uint32_t, std::uint8_t>> item_keys;  // (count, text position)
  std::vector<std::uint8_t> title_at;                             // its title's text positions
  std::vector<std::size_t> cells;                                 // per key, its cell in `table`
  std::size_t url_cell = kNoCell;                                 // the canonical URL's cell
  FeatureWeights item_weights;
  TitleMarks item_marks;  // its title's marks, made once
  // A candidate, as near_duplicate() weighs it.
  std::vector<std::uint32_t> other_title, other_names, other_counts;
  FeatureWeights other_weights;

  static constexpr std::size_t kMinCompaction = 4096;
  static constexpr std::size_t kMaxReserved = std::size_t{1} << 18;
  static constexpr std::size_t kNoCell = static_cast<std::size_t>(-1);

  std::span<const std::uint32_t> text_of(const Entry& e) const {
    return {features.data() + e.at, e.text};
  }

  // Counts `text`'s features in the window now (into `into`, the cache misses
  // started together) and weighs the sets by them.
  void weigh_now(std::span<const std::uint32_t> text, std::span<const std::uint32_t> title,
                 std::span<const std::uint32_t> names, std::vector<std::uint32_t>& into,
                 FeatureWeights& out) const {
    into.resize(text.size());
    for (const std::uint32_t feature : text) frequency.prefetch(feature);
    for (std::size_t i = 0; i < text.size(); ++i) into[i] = frequency.count(text[i]);
    weigh(text, title, names, into, RarityScale(frequency.texts()), out);
  }

  // A candidate's sets (its title and names into the other_* buffers), not yet
  // weighed: enough for read_pair().
  SignatureView sets_of(const Entry& e) {
    const std::span<const std::uint32_t> text = text_of(e);
    const std::uint8_t* at = positions.data() + e.positions_at;
    other_title.clear();
    for (std::size_t i = 0; i < e.title; ++i) other_title.push_back(text[at[i]]);
    other_names.assign(features.begin() + e.at + e.text, features.begin() + e.at + e.text + e.names);
    return {.title = other_title,
            .text = text,
            .names = other_names,
            .has_summary = e.has_summary,
            .marks = e.marks};
  }

  // The sets with their title weighed now (as weighed() would), not their text.
  SignatureView title_weighed(SignatureView sets) {
    weigh_now(sets.title, sets.title, sets.names, other_counts, other_weights);
    sets.title_weights = other_weights.title;
    sets.title_total = other_weights.title_total;
    return sets;
  }

  // The sets weighed now.
  SignatureView weighed(SignatureView sets) {
    weigh_now(sets.text, sets.title, sets.names, other_counts, other_weights);
    sets.title_weights = other_weights.title;
    sets.text_weights = other_weights.text;
    sets.title_total = other_weights.title_total;
    sets.text_total = other_weights.text_total;
    return sets;
  }

  // The newest item in memory with the item's canonical URL (its cell's slots: a URL
  // filed more than FeatureTable::kSlots times is found in its newest items, which
  // are in the same story).
  std::optional<std::size_t> same_url(std::uint64_t url) const {
    std::optional<std::size_t> found;
    if (url_cell == kNoCell) return found;
    table.for_each(url_cell, [&](std::int32_t slot) {
      const auto index = static_cast<std::size_t>(slot);
      if (entries[index].url == url) found = index;
      return !found;
    });
    return found;
  }

  // Finds (or makes) the cells of the keys, at `text`'s positions, and of the
  // canonical URL, all prefetched first so that their cache misses overlap.
  void locate_keys(std::span<const std::uint32_t> text, std::uint64_t url) {
    table.reserve(item_keys.size() + 1);
    for (const auto& key : item_keys) table.prefetch(text[key.second]);
    if (url != 0) table.prefetch(url_key(url));
    cells.clear();
    for (const auto& key : item_keys) cells.push_back(table.locate(text[key.second]));
    url_cell = url == 0 ? kNoCell : table.locate(url_key(url));
  }

  // Reads the item against the window: its counts, weights and keys (every title
  // feature and the kSummaryKeys rarest others, rarest first) and their cells.
  void prepare(const Signature& signature, std::uint64_t url) {
    weigh_now(signature.text, signature.title, signature.names, counts, item_weights);
    item_keys.clear();
    title_at.clear();
    std::size_t t = 0;
    for (std::size_t i = 0; i < signature.text.size(); ++i) {
      if (t < signature.title.size() && signature.title[t] == signature.text[i]) {
        ++t;
        title_at.push_back(static_cast<std::uint8_t>(i));
        item_keys.emplace_back(counts[i], static_cast<std::uint8_t>(i));
      }
    }
    const auto titles = static_cast<std::ptrdiff_t>(item_keys.size());
    t = 0;
    for (std::size_t i = 0; i < signature.text.size(); ++i) {
      if (t < signature.title.size() && signature.title[t] == signature.text[i]) {
        ++t;
      } else {
        item_keys.emplace_back(counts[i], static_cast<std::uint8_t>(i));
      }
    }
    const auto rest = std::min<std::ptrdiff_t>(kSummaryKeys, std::ssize(item_keys) - titles);
    std::partial_sort(item_keys.begin() + titles, item_keys.begin() + titles + rest,
                      item_keys.end());
    item_keys.resize(static_cast<std::size_t>(titles + rest));
    std::sort(item_keys.begin(), item_keys.end());
    locate_keys(signature.text, url);
    item_marks = mark_title(signature.title, signature.names, signature.subject);
  }

  // The prepared item's sets, weights and marks, as compare() reads them.
  SignatureView item_view(const Signature& signature) const {
    return {.title = signature.title,
            .text = signature.text,
            .names = signature.names,
            .title_weights = item_weights.title,
            .text_weights = item_weights.text,
            .title_total = item_weights.title_total,
            .text_total = item_weights.text_total,
            .has_summary = signature.has_summary,
            .marks = item_marks};
  }

  // Phase one: walks the postings of the item's keys and sums, per item met, the
  // rarity of the keys it shares. Only items of other feeds within the window count.
  void gather(const StoryItem& item) {
    if (++query == 0) {  // wrapped: forget old marks
      for (Meta& m : meta) m.visited = 0;
      query = 1;
    }
    met.clear();
    const RarityScale scale(frequency.texts());
    int total = kMaxPostings;
    for (std::size_t k = 0; k < item_keys.size(); ++k) {
      const std::uint32_t count = item_keys[k].first;
      if (count == 0) continue;  // in no item yet
      const auto weight = static_cast<float>(scale.weight(count));
      table.for_each(cells[k], [&](std::int32_t slot) {
        Meta& other = meta[static_cast<std::size_t>(slot)];
        if (other.visited != query) {
          other.visited = query;
          const bool eligible = other.feed_id != item.feed_id &&
                                other.time - item.time <= options.window &&
                                item.time - other.time <= options.window;
          other.hit = eligible ? 0.0f : -1.0f;
          if (eligible) met.push_back(slot);
        }
        if (other.hit >= 0) other.hit += weight;
        return --total > 0;
      });
      if (total <= 0) break;
    }
  }

  // Phase two: scores the kMaxCandidates items sharing the most weight, and only
  // those sharing at least kMinSharedShare of the item's title weight (no rule of
  // compare() matches below it).
  std::optional<std::size_t> near_duplicate(const StoryItem& item, const Signature& signature,
                                            double& best_score) {
    std::optional<std::size_t> best;
    if (signature.title.empty()) return best;
    gather(item);
    const float floor = static_cast<float>(kMinSharedShare) * item_weights.title_total;
    const auto hit = [&](std::int32_t slot) { return meta[static_cast<std::size_t>(slot)].hit; };
    std::erase_if(met, [&](std::int32_t slot) { return hit(slot) < floor; });
    const std::size_t scored = std::min<std::size_t>(kMaxCandidates, met.size());
    std::partial_sort(met.begin(), met.begin() + static_cast<std::ptrdiff_t>(scored), met.end(),
                      [&](std::int32_t x, std::int32_t y) { return hit(x) > hit(y); });
    const SignatureView self = item_view(signature);
    for (std::size_t i = 0; i < scored; ++i) {
      const auto index = static_cast<std::size_t>(met[i]);
      const Entry& other = entries[index];
      // A third of the candidates share a word or two and name another subject or
      // number: compare() would give them 0, and weighing them is half its cost.
      const SignatureView sets = sets_of(other);
      const PairReading reading = read_pair(self, sets);
      if (reading.conflict()) continue;
      // Three in four of the rest cannot match whatever their text weighs
      // (may_match): their titles alone are weighed, a quarter of the work.
      if (!may_match(self, title_weighed(sets), reading, options.rule)) continue;
      const double score = compare(self, weighed(sets), reading, options.rule).score;
      if (score > best_score ||
          (score > 0 && score == best_score && other.item_id < entries[*best].item_id)) {
        best_score = score;
        best = index;
      }
    }
    return best;
  }

  // Counts the current item's `text` and files it under its keys as `slot`.
  void file(std::span<const std::uint32_t> text, std::int32_t slot) {
    frequency.add(text);
    for (const std::size_t cell : cells) table.post(cell, slot);
    if (url_cell != kNoCell) table.post(url_cell, slot);
  }

  // Remembers the prepared item under `story_id` (`is_new`: a story not in memory).
  StoryTable::Lead remember(const StoryItem& item, const Signature& signature,
                            std::uint64_t url, std::int64_t story_id, bool is_new) {
    const auto slot = static_cast<std::int32_t>(entries.size());
    Entry entry;
    entry.item_id = item.item_id;
    entry.story_id = story_id;
    entry.url = url;
    entry.at = static_cast<std::uint32_t>(features.size());
    entry.positions_at = static_cast<std::uint32_t>(positions.size());
    entry.text = static_cast<std::uint8_t>(signature.text.size());
    entry.title = static_cast<std::uint8_t>(title_at.size());
    entry.has_summary = signature.has_summary;
    entry.marks = item_marks;
    features.insert(features.end(), signature.text.begin(), signature.text.end());
    // names is a subset of text; one that is not would have no weight of its own.
    for (const std::uint32_t name : signature.names) {
      if (std::binary_search(signature.text.begin(), signature.text.end(), name)) {
        features.push_back(name);
        ++entry.names;
      }
    }
    positions.insert(positions.end(), title_at.begin(), title_at.end());
    for (const auto& key : item_keys) {
      if (!std::binary_search(title_at.begin(), title_at.end(), key.second)) {
        positions.push_back(key.second);
        ++entry.summary_keys;
      }
    }
    entries.push_back(entry);
    meta.push_back({item.feed_id, item.time, 0, 0});
    file(signature.text, slot);
    if (!newest || item.time > *newest) newest = item.time;
    return stories.add(story_id, item, is_new);
  }

  void maybe_compact() {
    if (entries.size() == kMinCompaction) reserve_window();
    if (entries.size() >= std::min(next_compaction, options.max_items)) {
      compact();
    } else if (frequency.wants_more(frequency.texts() + 1)) {
      recount();
    }
  }

  // Once an index holds kMinCompaction items (a store's, not a test's few), room for
  // max_items, at most kMaxReserved (beyond it the arrays grow as before): the
  // arrays then never move. Growing by doubling copied each one into fresh memory:
  // the largest group of the store thread's page faults in a cold poll (perf);
  // reserving removed 450 of its 12,800 faults and 1 MiB of peak RSS at 5,000
  // feeds. Untouched capacity costs no resident memory, but a huge max_items must
  // not reserve more address space than the machine would grant.
  void reserve_window() {
    const std::size_t items = std::min(options.max_items, kMaxReserved) + 1;
    const double per_item = 1.25 / static_cast<double>(entries.size());
    entries.reserve(items);
    meta.reserve(items);
    features.reserve(static_cast<std::size_t>(per_item * static_cast<double>(features.size() * items)));
    positions.reserve(static_cast<std::size_t>(per_item * static_cast<double>(positions.size() * items)));
  }

  // Counts the background and every item in memory again, into counters sized for
  // them (FeatureCounts::wants_more).
  void recount() {
    frequency.reset(frequency.texts() + 1);
    count_background();
    for (const Entry& entry : entries) frequency.add(text_of(entry));
  }

  // Which items keep their place in memory: those within the window before the
  // newest time; and when more than three quarters of max_items are, only the
  // newest three quarters (by time, then arrival), so that a compaction frees a
  // quarter and memory stays bounded whatever the feeds publish.
  struct Horizon {
    model::TimePoint time{};  // items older leave
    std::size_t slot = 0;     // and of the items at exactly `time`, those before it
    std::size_t stay = 0;     // how many items stay
  };
  Horizon horizon() {
    const model::TimePoint window_start = *newest - options.window;
    const auto within = static_cast<std::size_t>(std::count_if(
        meta.begin(), meta.end(), [&](const Meta& m) { return m.time >= window_start; }));
    const std::size_t keep = options.max_items - options.max_items / 4;
    if (within <= keep) return {window_start, 0, within};
    order.clear();
    for (std::size_t i = 0; i < meta.size(); ++i) order.emplace_back(meta[i].time, i);
    const auto at = order.end() - static_cast<std::ptrdiff_t>(keep);
    std::nth_element(order.begin(), at, order.end());
    memory_cut = MemoryCut{keep, std::chrono::duration_cast<model::Seconds>(*newest - at->first)};
    // (time, slot) pairs are distinct: exactly `keep` of them are at or after `at`.
    return {at->first, at->second, keep};
  }
  static bool stays(const Horizon& cut, const Meta& m, std::size_t slot) {
    return m.time > cut.time || (m.time == cut.time && slot >= cut.slot);
  }

  // Drops the items horizon() lets go, and the stories left without any, then
  // rebuilds the arenas and lookup tables from the rest (and the background texts).
  // Runs when the number of items has doubled since the last time, or reached
  // max_items, so each item pays O(1) for it on average.
  void compact() {
    const Horizon cut = horizon();
    table.clear();
    frequency.reset(cut.stay + background_texts);
    count_background();
    live.clear();
    // In place: every kept item moves down its arrays, never up.
    std::size_t kept = 0, features_end = 0, positions_end = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (!stays(cut, meta[i], i)) continue;
      Entry entry = entries[i];
      live.push_back(entry.story_id);
      const std::size_t size = std::size_t{entry.text} + entry.names;
      const std::size_t keys = std::size_t{entry.title} + entry.summary_keys;
      move_down(features, entry.at, size, features_end);
      move_down(positions, entry.positions_at, keys, positions_end);
      entry.at = static_cast<std::uint32_t>(features_end);
      entry.positions_at = static_cast<std::uint32_t>(positions_end);
      features_end += size, positions_end += keys;
      const auto slot = static_cast<std::int32_t>(kept);
      item_keys.clear();
      for (std::size_t k = 0; k < keys; ++k) {
        item_keys.emplace_back(0, positions[entry.positions_at + k]);
      }
      locate_keys(text_of(entry), entry.url);
      file(text_of(entry), slot);
      entries[kept] = entry;
      meta[kept] = {meta[i].feed_id, meta[i].time, 0, 0};
      ++kept;
    }
    entries.resize(kept), meta.resize(kept), features.resize(features_end);
    positions.resize(positions_end);
    std::sort(live.begin(), live.end());
    live.erase(std::unique(live.begin(), live.end()), live.end());
    stories.retain(live);
    query = 0;
    next_compaction = std::max(kMinCompaction, entries.size() * 2);
  }

  template <class Array>
  static void move_down(Array& array, std::size_t from, std::size_t size, std::size_t to) {
    if (from != to)
      std::copy_n(array.begin() + static_cast<std::ptrdiff_t>(from), size,
                  array.begin() + static_cast<std::ptrdiff_t>(to));
  }

  void count_background() {
    for (std::size_t i = 0; i < background_texts; ++i) {
      frequency.add(
          {background.data() + background_at[i], background_at[i + 1] - background_at[i]});
    }
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
  const std::uint64_t url = url_hash(item.canonical_url);
  impl_->prepare(signature, url);
  const bool leads = impl_->remember(item, signature, url, story_id, false).changed;
  impl_->next_story_id = std::max(impl_->next_story_id, story_id + 1);
  return leads;
}

void StoryIndex::set_next_story_id(std::int64_t id) {
  impl_->next_story_id = std::max(impl_->next_story_id, id);
}

Assignment StoryIndex::assign(const StoryItem& item, const Signature& signature) {
  Assignment result;
  impl_->maybe_compact();
  const std::uint64_t url = url_hash(item.canonical_url);
  impl_->prepare(signature, url);
  std::optional<std::size_t> match = impl_->same_url(url);
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
  // A new story's id is above every id in memory (set_next_story_id, restore).
  const auto lead = impl_->remember(item, signature, url, result.story_id, !match);
  result.lead_changed = lead.changed;
  result.lead_item_id = lead.item_id;
  return result;
}

const Story* StoryIndex::story(std::int64_t story_id) const {
  return impl_->stories.get(story_id, impl_->story_view) ? &impl_->story_view : nullptr;
}

std::size_t StoryIndex::size() const { return impl_->entries.size(); }

std::optional<StoryIndex::MemoryCut> StoryIndex::take_memory_cut() {
  return std::exchange(impl_->memory_cut, std::nullopt);
}

void StoryIndex::add_background(const Signature& signature) {
  if (impl_->frequency.wants_more(impl_->frequency.texts() + 1)) impl_->recount();
  impl_->background.insert(impl_->background.end(), signature.text.begin(), signature.text.end());
  impl_->background_at.push_back(impl_->background.size());
  ++impl_->background_texts;
  impl_->frequency.add(signature.text);
}

}  // namespace monsoon::store::detail
