#include "fairseq2/assets/listing.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace fairseq2 {

AssetListing list_assets(const AssetStore& store, std::string_view kind) {
    AssetListing listing;
    std::map<std::string, std::vector<AssetListingEntry>> groups; // sorted by source
    for (const LoadedSource& source : store.sources())
        for (const AssetCard& card : source.cards) {
            // maybe_retrieve_card(name) of the canonical name: `x@` with no
            // environment, `x@env` with that one only.
            const std::string& name = card.name;
            if (card.is_overlay() && !store.find_plain_card(card.base_name())) {
                listing.warnings.push_back({.severity = Severity::warning,
                                            .code = DiagnosticCode::orphan_overlay,
                                            .message = fmt::format("Base card of {} not found. Skipping.", name),
                                            .location = card.location(),
                                            .asset = name});
                continue;
            }
            std::optional<ResolvedCard> resolved;
            try {
                resolved = store.retrieve_card(name);
            } catch (const Error& error) {
                Diagnostic d = error.diagnostic();
                d.severity = Severity::warning;
                d.message = fmt::format("{} asset card cannot be loaded. Skipping. ({})", name, d.message);
                listing.warnings.push_back(std::move(d));
                continue;
            }
            const EffectiveField* source_field = resolved->field("__source__");
            std::string source_name = source_field && source_field->value->is_string()
                ? source_field->value->as_string()
                : "unknown source";
            std::vector<std::string> kinds;
            for (std::string_view k : {"model", "dataset", "tokenizer"})
                if ((kind == "all" || kind == k) && resolved->field(std::string{k} + "_family"))
                    kinds.emplace_back(k);
            if (kind == "all" && kinds.empty())
                kinds.emplace_back("other");
            auto& entries = groups[source_name];
            for (const std::string& k : kinds)
                entries.push_back({k, name});
        }
    for (auto& [source, entries] : groups) {
        if (entries.empty())
            continue;
        std::sort(entries.begin(), entries.end());
        listing.groups.push_back({source, std::move(entries)});
    }
    return listing;
}

} // namespace fairseq2
