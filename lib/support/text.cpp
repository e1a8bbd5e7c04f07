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

} // namespace fairseq2
