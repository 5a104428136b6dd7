#pragma once
// Identity within a feed: which key a poll's items are stored under, and whether
// the poll shows that the feed's GUIDs cannot be trusted. Pure: the lookups it
// needs come in through a callback. Internal to store/.
//
// Keys fall back in order: the GUID ("guid:…", as classify::identity_key gives
// it) unless the feed is keyed by link; then "link:" + the canonical link, when
// the document's links tell its items apart; then "hash:" of title and date.
// A feed's GUIDs are unstable when a document carries one GUID on two items whose
// links differ, or when items come back under a new GUID with a link the feed
// already has under another (two such items in one poll, or every GUID item of
// the poll). The caller then keys the feed by link for good.

#include "story_signature.hpp"

#include <monsoon/store.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace monsoon::store::detail {

// What Store::prepare() computes of a NewItem away from the store's thread.
struct Prepared {
  std::string canonical_url;  // canonical_url(link); empty without a link
  Signature signature;
  std::string content_hash;   // content_hash(item)
};
// 16 hex digits of an FNV-1a hash of title, link, summary and author: an edit shows
// as a different hash. Stored with the item, so the function never changes.
[[nodiscard]] std::string content_hash(const NewItem& item);
[[nodiscard]] Prepared prepare_item(const NewItem& item);

// A stored item that an incoming one is (its row id, content hash, key).
struct Existing {
  std::int64_t id = 0;
  std::string content_hash;
  std::string key;
};

struct Resolved {
  std::string key;
  std::string canonical_url;
  std::optional<Existing> existing;  // nullopt: a new item
  bool repeat = false;               // the same key earlier in this document: skipped
};

struct IdentityPlan {
  std::vector<Resolved> items;  // parallel to the poll's items
  std::string unstable_reason;  // non-empty: the feed switches to link keys now
};

// Lookups of the feed's stored items, by key and by canonical link.
struct IdentityLookup {
  std::function<std::optional<Existing>(const std::string& key)> by_key;
  std::function<std::optional<Existing>(const std::string& canonical_url)> by_url;
};

[[nodiscard]] IdentityPlan plan_identity(const std::vector<NewItem>& items, bool keyed_by_link,
                                         const IdentityLookup& lookup);

}  // namespace monsoon::store::detail
