// fairseq2's checks of each card document (a mapping, with a `str` name
// that is a valid asset name, and a valid `base`) and the fields it adds
// (`__base_path__`, `__source__`): documents in, cards out.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "fairseq2/assets/card.hpp"
#include "fairseq2/support/diagnostic.hpp"
#include "fairseq2/yaml/value.hpp"

namespace fairseq2 {

// One document of a card file, or one entry of an in-memory source.
struct CardDocument {
    Value root;
    SourceLocation location;
    // The position of the document in its file (or of the entry in its
    // in-memory source), as fairseq2's messages count them.
    std::size_t index = 0;
};

// Appends a card for each document that passes, and a diagnostic for each
// that does not; `base_path` is empty for an in-memory source.
void check_cards(std::vector<CardDocument> documents, const std::string& source_name,
                 const std::string& base_path, std::vector<AssetCard>& cards, Diagnostics& diagnostics);

} // namespace fairseq2
