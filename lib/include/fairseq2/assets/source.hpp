// The places asset cards come from. Sources are registered in the container's
// AssetSource collection, in the order that decides precedence (built-in
// cards, the system directory, the user directory, sources of extensions,
// then `--cards`), and read together when the store is first resolved.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/node/node.h>

#include "fairseq2/diagnostic.hpp"
#include "fairseq2/support/embedded_file.hpp"

namespace fairseq2 {

inline constexpr std::string_view builtin_source_name = "package:fairseq2.assets.cards";

struct AssetSource {
    enum class Kind : std::uint8_t { embedded, path, memory };

    Kind kind = Kind::path;
    // For `path`: a YAML file, or a directory walked for `*.yaml` and `*.yml`.
    std::filesystem::path path;
    // For `embedded`.
    std::span<const EmbeddedFile> files;
    // For `memory`: the source's name and its card mappings.
    std::string memory_name;
    std::vector<YAML::Node> entries;
    // Who registered the source (`fairseq2`, an extension, `command line`).
    std::string origin;
    // The environment variable that named the path, if one did.
    std::string variable;
    // Whether a missing path is an error (registered sources) or is skipped
    // (a well-known directory).
    bool optional = false;
    // Whether `path` is already resolved (a well-known directory, which
    // fairseq2 resolves before it names the source after it).
    bool resolved = false;
    // What was found while choosing the path (a variable naming a missing
    // directory), reported when the source is read.
    Diagnostics notes;
};

} // namespace fairseq2
