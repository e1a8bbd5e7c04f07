#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include <doctest/doctest.h>

#include "fairseq2/assets/directories.hpp"
#include "fairseq2/assets/environment.hpp"
#include "fairseq2/runtime/dependency.hpp"
#include "temp_tree.hpp"

using namespace fairseq2;
using fairseq2::testing::TempTree;

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

namespace {

// Sets (or, with nullptr, unsets) a variable for the life of the object.
class ScopedVariable {
public:
    ScopedVariable(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name))
            old_ = old;
        value ? ::setenv(name, value, 1) : ::unsetenv(name);
    }
    ~ScopedVariable() { old_ ? ::setenv(name_, old_->c_str(), 1) : ::unsetenv(name_); }
    ScopedVariable(const ScopedVariable&) = delete;
    ScopedVariable& operator=(const ScopedVariable&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

std::string resolved(const std::filesystem::path& path) { return resolve_python_path(path.string()).string(); }

} // namespace

TEST_CASE("the well-known directories follow their variables when they exist") {
    TempTree system{{{"a.yaml", "name: a\n"}}};
    TempTree user{{{"b.yaml", "name: b\n"}}};
    ScopedVariable a{"FAIRSEQ2_ASSET_DIR", system.root().c_str()};
    ScopedVariable b{"FAIRSEQ2_USER_ASSET_DIR", user.root().c_str()};
    AssetDirectoryLookup found = system_asset_directory();
    REQUIRE(found.exists);
    CHECK(found.directory.path == resolved(system.root()));
    CHECK(found.directory.variable == "FAIRSEQ2_ASSET_DIR");
    CHECK(found.warnings.empty());
    CHECK(user_asset_directory().directory.path == resolved(user.root()));
}

TEST_CASE("a variable that names a missing directory warns and falls back to the default") {
    // assets/dirs.py: "{dir} pointed to by the FAIRSEQ2_ASSET_DIR environment
    // variable is not found." and then /etc/fairseq2/assets.
    TempTree xdg{{{"fairseq2/assets/c.yaml", "name: c\n"}}};
    ScopedVariable a{"FAIRSEQ2_ASSET_DIR", "/no/such/dir"};
    ScopedVariable b{"FAIRSEQ2_USER_ASSET_DIR", "/no/such/user/dir"};
    ScopedVariable c{"XDG_CONFIG_HOME", xdg.root().c_str()};
    AssetDirectoryLookup system = system_asset_directory();
    REQUIRE(system.warnings.size() == 1);
    CHECK(system.warnings[0].severity == Severity::warning);
    CHECK(system.warnings[0].code == DiagnosticCode::source_not_found);
    CHECK(system.warnings[0].message.rfind("/no/such/dir pointed to by the FAIRSEQ2_ASSET_DIR "
                                           "environment variable is not found.", 0) == 0);
    CHECK(system.directory.path == "/etc/fairseq2/assets");
    CHECK(system.exists == std::filesystem::exists("/etc/fairseq2/assets"));

    AssetDirectoryLookup user = user_asset_directory();
    REQUIRE(user.warnings.size() == 1);
    CHECK(user.warnings[0].message.rfind("/no/such/user/dir pointed to by the "
                                         "`FAIRSEQ2_USER_ASSET_DIR` environment variable", 0) == 0);
    REQUIRE(user.exists);
    CHECK(user.directory.path == resolved(xdg.root() / "fairseq2/assets"));
    CHECK(user.directory.variable.empty());
}

TEST_CASE("a variable set to the empty string is the current directory, with a warning") {
    ScopedVariable a{"FAIRSEQ2_ASSET_DIR", ""};
    AssetDirectoryLookup system = system_asset_directory();
    REQUIRE(system.exists);
    CHECK(system.directory.path == std::filesystem::current_path());
    REQUIRE(system.warnings.size() == 1);
    CHECK(system.warnings[0].code == DiagnosticCode::empty_variable);
}

TEST_CASE("the user directory defaults to XDG_CONFIG_HOME, then ~/.config, and ~ is expanded") {
    TempTree home{{{".config/fairseq2/assets/d.yaml", "name: d\n"}}};
    ScopedVariable a{"FAIRSEQ2_USER_ASSET_DIR", nullptr};
    ScopedVariable b{"XDG_CONFIG_HOME", nullptr};
    ScopedVariable c{"HOME", home.root().c_str()};
    CHECK(user_asset_directory().directory.path == resolved(home.root() / ".config/fairseq2/assets"));
    ScopedVariable d{"FAIRSEQ2_USER_ASSET_DIR", "~/.config"};
    CHECK(user_asset_directory().directory.path == resolved(home.root() / ".config"));
}

TEST_CASE("the cache directories are fairseq2's and the Hugging Face Hub's") {
    ScopedVariable a{"FAIRSEQ2_CACHE_DIR", nullptr};
    ScopedVariable b{"XDG_CACHE_HOME", "/xdg-cache"};
    ScopedVariable c{"HF_HUB_CACHE", nullptr};
    ScopedVariable d{"HF_HOME", nullptr};
    CHECK(asset_cache_directory().path == "/xdg-cache/fairseq2/assets");
    CHECK(huggingface_cache_directory().path == "/xdg-cache/huggingface/hub");
    ScopedVariable e{"FAIRSEQ2_CACHE_DIR", "/cache"};
    ScopedVariable f{"HF_HUB_CACHE", "/hub"};
    CHECK(asset_cache_directory().path == "/cache");
    CHECK(asset_cache_directory().variable == "FAIRSEQ2_CACHE_DIR");
    CHECK(huggingface_cache_directory().path == "/hub");
}
