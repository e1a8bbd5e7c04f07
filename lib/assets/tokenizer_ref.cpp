#include "fairseq2/assets/tokenizer_ref.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace fairseq2 {
namespace {

// One step of the references: the name and the environments tried, so that
// `x` and `x@rsc` are different steps.
std::string step_of(const ResolvedCard& card) {
    return fmt::format("{}@{}", card.name(), fmt::join(card.environments(), ","));
}

} // namespace

TokenizerCard resolve_tokenizer_card(const AssetStore& store, const ResolvedCard& card) {
    TokenizerCard result{std::nullopt, {card.name()}};
    std::vector<std::string> steps{step_of(card)};
    while (const EffectiveField* ref = result.holder(card).field("tokenizer_ref")) {
        if (!ref->value->is_string())
            throw Error{field_problem(*ref, "field-type",
                 fmt::format("The tokenizer_ref field of the '{}' asset card is expected to be of "
                             "type `str`, but is of type `{}` instead.",
                             ref->card->display_name(), ref->value->type_name()))};
        const std::string& target = ref->value->as_string();
        AssetRequest request = store.parse_request(target);
        if (request.name.empty() || !store.find_card(request.name + "@")) {
            auto near = request.name.empty() ? std::nullopt : store.suggest(request.name);
            throw Error{field_problem(*ref, "tokenizer-ref-not-found",
                 fmt::format("The {} asset referenced by the tokenizer_ref field of the '{}' asset "
                             "card does not exist. Fix the reference, or add a card named '{}'.",
                             target, ref->card->display_name(), request.name),
                 near ? fmt::format("Did you mean '{}'?", *near) : std::string{})};
        }
        ResolvedCard next = store.retrieve_card(target);
        std::string step = step_of(next);
        if (auto seen = std::find(steps.begin(), steps.end(), step); seen != steps.end()) {
            std::vector<std::string> cycle(result.references.begin() + (seen - steps.begin()),
                                           result.references.end());
            cycle.push_back(next.name());
            throw Error{field_problem(*ref, "tokenizer-ref-cycle",
                 fmt::format("The tokenizer_ref fields of the '{}' asset card form a cycle: {}. "
                             "fairseq2 follows them forever; point one of them at the card that "
                             "holds the tokenizer.",
                             card.name(), fmt::join(cycle, " -> ")))};
        }
        steps.push_back(std::move(step));
        result.references.push_back(next.name());
        result.referenced = std::move(next);
    }
    return result;
}

} // namespace fairseq2
