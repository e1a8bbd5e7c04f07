// fairseq2's `assets list` (assets/cli.py in 0.8.1): every card name, overlays
// too, as `kind:name@env` entries grouped by the source of the card as
// retrieved, each group and each entry sorted as strings.
#pragma once

#include <compare>
#include <string>
#include <string_view>
#include <vector>

#include "fairseq2/assets/store.hpp"

namespace fairseq2 {

struct AssetListingEntry {
    // `model`, `dataset`, `tokenizer`, or `other` for a card with no family.
    std::string kind;
    // The canonical name: `llama3_8b@`, `llama3_8b@rsc`.
    std::string name;

    // `model:llama3_8b@`, as fairseq2 prints it.
    std::string to_string() const { return kind + ":" + name; }

    // The order of to_string(): no kind is a prefix of another.
    auto operator<=>(const AssetListingEntry&) const = default;
};

struct AssetListingGroup {
    // The `__source__` of the retrieved card (an overlay's, for an overlay).
    std::string source;
    std::vector<AssetListingEntry> entries;
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
