// Asset names as fairseq2 spells them: `foo` is the card `foo@`, `foo@env`
// is an overlay of `foo` for the environment `env`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fairseq2 {

// `foo` -> `foo@`, `foo@env` -> `foo@env`, both parts trimmed. Empty when
// the name has more than one `@` or starts with `@` once trimmed.
std::optional<std::string> canonicalize_asset_name(std::string_view name);

// A `base` value trimmed; empty when it holds `@` or is blank.
std::optional<std::string> sanitize_base_asset_name(std::string_view name);

} // namespace fairseq2
