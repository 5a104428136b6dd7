#pragma once
// HTML named character references (&nbsp;, &eacute;, ...), which XML does not declare.

#include <optional>
#include <string_view>

namespace monsoon::parse::detail {

// The code point of an HTML entity name without '&' and ';' ("eacute"), case-sensitive.
std::optional<char32_t> html_entity(std::string_view name);

}  // namespace monsoon::parse::detail
