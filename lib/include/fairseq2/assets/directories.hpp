// fairseq2's well-known card directories and the variables that move them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace fairseq2 {

struct AssetDirectory {
    std::filesystem::path path;
    // The environment variable that named `path`; empty for the default.
    std::string variable;
};

// `FAIRSEQ2_ASSET_DIR`, else `/etc/fairseq2/assets`.
AssetDirectory system_asset_directory();

// `FAIRSEQ2_USER_ASSET_DIR`, else `$XDG_CONFIG_HOME/fairseq2/assets`, else
// `~/.config/fairseq2/assets`; nothing when not even HOME is set.
std::optional<AssetDirectory> user_asset_directory();

} // namespace fairseq2
