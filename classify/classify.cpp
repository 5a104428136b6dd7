#include <monsoon/classify.hpp>

#include <cstdint>
#include <cstdio>

namespace monsoon::classify {
namespace {

bool is_digest_region(model::Region region) {
  for (auto candidate : model::kDigestRegions) {
    if (candidate == region) return true;
  }
  return false;
}

// FNV-1a 64: stable across runs and platforms, which std::hash is not.
std::uint64_t fnv1a64(std::string_view text, std::uint64_t hash = 1469598103934665603ULL) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string hex(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace

Verdict classify_region(const model::Entry& /*entry*/, const model::FeedSource& feed) {
  if (is_digest_region(feed.region)) {
    return {feed.region, 0.5, "feed region " + std::string(model::to_string(feed.region))};
  }
  return {model::Region::unassigned, 0.0,
          "feed covers " + std::string(model::to_string(feed.region)) + "; no text rules yet"};
}

std::string identity_key(const model::Entry& entry) {
  if (!entry.id.empty()) return "guid:" + entry.id;
  if (!entry.link.empty()) return "link:" + entry.link;
  std::string material = entry.title ? entry.title->value : std::string();
  material += '\x1f';
  material += entry.published_raw.empty() ? entry.updated_raw : entry.published_raw;
  return "hash:" + hex(fnv1a64(material));
}

}  // namespace monsoon::classify
