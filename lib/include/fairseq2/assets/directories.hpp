// fairseq2's well-known directories and the variables that move them, as
// fairseq2 0.8.1's StandardAssetDirectoryAccessor (assets/dirs.py) finds them.
#pragma once

#include <filesystem>
#include <optional>
#include <optional>
#include <string>

#include "fairseq2/support/diagnostic.hpp"

namespace fairseq2 {

struct AssetDirectory {
    // Resolved as fairseq2 resolves it: `~` expanded, made absolute, symlinks
    // followed as far as they exist.
    std::filesystem::path path;
    // The environment variable that named `path`; empty for a default.
    std::string variable;
};

// The outcome of looking a directory up: the directory, if one exists, and
// the warnings fairseq2 logs on the way (a variable that names a missing
// directory, one that is set to the empty string).
struct AssetDirectoryLookup {
    // The directory fairseq2 reads, or the default it looked at last.
    AssetDirectory directory;
    bool exists = false;
    Diagnostics warnings;
    // The directory the variable names, missing or not: where a card meant
    // for this directory goes (fairseq2 reads it once it exists).
    std::optional<AssetDirectory> named;

    // `named`, else `directory`.
    const AssetDirectory& intended() const noexcept { return named ? *named : directory; }
};

// `FAIRSEQ2_ASSET_DIR`, else (also when it names a directory that does not
// exist, with a warning) `/etc/fairseq2/assets`, which fairseq2 skips when it
// does not exist either.
AssetDirectoryLookup system_asset_directory();

// `FAIRSEQ2_USER_ASSET_DIR`, else `$XDG_CONFIG_HOME/fairseq2/assets`, else
// `~/.config/fairseq2/assets`, with the same fallback and warnings.
AssetDirectoryLookup user_asset_directory();

// Where fairseq2 downloads assets: `FAIRSEQ2_CACHE_DIR`, else
// `$XDG_CACHE_HOME/fairseq2/assets`, else `~/.cache/fairseq2/assets`.
AssetDirectory asset_cache_directory();

// Where the Hugging Face Hub keeps `hg://` downloads: `HF_HUB_CACHE`, else
// `$HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub`, else
// `~/.cache/huggingface/hub`.
AssetDirectory huggingface_cache_directory();

// pathlib's `Path(text).expanduser().resolve()`: the empty string is the
// current directory.
std::filesystem::path resolve_python_path(const std::string& text);

} // namespace fairseq2
