// Small text helpers shared by every layer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
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

// Eight bytes of text tested at once, for the loops that look at every
// byte of a card file or of the output, where most text is plain ASCII (the
// bit tricks of "Bit Twiddling Hacks"). Each test gives a mask with the high
// bit of each byte that is so, and of no other: no carry crosses from one
// byte to the next, so masks combine with & and | (a line break can be let
// through where other control bytes are not).
class ByteBlock {
public:
    using Mask = std::uint64_t;

    explicit ByteBlock(const char* bytes) noexcept { std::memcpy(&word_, bytes, sizeof word_); }

    Mask non_ascii() const noexcept { return word_ & highs; }
    // The ASCII bytes below `limit`, which is at most 0x80.
    Mask below(unsigned char limit) const noexcept {
        return ~((word_ & lows) + ones * (0x80 - limit)) & ~word_ & highs;
    }
    Mask equal(unsigned char byte) const noexcept {
        std::uint64_t zero_where_equal = word_ ^ (ones * byte);
        return ~(((zero_where_equal & lows) + lows) | zero_where_equal) & highs;
    }

private:
    static constexpr std::uint64_t ones = 0x0101010101010101ULL;
    static constexpr std::uint64_t highs = 0x8080808080808080ULL;
    static constexpr std::uint64_t lows = 0x7F7F7F7F7F7F7F7FULL;
    std::uint64_t word_;
};

// Removes leading and trailing whitespace, as Python's str.strip() does for
// ASCII whitespace.
std::string_view trim(std::string_view text) noexcept;

} // namespace fairseq2
