#include "fairseq2/init.hpp"

#include "fairseq2/assets/directories.hpp"
#include "fairseq2/assets/environment.hpp"
#include "fairseq2/assets/loader.hpp"
#include "fairseq2/assets/registration.hpp"
#include "fairseq2/assets/source.hpp"
#include "fairseq2/assets/store.hpp"
#include "fairseq2/extensions/loader.hpp"
#include "fairseq2/families/family.hpp"

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

void register_asset_system(DependencyContainer& container,
                           std::optional<std::string> environment_override) {
    container.register_provider<AssetEnvironment>(
        [environment_override](DependencyResolver& resolver) {
            return std::make_shared<AssetEnvironment>(
                detect_asset_environment(resolver, environment_override));
        });

    container.register_provider<AssetStore>([](DependencyResolver& resolver) {
        std::vector<std::shared_ptr<const AssetSource>> sources;
        for (auto& source : resolver.resolve_all<const AssetSource>())
            sources.push_back(std::move(source));
        return std::make_shared<AssetStore>(load_asset_sources(sources),
                                            *resolver.resolve<AssetEnvironment>());
    });
}

} // namespace

std::unique_ptr<DependencyContainer> init_fairseq2(InitOptions options) {
    auto container = std::make_unique<DependencyContainer>();

    {
        ScopedOrigin origin{*container, "fairseq2"};
        register_asset_system(*container, std::move(options.environment));
        register_builtin_families(*container);
        if (options.default_cards)
            register_default_cards(*container);
    }

    auto report = std::make_shared<ExtensionReport>();
    report->enabled = options.load_extensions;
    if (options.load_extensions) {
        report->directories = extension_search_path(options.extension_dirs);
        report->extensions = discover_extensions(report->directories);
        ExtensionPolicy policy = ExtensionPolicy::from_environment();
        policy.isolate = options.isolate_extensions;
        load_extensions(*container, report->extensions, policy);
    }
    {
        ScopedOrigin origin{*container, "fairseq2"};
        container->register_instance<const ExtensionReport>(std::move(report));
    }

    {
        ScopedOrigin origin{*container, "extras"};
        for (const SetupFunction& setup : options.extras)
            setup(*container);
    }

    {
        ScopedOrigin origin{*container, "fairseq2"};
        for (const auto& path : options.card_paths)
            register_file_assets(*container, path, AssetSourceRole::command_line);
        for (const auto& path : options.validated_paths)
            register_file_assets(*container, path, AssetSourceRole::validated);
        for (auto& text : options.validated_texts)
            register_text_assets(*container, std::move(text.name), std::move(text.text),
                                 AssetSourceRole::validated);
    }

    return container;
}

} // namespace fairseq2
