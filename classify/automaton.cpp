#include "automaton.hpp"

#include <algorithm>
#include <cassert>
#include <deque>

namespace monsoon::classify::detail {
namespace {

unsigned char fold(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c - 'A' + 'a') : c;
}

}  // namespace

std::uint32_t Automaton::child(std::uint32_t state, unsigned char c) const {
  const auto& edges = trie_[state];
  auto it = std::lower_bound(edges.begin(), edges.end(), c,
                             [](const Edge& edge, unsigned char byte) { return edge.byte < byte; });
  return (it != edges.end() && it->byte == c) ? it->to : kNone;
}

std::uint32_t Automaton::add(std::string_view key) {
  assert(next_.empty() && "add() after compile()");
  std::uint32_t state = 0;
  for (char raw : key) {
    const unsigned char c = fold(static_cast<unsigned char>(raw));
    std::uint32_t to = child(state, c);
    if (to == kNone) {
      to = static_cast<std::uint32_t>(trie_.size());
      auto& edges = trie_[state];
      auto it = std::lower_bound(edges.begin(), edges.end(), c,
                                 [](const Edge& edge, unsigned char byte) { return edge.byte < byte; });
      edges.insert(it, Edge{c, to});
      trie_.emplace_back();
      output_.push_back(kNone);
    }
    state = to;
  }
  if (output_[state] == kNone) output_[state] = static_cast<std::uint32_t>(key_count_++);
  return output_[state];
}

void Automaton::compile() {
  // Byte classes: 0 for bytes in no key; upper-case letters share their lower-case class.
  for (const auto& edges : trie_) {
    for (const auto& edge : edges) {
      if (byte_class_[edge.byte] == 0) byte_class_[edge.byte] = static_cast<std::uint8_t>(class_count_++);
    }
  }
  for (unsigned c = 'A'; c <= 'Z'; ++c) byte_class_[c] = byte_class_[c - 'A' + 'a'];
  std::vector<unsigned char> representative(class_count_, 0);
  for (unsigned c = 0; c < 256; ++c) {
    if (byte_class_[c] != 0 && fold(static_cast<unsigned char>(c)) == c) representative[byte_class_[c]] = static_cast<unsigned char>(c);
  }

  const std::size_t states = trie_.size();
  assert(states < kHasOutput && "too many states for the output flag");
  std::vector<std::uint32_t> fail(states, 0);
  dict_link_.assign(states, kNone);
  next_.assign(states * class_count_, 0);
  // Breadth first: a state's failure state is shallower, so its row is complete.
  std::deque<std::uint32_t> queue;
  for (std::uint32_t cls = 1; cls < class_count_; ++cls) {
    const std::uint32_t to = child(0, representative[cls]);
    if (to == kNone) continue;
    next_[cls] = to;
    queue.push_back(to);
  }
  while (!queue.empty()) {
    const std::uint32_t state = queue.front();
    queue.pop_front();
    const std::uint32_t f = fail[state];
    dict_link_[state] = output_[f] != kNone ? f : dict_link_[f];
    for (std::uint32_t cls = 0; cls < class_count_; ++cls) {
      const std::uint32_t to = cls == 0 ? kNone : child(state, representative[cls]);
      const std::uint32_t via_fail = next_[f * class_count_ + cls];  // no flags yet
      if (to == kNone) {
        next_[state * class_count_ + cls] = via_fail;
      } else {
        next_[state * class_count_ + cls] = to;
        fail[to] = via_fail;
        queue.push_back(to);
      }
    }
  }
  // The root's own output slot is never set: keys are non-empty.
  dict_link_[0] = kNone;
  for (auto& entry : next_) {
    if (output_[entry] != kNone || dict_link_[entry] != kNone) entry |= kHasOutput;
  }
  trie_.clear();
  trie_.shrink_to_fit();
}

}  // namespace monsoon::classify::detail
