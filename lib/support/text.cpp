#include "fairseq2/support/text.hpp"

namespace fairseq2 {

std::string_view trim(std::string_view text) noexcept {
    constexpr std::string_view whitespace = " \t\n\r\f\v";
    auto begin = text.find_first_not_of(whitespace);
    if (begin == std::string_view::npos)
        return {};
    auto end = text.find_last_not_of(whitespace);
    return text.substr(begin, end - begin + 1);
}

Utf8Sequence decode_utf8(std::string_view text, std::size_t at) noexcept {
    auto byte = static_cast<unsigned char>(text[at]);
    if (byte < 0x80)
        return {1, byte};
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    std::uint32_t min = 0;
    if ((byte & 0xE0) == 0xC0)
        length = 2, code_point = byte & 0x1Fu, min = 0x80;
    else if ((byte & 0xF0) == 0xE0)
        length = 3, code_point = byte & 0x0Fu, min = 0x800;
    else if ((byte & 0xF8) == 0xF0)
        length = 4, code_point = byte & 0x07u, min = 0x10000;
    if (length == 0 || at + length > text.size())
        return {};
    for (std::size_t k = 1; k < length; ++k) {
        auto next = static_cast<unsigned char>(text[at + k]);
        if ((next & 0xC0) != 0x80)
            return {};
        code_point = (code_point << 6) | (next & 0x3Fu);
    }
    if (code_point < min || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
        return {};
    return {length, code_point};
}

} // namespace fairseq2
