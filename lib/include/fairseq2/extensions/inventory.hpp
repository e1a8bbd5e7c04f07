// What an extension registered, read back from the container by origin.
#pragma once

#include <string>
#include <vector>

#include "fairseq2/families/family.hpp"
#include "fairseq2/runtime/dependency.hpp"

namespace fairseq2 {

struct ExtensionInventory {
    // Each card source, as `directory:PATH`-like text or an in-memory name.
    std::vector<std::string> card_sources;
    std::size_t environment_resolvers = 0;
    // Families in registration order.
    struct FamilyEntry {
        FamilyKind kind;
        std::string name;
    };
    std::vector<FamilyEntry> families;
    // Archs as their keys, `ConfigType:arch`.
    std::vector<std::string> archs;
    // Every other registration.
    std::vector<RegistrationInfo> registrations;
};

// Everything registered under `origin` (an extension's name).
ExtensionInventory inventory_of(DependencyContainer& container, const std::string& origin);

} // namespace fairseq2
