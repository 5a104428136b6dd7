// Full-text search over titles and summaries (migration 4's items_search), and
// keeping that index up to date.
//
// The query is the user's text, never FTS5 syntax. The index keeps, per trigram,
// which items hold it (detail=none), so a query finds candidates holding all of a
// set of its trigrams, each quoted as an FTS5 string ('"' doubled inside), and
// LIKE then keeps the candidates whose title or summary holds the whole query
// (ASCII case-insensitive, as the index is). AND, NEAR, *, ^, % and stray quotes
// are searched for literally and cannot make the query fail. The trigram
// tokenizer finds nothing shorter than three characters; such queries (a
// two-character Chinese word is common) scan titles and summaries with LIKE.

#include "store_impl.hpp"

#include <limits>
#include <vector>

namespace monsoon::store {
namespace {

// The byte offsets where each UTF-8 code point of `text` starts.
std::vector<std::size_t> code_point_starts(std::string_view text) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  return starts;
}

std::string fts_string(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

// Trigrams that together cover the query (every third one, and the last), ANDed:
// an item holding the query holds them all. Fewer terms read fewer doclists.
std::string fts_trigrams(std::string_view query, const std::vector<std::size_t>& starts) {
  const auto end_of = [&](std::size_t index) {
    return index < starts.size() ? starts[index] : query.size();
  };
  std::string match;
  const std::size_t last = starts.size() - 3;
  for (std::size_t first = 0;; first = std::min(first + 3, last)) {
    if (!match.empty()) match += " AND ";
    match += fts_string(query.substr(starts[first], end_of(first + 3) - starts[first]));
    if (first == last) break;
  }
  return match;
}

std::string like_pattern(std::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

constexpr const char* kLikeEither =
    "(i.title LIKE ?2 ESCAPE '\\' OR i.summary LIKE ?2 ESCAPE '\\') ";

}  // namespace

model::Result<std::int64_t> Store::index_for_search(std::int64_t max_items) {
  return guarded("index items for search", [&]() -> model::Result<std::int64_t> {
    auto& db = impl_->db;
    const StatementsReset reset{impl_->statements};
    // Read first, outside a write transaction: a caught-up index (the common
    // case for `monsoon search` beside a running daemon) takes no write lock.
    auto& state = impl_->statements.get(
        "SELECT indexed_upto, (SELECT coalesce(max(id), 0) FROM items) FROM search_state");
    state.executeStep();
    if (state.getColumn(0).getInt64() >= state.getColumn(1).getInt64()) return 0;
    state.reset();
    try {
      WriteScope scope(*impl_);
      state.executeStep();  // again: another writer may have indexed meanwhile
      const std::int64_t from = state.getColumn(0).getInt64();
      state.reset();
      auto& slice = impl_->statements.get(
          "SELECT count(*), max(id) FROM (SELECT id FROM items WHERE id > ? ORDER BY id LIMIT ?)");
      slice.bind(1, from);
      slice.bind(2, max_items > 0 ? max_items : std::numeric_limits<std::int64_t>::max());
      slice.executeStep();
      const std::int64_t count = slice.getColumn(0).getInt64();
      if (count == 0) return 0;
      const std::int64_t upto = slice.getColumn(1).getInt64();
      SQLite::Statement insert(db,
                               "INSERT INTO items_search (rowid, title, summary) "
                               "SELECT id, title, summary FROM items WHERE id > ? AND id <= ?");
      insert.bind(1, from);
      insert.bind(2, upto);
      insert.exec();
      SQLite::Statement mark(db, "UPDATE search_state SET indexed_upto = ?");
      mark.bind(1, upto);
      mark.exec();
      scope.commit();
      return count;
    } catch (const SQLite::Exception&) {
      impl_->forget_uncommitted();
      throw;
    }
  });
}

model::Result<std::vector<model::StoredItem>> Store::search(std::string_view query, int limit) {
  std::vector<model::StoredItem> items;
  if (query.empty() || limit <= 0) return items;
  // What cannot be indexed now (a full disk; another writer holding the lock past
  // the busy timeout) is scanned instead, below: search misses nothing either way.
  (void)index_for_search();
  return guarded("search", [&]() -> model::Result<std::vector<model::StoredItem>> {
    const auto starts = code_point_starts(query);
    const bool trigram = starts.size() >= 3;
    // The candidates: the index's, and every item it has not reached. A UNION,
    // not an OR of the two: with the OR, SQLite scanned every item in time
    // order and tested each against the candidates.
    const std::string candidates =
        "i.id IN (SELECT rowid FROM items_search WHERE items_search MATCH ?1 UNION ALL "
        "SELECT id FROM items WHERE id > (SELECT indexed_upto FROM search_state)) AND ";
    const std::string where = std::string("WHERE ") + (trigram ? candidates : "") + kLikeEither;
    SQLite::Statement select(impl_->db, std::string(kItemColumns) + where +
                                            "ORDER BY coalesce(i.published, i.first_seen) DESC, "
                                            "i.id DESC LIMIT ?3");
    if (trigram) select.bind(1, fts_trigrams(query, starts));
    select.bind(2, like_pattern(query));
    select.bind(3, limit);
    while (select.executeStep()) items.push_back(read_item(select));
    return items;
  });
}

}  // namespace monsoon::store
