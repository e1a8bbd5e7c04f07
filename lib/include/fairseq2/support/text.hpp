// Small text helpers shared by every layer.
#pragma once

#include <string_view>

namespace fairseq2 {

// Removes leading and trailing whitespace, as Python's str.strip() does for
// ASCII whitespace.
std::string_view trim(std::string_view text) noexcept;

} // namespace fairseq2
