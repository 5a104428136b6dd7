#pragma once
// The weekly draft digest: stored items + ISO week -> Markdown, in the shape of the
// "Asia Tech Review" newsletter. Pure: values in, text out; the caller writes the file.
//
// Feed text is hostile: titles, summaries and source names are escaped so they can
// never become Markdown or HTML, and only http(s) links are ever emitted.

#include <monsoon/model.hpp>

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

// Renders the draft. Items whose link is not http(s) are listed without a link.
// Stories whose items are all `global` or unassigned, with at least one global, are
// not about Asia: they get no section and no place in News in focus, only a count
// in the header. Unassigned stories get their own section for the editor.
std::string render(model::IsoWeek week, const std::vector<model::StoredItem>& items,
                   const Options& options);

// Escapes text so it renders literally in Markdown and never as HTML.
std::string escape_markdown(std::string_view text);
// The link as it may appear in Markdown link syntax, or nullopt if it is not an
// absolute http(s) URL.
std::optional<std::string> safe_link(std::string_view url);

}  // namespace monsoon::digest
