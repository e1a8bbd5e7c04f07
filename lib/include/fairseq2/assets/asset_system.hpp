// The asset system's place in the container, as fairseq2's
// `_register_asset_system` wires it: the environment, the store read from
// every registered source, and the default sources (the built-in cards and
// the well-known card directories).
#pragma once

#include <optional>
#include <string>

#include "fairseq2/assets/loader.hpp"

namespace fairseq2 {

class DependencyContainer;

// Registers the AssetEnvironment (detected, unless `environment_override`
// names one; an empty name means none) and the AssetStore, read from the
// AssetSource collection as `options` say when it is first resolved.
void register_asset_system(DependencyContainer& container, std::optional<std::string> environment_override,
                           LoadOptions options = {});

// Registers the built-in cards, then the system and the user card directory,
// as fairseq2 finds them (assets/dirs.py).
void register_default_cards(DependencyContainer& container);

} // namespace fairseq2
