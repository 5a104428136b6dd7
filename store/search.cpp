// Full-text search over titles and summaries (migration 4's items_search).
//
// The query is the user's text, never FTS5 syntax: it is bound as a parameter and
// quoted as one FTS5 string ('"' doubled inside), so AND, NEAR, *, ^ and stray
// quotes are searched for literally and cannot make the query fail. The trigram
// tokenizer finds nothing shorter than three characters; such queries (a
// two-character Chinese word is common) scan titles and summaries with LIKE.

#include "store_impl.hpp"

namespace monsoon::store {
namespace {

std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80 ? 1 : 0;
  return count;
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

std::string like_pattern(std::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

}  // namespace

model::Result<std::vector<model::StoredItem>> Store::search(std::string_view query,
                                                            int limit) const {
  return guarded("search", [&]() -> model::Result<std::vector<model::StoredItem>> {
    std::vector<model::StoredItem> items;
    if (query.empty() || limit <= 0) return items;
    const bool trigram = code_points(query) >= 3;
    const std::string where =
        trigram ? "WHERE i.id IN (SELECT rowid FROM items_search WHERE items_search MATCH ?) "
                : "WHERE i.title LIKE ?1 ESCAPE '\\' OR i.summary LIKE ?1 ESCAPE '\\' ";
    SQLite::Statement select(impl_->db, std::string(kItemColumns) + where +
                                            "ORDER BY coalesce(i.published, i.first_seen) DESC, "
                                            "i.id DESC LIMIT ?");
    select.bind(1, trigram ? fts_string(query) : like_pattern(query));
    select.bind(2, limit);
    while (select.executeStep()) items.push_back(read_item(select));
    return items;
  });
}

}  // namespace monsoon::store
