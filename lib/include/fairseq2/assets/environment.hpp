// Asset environments: `foo@mycluster` overlays apply where the environment
// `mycluster` is detected. Extensions register resolvers; the first that
// returns a name wins (an empty name meaning none), unless the caller
// overrides detection.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace fairseq2 {

class DependencyContainer;
class DependencyResolver;

using AssetEnvironmentDetector = std::function<std::optional<std::string>(DependencyResolver&)>;

// One registered resolver, with who registered it.
struct AssetEnvironmentResolver {
    AssetEnvironmentDetector detect;
    std::string origin;
};

// Adds a resolver to the container's collection of environment resolvers.
void register_asset_env_resolver(DependencyContainer& container, AssetEnvironmentDetector detect);

// The outcome of detection.
struct AssetEnvironment {
    // The detected environment; empty when there is none.
    std::optional<std::string> name;
    // The origin of the resolver that named it; empty when none did or when
    // detection was overridden.
    std::string detected_by;
    // The caller named the environment instead of detecting one
    // (fairseq2ctl's `--env`).
    bool overridden = false;

    // The environments `retrieve_card("foo")` tries, in order: `user` (always
    // first, so a user's overlay wins), then the detected one.
    std::vector<std::string> default_lookup() const;
};

// Runs the registered resolvers in registration order. `override_name`, when
// set, replaces detection (an empty string meaning "no environment").
AssetEnvironment detect_asset_environment(DependencyResolver& resolver,
                                          const std::optional<std::string>& override_name);

} // namespace fairseq2
