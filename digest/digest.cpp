// Rendering the weekly draft.
#include <monsoon/digest.hpp>

#include <date/date.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <numeric>
#include <set>

namespace monsoon::digest {
namespace {

using model::Region;
using model::StoredItem;

// Items are grouped into the stories the store found across sources (story_id:
// the same canonical link, or a near-duplicate headline and summary, CJK too), and
// here as well by the same link once scheme, "www.", tracking parameters, fragment
// and trailing slash are ignored, or the same title once case, spacing and
// punctuation are ignored (items stored before stories were, and items passed in
// without a story id).
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

struct Story {
  std::vector<const StoredItem*> items;  // newest first
  std::set<std::string> outlets;
};

std::size_t find(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

std::vector<Story> group_stories(const std::vector<StoredItem>& items) {
  std::vector<std::size_t> parent(items.size());
  std::iota(parent.begin(), parent.end(), 0);
  std::map<std::string, std::size_t> first_with_key;
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
  std::map<std::size_t, Story> by_root;
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto root = find(parent, i);
    auto [it, inserted] = by_root.try_emplace(root);
    if (inserted) order.push_back(root);
    it->second.items.push_back(&items[i]);
    it->second.outlets.insert(items[i].feed_name);
  }
  std::vector<Story> stories;
  for (auto root : order) stories.push_back(std::move(by_root[root]));
  return stories;
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

// The story's line comes from its earliest copy from an original source; an
// aggregator's copy (Google News, Techmeme) only when the story has no other.
const StoredItem& lead_of(const Story& story) {
  for (const StoredItem* item : story.items) {
    if (!item->from_aggregator) return *item;
  }
  return *story.items.front();
}

std::string item_line(const Story& story) {
  const StoredItem& lead = lead_of(story);
  std::string line = "- " + escape_markdown(lead.title);
  if (!lead.summary.empty() && title_key(lead.summary) != title_key(lead.title)) {
    line += " — " + escape_markdown(first_sentence(lead.summary, 240));
  }
  std::set<std::string> listed;
  std::string links;
  for (const StoredItem* item : story.items) {
    if (!listed.insert(item->feed_name).second) continue;
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

Region story_region(const Story& story) {
  // The first item placed in Asia decides; the story is filed once. A story is
  // global (left out: the newsletter is about Asian tech) only when no item of it
  // is placed in Asia and at least one is global.
  bool global = false;
  for (const StoredItem* item : story.items) {
    if (is_digest_region(item->region)) return item->region;
    global = global || item->region == Region::global;
  }
  return global ? Region::global : Region::unassigned;
}

std::string section(std::string_view heading, const std::vector<const Story*>& stories,
                    int max_items) {
  std::string out = "\n## " + std::string(heading) + "\n\n";
  if (stories.empty()) return out + "_Nothing this week._\n";
  int shown = 0;
  for (const Story* story : stories) {
    if (shown == max_items) {
      out += "- _… and " + std::to_string(stories.size() - static_cast<std::size_t>(shown)) +
             " more not shown._\n";
      break;
    }
    out += item_line(*story);
    ++shown;
  }
  return out;
}

}  // namespace

std::string render(model::IsoWeek week, const std::vector<StoredItem>& items,
                   const Options& options) {
  auto stories = group_stories(items);

  std::vector<const Story*> focus;
  std::size_t left_out = 0;
  for (const auto& story : stories) {
    if (story_region(story) == Region::global) {
      ++left_out;
    } else if (story.outlets.size() >= 2) {
      focus.push_back(&story);
    }
  }
  std::stable_sort(focus.begin(), focus.end(), [](const Story* a, const Story* b) {
    return a->outlets.size() > b->outlets.size();
  });
  if (focus.size() > static_cast<std::size_t>(options.focus_items)) {
    focus.resize(static_cast<std::size_t>(options.focus_items));
  }
  const std::set<const Story*> in_focus(focus.begin(), focus.end());

  std::map<Region, std::vector<const Story*>> by_region;
  for (const auto& story : stories) {
    if (!in_focus.contains(&story)) by_region[story_region(story)].push_back(&story);
  }

  std::set<std::string> outlets;
  for (const auto& item : items) outlets.insert(item.feed_name);

  std::string out = "# Asia Tech Review — draft for " + week_label(week) + " (" +
                    date_range(week) + ")\n\n";
  out += "_Draft written by monsoon on " +
         date::format("%Y-%m-%d %H:%M", date::sys_seconds{options.generated_at.time_since_epoch()}) +
         " UTC from " + std::to_string(items.size()) + " items in " +
         std::to_string(stories.size()) + " stories from " + std::to_string(outlets.size()) +
         " sources. Review and trim before sending._\n";
  if (left_out > 0) {
    out += "\n_" + std::to_string(left_out) + (left_out == 1 ? " story" : " stories") +
           " not about Asia (region `global`) left out._\n";
  }
  out += "\n## News in focus\n\n";
  if (focus.empty()) out += "_No story was covered by more than one source this week._\n";
  for (const Story* story : focus) {
    out += item_line(*story);
  }
  for (Region region : model::kDigestRegions) {
    out += section(model::display_name(region), by_region[region], options.max_items_per_region);
  }
  if (!by_region[Region::unassigned].empty()) {
    out += section("Unassigned (file these by hand)", by_region[Region::unassigned],
                   options.max_items_per_region);
  }
  return out;
}

}  // namespace monsoon::digest
