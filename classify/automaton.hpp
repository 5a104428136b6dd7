#pragma once
// Internal to classify: an Aho-Corasick automaton over bytes that finds every
// occurrence of a set of keys in one pass over the text, ignoring ASCII case.
//
// Keys are byte strings; ASCII letters are folded to lower case both when keys are
// added and when text is scanned, every other byte is matched as is (so UTF-8 keys
// in any script work unchanged). The automaton is compiled into a dense transition
// table over byte classes: only bytes that occur in some key get a class of their
// own, every other byte shares one class that leads back towards the root.
// Immutable after compile(); scanning is const and thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace monsoon::classify::detail {

class Automaton {
 public:
  // Adds a key and returns its id (ids count up from 0 in the order of adding; a key
  // added twice gets the id of its first addition). Must be called before compile().
  std::uint32_t add(std::string_view key);

  // Builds failure links and the transition table. Call once, after the last add().
  void compile();

  [[nodiscard]] std::size_t key_count() const { return key_count_; }
  [[nodiscard]] std::size_t state_count() const { return output_.size(); }

  // Calls on_match(key_id, end) for every occurrence of every key in `text`, where
  // `end` is the offset one past the key's last byte. Occurrences come in order of
  // their end; several keys ending at one offset come longest first.
  template <class OnMatch>
  void scan(std::string_view text, OnMatch&& on_match) const {
    std::uint32_t state = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const std::uint32_t entry =
          next_[state * class_count_ + byte_class_[static_cast<unsigned char>(text[i])]];
      state = entry & ~kHasOutput;
      // Most bytes end in a state where no key ends: one table read, no more.
      if ((entry & kHasOutput) == 0) continue;
      for (std::uint32_t out = state; out != kNone; out = dict_link_[out]) {
        if (output_[out] != kNone) on_match(output_[out], i + 1);
      }
    }
  }

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  // Set in a transition when a key ends in the target state or one of its suffixes.
  static constexpr std::uint32_t kHasOutput = 0x80000000u;

  std::uint32_t child(std::uint32_t state, unsigned char c) const;

  // Building: a trie with sorted edge lists, discarded by compile().
  struct Edge {
    unsigned char byte;
    std::uint32_t to;
  };
  std::vector<std::vector<Edge>> trie_ = {{}};
  std::size_t key_count_ = 0;

  // Compiled.
  std::vector<std::uint32_t> output_ = {kNone};  // key id ending exactly at a state
  std::vector<std::uint32_t> dict_link_;         // nearest proper suffix state with output
  std::vector<std::uint32_t> next_;  // state * class_count_ + class -> state | kHasOutput
  std::uint8_t byte_class_[256] = {};
  std::uint32_t class_count_ = 1;
};

}  // namespace monsoon::classify::detail
