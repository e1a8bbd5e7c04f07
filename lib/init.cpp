#include "fairseq2/init.hpp"

#include "fairseq2/assets/asset_system.hpp"
#include "fairseq2/assets/registration.hpp"
#include "fairseq2/extensions/loader.hpp"
#include "fairseq2/families/builtin_families.hpp"
#include "fairseq2/families/family.hpp"

namespace fairseq2 {

std::unique_ptr<DependencyContainer> init_fairseq2(InitOptions options) {
    auto container = std::make_unique<DependencyContainer>();

    {
        ScopedOrigin origin{*container, "fairseq2"};
        register_asset_system(*container, std::move(options.environment), options.card_loading);
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
            register_file_assets(*container, path, AssetSourceRole::given);
        for (const auto& directory : options.checkpoint_dirs)
            register_checkpoint_models(*container, directory, AssetSourceRole::given);
        for (const auto& path : options.validated_paths)
            register_file_assets(*container, path, AssetSourceRole::validated);
        for (auto& text : options.validated_texts)
            register_text_assets(*container, std::move(text.name), std::move(text.text), AssetSourceRole::validated,
                                 std::move(text.directory));
    }

    return container;
}

} // namespace fairseq2
