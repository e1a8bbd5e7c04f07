// Hints that need more than one card: why a name the cards use is not there.
#pragma once

#include <optional>
#include <string>

#include "fairseq2/assets/store.hpp"
#include "fairseq2/families/registry.hpp"

namespace fairseq2 {

// The diagnostic of an error that retrieve_card threw, with the hints it
// takes: for a base that is not a card but names a family (fairseq2's own
// `librispeech_asr_100h` has `base: wav2vec2_asr`), the field the card most
// likely meant, the kind its sibling cards in the same file use that name for.
Diagnostic explain_resolution_error(const Error& error, const FamilyRegistry& families,
                                    const AssetStore& store);

} // namespace fairseq2
