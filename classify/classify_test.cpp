#include <monsoon/classify.hpp>

#include <doctest/doctest.h>

using namespace monsoon;
using model::Region;

namespace {
model::Entry entry_with(std::string id, std::string link, std::string title) {
  model::Entry entry;
  entry.id = std::move(id);
  entry.link = std::move(link);
  if (!title.empty()) entry.title = model::Text{title};
  return entry;
}
}  // namespace

TEST_CASE("An entry from a country feed is filed under that country") {
  model::FeedSource feed{.url = "https://example.jp/feed", .name = "JP", .region = Region::japan};
  auto verdict = classify::classify_region(entry_with("1", "", "Title"), feed);
  CHECK(verdict.region == Region::japan);
  CHECK(verdict.confidence > 0.0);
  CHECK(verdict.evidence.find("japan") != std::string::npos);
}

TEST_CASE("An entry from a pan-Asian or global feed stays unassigned without text rules") {
  for (auto region : {Region::pan_asia, Region::global}) {
    model::FeedSource feed{.url = "https://example.com/feed", .name = "X", .region = region};
    auto verdict = classify::classify_region(entry_with("1", "", "Title"), feed);
    CHECK(verdict.region == Region::unassigned);
    CHECK(verdict.confidence == 0.0);
  }
}

TEST_CASE("The identity key prefers the guid then the link then a title and date hash") {
  CHECK(classify::identity_key(entry_with("urn:1", "https://a/1", "T")) == "guid:urn:1");
  CHECK(classify::identity_key(entry_with("", "https://a/1", "T")) == "link:https://a/1");
  auto hashed = classify::identity_key(entry_with("", "", "T"));
  CHECK(hashed.rfind("hash:", 0) == 0);
  CHECK(hashed.size() == 5 + 16);
}

TEST_CASE("The hash key is stable and differs when the title or date differs") {
  auto a = entry_with("", "", "Title A");
  auto b = entry_with("", "", "Title B");
  CHECK(classify::identity_key(a) == classify::identity_key(entry_with("", "", "Title A")));
  CHECK(classify::identity_key(a) != classify::identity_key(b));
  auto dated = a;
  dated.published_raw = "Fri, 20 Nov 2026 10:30:00 +0800";
  CHECK(classify::identity_key(a) != classify::identity_key(dated));
}
