#pragma once
// plain_text's parts, for tests.

#include <cstddef>
#include <string>
#include <string_view>

namespace monsoon::parse::detail {

// parse::plain_text, reading at first only the first `prefix_bytes` bytes of
// `value` and all of it only when they give too little text to cut.
std::string plain_text(std::string_view value, bool is_html, std::size_t max_bytes,
                       std::size_t prefix_bytes);

}  // namespace monsoon::parse::detail
