// Small text helpers shared by every layer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fairseq2 {

// The UTF-8 sequence that starts at `text[at]`. `length` is 0 when the bytes
// there are not UTF-8: a stray continuation byte, an overlong form, a
// surrogate, a code point past U+10FFFF, or a sequence cut short.
struct Utf8Sequence {
    std::size_t length = 0;
    std::uint32_t code_point = 0;
};

Utf8Sequence decode_utf8(std::string_view text, std::size_t at) noexcept;

// Removes leading and trailing whitespace, as Python's str.strip() does for
// ASCII whitespace.
std::string_view trim(std::string_view text) noexcept;

} // namespace fairseq2
