#pragma once
// Append-only schema migrations. Migration N (1-based) takes a database from
// user_version N-1 to N. Never edit a migration that has shipped; add a new one.

#include <array>
#include <string_view>

namespace monsoon::store::schema {

inline constexpr std::array<std::string_view, 7> kMigrations = {
    // 1: feeds with their fetch state, the fetch log, items, digests.
    R"sql(
CREATE TABLE feeds (
  id            INTEGER PRIMARY KEY,
  url           TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  region        TEXT NOT NULL,
  etag          TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  last_attempt  INTEGER,
  last_success  INTEGER,
  last_status   INTEGER NOT NULL DEFAULT 0,
  last_error    TEXT NOT NULL DEFAULT '',
  error_streak  INTEGER NOT NULL DEFAULT 0,
  next_poll     INTEGER
);
CREATE TABLE fetch_log (
  id        INTEGER PRIMARY KEY,
  feed_id   INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  at        INTEGER NOT NULL,
  status    INTEGER NOT NULL,
  error     TEXT NOT NULL,
  new_items INTEGER NOT NULL
);
CREATE TABLE items (
  id                INTEGER PRIMARY KEY,
  feed_id           INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  key               TEXT NOT NULL,
  title             TEXT NOT NULL,
  link              TEXT NOT NULL,
  summary           TEXT NOT NULL,
  author            TEXT NOT NULL,
  published         INTEGER,
  first_seen        INTEGER NOT NULL,
  updated           INTEGER NOT NULL,
  content_hash      TEXT NOT NULL,
  region            TEXT NOT NULL,
  region_confidence REAL NOT NULL,
  region_evidence   TEXT NOT NULL,
  UNIQUE (feed_id, key)
);
CREATE INDEX items_by_time ON items (coalesce(published, first_seen));
CREATE TABLE digests (
  id      INTEGER PRIMARY KEY,
  week    TEXT NOT NULL,
  path    TEXT NOT NULL,
  items   INTEGER NOT NULL,
  created INTEGER NOT NULL
);
)sql",
    // 2: the polling engine's state: failure class, backoff floor, permanent moves,
    // 410, the last body's hash, per-host Retry-After, the fetch log's class.
    R"sql(
ALTER TABLE feeds ADD COLUMN body_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE feeds ADD COLUMN last_error_class TEXT NOT NULL DEFAULT '';
ALTER TABLE feeds ADD COLUMN not_before INTEGER;
ALTER TABLE feeds ADD COLUMN moved_url TEXT NOT NULL DEFAULT '';
ALTER TABLE feeds ADD COLUMN moved_streak INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN gone INTEGER NOT NULL DEFAULT 0;
ALTER TABLE fetch_log ADD COLUMN error_class TEXT NOT NULL DEFAULT '';
ALTER TABLE fetch_log ADD COLUMN duration_ms INTEGER NOT NULL DEFAULT 0;
CREATE TABLE hosts (
  host   TEXT PRIMARY KEY,
  until  INTEGER NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX items_by_feed_published ON items (feed_id, published);
)sql",
    // 3: one story from many sources. Items gain their canonical URL, story and
    // language (author and content_hash exist since 1); stories keep their lead
    // and size; pruned items leave tombstones; a feed remembers whether its GUIDs
    // can be trusted and whether it is an aggregator. store.cpp backfills the
    // canonical URLs of existing items in the same transaction (C++, not SQL).
    // Signatures are not persisted: the store recomputes the window's from title
    // and summary when it restores the story index (about 100 ms per 10,000
    // items), which saves ~500 bytes per item and survives a change of features.
    R"sql(
CREATE TABLE stories (
  id           INTEGER PRIMARY KEY,
  lead_item_id INTEGER NOT NULL,
  first_seen   INTEGER NOT NULL,
  size         INTEGER NOT NULL
);
ALTER TABLE items ADD COLUMN canonical_url TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN story_id INTEGER REFERENCES stories(id);
ALTER TABLE items ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE feeds ADD COLUMN aggregator INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN identity TEXT NOT NULL DEFAULT 'guid';
ALTER TABLE feeds ADD COLUMN identity_reason TEXT NOT NULL DEFAULT '';
CREATE TABLE tombstones (
  feed_id       INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  key           TEXT NOT NULL,
  canonical_url TEXT NOT NULL,
  pruned_at     INTEGER NOT NULL,
  PRIMARY KEY (feed_id, key)
) WITHOUT ROWID;
CREATE INDEX tombstones_by_url ON tombstones (feed_id, canonical_url);
CREATE INDEX tombstones_by_time ON tombstones (pruned_at);
CREATE INDEX items_by_canonical_url ON items (canonical_url);
CREATE INDEX items_by_story ON items (story_id);
CREATE INDEX items_by_first_seen ON items (first_seen);
)sql",
    // 4: full-text search over titles and summaries. FTS5's trigram tokenizer
    // indexes every three characters, so Chinese and Japanese text without spaces
    // is searchable too (SQLite >= 3.34; Debian 12 has 3.40). An external-content
    // table: the text lives once, in items. Not a trigger on insert: a trigram index
    // costs ~50 us an item, more than all the rest of storing it, so items are
    // indexed in batches after they are stored (Store::index_for_search, up to
    // search_state.indexed_upto) and search catches up before it queries. The
    // triggers keep the items already indexed in step when edited or pruned.
    // detail=none keeps which items hold a trigram, not where: a third of the
    // bytes and half the time of detail=full; search.cpp checks the candidates.
    // (Not shipped before this form: no database needs the trigger-fed table.)
    R"sql(
