// fairseq2's `assets list` (assets/cli.py in 0.8.1): every card name, overlays
// too, as `kind:name@env` entries grouped by the source of the card as
// retrieved, each group and each entry sorted as strings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fairseq2/assets/store.hpp"

namespace fairseq2 {

struct AssetListingGroup {
    // The `__source__` of the retrieved card (an overlay's, for an overlay).
    std::string source;
    // `model:llama3_8b@`, `tokenizer:llama3_8b@rsc`, `other:my_card@`.
    std::vector<std::string> entries;
};

struct AssetListing {
    std::vector<AssetListingGroup> groups;
    // fairseq2's warnings for the cards it skips: `<name> asset card cannot
    // be loaded. Skipping.` and `Base card of <name> not found. Skipping.`
    Diagnostics warnings;
};

// `kind` is `all`, `model`, `dataset` or `tokenizer`: with `all`, a card is
// listed once per family kind it names, or as `other`.
AssetListing list_assets(const AssetStore& store, std::string_view kind);

} // namespace fairseq2
