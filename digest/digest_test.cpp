#include <monsoon/digest.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace monsoon;
using model::Region;

namespace {

model::TimePoint at(long long seconds) { return model::TimePoint{model::Seconds{seconds}}; }

model::StoredItem item(std::string feed, std::string title, std::string link, Region region,
                       std::string summary = "") {
  model::StoredItem value;
  value.feed_name = std::move(feed);
  value.title = std::move(title);
  value.link = std::move(link);
  value.region = region;
  value.summary = std::move(summary);
  value.first_seen = at(1'795'000'000);
  return value;
}

std::size_t count(const std::string& haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto at_pos = haystack.find(needle); at_pos != std::string::npos;
       at_pos = haystack.find(needle, at_pos + needle.size())) {
    ++n;
  }
  return n;
}

// The News in focus section of a draft (up to the China section that follows it).
std::string focus_section(const std::string& text) {
  const auto from = text.find("## News in focus");
  return text.substr(from, text.find("## China") - from);
}

}  // namespace

TEST_CASE("Week labels round-trip and impossible weeks are rejected") {
  auto week = digest::parse_week("2026-W48");
  REQUIRE(week.has_value());
  CHECK(week->year == 2026);
  CHECK(week->week == 48);
  CHECK(digest::week_label(*week) == "2026-W48");
  CHECK(digest::parse_week("2026W48") == week);
  CHECK_FALSE(digest::parse_week("2026-W54").has_value());
  CHECK_FALSE(digest::parse_week("2026-W00").has_value());
  CHECK_FALSE(digest::parse_week("2021-W53").has_value());  // 2021 has 52 weeks
  CHECK(digest::parse_week("2020-W53").has_value());        // 2020 has 53
  CHECK_FALSE(digest::parse_week("2026-48").has_value());
  CHECK_FALSE(digest::parse_week("").has_value());
}

TEST_CASE("The ISO week of a day and the Monday of a week agree") {
  using namespace std::chrono;
  // 2026-11-27 is a Friday in ISO week 48; its Monday is 2026-11-23.
  const sys_days friday{year{2026} / November / 27};
  const auto week = digest::week_of(friday);
  CHECK(week == model::IsoWeek{2026, 48});
  CHECK(digest::monday_of(week) == sys_days{year{2026} / November / 23});
  // 2027-01-01 (a Friday) belongs to 2026-W53.
  CHECK(digest::week_of(sys_days{year{2027} / January / 1}) == model::IsoWeek{2026, 53});
}

TEST_CASE("Each region gets its own section and every item ends in its link") {
  std::vector<model::StoredItem> items = {
      item("Caixin", "Alibaba cuts cloud prices", "https://caixin.example/a", Region::china),
      item("KED", "Samsung opens new fab", "https://ked.example/b", Region::south_korea),
  };
  const auto text = digest::render({2026, 48}, items, digest::Options{});
  CHECK(text.find("# Asia Tech Review — draft for 2026-W48 (23 November – 29 November 2026)") == 0);
  for (auto heading : {"## News in focus", "## China", "## Taiwan", "## Japan", "## South Korea",
                       "## India", "## Southeast Asia", "## Rest of Asia"}) {
    CHECK_MESSAGE(text.find(heading) != std::string::npos, heading);
  }
  CHECK(text.find("- Alibaba cuts cloud prices [Caixin](https://caixin.example/a)\n") !=
        std::string::npos);
  CHECK(text.find("## China\n\n- Alibaba") != std::string::npos);
  CHECK(text.find("## South Korea\n\n- Samsung") != std::string::npos);
  CHECK(text.find("## Unassigned") == std::string::npos);
}

