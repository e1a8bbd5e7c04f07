// Files compiled into the library (see cmake/embed_files.cmake).
#pragma once

#include <span>
#include <string_view>

namespace fairseq2 {

struct EmbeddedFile {
    std::string_view path;
    std::string_view text;
};

// fairseq2's own cards (cards/).
std::span<const EmbeddedFile> builtin_card_files() noexcept;

// fairseq2's families, archs and config fields (lib/families/data/).
std::span<const EmbeddedFile> builtin_family_data() noexcept;

} // namespace fairseq2
