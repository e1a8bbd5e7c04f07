#include "fairseq2/assets/tokenizer_ref.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "fairseq2/support/did_you_mean.hpp"

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
    // Made at the first reference: most cards have none.
    std::vector<std::string> steps;
    while (const EffectiveField* ref = result.holder(card).field("tokenizer_ref")) {
        if (steps.empty())
            steps.push_back(step_of(card));
        if (!ref->value->is_string())
            throw Error{Diagnostic{
                .code = DiagnosticCode::field_type,
                .message = fmt::format("The tokenizer_ref field of the '{}' asset card is expected to be of "
                                       "type `str`, but is of type `{}` instead.",
                                       ref->card->display_name(), ref->value->type_name()),
                .location = ref->location(),
                .asset = std::string{ref->card->display_name()}}};
        const std::string& target = ref->value->as_string();
        AssetRequest request = store.parse_request(target);
        if (request.name.empty() || !store.find_plain_card(request.name)) {
            auto near = request.name.empty() ? std::nullopt : store.suggest(request.name);
            throw Error{Diagnostic{
                .code = DiagnosticCode::tokenizer_ref_not_found,
                .message = fmt::format("The {} asset referenced by the tokenizer_ref field of the '{}' asset "
                                       "card does not exist. Fix the reference, or add a card named '{}'.",
                                       target, ref->card->display_name(), request.name),
                .location = ref->location(),
                .asset = std::string{ref->card->display_name()},
                .hint = did_you_mean(near)}};
        }
        ResolvedCard next = store.retrieve_card(target);
        std::string step = step_of(next);
        if (auto seen = std::find(steps.begin(), steps.end(), step); seen != steps.end()) {
            std::vector<std::string> cycle(result.references.begin() + (seen - steps.begin()),
                                           result.references.end());
            cycle.push_back(next.name());
            throw Error{Diagnostic{
                .code = DiagnosticCode::tokenizer_ref_cycle,
                .message = fmt::format("The tokenizer_ref fields of the '{}' asset card form a cycle: {}. "
                                       "fairseq2 follows them forever; point one of them at the card that "
                                       "holds the tokenizer.",
                                       card.name(), fmt::join(cycle, " -> ")),
                .location = ref->location(),
                .asset = std::string{ref->card->display_name()}}};
        }
        steps.push_back(std::move(step));
        result.references.push_back(next.name());
        result.referenced = std::move(next);
    }
    return result;
}

TokenizerLookup look_up_tokenizer_card(const AssetStore& store, const ResolvedCard& card) {
    TokenizerLookup lookup;
    try {
        lookup.card = resolve_tokenizer_card(store, card);
    } catch (const Error& error) {
        lookup.error = error.diagnostic();
    }
    return lookup;
}

} // namespace fairseq2
