#include "fairseq2/validation/hints.hpp"

#include <fmt/format.h>

namespace fairseq2 {
namespace {

constexpr FamilyKind kinds[] = {FamilyKind::model, FamilyKind::tokenizer, FamilyKind::dataset};

std::string use_key(FamilyKind kind, std::string_view family) {
    std::string key{to_string(kind)};
    key += '\0';
    key += family;
    return key;
}

} // namespace

ResolutionHints::ResolutionHints(const FamilyRegistry& families, const AssetStore& store)
    : families_(families), store_(store) {}

const ResolutionHints::FamilyUses& ResolutionHints::family_uses(std::string_view file) const {
    static const FamilyUses none;
    std::call_once(cards_of_file_made_, [this] {
        for (const LoadedSource& source : store_.sources())
            for (const AssetCard& card : source.cards)
                cards_of_file_[card.file()].push_back(&card);
    });
    auto cards = cards_of_file_.find(file);
    if (cards == cards_of_file_.end())
        return none;
    std::lock_guard lock{uses_mutex_};
    // Keyed by the store's own spelling of the file, which outlives the
    // error's.
    auto [uses, first] = uses_.try_emplace(cards->first);
    if (!first)
        return uses->second;
    for (const AssetCard* card : cards->second)
        for (FamilyKind kind : kinds)
            if (const Value* value = store_.loaded(*card).metadata.find(std::string{to_string(kind)} + "_family");
                value && value->is_string())
                ++uses->second[use_key(kind, value->as_string())];
    return uses->second;
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
        const FamilyUses& in_file = family_uses(explained.location.file);
        auto found = in_file.find(use_key(kind, base));
        std::size_t uses = found == in_file.end() ? 0 : found->second;
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
