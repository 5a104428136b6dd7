#pragma once
// The weekly draft digest: stored items + ISO week -> Markdown, in the shape of the
// "Asia Tech Review" newsletter. Pure: values in, text out; the caller writes the file.
//
// Feed text is hostile: titles, summaries and source names are escaped so they can
// never become Markdown or HTML, and only http(s) links are ever emitted.

#include <monsoon/model.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace monsoon::digest {

struct Options {
  int focus_items = 5;            // at most this many stories in "News in focus"
  int max_items_per_region = 30;  // longer sections are cut, with a note saying how many
  model::TimePoint generated_at{};  // shown in the header, in UTC
};

// "2026-W48".
std::string week_label(model::IsoWeek week);
// Parses "2026-W48" (also "2026W48"); nullopt for anything else or a week that
// does not exist in that year.
std::optional<model::IsoWeek> parse_week(std::string_view text);
// The ISO week containing the given calendar day.
model::IsoWeek week_of(std::chrono::sys_days day);
// Monday of the week (a calendar date, no time zone).
std::chrono::sys_days monday_of(model::IsoWeek week);

// A draft's choice of stories, made from the outlines of every item of the week.
struct Plan {
  struct Story {
    std::vector<std::int64_t> items;  // item ids, newest first
    std::int64_t lead = 0;  // the earliest item from an original source (else the earliest)
    std::size_t outlets = 0;  // distinct feeds
  };
  struct Section {
    model::Region region = model::Region::unassigned;
    std::vector<Story> shown;  // at most Options::max_items_per_region
    std::size_t more = 0;      // stories left out of the section
  };
  std::vector<Story> focus;        // News in focus, most outlets first
  std::vector<Section> sections;   // the seven regions in order, then unassigned
  std::size_t items = 0, stories = 0, sources = 0;
  std::size_t left_out = 0;  // global stories: not about Asia

  // The ids of every item the draft prints: render() needs these items, no others.
  std::vector<std::int64_t> printed_items() const;
};

// Chooses the draft's stories. Items sharing a story_id are one story, counted by
// their distinct feeds; `week` is newest first (Store::item_outlines). Stories
// whose items are all `global` or unassigned, with at least one global, are not
// about Asia: they get no section and no place in News in focus, only a count in
// the header. Unassigned stories get their own section for the editor.
Plan plan(const std::vector<model::ItemOutline>& week, const Options& options);

// Writes the planned draft. `printed` holds at least plan.printed_items(), in any
// order. Items whose link is not http(s) are listed without a link.
std::string render(model::IsoWeek week, const Plan& plan,
                   const std::vector<model::StoredItem>& printed, const Options& options);

// Plans and writes a draft from items in memory, newest first. Items are one
// story when they share a story_id, and here also when they share a link (once
// scheme, "www.", tracking parameters, fragment and trailing slash are ignored)
// or a title (once case, spacing and punctuation are ignored): items passed in
// without a story id.
std::string render(model::IsoWeek week, const std::vector<model::StoredItem>& items,
                   const Options& options);

// Escapes text so it renders literally in Markdown and never as HTML.
std::string escape_markdown(std::string_view text);
// The link as it may appear in Markdown link syntax, or nullopt if it is not an
// absolute http(s) URL.
std::optional<std::string> safe_link(std::string_view url);

}  // namespace monsoon::digest
