#pragma once
// Internal to classify: an Aho-Corasick automaton over bytes that finds every
// occurrence of a set of keys in one pass over the text, ignoring ASCII case.
//
// Keys are byte strings; ASCII letters are folded to lower case both when keys are
// added and when text is scanned, every other byte is matched as is (so UTF-8 keys
// in any script work unchanged). The automaton is compiled into a dense transition
// table over byte classes: only bytes that occur in some key get a class of their
// own, every other byte shares one class that leads back towards the root. Entries
// are 16 bits wide while the states fit (the shipped dictionary: ~27,000 states,
// ~8 MiB), 32 bits beyond. States where a key ends, or one of whose suffixes is a
// key, are numbered last, so the scan tells them apart by one comparison.
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
    if (!next16_.empty()) {
      scan_with(next16_.data(), text, on_match);
    } else {
      scan_with(next32_.data(), text, on_match);
    }
  }

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  template <class Entry, class OnMatch>
  void scan_with(const Entry* next, std::string_view text, OnMatch& on_match) const {
    std::size_t state = 0;
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    for (std::size_t i = 0; i < text.size(); ++i) {
      state = next[state * class_count_ + byte_class_[bytes[i]]];
      // Most bytes end in a state where no key ends: one table read, one compare.
      if (state < first_output_state_) continue;
      for (auto out = static_cast<std::uint32_t>(state); out != kNone; out = dict_link_[out]) {
        if (output_[out] != kNone) on_match(output_[out], i + 1);
      }
    }
  }

  std::uint32_t child(std::uint32_t state, unsigned char c) const;
  template <class Entry>
  void fill_rows(std::vector<Entry>& next, const std::vector<std::uint32_t>& order,
                 const std::vector<std::uint32_t>& fail, const std::vector<std::uint32_t>& id);

  // Building: a trie with sorted edge lists, discarded by compile().
  struct Edge {
    unsigned char byte;
    std::uint32_t to;
  };
  std::vector<std::vector<Edge>> trie_ = {{}};
  std::size_t key_count_ = 0;

  // Compiled, indexed by the compiled state numbers.
  std::vector<std::uint32_t> output_ = {kNone};  // key id ending exactly at a state
  std::vector<std::uint32_t> dict_link_;         // nearest proper suffix state with output
  std::vector<std::uint16_t> next16_;  // state * class_count_ + class -> state
  std::vector<std::uint32_t> next32_;  // the same when the states do not fit 16 bits
  std::size_t first_output_state_ = 0;  // states from here on have output
  std::uint8_t byte_class_[256] = {};
  std::uint32_t class_count_ = 1;
};

}  // namespace monsoon::classify::detail
