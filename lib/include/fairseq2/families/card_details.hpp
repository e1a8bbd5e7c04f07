// What fairseq2 builds from a resolved card when it loads it: the locations
// it opens and the effective config of each family kind the card names, with
// every problem met on the way. `assets resolve` shows it; validation checks
// it, and adds its own checks of the fields fairseq2 reads.
#pragma once

#include <vector>

#include "fairseq2/assets/location.hpp"
#include "fairseq2/assets/store.hpp"
#include "fairseq2/families/effective_config.hpp"
#include "fairseq2/families/registry.hpp"

namespace fairseq2 {

struct CardDetails {
    std::vector<CardLocation> locations;
    // Model first, then tokenizer, then dataset; empty without families.
    std::vector<EffectiveConfig> configs;
    // The locations' errors, then each config's problems, in that order.
    Diagnostics problems;
};

// `families` may be null: then only the locations are found. `cache`, when
// given, serves and keeps the configs built for the cards of one store.
CardDetails card_details(const AssetStore& store, const FamilyRegistry* families, const ResolvedCard& card,
                         EffectiveConfigCache* cache = nullptr);

} // namespace fairseq2
