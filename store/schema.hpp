#pragma once
// Append-only schema migrations. Migration N (1-based) takes a database from
// user_version N-1 to N. Never edit a migration that has shipped; add a new one.

#include <array>
#include <string_view>

namespace monsoon::store::schema {

inline constexpr std::array<std::string_view, 2> kMigrations = {
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
};

}  // namespace monsoon::store::schema
