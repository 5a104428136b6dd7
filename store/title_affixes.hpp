#pragma once
// The outlet's part of a headline, which says who published it, not what happened:
// wire tags before it ("UPDATE 2-", "EXCLUSIVE:", "BREAKING -"), a bracketed tag
// before or after it ("【速報】", "[속보]", "(LEAD)", "(ZDNet)"), and an outlet name
// after a spaced dash or bar ("... - Reuters", "... | The Straits Times"). Syndicated
// copies differ in exactly these parts, and the names in them look like subjects.
// Pure and thread-safe.

#include <string_view>

namespace monsoon::store::detail {

// `title` without its outlet affixes (a view into it). A trailing " - X" goes only
// when X has at most five words and what is left has at least three; a title that
// would be left empty is returned whole.
[[nodiscard]] std::string_view strip_outlet_affixes(std::string_view title);

}  // namespace monsoon::store::detail
