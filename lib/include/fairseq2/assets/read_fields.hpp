// The card fields fairseq2 reads with `field.as_(T)` when it loads a model
// or a tokenizer (models/family.py, data/tokenizers/family.py, in fairseq2
// 0.8.1), with the type each must have: what validation checks on the
// effective card, and what the card schema declares.
#pragma once

#include <string_view>

#include "fairseq2/yaml/value.hpp"

namespace fairseq2 {

struct ReadField {
    std::string_view name;
    Value::Kind kind;
};

// Read when the card names a model family.
inline constexpr ReadField model_read_fields[] = {
    {"checkpoint_path", Value::Kind::string},
    {"restrict", Value::Kind::boolean},
};

// Read when the card's tokenizer card names a tokenizer family.
inline constexpr ReadField tokenizer_read_fields[] = {
    {"tokenizer_path", Value::Kind::string},
};

// Read as a URI where the model or the tokenizer is (`url` only when the
// location field is missing: a gated asset), and the tokenizer reference.
inline constexpr ReadField location_read_fields[] = {
    {"checkpoint", Value::Kind::string},
    {"tokenizer", Value::Kind::string},
    {"url", Value::Kind::string},
    {"tokenizer_ref", Value::Kind::string},
};

} // namespace fairseq2
