#include "fairseq2/assets/asset_system.hpp"

#include "fairseq2/assets/directories.hpp"
#include "fairseq2/assets/environment.hpp"
#include "fairseq2/assets/loader.hpp"
#include "fairseq2/assets/source.hpp"
#include "fairseq2/assets/store.hpp"
#include "fairseq2/runtime/dependency.hpp"

namespace fairseq2 {
namespace {

void register_well_known_directory(DependencyContainer& container, AssetDirectoryLookup lookup,
                                   AssetSourceRole role) {
    auto source = std::make_shared<AssetSource>();
    source->kind = AssetSource::Kind::path;
    source->role = role;
    source->path = lookup.directory.path;
    source->variable = lookup.directory.variable;
    source->notes = std::move(lookup.warnings);
    source->origin = container.origin();
    container.collection().register_instance<const AssetSource>(std::move(source));
}

} // namespace

void register_default_cards(DependencyContainer& container) {
    auto builtin = std::make_shared<AssetSource>();
    builtin->kind = AssetSource::Kind::embedded;
    builtin->role = AssetSourceRole::builtin;
    builtin->files = builtin_card_files();
    builtin->origin = container.origin();
    container.collection().register_instance<const AssetSource>(std::move(builtin));

    register_well_known_directory(container, system_asset_directory(), AssetSourceRole::system);
    register_well_known_directory(container, user_asset_directory(), AssetSourceRole::user);
}

void register_asset_system(DependencyContainer& container, std::optional<std::string> environment_override,
                           LoadOptions options) {
    container.register_provider<AssetEnvironment>([environment_override](DependencyResolver& resolver) {
        return std::make_shared<AssetEnvironment>(detect_asset_environment(resolver, environment_override));
    });

    container.register_provider<AssetStore>([options](DependencyResolver& resolver) {
        std::vector<std::shared_ptr<const AssetSource>> sources;
        for (auto& source : resolver.resolve_all<const AssetSource>())
            sources.push_back(std::move(source));
        return std::make_shared<AssetStore>(load_asset_sources(sources, options),
                                            *resolver.resolve<AssetEnvironment>());
    });
}

} // namespace fairseq2
