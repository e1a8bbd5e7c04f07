#include "fairseq2/assets/name.hpp"

#include "fairseq2/support/text.hpp"

namespace fairseq2 {

std::optional<std::string> canonicalize_asset_name(std::string_view name) {
    auto at = name.find('@');
    std::string canonical;
    if (at == std::string_view::npos) {
        canonical = std::string{trim(name)} + "@";
    } else {
        std::string_view env = name.substr(at + 1);
        if (env.find('@') != std::string_view::npos)
            return std::nullopt;
        canonical = std::string{trim(name.substr(0, at))} + "@" + std::string{trim(env)};
    }
    if (canonical.front() == '@')
        return std::nullopt;
    return canonical;
}

std::optional<std::string> sanitize_base_asset_name(std::string_view name) {
    if (name.find('@') != std::string_view::npos)
        return std::nullopt;
    std::string_view trimmed = trim(name);
    if (trimmed.empty())
        return std::nullopt;
    return std::string{trimmed};
}

} // namespace fairseq2
