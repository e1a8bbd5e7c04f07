#include "fairseq2/validation/hints.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace fairseq2 {
namespace {

std::optional<std::string> base_family_hint(const FamilyRegistry& families, const AssetStore& store,
                                            const std::string& base_name, const std::string& file) {
    std::map<FamilyKind, int> votes;
    for (auto kind : {FamilyKind::model, FamilyKind::tokenizer, FamilyKind::dataset})
        if (families.find_family(kind, base_name))
            votes[kind] = 0;
    if (votes.empty())
        return std::nullopt;
    for (const LoadedSource& source : store.sources())
        for (const AssetCard& card : source.cards)
            if (card.location.file == file)
                for (auto& [kind, count] : votes) {
                    const Value* value = card.metadata.find(std::string{to_string(kind)} + "_family");
                    if (value && value->is_string() && value->as_string() == base_name)
                        ++count;
                }
    auto best = std::max_element(votes.begin(), votes.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    return fmt::format("'{0}' is a {1} family{2}: did you mean `{1}_family: {0}`?", base_name,
                       to_string(best->first),
                       best->second ? ", and the sibling cards of this file name it so" : "");
}

} // namespace

Diagnostic explain_resolution_error(const Error& error, const FamilyRegistry& families,
                                    const AssetStore& store) {
    Diagnostic explained = error.diagnostic();
    if (const auto* missing = dynamic_cast<const BaseNotFoundError*>(&error))
        if (auto hint = base_family_hint(families, store, missing->base_name(), explained.location.file))
            explained.hint = std::move(*hint);
    return explained;
}

} // namespace fairseq2
