// `tokenizer_ref: NAME` sends the tokenizer look-up of a card to card NAME,
// as fairseq2 0.8.1's resolve_tokenizer_reference (data/tokenizers/ref.py)
// does before it reads `tokenizer_family`, the tokenizer config and the
// `tokenizer` location.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fairseq2/assets/store.hpp"

namespace fairseq2 {

struct TokenizerCard {
    // The card that holds the tokenizer when `tokenizer_ref` leads elsewhere:
    // the last of the references, each retrieved with the default
    // environments (its own overlay applies). Empty when the card asked for
    // holds it, which is not copied.
    std::optional<ResolvedCard> referenced;
    // The cards followed, the card asked for first; one entry when it has no
    // `tokenizer_ref`.
    std::vector<std::string> references;

    // The card that holds the tokenizer, given the card asked for.
    const ResolvedCard& holder(const ResolvedCard& asked) const noexcept {
        return referenced ? *referenced : asked;
    }
};

// Follows `tokenizer_ref` from `card` for as long as the card reached has
// one. Throws fairseq2::Error: `field-type` when a reference is not a string,
// `tokenizer-ref-not-found` when its card does not exist, `tokenizer-ref-cycle`
// when the references come back to a card already followed (fairseq2 loops
// forever there), and what retrieve_card throws for the referenced card.
TokenizerCard resolve_tokenizer_card(const AssetStore& store, const ResolvedCard& card);

// resolve_tokenizer_card() once for a card's locations and configs, which
// each need it: the tokenizer card, or why the references fail.
struct TokenizerLookup {
    std::optional<TokenizerCard> card;
    std::optional<Diagnostic> error;
};
TokenizerLookup look_up_tokenizer_card(const AssetStore& store, const ResolvedCard& card);

} // namespace fairseq2
