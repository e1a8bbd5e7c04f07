// fairseq2's checks of each card document (a mapping, with a `str` name
// that is a valid asset name, and a valid `base`) and the fields it adds
// (`__base_path__`, `__source__`): documents in, cards out.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "fairseq2/assets/card.hpp"
#include "fairseq2/support/diagnostic.hpp"
#include "fairseq2/yaml/value.hpp"

namespace fairseq2 {

// One document of a card file, or one entry of an in-memory source.
struct CardDocument {
    Value root;
    // The file (or entry) it is in, shared by the cards of that file.
    std::shared_ptr<const CardOrigin> origin;
    // Where it is: its mapping's first key, else its start.
    Mark mark;
    // The position of the document in its file (or of the entry in its
    // in-memory source), as fairseq2's messages count them.
    std::size_t index = 0;

    SourceLocation location() const { return {origin->file, mark.line, mark.column}; }
};

// Appends a card for each document that passes, and a diagnostic for each
// that does not.
void check_cards(std::vector<CardDocument> documents, std::vector<AssetCard>& cards, Diagnostics& diagnostics);

} // namespace fairseq2
