// Hints that need more than one card: why a name the cards use is not there.
#pragma once

#include <string>
#include <unordered_map>

#include "fairseq2/assets/store.hpp"
#include "fairseq2/families/registry.hpp"

namespace fairseq2 {

class ResolutionHints {
public:
    // Counts, once, which family names the cards of each file use, so that
    // explaining any number of errors costs no scan of the store.
    ResolutionHints(const FamilyRegistry& families, const AssetStore& store);

    // The diagnostic of an error that retrieve_card threw, with the hints it
    // takes: for a base that is not a card but names a family (fairseq2's
    // own `librispeech_asr_100h` has `base: wav2vec2_asr`), the field the
    // card most likely meant, the kind its sibling cards in the same file use
    // that name for. Safe to call from many threads.
    Diagnostic explain(const Error& error) const;

private:
    const FamilyRegistry& families_;
    // `file`, `kind` and family name joined by NULs -> cards of the file
    // whose `<kind>_family` is that name.
    std::unordered_map<std::string, std::size_t> uses_;
};

} // namespace fairseq2
