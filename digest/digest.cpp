// Rendering the weekly draft.
#include <monsoon/digest.hpp>

#include <date/date.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace monsoon::digest {
namespace {

using model::Region;
using model::StoredItem;

// A query's non-empty parameters in order, "&"-joined, without those `drop` takes.
template <typename Drop>
std::string kept_parameters(std::string_view query, Drop drop) {
  std::string kept;
  for (std::size_t start = 0; start <= query.size();) {
    const std::size_t amp = std::min(query.find('&', start), query.size());
    const std::string_view parameter = query.substr(start, amp - start);
    if (!parameter.empty() && !drop(parameter)) {
      if (!kept.empty()) kept += '&';
      kept += parameter;
    }
    start = amp + 1;
  }
  return kept;
}

// plan() takes the stories the store found across sources (story_id: the same
// canonical link, or a near-duplicate headline and summary, CJK too). Items in
// memory (render(week, items)) are also grouped by the same link once scheme,
// "www.", tracking parameters, fragment and trailing slash are ignored, or the same
// title once case, spacing and punctuation are ignored: items without a story id.
std::string link_key(std::string_view url) {
  std::string key;
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme_end + 3);
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  std::string_view path = rest;
  std::string_view query;
  if (auto mark = rest.find('?'); mark != std::string_view::npos) {
    path = rest.substr(0, mark);
    query = rest.substr(mark + 1);
  }
  for (char c : path) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (key.starts_with("www.")) key.erase(0, 4);
  while (!key.empty() && key.back() == '/') key.pop_back();
  const std::string kept = kept_parameters(query, [](std::string_view parameter) {
    return parameter.starts_with("utm_") || parameter.starts_with("fbclid");
  });
  if (!kept.empty()) key += "?" + kept;
  return key;
}

std::string title_key(std::string_view title) {
  std::string key;
  for (char c : title) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || std::isalnum(byte)) key += static_cast<char>(std::tolower(byte));
  }
  return key;
}

std::size_t find(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

// Outlines of items in memory, their index as id: one story per shared story id,
// link key or title key, one feed per feed name.
std::vector<model::ItemOutline> outlines_of(const std::vector<StoredItem>& items) {
  std::vector<std::size_t> parent(items.size());
  std::iota(parent.begin(), parent.end(), 0);
  std::unordered_map<std::string, std::size_t> first_with_key;
  auto join = [&](const std::string& key, std::size_t i) {
    if (key.empty()) return;
    auto [it, inserted] = first_with_key.emplace(key, i);
    if (!inserted) parent[find(parent, i)] = find(parent, it->second);
  };
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].story_id > 0) join("s:" + std::to_string(items[i].story_id), i);
    join("l:" + link_key(items[i].link), i);
    if (auto title = title_key(items[i].title); title.size() >= 12) join("t:" + title, i);
  }
  std::unordered_map<std::string_view, std::int64_t> feeds;
  std::vector<model::ItemOutline> outlines;
  outlines.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto feed = feeds.try_emplace(items[i].feed_name, static_cast<std::int64_t>(feeds.size()));
    outlines.push_back({.id = static_cast<std::int64_t>(i),
                        .story_id = static_cast<std::int64_t>(find(parent, i)),
                        .feed_id = feed.first->second,
                        .time = items[i].published.value_or(items[i].first_seen),
                        .region = items[i].region,
                        .from_aggregator = items[i].from_aggregator});
  }
  return outlines;
}

// Cuts at most `max_bytes` of UTF-8 at a character boundary, preferring the end
// of a sentence, then a space; appends "…" when text was dropped.
std::string first_sentence(std::string_view text, std::size_t max_bytes) {
  for (std::size_t i = 0; i < text.size() && i < max_bytes; ++i) {
    if ((text[i] == '.' || text[i] == '!' || text[i] == '?') &&
        (i + 1 == text.size() || text[i + 1] == ' ') && i > 20) {
      return std::string(text.substr(0, i + 1));
    }
    if (text.substr(i).starts_with("\xe3\x80\x82") && i > 6) {  // 。
      return std::string(text.substr(0, i + 3));
    }
  }
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  if (auto space = text.substr(0, cut).rfind(' '); space != std::string_view::npos && space > cut / 2) {
    cut = space;
  }
  return std::string(text.substr(0, cut)) + "\xe2\x80\xa6";
}

// The link without its tracking parameters (utm_source=rss and the like): the
// draft goes to readers, who need not tell the outlet which feed it came from.
std::string without_tracking(std::string_view url) {
  const std::size_t mark = url.find('?');
  if (mark == std::string_view::npos) return std::string(url);
  const std::size_t hash = url.find('#', mark);
  const std::string_view query =
      url.substr(mark + 1, hash == std::string_view::npos ? std::string_view::npos : hash - mark - 1);
  std::string out(url.substr(0, mark));
  const std::string kept = kept_parameters(query, [](std::string_view parameter) {
    return model::is_tracking_parameter(parameter.substr(0, parameter.find('=')));
  });
  if (!kept.empty()) out += "?" + kept;
  if (hash != std::string_view::npos) out += url.substr(hash);
  return out;
}

