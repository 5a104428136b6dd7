#pragma once
// Internal to classify: an Aho-Corasick automaton over bytes that finds every
// occurrence of a set of keys in one pass over the text, ignoring ASCII case.
//
// Keys are byte strings; ASCII letters are folded to lower case both when keys are
// added and when text is scanned, every other byte is matched as is (so UTF-8 keys
// in any script work unchanged). Bytes are read through byte classes: only bytes
// that occur in some key get a class of their own; every other byte shares class 0,
// which always leads back to the root.
//
// Compiled, the shallow states, which most bytes of most texts pass through, keep a
// dense row of transitions (a full DFA row, one read per byte); the deep states (most
// of them: the tails of long keys) keep only their own edges and their failure link,
// which leads to a shallower state. The dense rows are the states in breadth-first
// order up to kDenseBytes: about 8,000 of the shipped dictionary's ~27,000 states
// (~130 classes). A dense row for every state took 6.8 MiB of memory, written at the
// first item of every run: 4.6 MiB of a cold poll's peak RSS. Scanning is slower
// by a tenth (bench/classify_speed.sh: 300,000 against 335,000 items/s; 277,000
// with 1 MiB of dense rows).
// Immutable after compile(); scanning is const and thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace monsoon::classify::detail {

inline constexpr std::size_t kDenseBytes = std::size_t{2} << 20;

class Automaton {
 public:
  // `dense_bytes`: the room for dense rows (at least the root gets one); tests pass
  // small values to have most states deep.
  explicit Automaton(std::size_t dense_bytes = kDenseBytes) : dense_bytes_(dense_bytes) {}

  // Adds a key and returns its id (ids count up from 0 in the order of adding; a key
  // added twice gets the id of its first addition). Must be called before compile().
  std::uint32_t add(std::string_view key);

  // Builds failure links and the transition table. Call once, after the last add().
  void compile();

  [[nodiscard]] std::size_t key_count() const { return key_count_; }
  [[nodiscard]] std::size_t state_count() const { return output_.size(); }
  // States with a dense row (after compile()); the others are deep.
  [[nodiscard]] std::size_t dense_count() const { return dense_count_; }

  // Calls on_match(key_id, end) for every occurrence of every key in `text`, where
  // `end` is the offset one past the key's last byte. Occurrences come in order of
  // their end; several keys ending at one offset come longest first.
  template <class OnMatch>
  void scan(std::string_view text, OnMatch&& on_match) const {
    if (!dense16_.empty()) {
      scan_with(dense16_.data(), text, on_match);
    } else {
      scan_with(dense32_.data(), text, on_match);
    }
  }

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  template <class Entry, class OnMatch>
  void scan_with(const Entry* dense, std::string_view text, OnMatch& on_match) const {
    std::uint32_t state = 0;
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size(); ++i) {
      state = step(dense, state, byte_class_[bytes[i]]);
      // Most bytes end in a state where no key ends: one more read, one compare.
      if (!emits_[state]) continue;
      for (std::uint32_t out = state; out != kNone; out = dict_link_[out]) {
        if (output_[out] != kNone) on_match(output_[out], i + 1);
      }
    }
  }

  // The DFA's transition from `state` on byte class `c`: a deep state's own edge, or
  // else its failure state's transition, down to a state with a dense row.
  template <class Entry>
  std::uint32_t step(const Entry* dense, std::uint32_t state, std::uint8_t c) const {
    if (c == 0) return 0;
    while (state >= dense_count_) {
      const std::uint32_t deep = state - dense_count_;
      for (std::uint32_t e = edge_begin_[deep]; e < edge_begin_[deep + 1]; ++e) {
        if (edge_class_[e] == c) return edge_to_[e];
      }
      state = fail_[state];
    }
    return dense[std::size_t{state} * class_count_ + c];
  }

  std::uint32_t child(std::uint32_t state, unsigned char c) const;
  template <class Entry>
  void fill_rows(std::vector<Entry>& dense, const std::vector<std::uint32_t>& order,
                 const std::vector<std::uint32_t>& id);

  // Building: a trie with sorted edge lists, discarded by compile().
  struct Edge {
    unsigned char byte;
    std::uint32_t to;
  };
  std::vector<std::vector<Edge>> trie_ = {{}};
  std::size_t key_count_ = 0;

  // Compiled, indexed by state numbers in breadth-first order.
  std::vector<std::uint32_t> output_ = {kNone};  // key id ending exactly at a state
  std::vector<std::uint32_t> dict_link_;         // nearest proper suffix state with output
  std::vector<std::uint8_t> emits_;              // 1: a key ends here or at a suffix
  std::vector<std::uint16_t> dense16_;  // state * class_count_ + class -> state, for
  std::vector<std::uint32_t> dense32_;  // states < dense_count_ (16 bits while they fit)
  std::uint32_t dense_count_ = 0;
  std::vector<std::uint32_t> fail_;  // failure state (shallower), of every state
  // Deep state s's edges: [begin[s - dense_count_], begin[s - dense_count_ + 1]).
  std::vector<std::uint32_t> edge_begin_;
  std::vector<std::uint8_t> edge_class_;
  std::vector<std::uint32_t> edge_to_;
  std::uint8_t byte_class_[256] = {};
  std::uint32_t class_count_ = 1;
  std::size_t dense_bytes_;
};

}  // namespace monsoon::classify::detail
