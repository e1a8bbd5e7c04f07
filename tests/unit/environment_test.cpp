#include <cstdlib>

#include <doctest/doctest.h>

#include "fairseq2/assets/directories.hpp"
#include "fairseq2/assets/environment.hpp"
#include "fairseq2/runtime/dependency.hpp"

using namespace fairseq2;

TEST_CASE("the first resolver that returns a name wins") {
    DependencyContainer container;
    register_asset_env_resolver(container, [](DependencyResolver&) { return std::nullopt; });
    {
        ScopedOrigin origin{container, "mycluster"};
        register_asset_env_resolver(container, [](DependencyResolver&) { return std::string{"mycluster"}; });
    }
    register_asset_env_resolver(container, [](DependencyResolver&) { return std::string{"later"}; });

    AssetEnvironment env = detect_asset_environment(container, std::nullopt);
    CHECK(env.name == "mycluster");
    CHECK(env.detected_by == "mycluster");
    CHECK(env.default_lookup() == std::vector<std::string>{"user", "mycluster"});
}

TEST_CASE("an empty name ends detection and means no environment, as in fairseq2") {
    // AssetEnvironmentDetector.detect returns the first name that is not
    // None; StandardAssetStore strips it and drops an empty one.
    DependencyContainer container;
    register_asset_env_resolver(container, [](DependencyResolver&) { return std::string{"  "}; });
    register_asset_env_resolver(container, [](DependencyResolver&) { return std::string{"later"}; });
    AssetEnvironment env = detect_asset_environment(container, std::nullopt);
    CHECK_FALSE(env.name);
    CHECK(env.default_lookup() == std::vector<std::string>{"user"});
}

TEST_CASE("a detected name is stripped") {
    DependencyContainer container;
    register_asset_env_resolver(container, [](DependencyResolver&) { return std::string{" rsc "}; });
    CHECK(detect_asset_environment(container, std::nullopt).name == "rsc");
}

TEST_CASE("--env replaces detection, and an empty one means none") {
    DependencyContainer container;
    register_asset_env_resolver(container, [](DependencyResolver&) { return std::string{"x"}; });
    CHECK(detect_asset_environment(container, std::string{"forced"}).name == "forced");
    AssetEnvironment none = detect_asset_environment(container, std::string{""});
    CHECK_FALSE(none.name);
    CHECK(none.default_lookup() == std::vector<std::string>{"user"});
}

TEST_CASE("no resolver, no environment: only `user` is tried") {
    DependencyContainer container;
    AssetEnvironment env = detect_asset_environment(container, std::nullopt);
    CHECK_FALSE(env.name);
    CHECK(env.default_lookup() == std::vector<std::string>{"user"});
}

TEST_CASE("the well-known directories follow their variables") {
    ::setenv("FAIRSEQ2_ASSET_DIR", "/srv/cards", 1);
    ::setenv("FAIRSEQ2_USER_ASSET_DIR", "/home/u/cards", 1);
    CHECK(system_asset_directory().path == "/srv/cards");
    CHECK(system_asset_directory().variable == "FAIRSEQ2_ASSET_DIR");
    CHECK(user_asset_directory()->path == "/home/u/cards");

    ::unsetenv("FAIRSEQ2_ASSET_DIR");
    ::unsetenv("FAIRSEQ2_USER_ASSET_DIR");
    ::setenv("XDG_CONFIG_HOME", "/xdg", 1);
    CHECK(system_asset_directory().path == "/etc/fairseq2/assets");
    CHECK(system_asset_directory().variable.empty());
    CHECK(user_asset_directory()->path == "/xdg/fairseq2/assets");

    ::unsetenv("XDG_CONFIG_HOME");
    ::setenv("HOME", "/home/u", 1);
    CHECK(user_asset_directory()->path == "/home/u/.config/fairseq2/assets");
}