std::string source_link(const StoredItem& item) {
  const auto name = escape_markdown(item.feed_name);
  if (auto link = safe_link(without_tracking(item.link))) return "[" + name + "](" + *link + ")";
  return "(" + name + ", no web link)";
}

// The story's line comes from its lead: its earliest copy from an original source
// (an aggregator's, such as Google News or Techmeme, only when it has no other).
template <class Lookup>
std::string item_line(const Plan::Story& story, const Lookup& lookup) {
  const StoredItem* lead = lookup(story.lead);
  if (lead == nullptr) return {};
  std::string line = "- " + escape_markdown(lead->title);
  if (!lead->summary.empty() && title_key(lead->summary) != title_key(lead->title)) {
    line += " — " + escape_markdown(first_sentence(lead->summary, 240));
  }
  std::set<std::string_view> listed;
  std::string links;
  for (const std::int64_t id : story.items) {
    const StoredItem* item = lookup(id);
    if (item == nullptr || !listed.insert(item->feed_name).second) continue;
    links += links.empty() ? " " : " · ";
    links += source_link(*item);
  }
  return line + links + "\n";
}

std::string date_range(model::IsoWeek week) {
  const auto monday = date::year_month_day{date::sys_days{monday_of(week).time_since_epoch()}};
  const auto sunday = date::year_month_day{date::sys_days{monday_of(week).time_since_epoch()} +
                                           date::days{6}};
  return date::format("%e %B", monday) + " – " + date::format("%e %B %Y", sunday);
}

bool is_digest_region(Region region) {
  for (Region candidate : model::kDigestRegions) {
    if (candidate == region) return true;
  }
  return false;
}

template <class Lookup>
std::string section(std::string_view heading, const Plan::Section& section, const Lookup& lookup) {
  std::string out = "\n## " + std::string(heading) + "\n\n";
  if (section.shown.empty()) return out + "_Nothing this week._\n";
  for (const auto& story : section.shown) out += item_line(story, lookup);
  if (section.more > 0) {
    out += "- _… and " + std::to_string(section.more) + " more not shown._\n";
  }
  return out;
}

template <class Lookup>
std::string write(model::IsoWeek week, const Plan& plan, const Lookup& lookup,
                  const Options& options) {
  std::string out = "# Asia Tech Review — draft for " + week_label(week) + " (" +
                    date_range(week) + ")\n\n";
  out += "_Draft written by monsoon on " +
         date::format("%Y-%m-%d %H:%M", date::sys_seconds{options.generated_at.time_since_epoch()}) +
         " UTC from " + std::to_string(plan.items) + " items in " +
         std::to_string(plan.stories) + " stories from " + std::to_string(plan.sources) +
         " sources. Review and trim before sending._\n";
  if (plan.left_out > 0) {
    out += "\n_" + std::to_string(plan.left_out) + (plan.left_out == 1 ? " story" : " stories") +
           " not about Asia (region `global`) left out._\n";
  }
  out += "\n## News in focus\n\n";
  if (plan.focus.empty()) out += "_No story was covered by more than one source this week._\n";
  for (const auto& story : plan.focus) out += item_line(story, lookup);
  for (const auto& part : plan.sections) {
    if (part.region == Region::unassigned) {
      if (!part.shown.empty()) out += section("Unassigned (file these by hand)", part, lookup);
    } else {
      out += section(model::display_name(part.region), part, lookup);
    }
  }
  return out;
}

}  // namespace

std::vector<std::int64_t> Plan::printed_items() const {
  std::vector<std::int64_t> ids;
  const auto add = [&](const Story& story) { ids.insert(ids.end(), story.items.begin(), story.items.end()); };
  for (const auto& story : focus) add(story);
  for (const auto& part : sections) {
    for (const auto& story : part.shown) add(story);
  }
  return ids;
}

