// Hints that need more than one card: why a name the cards use is not there.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fairseq2/assets/store.hpp"
#include "fairseq2/families/registry.hpp"

namespace fairseq2 {

class ResolutionHints {
public:
    // Groups the store's cards by file, once, so that explaining any number
    // of errors costs no scan of the store.
    ResolutionHints(const FamilyRegistry& families, const AssetStore& store);

    // The diagnostic of an error that retrieve_card threw, with the hints it
    // takes: for a base that is not a card but names a family (fairseq2's
    // own `librispeech_asr_100h` has `base: wav2vec2_asr`), the field the
    // card most likely meant, the kind its sibling cards in the same file use
    // that name for. Safe to call from many threads.
    Diagnostic explain(const Error& error) const;

private:
    const FamilyRegistry& families_;
    const AssetStore& store_;
    // The cards of each file (as diagnostics name it), in file order: made
    // when the first error needs it, since most runs explain none (and a
    // large store's table is MBs).
    mutable std::once_flag cards_of_file_made_;
    mutable std::unordered_map<std::string_view, std::vector<const AssetCard*>> cards_of_file_;
    // For each file an error was explained in, counted on the first: kind
    // and family name joined by a NUL -> the file's cards whose
    // `<kind>_family` is that name.
    using FamilyUses = std::unordered_map<std::string, std::size_t>;
    const FamilyUses& family_uses(std::string_view file) const;
    mutable std::mutex uses_mutex_;
    mutable std::unordered_map<std::string_view, FamilyUses> uses_;
};

} // namespace fairseq2
