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
  assert(dense16_.empty() && dense32_.empty() && "add() after compile()");
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
  // through share cache lines, and a state's failure state comes before it.
  std::vector<std::uint32_t> id(states);
  for (std::uint32_t n = 0; n < states; ++n) id[order[n]] = n;
  std::vector<std::uint32_t> output(states, kNone);
  dict_link_.assign(states, kNone);
  emits_.assign(states, 0);
  fail_.assign(states, 0);
  for (std::uint32_t state = 0; state < states; ++state) {
    output[id[state]] = output_[state];
    dict_link_[id[state]] = link[state] == kNone ? kNone : id[link[state]];
    emits_[id[state]] = has_output[state] ? 1 : 0;
    fail_[id[state]] = id[fail[state]];
  }
  output_ = std::move(output);

  const bool narrow = states <= 0x10000;
  const std::size_t row_bytes = class_count_ * (narrow ? 2 : 4);
  dense_count_ = static_cast<std::uint32_t>(
      std::clamp<std::size_t>(dense_bytes_ / row_bytes, 1, states));

  // The deep states' own edges, in compiled numbers (a dense row holds the others').
  edge_begin_.assign(states - dense_count_ + 1, 0);
  for (std::uint32_t n = dense_count_; n < states; ++n) {
    const auto& edges = trie_[order[n]];
    const std::uint32_t deep = n - dense_count_;
    edge_begin_[deep + 1] = edge_begin_[deep] + static_cast<std::uint32_t>(edges.size());
    for (const Edge& edge : edges) {
      edge_class_.push_back(byte_class_[edge.byte]);
      edge_to_.push_back(id[edge.to]);
    }
  }

  if (narrow) {
    fill_rows(dense16_, order, id);
  } else {
    fill_rows(dense32_, order, id);
  }
  trie_.clear();
  trie_.shrink_to_fit();
}

// A dense state's row is its failure state's row (dense too, being shallower, and
// done before it) with its own edges written over it.
template <class Entry>
void Automaton::fill_rows(std::vector<Entry>& dense, const std::vector<std::uint32_t>& order,
                          const std::vector<std::uint32_t>& id) {
  dense.assign(std::size_t{dense_count_} * class_count_, 0);
  for (std::uint32_t n = 0; n < dense_count_; ++n) {
    Entry* row = dense.data() + std::size_t{n} * class_count_;
    if (n != 0) {
      const Entry* from = dense.data() + std::size_t{fail_[n]} * class_count_;
      std::copy(from, from + class_count_, row);
    }
    for (const Edge& edge : trie_[order[n]]) row[byte_class_[edge.byte]] = static_cast<Entry>(id[edge.to]);
  }
}

}  // namespace monsoon::classify::detail
