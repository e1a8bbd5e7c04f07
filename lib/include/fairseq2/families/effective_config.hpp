// The config a card really produces, as fairseq2 builds it: the arch's
// config (`<kind>_arch`) or the type's defaults, then the overrides of the
// first key among `<kind>_config_overrides`, `<kind>_config_override`,
// `<kind>_config` that any card of the chain has, merged root first, leaf
// last (deep merge; `_del_: [keys]` drops keys, `_set_: {k: v}` replaces
// whole values). The result must conform to the family's config type.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fairseq2/assets/store.hpp"
#include "fairseq2/families/registry.hpp"

namespace fairseq2 {

struct EffectiveConfig {
    FamilyKind kind = FamilyKind::model;
    // The family the card names (`<kind>_family`), and what was registered
    // under that name (null when nothing was).
    std::string family_name;
    std::shared_ptr<const Family> family;
    // The arch the card names, if any.
    std::optional<std::string> arch;
    // The overrides key that was used, if any.
    std::optional<std::string> overrides_key;
    // The config; null when the family takes none or could not be built.
    Value config;
    // Every problem, each with the card field it comes from: an unknown
    // family or arch, bad overrides, a result that does not conform.
    Diagnostics problems;
};

// The effective config of the card for one family kind; empty when the card
// names no family of that kind.
std::optional<EffectiveConfig> effective_config(const FamilyRegistry& families, const ResolvedCard& card,
                                                FamilyKind kind);

// fairseq2's deep merge of an override into a config tree, with `_del_` and
// `_set_`; problems are appended with the path of the offending key.
Value merge_config_override(const Value& target, const Value& source,
                            std::vector<ConfigProblem>& problems, const std::string& path = {});

} // namespace fairseq2
