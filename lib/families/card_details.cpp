#include "fairseq2/families/card_details.hpp"

namespace fairseq2 {

CardDetails card_details(const AssetStore& store, const FamilyRegistry* families, const ResolvedCard& card,
                         EffectiveConfigCache* cache) {
    CardDetails details;
    TokenizerLookup tokenizer = look_up_tokenizer_card(store, card);
    details.locations = card_locations(card, tokenizer);
    for (const CardLocation& location : details.locations)
        if (location.error)
            details.problems.push_back(*location.error);
    if (!families)
        return details;
    details.configs = effective_configs(*families, card, tokenizer, cache);
    for (const EffectiveConfig& config : details.configs)
        details.problems.insert(details.problems.end(), config.problems.begin(), config.problems.end());
    return details;
}

} // namespace fairseq2