TEST_CASE("A story carried by several outlets goes to News in focus once") {
  std::vector<model::StoredItem> items = {
      item("A", "TSMC to build Arizona plant", "https://a.example/x?utm_source=rss",
           Region::taiwan),
      item("B", "TSMC to build Arizona plant", "https://b.example/y", Region::taiwan),
      item("C", "Other news", "http://www.a.example/x/#top", Region::taiwan),
      item("D", "Unrelated", "https://d.example/z", Region::japan),
  };
  const auto text = digest::render({2026, 48}, items, digest::Options{});
  const auto focus = focus_section(text);
  CHECK(count(focus, "\n- ") == 1);
  CHECK(focus.find("[A](https://a.example/x)") != std::string::npos);  // no utm_source
  CHECK(focus.find("[B](https://b.example/y)") != std::string::npos);
  CHECK(focus.find("[C](http://www.a.example/x/#top)") != std::string::npos);
  CHECK(count(text, "TSMC to build Arizona plant") == 1);
  CHECK(text.find("## Japan\n\n- Unrelated") != std::string::npos);
}

TEST_CASE("Items the store filed under one story are one story in News in focus") {
  // Reworded headlines with different links: only the stored story id joins them.
  auto a = item("A", "Grab to acquire GoTo in $7bn deal", "https://a.example/1",
                Region::southeast_asia);
  auto b = item("B", "GoTo agrees to merger with Grab", "https://b.example/2",
                Region::southeast_asia);
  auto c = item("C", "Sea posts first annual profit", "https://c.example/3",
                Region::southeast_asia);
  a.story_id = b.story_id = 7;
  c.story_id = 8;
  const auto text = digest::render({2026, 48}, {a, b, c}, digest::Options{});
  const auto focus = focus_section(text);
  CHECK(count(focus, "\n- ") == 1);
  CHECK(focus.find("Grab to acquire GoTo") != std::string::npos);
  CHECK(focus.find("[B](https://b.example/2)") != std::string::npos);
  CHECK(count(text, "GoTo agrees to merger") == 0);
  CHECK(text.find("- Sea posts first annual profit") != std::string::npos);
}

