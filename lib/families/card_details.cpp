#include "fairseq2/families/card_details.hpp"

namespace fairseq2 {

CardDetails card_details(const AssetStore& store, const FamilyRegistry* families, const ResolvedCard& card,
                         EffectiveConfigCache* cache) {
    CardDetails details;
    details.locations = card_locations(store, card);
    for (const CardLocation& location : details.locations)
        if (location.error)
            details.problems.push_back(*location.error);
    if (!families)
        return details;
    details.configs = effective_configs(*families, store, card, cache);
    for (const EffectiveConfig& config : details.configs)
        details.problems.insert(details.problems.end(), config.problems.begin(), config.problems.end());
    return details;
}

} // namespace fairseq2
