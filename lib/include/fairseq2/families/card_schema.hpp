// A JSON Schema (draft 2020-12) of an asset card, built from the families
// registered at boot, for editors (`# yaml-language-server: $schema=...`)
// and other linters: the family names of each kind, each model family's
// archs, each family's config fields with the values fairseq2's structuring
// accepts for them, the fields fairseq2 reads with their types, and the
// forms of `name` and `base`. A schema sees one card: what a card inherits
// from its base (a family, an arch) is checked by `validate cards`, not here.
#pragma once

#include "fairseq2/families/registry.hpp"
#include "fairseq2/yaml/value.hpp"

namespace fairseq2 {

// The schema as a JSON tree (mappings, lists, strings, numbers, booleans).
Value card_schema(const FamilyRegistry& families);

} // namespace fairseq2
