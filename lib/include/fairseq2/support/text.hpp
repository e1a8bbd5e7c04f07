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

// Sixteen bytes of text tested at once, for the loops that look at every
// byte of a card file or of the output, where most text is plain ASCII.
// Each test gives a mask that is all ones in each byte that is so and zero
// in the others, so masks combine with &, | and ~ (a line break can be let
// through where other control bytes are not). Written with the vector
// extension GCC and Clang share: on x86-64 a test is one SSE2 instruction,
// and a block costs about what one byte did in a byte-by-byte loop.
class ByteBlock {
    using Bytes = unsigned char __attribute__((vector_size(16)));

public:
    static constexpr std::size_t size = 16;
    using Mask = decltype(Bytes{} == 0);

    explicit ByteBlock(const char* bytes) noexcept { std::memcpy(&bytes_, bytes, size); }

    Mask non_ascii() const noexcept { return bytes_ >= 0x80; }
    Mask below(unsigned char limit) const noexcept { return bytes_ < limit; }
    Mask equal(unsigned char byte) const noexcept { return bytes_ == byte; }

    // Whether no byte is in the mask.
    static bool none(Mask mask) noexcept {
        std::uint64_t halves[2];
        std::memcpy(halves, &mask, sizeof halves);
        return (halves[0] | halves[1]) == 0;
    }

private:
    Bytes bytes_;
};

// Removes leading and trailing whitespace, as Python's str.strip() does for
// ASCII whitespace.
std::string_view trim(std::string_view text) noexcept;

} // namespace fairseq2