CREATE VIRTUAL TABLE items_search USING fts5(
  title, summary, content='items', content_rowid='id', tokenize='trigram', detail=none);
CREATE TABLE search_state (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_upto INTEGER NOT NULL
);
INSERT INTO search_state (id, indexed_upto) VALUES (1, 0);
CREATE TRIGGER items_search_delete AFTER DELETE ON items
  WHEN old.id <= (SELECT indexed_upto FROM search_state) BEGIN
  INSERT INTO items_search (items_search, rowid, title, summary)
    VALUES ('delete', old.id, old.title, old.summary);
END;
CREATE TRIGGER items_search_update AFTER UPDATE OF title, summary ON items
  WHEN old.id <= (SELECT indexed_upto FROM search_state) BEGIN
  INSERT INTO items_search (items_search, rowid, title, summary)
    VALUES ('delete', old.id, old.title, old.summary);
  INSERT INTO items_search (rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;
)sql",
    // 5: no index on first_seen. Only retention asked by it, and it now finds the
    // items to prune in rowid order (retention.cpp); the index cost every insert
    // about 5 % of storing an item and 15 bytes.
    R"sql(
DROP INDEX items_by_first_seen;
)sql",
    // 6: a feed's newest publication times (at most 20, newest first, Unix seconds
    // separated by spaces) are kept with the feed, updated as its items are stored;
    // the scheduler reads them at every poll. They were read from an index on
    // (feed_id, published), which every insert paid for: a cold poll's store
    // thread, the poll's bottleneck, spent about 4 % of its instructions on it.
    // store.cpp fills the column from the items in the same transaction (C++).
    R"sql(
ALTER TABLE feeds ADD COLUMN recent_published TEXT NOT NULL DEFAULT '';
DROP INDEX items_by_feed_published;
)sql",
    // 7: no index on story_id, which every insert paid for (another 4 % of a cold
    // poll's store-thread instructions). Nothing looks items up by story but
    // retention, which now counts the members it deletes (retention.cpp); items
    // stored before schema 3 and not yet in a story are found by a partial index,
    // empty once they are all assigned, which inserts with a story skip.
    R"sql(
DROP INDEX items_by_story;
CREATE INDEX items_without_story ON items (id) WHERE story_id IS NULL;
)sql",
};

}  // namespace monsoon::store::schema
