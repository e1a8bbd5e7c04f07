#include "fairseq2/validation/hints.hpp"

#include <fmt/format.h>

namespace fairseq2 {
namespace {

constexpr FamilyKind kinds[] = {FamilyKind::model, FamilyKind::tokenizer, FamilyKind::dataset};

std::string use_key(std::string_view file, FamilyKind kind, std::string_view family) {
    std::string key{file};
    key += '\0';
    key += to_string(kind);
    key += '\0';
    key += family;
    return key;
}

} // namespace

ResolutionHints::ResolutionHints(const FamilyRegistry& families, const AssetStore& store) : families_(families) {
    for (const LoadedSource& source : store.sources())
        for (const AssetCard& card : source.cards)
            for (FamilyKind kind : kinds)
                if (const Value* value = card.metadata.find(std::string{to_string(kind)} + "_family");
                    value && value->is_string())
                    ++uses_[use_key(card.location.file, kind, value->as_string())];
}

Diagnostic ResolutionHints::explain(const Error& error) const {
    Diagnostic explained = error.diagnostic();
    const auto* missing = dynamic_cast<const BaseNotFoundError*>(&error);
    if (!missing)
        return explained;
    const std::string& base = missing->base_name();
    // The kind whose family has the name, preferring the one the file's
    // cards use it for; the first kind on a tie.
    std::optional<FamilyKind> best;
    std::size_t best_uses = 0;
    for (FamilyKind kind : kinds) {
        if (!families_.find_family(kind, base))
            continue;
        auto found = uses_.find(use_key(explained.location.file, kind, base));
        std::size_t uses = found == uses_.end() ? 0 : found->second;
        if (!best || uses > best_uses) {
            best = kind;
            best_uses = uses;
        }
    }
    if (best)
        explained.hint = fmt::format("'{0}' is a {1} family{2}: did you mean `{1}_family: {0}`?", base,
                                     to_string(*best),
                                     best_uses ? ", and the sibling cards of this file name it so" : "");
    return explained;
}

} // namespace fairseq2
