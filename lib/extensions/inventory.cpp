#include "fairseq2/extensions/inventory.hpp"

#include "fairseq2/assets/environment.hpp"
#include "fairseq2/assets/source.hpp"
#include "fairseq2/families/family.hpp"

namespace fairseq2 {

ExtensionInventory inventory_of(DependencyContainer& container, const std::string& origin) {
    ExtensionInventory inventory;
    for (const auto& source : container.resolve_all<const AssetSource>()) {
        if (source->origin != origin)
            continue;
        inventory.card_sources.push_back(source->kind == AssetSource::Kind::memory
                                             ? "memory:" + source->memory_name
                                             : source->path.string());
    }
    for (const auto& resolver : container.resolve_all<AssetEnvironmentResolver>())
        if (resolver->origin == origin)
            ++inventory.environment_resolvers;

    const std::string source_type = type_name(typeid(const AssetSource));
    const std::string resolver_type = type_name(typeid(AssetEnvironmentResolver));
    const std::string family_type = type_name(typeid(const Family));
    const std::string arch_type = type_name(typeid(const ArchConfig));
    for (RegistrationInfo& info : container.registrations()) {
        if (info.origin != origin || info.type == source_type || info.type == resolver_type)
            continue;
        if (info.type == family_type && info.key) {
            auto family = container.resolve<const Family>(*info.key);
            inventory.families.push_back({family->kind, family->name});
        } else if (info.type == arch_type && info.key) {
            inventory.archs.push_back(*info.key);
        } else {
            inventory.registrations.push_back(std::move(info));
        }
    }
    return inventory;
}

} // namespace fairseq2
