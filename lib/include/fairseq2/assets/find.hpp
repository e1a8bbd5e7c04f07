// Finding cards by what their fields hold, as fairseq2's
// `AssetStore.find_cards(field, value)` does (assets/store.py in 0.8.1):
// every card that is not an overlay, retrieved as its name alone retrieves it
// (the default environments), whose field, looked up along the base chain
// (`maybe_get_field`), equals the value. A glob (`FIELD~=GLOB`) matches a
// field's text instead; several queries must all hold.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fairseq2/assets/store.hpp"

namespace fairseq2 {

struct CardQuery {
    std::string field;
    enum class Match : std::uint8_t {
        equal, // Python's `==` with `value`
        glob,  // fnmatch of `pattern` on the field's text
    };
    Match match = Match::equal;
    Value value;
    std::string pattern;
};

// `FIELD=VALUE` (the value typed as YAML types it: `num_shards=8` is an int)
// or `FIELD~=GLOB`. Throws fairseq2::Error `invalid-argument` otherwise.
CardQuery parse_card_query(std::string_view text);

struct FoundCard {
    std::string name;
    // The field of each query, in query order.
    std::vector<EffectiveField> fields;
};

struct FoundCards {
    std::vector<FoundCard> cards;
    // The cards that cannot be retrieved: fairseq2's find_cards raises on
    // the first; each is reported here and the search goes on.
    Diagnostics problems;
};

// `explain` turns the error of a card that cannot be retrieved into its
// diagnostic (ResolutionHints::explain adds the hints); by default the
// error's own.
FoundCards find_cards(const AssetStore& store, const std::vector<CardQuery>& queries,
                      const std::function<Diagnostic(const Error&)>& explain = {});

} // namespace fairseq2
