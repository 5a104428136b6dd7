#include "identity.hpp"

#include "canonical_url.hpp"
#include "hashing.hpp"

#include <cstdio>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace monsoon::store::detail {
namespace {

bool is_guid(std::string_view key) { return key.starts_with("guid:"); }

// Title and date, for items with neither a trusted GUID nor a usable link.
std::string hash_key(const NewItem& item) {
  std::string material = item.title;
  material += '\x1f';
  if (item.published) material += std::to_string(item.published->time_since_epoch().count());
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx",
                static_cast<unsigned long long>(hash_sequence(material)));
  return std::string("hash:") + buffer;
}

// A site's front page ("https://example.com/") names no article.
bool is_front_page(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  const auto slash = url.find('/', scheme + 3);
  return slash == std::string_view::npos || slash + 1 == url.size();
}

// Links identify items only when each item of the document has its own.
bool links_distinct(const std::vector<Resolved>& items) {
  std::unordered_set<std::string_view> seen;
  for (const auto& item : items) {
    if (item.canonical_url.empty()) continue;
    if (is_front_page(item.canonical_url) || !seen.insert(item.canonical_url).second) return false;
  }
  return true;
}

std::string key_for(const NewItem& item, const std::string& canonical, bool by_link,
                    bool links_ok) {
  if (!by_link && is_guid(item.key)) return item.key;
  if (!canonical.empty() && links_ok) return "link:" + canonical;
  if (item.key.starts_with("hash:")) return item.key;
  return hash_key(item);
}

// One GUID on two items with different links.
std::string repeated_guid(const std::vector<NewItem>& items, const std::vector<Resolved>& resolved) {
  std::unordered_map<std::string_view, std::string_view> links;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!is_guid(items[i].key)) continue;
    auto [at, inserted] = links.emplace(items[i].key, resolved[i].canonical_url);
    if (!inserted && at->second != resolved[i].canonical_url) {
      return "one GUID on two items of a document: " + items[i].key.substr(5);
    }
  }
  return {};
}

void assign_keys(const std::vector<NewItem>& items, bool by_link, bool links_ok,
                 std::vector<Resolved>& resolved) {
  std::unordered_set<std::string> keys;
  for (std::size_t i = 0; i < items.size(); ++i) {
    resolved[i].key = key_for(items[i], resolved[i].canonical_url, by_link, links_ok);
    resolved[i].repeat = !keys.insert(resolved[i].key).second;
  }
}

}  // namespace

std::string content_hash(const NewItem& item) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (std::string_view part : {std::string_view(item.title), std::string_view(item.link),
                                std::string_view(item.summary), std::string_view(item.author)}) {
    for (unsigned char c : part) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
    hash ^= 0x1f;
    hash *= 1099511628211ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<std::size_t>(i)] = kHex[hash & 0xF];
  return out;
}

Prepared prepare_item(const NewItem& item) {
  return {item.link.empty() ? std::string() : canonical_url(item.link),
          compute_signature(item.title, item.summary), content_hash(item)};
}

IdentityPlan plan_identity(const std::vector<NewItem>& items, bool keyed_by_link,
                           const IdentityLookup& lookup) {
  IdentityPlan plan;
  plan.items.resize(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].prepared) {
      plan.items[i].canonical_url = items[i].prepared->canonical_url;
    } else if (!items[i].link.empty()) {
      plan.items[i].canonical_url = canonical_url(items[i].link);
    }
  }
  const bool links_ok = links_distinct(plan.items);
  if (!keyed_by_link && links_ok) plan.unstable_reason = repeated_guid(items, plan.items);
  bool by_link = keyed_by_link || !plan.unstable_reason.empty();
  assign_keys(items, by_link, links_ok, plan.items);

  std::unordered_set<std::string_view> document_keys;
  for (const auto& item : items) document_keys.insert(item.key);
  int guid_items = 0;
  int churned = 0;
  for (auto& item : plan.items) {
    if (item.repeat) continue;
    const bool guid = is_guid(item.key);
    guid_items += guid ? 1 : 0;
    item.existing = lookup.by_key(item.key);
    if (item.existing || item.canonical_url.empty() || !links_ok) continue;
    // The same link under another key is the same item (a new GUID, a GUID
    // added to a feed that had none, a feed now keyed by link)...
    auto other = lookup.by_url(item.canonical_url);
    if (!other || document_keys.contains(other->key)) continue;
    item.existing = std::move(other);
    // ...and a new GUID for a stored link is what unstable GUIDs look like.
    if (guid && is_guid(item.existing->key)) ++churned;
  }
  if (!by_link && (churned >= 2 || (churned >= 1 && churned == guid_items))) {
    plan.unstable_reason = std::to_string(churned) + " of " + std::to_string(guid_items) +
                           " items came back under a new GUID with a link already stored";
    std::vector<std::optional<Existing>> found;
    for (auto& item : plan.items) found.push_back(std::move(item.existing));
    assign_keys(items, true, links_ok, plan.items);
    for (std::size_t i = 0; i < plan.items.size(); ++i) {
      if (!plan.items[i].repeat) plan.items[i].existing = std::move(found[i]);
    }
  }
  return plan;
}

}  // namespace monsoon::store::detail
