// The places asset cards come from. Sources are registered in the container's
// AssetSource collection, in the order that decides precedence (built-in
// cards, the system directory, the user directory, sources of extensions,
// `--cards`, then the paths being validated), and read together when the
// store is first resolved.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/node/node.h>

#include "fairseq2/support/diagnostic.hpp"
#include "fairseq2/support/embedded_file.hpp"

namespace fairseq2 {

inline constexpr std::string_view builtin_source_name = "package:fairseq2.assets.cards";

// Why a source is read: what boots it, in precedence order.
enum class AssetSourceRole : std::uint8_t {
    builtin,      // fairseq2's own cards, embedded
    system,       // FAIRSEQ2_ASSET_DIR or /etc/fairseq2/assets
    user,         // FAIRSEQ2_USER_ASSET_DIR, $XDG_CONFIG_HOME/..., ~/.config/...
    extension,    // registered by an extension's or the program's setup code
    given,        // a card path the program was given (fairseq2ctl's `--cards`)
    validated,    // a card path being validated
};

const char* to_string(AssetSourceRole role) noexcept;

struct AssetSource {
    enum class Kind : std::uint8_t { embedded, path, memory, text, checkpoint };

    Kind kind = Kind::path;
    AssetSourceRole role = AssetSourceRole::extension;
    // For `path`: a YAML file, or a directory walked for `*.yaml` and `*.yml`.
    // For `text`: the name the text goes by (`<stdin>`). For `checkpoint`: a
    // training output directory (model.yaml, step_N/, scores/).
    std::filesystem::path path;
    // For `embedded`.
    std::span<const EmbeddedFile> files;
    // For `memory`: the source's name and its card mappings.
    std::string memory_name;
    std::vector<YAML::Node> entries;
    // For `text`: one card file's contents, and the directory its relative
    // locations are taken from (the current one when empty), as if the text
    // were a file there.
    std::string text;
    std::filesystem::path text_directory;
    // Who registered the source (`fairseq2`, an extension, the program).
    std::string origin;
    // The environment variable that named the path, if one did.
    std::string variable;
    // What was found while choosing the path (a variable naming a missing
    // directory), reported when the source is read.
    Diagnostics notes;

    // A well-known directory: resolved before it is registered (fairseq2
    // names the source after the resolved path) and skipped when missing.
    bool is_well_known() const noexcept {
        return role == AssetSourceRole::system || role == AssetSourceRole::user;
    }
};

// Card files read from memory: `text` (a buffer) read as a card file named
// `name` would be (`<stdin>`), its relative locations taken from the current
// directory. load_asset_sources() reads it with the other sources;
// register_text_assets() puts it in a container. What `validate cards -` and
// the fuzzers read cards through.
std::shared_ptr<AssetSource> text_asset_source(std::string name, std::string text,
                                               AssetSourceRole role = AssetSourceRole::given);

} // namespace fairseq2
