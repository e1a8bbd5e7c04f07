#include "fairseq2/assets/environment.hpp"

#include "fairseq2/assets/name.hpp"
#include "fairseq2/support/text.hpp"
#include "fairseq2/runtime/dependency.hpp"

namespace fairseq2 {

void register_asset_env_resolver(DependencyContainer& container, AssetEnvironmentDetector detect) {
    container.collection().register_instance(
        std::make_shared<AssetEnvironmentResolver>(
            AssetEnvironmentResolver{std::move(detect), container.origin()}));
}

std::vector<std::string> AssetEnvironment::default_lookup() const {
    std::vector<std::string> envs{"user"};
    if (name && *name != "user") // an environment named `user` tries `user` once
        envs.push_back(*name);
    return envs;
}

AssetEnvironment detect_asset_environment(DependencyResolver& resolver,
                                          const std::optional<std::string>& override_name) {
    if (override_name) {
        std::string name{trim(*override_name)};
        if (name.empty())
            return {.overridden = true};
        return {.name = std::move(name), .overridden = true};
    }
    // fairseq2's AssetEnvironmentDetector: the first resolver that returns a
    // name, even an empty one, ends detection; the store then strips it, and
    // an empty name means no environment.
    for (const auto& candidate : resolver.resolve_all<AssetEnvironmentResolver>()) {
        std::optional<std::string> name = candidate->detect(resolver);
        if (!name)
            continue;
        std::string_view env = trim(*name);
        if (env.empty())
            return {std::nullopt, candidate->origin};
        return {std::string{env}, candidate->origin};
    }
    return {};
}

} // namespace fairseq2