TEST_CASE("A story's line comes from an original source before an aggregator") {
  auto aggregator = item("News Aggregator", "Grab to acquire GoTo - Reuters", "https://agg.example/1",
                         Region::southeast_asia, "Via an aggregator.");
  aggregator.from_aggregator = true;
  auto original = item("Reuters", "Grab agrees to acquire GoTo in $7bn deal",
                       "https://reuters.example/2", Region::southeast_asia,
                       "The deal creates the region's largest ride-hailing group.");
  aggregator.story_id = original.story_id = 3;
  // The aggregator's copy came first; items arrive newest first.
  aggregator.published = at(1'795'000'000);
  original.published = at(1'795'000'600);
  const auto text = digest::render({2026, 48}, {original, aggregator}, digest::Options{});
  CHECK(text.find("- Grab agrees to acquire GoTo in $7bn deal — The deal creates") !=
        std::string::npos);
  CHECK(text.find("Grab to acquire GoTo - Reuters") == std::string::npos);
  CHECK(text.find("[News Aggregator](https://agg.example/1)") != std::string::npos);
  // With no original copy, the aggregator's is used.
  const auto alone = digest::render({2026, 48}, {aggregator}, digest::Options{});
  CHECK(alone.find("- Grab to acquire GoTo - Reuters") != std::string::npos);
}

TEST_CASE("Links lose their tracking parameters and keep the rest") {
  auto a = item("A", "One", "https://a.example/x?id=5&utm_source=rss&UTM_Medium=feed&fbclid=z#p",
                Region::japan);
  auto b = item("B", "Two", "https://b.example/y?utm_campaign=c", Region::japan);
  auto c = item("C", "Three", "https://c.example/z?ref=home&page=2", Region::japan);
  const auto text = digest::render({2026, 48}, {a, b, c}, digest::Options{});
  CHECK(text.find("[A](https://a.example/x?id=5#p)") != std::string::npos);
  CHECK(text.find("[B](https://b.example/y)") != std::string::npos);
  CHECK(text.find("[C](https://c.example/z?page=2)") != std::string::npos);
}

TEST_CASE("Feed text cannot inject Markdown or HTML into the digest") {
  std::vector<model::StoredItem> items = {
      item("Evil <b>", "<script>alert(1)</script> [click](javascript:x) *bold*",
           "javascript:alert(1)", Region::india, "Line one\nline two & more"),
  };
  const auto text = digest::render({2026, 48}, items, digest::Options{});
  CHECK(text.find("<script>") == std::string::npos);
  CHECK(text.find("\\<script\\>") != std::string::npos);
  // The only "](javascript" left is the escaped one, which renders as text.
  CHECK(count(text, "](javascript") == count(text, "\\](javascript"));
  CHECK(count(text, "](javascript") == 1);
  CHECK(text.find("\\[click\\](javascript:x) \\*bold\\*") != std::string::npos);
  CHECK(text.find("(Evil \\<b\\>, no web link)") != std::string::npos);
  CHECK(text.find("Line one line two \\& more") != std::string::npos);
}

TEST_CASE("Only absolute http and https links are emitted and they cannot break out") {
  CHECK(digest::safe_link("https://example.com/a") == "https://example.com/a");
  CHECK(digest::safe_link("HTTP://example.com/a") == "HTTP://example.com/a");
  CHECK(digest::safe_link("https://example.com/a b)c") == "https://example.com/a%20b%29c");
  CHECK(digest::safe_link("https://example.com/\xe4\xb8\xad") == "https://example.com/%E4%B8%AD");
  CHECK_FALSE(digest::safe_link("javascript:alert(1)").has_value());
  CHECK_FALSE(digest::safe_link("file:///etc/passwd").has_value());
  CHECK_FALSE(digest::safe_link("/relative/path").has_value());
  CHECK_FALSE(digest::safe_link("https:///nohost").has_value());
  CHECK_FALSE(digest::safe_link("").has_value());
}

TEST_CASE("Unassigned items get their own section for the editor") {
  std::vector<model::StoredItem> items = {
      item("Global", "Chip export rules tighten", "https://g.example/1", Region::unassigned)};
  const auto text = digest::render({2026, 48}, items, digest::Options{});
  CHECK(text.find("## Unassigned (file these by hand)\n\n- Chip export rules tighten") !=
        std::string::npos);
}

TEST_CASE("Stories not about Asia are left out of every section and counted") {
  std::vector<model::StoredItem> items = {
      item("Wire", "Fed holds rates", "https://w.example/1", Region::global),
      item("Paper", "Fed holds rates", "https://p.example/1", Region::global),
      item("Tech", "Rapidus starts 2nm pilot line", "https://t.example/1", Region::japan),
      item("Wire", "TSMC raises prices", "https://w.example/2", Region::global),
      item("Chips", "TSMC raises prices", "https://c.example/2", Region::taiwan)};
  const auto text = digest::render({2026, 48}, items, digest::Options{});
  CHECK(text.find("Fed holds rates") == std::string::npos);
  CHECK(text.find("_1 story not about Asia (region `global`) left out._") != std::string::npos);
  CHECK(text.find("## News in focus\n\n- TSMC raises prices") != std::string::npos);
  CHECK(text.find("## Japan\n\n- Rapidus starts 2nm pilot line") != std::string::npos);
  CHECK(text.find("## Global") == std::string::npos);
}

TEST_CASE("Long sections are cut with a note and long summaries end at a sentence") {
  std::vector<model::StoredItem> items;
  for (int i = 0; i < 5; ++i) {
    items.push_back(item("Src" + std::to_string(i), "Headline number " + std::to_string(i),
                         "https://x.example/" + std::to_string(i), Region::japan,
                         "First sentence is long enough to keep. Second sentence is dropped."));
  }
  digest::Options options;
  options.max_items_per_region = 3;
  const auto text = digest::render({2026, 48}, items, options);
  CHECK(count(text, "Headline number") == 3);
  CHECK(text.find("_… and 2 more not shown._") != std::string::npos);
  CHECK(text.find("First sentence is long enough to keep. [Src") != std::string::npos);
  CHECK(text.find("Second sentence") == std::string::npos);
}

TEST_CASE("A week with no items still renders every section") {
  const auto text = digest::render({2026, 1}, {}, digest::Options{});
  CHECK(count(text, "_Nothing this week._") == 7);
  CHECK(text.find("No story was covered by more than one source") != std::string::npos);
}

TEST_CASE("A story's line comes from its earliest original copy, whatever the order") {
  auto first = item("Nikkei", "Rapidus picks Hokkaido for its second fab", "https://n.example/1",
                    Region::japan, "The first report.");
  auto later = item("Wire", "Rapidus confirms second Hokkaido fab", "https://w.example/2",
                    Region::japan, "A follow-up.");
  first.story_id = later.story_id = 9;
  first.published = at(1'795'000'000);
  later.published = at(1'795'003'600);
  for (const auto& items : {std::vector{later, first}, std::vector{first, later}}) {
    const auto text = digest::render({2026, 48}, items, digest::Options{});
    CHECK(text.find("- Rapidus picks Hokkaido for its second fab — The first report.") !=
          std::string::npos);
    CHECK(text.find("Rapidus confirms second Hokkaido fab") == std::string::npos);
  }
}

TEST_CASE("A plan from outlines and its printed items render the draft of the whole week") {
  // As the store hands them over: ids, story ids, feeds, newest first.
  std::vector<model::StoredItem> items;
  std::vector<model::ItemOutline> outlines;
  const auto add = [&](std::int64_t id, std::int64_t story, std::int64_t feed, Region region,
                       long long time) {
    auto value = item("Feed " + std::to_string(feed), "Headline of item " + std::to_string(id),
                      "https://x.example/" + std::to_string(id), region,
                      "Summary of item " + std::to_string(id) + ".");
    value.id = id;
    value.story_id = story;
    value.published = at(time);
    items.push_back(value);
    outlines.push_back({.id = id, .story_id = story, .feed_id = feed, .time = at(time),
                        .region = region});
  };
  add(40, 7, 1, Region::japan, 1'795'000'900);
  add(39, 7, 2, Region::japan, 1'795'000'800);
  add(38, 6, 1, Region::japan, 1'795'000'700);
  add(37, 5, 3, Region::japan, 1'795'000'600);
  add(36, 4, 2, Region::global, 1'795'000'500);
  add(35, 3, 1, Region::india, 1'795'000'400);
  add(34, 7, 3, Region::unassigned, 1'795'000'300);
  digest::Options options;
  options.max_items_per_region = 1;
  const auto plan = digest::plan(outlines, options);
  CHECK(plan.items == 7);
  CHECK(plan.stories == 5);
  CHECK(plan.sources == 3);
  CHECK(plan.left_out == 1);
  REQUIRE(plan.focus.size() == 1);
  CHECK(plan.focus[0].outlets == 3);
  CHECK(plan.focus[0].lead == 34);  // the earliest copy
  // Printed: story 7 (focus), story 6 (Japan's one line), story 3 (India); not story
  // 5 (cut from Japan) nor story 4 (global).
  auto printed_ids = plan.printed_items();
  std::sort(printed_ids.begin(), printed_ids.end());
  CHECK(printed_ids == std::vector<std::int64_t>{34, 35, 38, 39, 40});
  std::vector<model::StoredItem> printed;
  for (const auto& value : items) {
    if (std::binary_search(printed_ids.begin(), printed_ids.end(), value.id)) printed.push_back(value);
  }
  const auto text = digest::render({2026, 48}, plan, printed, options);
  CHECK(text == digest::render({2026, 48}, items, options));
  CHECK(text.find("- Headline of item 34 — Summary of item 34. [Feed 1]") != std::string::npos);
  CHECK(text.find("_… and 1 more not shown._") != std::string::npos);
}