Plan plan(const std::vector<model::ItemOutline>& week, const Options& options) {
  // A week of a large store is 70,000 items in 60,000 stories: grouping sorts
  // compact (story, position) pairs, and each story's items are chained through
  // `next`, rather than a map of vectors that costs more than the rest of planning.
  constexpr std::uint32_t kNone = UINT32_MAX;
  std::vector<std::pair<std::int64_t, std::uint32_t>> by_story(week.size());
  for (std::uint32_t at = 0; at < week.size(); ++at) by_story[at] = {week[at].story_id, at};
  std::sort(by_story.begin(), by_story.end());
  struct Group {
    std::uint32_t first = kNone;  // the story's newest item: positions in `week`
    std::size_t outlets = 0;
    const model::ItemOutline* lead = nullptr;
    Region region = Region::unassigned;
  };
  std::vector<Group> groups;
  groups.reserve(week.size());
  std::vector<std::uint32_t> next(week.size(), kNone);
  std::vector<std::int64_t> feeds;
  std::vector<std::int64_t> sources;
  const auto before = [](const model::ItemOutline& a, const model::ItemOutline& b) {
    if (a.from_aggregator != b.from_aggregator) return !a.from_aggregator;
    return a.time != b.time ? a.time < b.time : a.id < b.id;
  };
  for (std::size_t begin = 0; begin < by_story.size();) {
    std::size_t end = begin;
    while (end < by_story.size() && by_story[end].first == by_story[begin].first) ++end;
    Group group{.first = by_story[begin].second};
    bool global = false;
    feeds.clear();
    // Newest first (positions ascend within a story).
    for (std::size_t i = begin; i < end; ++i) {
      const auto& item = week[by_story[i].second];
      if (i + 1 < end) next[by_story[i].second] = by_story[i + 1].second;
      feeds.push_back(item.feed_id);
      if (group.lead == nullptr || before(item, *group.lead)) group.lead = &item;
      // The newest item placed in Asia decides the story's region. A story is
      // global (left out: the newsletter is about Asian tech) only when no item
      // of it is placed in Asia and at least one is global.
      if (!is_digest_region(group.region) && is_digest_region(item.region)) group.region = item.region;
      global = global || item.region == Region::global;
    }
    if (!is_digest_region(group.region) && global) group.region = Region::global;
    std::sort(feeds.begin(), feeds.end());
    const auto distinct = std::unique(feeds.begin(), feeds.end());
    group.outlets = static_cast<std::size_t>(distinct - feeds.begin());
    // A week has a few hundred sources: a sorted vector of them stays small.
    for (auto feed = feeds.begin(); feed != distinct; ++feed) {
      const auto place = std::lower_bound(sources.begin(), sources.end(), *feed);
      if (place == sources.end() || *place != *feed) sources.insert(place, *feed);
    }
    groups.push_back(group);
    begin = end;
  }
  // Stories in the order of their newest item.
  std::sort(groups.begin(), groups.end(),
            [](const Group& a, const Group& b) { return a.first < b.first; });

  Plan result;
  result.items = week.size();
  result.stories = groups.size();
  result.sources = sources.size();
  const auto story_of = [&](const Group& group) {
    Plan::Story story{.lead = group.lead->id, .outlets = group.outlets};
    for (std::uint32_t at = group.first; at != kNone; at = next[at]) {
      story.items.push_back(week[at].id);
    }
    return story;
  };
  std::vector<const Group*> focus;
  for (const auto& group : groups) {
    if (group.region == Region::global) {
      ++result.left_out;
    } else if (group.outlets >= 2) {
      focus.push_back(&group);
    }
  }
  std::stable_sort(focus.begin(), focus.end(),
                   [](const Group* a, const Group* b) { return a->outlets > b->outlets; });
  focus.resize(std::min(focus.size(), static_cast<std::size_t>(std::max(options.focus_items, 0))));
  for (const Group* group : focus) result.focus.push_back(story_of(*group));

  for (Region region : model::kDigestRegions) result.sections.push_back({.region = region});
  result.sections.push_back({.region = Region::unassigned});
  const auto max_items = static_cast<std::size_t>(std::max(options.max_items_per_region, 0));
  for (const auto& group : groups) {
    if (group.region == Region::global ||
        std::find(focus.begin(), focus.end(), &group) != focus.end()) {
      continue;
    }
    for (auto& part : result.sections) {
      if (part.region != group.region) continue;
      if (part.shown.size() < max_items) {
        part.shown.push_back(story_of(group));
      } else {
        ++part.more;
      }
    }
  }
  return result;
}

std::string render(model::IsoWeek week, const Plan& plan,
                   const std::vector<StoredItem>& printed, const Options& options) {
  std::unordered_map<std::int64_t, const StoredItem*> by_id;
  by_id.reserve(printed.size());
  for (const auto& item : printed) by_id.emplace(item.id, &item);
  return write(week, plan, [&](std::int64_t id) -> const StoredItem* {
    const auto found = by_id.find(id);
    return found == by_id.end() ? nullptr : found->second;
  }, options);
}

std::string render(model::IsoWeek week, const std::vector<StoredItem>& items,
                   const Options& options) {
  const auto chosen = plan(outlines_of(items), options);
  return write(week, chosen, [&](std::int64_t index) -> const StoredItem* {
    return index >= 0 && static_cast<std::size_t>(index) < items.size()
               ? &items[static_cast<std::size_t>(index)]
               : nullptr;
  }, options);
}

}  // namespace monsoon::digest
