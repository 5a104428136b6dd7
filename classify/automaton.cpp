#include "automaton.hpp"

#include <algorithm>
#include <cassert>

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
  assert(next16_.empty() && next32_.empty() && "add() after compile()");
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

  // Failure links over the trie, breadth first: a state's failure state is shallower,
  // so it is done before the state itself.
  const std::size_t states = trie_.size();
  std::vector<std::uint32_t> order;
  order.reserve(states);
  order.push_back(0);
  std::vector<std::uint32_t> fail(states, 0);
  std::vector<std::uint32_t> link(states, kNone);  // dictionary links, trie numbering
  std::vector<bool> has_output(states, false);
  for (std::size_t head = 0; head < order.size(); ++head) {
    const std::uint32_t state = order[head];
    for (const Edge& edge : trie_[state]) {
      std::uint32_t f = kNone;
      if (state != 0) {
        for (std::uint32_t back = fail[state];; back = fail[back]) {
          f = child(back, edge.byte);
          if (f != kNone || back == 0) break;
        }
      }
      fail[edge.to] = f == kNone ? 0 : f;
      const std::uint32_t to_fail = fail[edge.to];
      link[edge.to] = output_[to_fail] != kNone ? to_fail : link[to_fail];
      has_output[edge.to] = output_[edge.to] != kNone || link[edge.to] != kNone;
      order.push_back(edge.to);
    }
  }

  // Compiled numbers: breadth first, so the shallow states every text passes
  // through share cache lines, but states with output last.
  std::vector<std::uint32_t> id(states);
  std::uint32_t next_id = 0;
  for (std::uint32_t state : order) {
    if (!has_output[state]) id[state] = next_id++;
  }
  first_output_state_ = next_id;
  for (std::uint32_t state : order) {
    if (has_output[state]) id[state] = next_id++;
  }
  std::vector<std::uint32_t> output(states, kNone);
  dict_link_.assign(states, kNone);
  for (std::uint32_t state = 0; state < states; ++state) {
    output[id[state]] = output_[state];
    dict_link_[id[state]] = link[state] == kNone ? kNone : id[link[state]];
  }
  output_ = std::move(output);

  if (states <= 0x10000) {
    fill_rows(next16_, order, fail, id);
  } else {
    fill_rows(next32_, order, fail, id);
  }
  trie_.clear();
  trie_.shrink_to_fit();
}

// A state's row is its failure state's row (complete, being shallower) with its own
// edges written over it.
template <class Entry>
void Automaton::fill_rows(std::vector<Entry>& next, const std::vector<std::uint32_t>& order,
                          const std::vector<std::uint32_t>& fail,
                          const std::vector<std::uint32_t>& id) {
  next.assign(order.size() * class_count_, 0);
  for (std::uint32_t state : order) {
    Entry* row = next.data() + std::size_t{id[state]} * class_count_;
    if (state != 0) {
      const Entry* from = next.data() + std::size_t{id[fail[state]]} * class_count_;
      std::copy(from, from + class_count_, row);
    }
    for (const Edge& edge : trie_[state]) row[byte_class_[edge.byte]] = static_cast<Entry>(id[edge.to]);
  }
}

}  // namespace monsoon::classify::detail
