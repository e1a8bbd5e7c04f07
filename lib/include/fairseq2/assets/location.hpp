// What fairseq2 opens for a card's location fields (`checkpoint` of a model,
// `tokenizer` of a tokenizer): `AssetCardField.as_uri()` and the scheme check
// of the family that reads the field (fairseq2 0.8.1, assets/card.py,
// models/family.py, data/tokenizers/family.py).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fairseq2/assets/store.hpp"
#include "fairseq2/assets/tokenizer_ref.hpp"

namespace fairseq2 {

// The fields fairseq2 reads as a URI or a path.
inline constexpr std::string_view location_fields[] = {"checkpoint", "tokenizer"};

struct AssetLocation {
    // `str(uri)`: the URI fairseq2 opens (`file:///...`, `hg://...`).
    std::string uri;
    std::string scheme;
    // For a `file` URI, the path fairseq2 opens (`Uri.to_path()`: the text
    // after `file://`, percent escapes left as they are).
    std::string local_path;
    // The card gave a relative path, made absolute from its base path.
    bool relative = false;
};

// The location of `field` (an effective field of `card`): a URI as written,
// or a path (relative ones joined to `card.base_path()`, `~` not expanded)
// as a `file` URI. Throws fairseq2::Error: `field-type` when the value is not
// a string, `invalid-uri` when a relative path has no base path or the scheme
// is not one fairseq2 opens.
AssetLocation resolve_location(const ResolvedCard& card, const EffectiveField& field);

// A location field as fairseq2 reads it for one card.
struct CardLocation {
    std::string field;
    // The card it is read from: the card itself for `checkpoint`, the card
    // `tokenizer_ref` leads to for `tokenizer`.
    std::string card;
    // The field as written, and the card and line that hold it.
    EffectiveField value;
    // The location, or why fairseq2 fails on it.
    std::optional<AssetLocation> location;
    std::optional<Diagnostic> error;
};

// The locations fairseq2 opens when it loads the card: `checkpoint` when the
// card names a model family, `tokenizer` when its tokenizer card names a
// tokenizer family. A field that is missing is not listed (fairseq2 reports
// the asset as gated then). A broken `tokenizer_ref` leaves `tokenizer` out:
// that error belongs to the tokenizer, see effective_configs().
std::vector<CardLocation> card_locations(const ResolvedCard& card, const TokenizerLookup& tokenizer);

} // namespace fairseq2
