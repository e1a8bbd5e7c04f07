#include <cstdlib>

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include "fairseq2/assets/registration.hpp"
#include "fairseq2/assets/store.hpp"
#include "fairseq2/init.hpp"
#include "temp_tree.hpp"

using namespace fairseq2;
using namespace fairseq2::testing;

namespace {

// The well-known directories of the machine running the tests stay out.
void isolate_from_home() {
    ::setenv("FAIRSEQ2_ASSET_DIR", "/nonexistent/fairseq2-system", 1);
    ::setenv("FAIRSEQ2_USER_ASSET_DIR", "/nonexistent/fairseq2-user", 1);
    ::setenv("XDG_CONFIG_HOME", "/nonexistent/xdg", 1);
}

std::vector<std::string> source_names(const AssetStore& store) {
    std::vector<std::string> names;
    for (const auto& source : store.sources())
        names.push_back(source.name);
    return names;
}

} // namespace

TEST_CASE("init_fairseq2 registers the built-in cards and the well-known directories") {
    isolate_from_home();
    InitOptions options;
    options.load_extensions = false;
    auto runtime = init_fairseq2(options);
    auto store = runtime->resolve<AssetStore>();
    auto names = source_names(*store);
    REQUIRE(names.size() == 3);
    CHECK(names[0] == "package:fairseq2.assets.cards");
    // Both variables name missing directories: fairseq2 warns and falls back
    // to the defaults (here: missing too, so skipped).
    CHECK(names[1] == "path:/etc/fairseq2/assets");
    CHECK(names[2] == "path:/nonexistent/xdg/fairseq2/assets");
    CHECK(store->find_card("llama3_8b@") != nullptr);
    REQUIRE(store->diagnostics().size() == 2);
    CHECK(store->diagnostics()[0].message.rfind("/nonexistent/fairseq2-system pointed to by the "
                                                "FAIRSEQ2_ASSET_DIR environment variable is not found.", 0) == 0);
}

TEST_CASE("extras run after the library, under the origin `extras`, before --cards") {
    isolate_from_home();
    TempTree extra{{{"e.yaml", "name: from_extras\n"}}};
    TempTree cards{{{"c.yaml", "name: from_cards\n"}}};
    InitOptions options;
    options.default_cards = false;
    options.load_extensions = false;
    options.card_paths = {cards.root()};
    options.extras.push_back([&](DependencyContainer& container) {
        CHECK(container.origin() == "extras");
        register_file_assets(container, extra.root());
        register_in_memory_assets(container, "my_memory", {YAML::Load("name: in_memory\nx: 1\n")});
    });
    auto runtime = init_fairseq2(options);
    auto store = runtime->resolve<AssetStore>();
    CHECK(source_names(*store) == std::vector<std::string>{"path:" + extra.root().string(),
                                                           "my_memory",
                                                           "path:" + cards.root().string()});
    CHECK(store->sources()[0].source->origin == "extras");
    CHECK(store->sources()[2].source->role == AssetSourceRole::given);
    CHECK(store->retrieve_card("in_memory").field("__source__")->value->as_string() == "my_memory");
}

TEST_CASE("an environment resolver registered by a setup function selects overlays") {
    isolate_from_home();
    TempTree cards{{{"c.yaml", "name: m\nx: base\n---\nname: m@mycluster\nx: cluster\n"}}};
    InitOptions options;
    options.default_cards = false;
    options.load_extensions = false;
    options.card_paths = {cards.root()};
    options.extras.push_back([](DependencyContainer& container) {
        register_asset_env_resolver(container, [](DependencyResolver&) { return std::string{"mycluster"}; });
    });
    {
        auto runtime = init_fairseq2(options);
        auto store = runtime->resolve<AssetStore>();
        CHECK(store->environment().name == "mycluster");
        CHECK(store->environment().detected_by == "extras");
        CHECK(store->retrieve_card("m").field("x")->value->as_string() == "cluster");
    }
    options.environment = "";
    auto runtime = init_fairseq2(options);
    CHECK(runtime->resolve<AssetStore>()->retrieve_card("m").field("x")->value->as_string() == "base");
}

TEST_CASE("the container is frozen once the store is resolved") {
    isolate_from_home();
    auto runtime = init_fairseq2();
    runtime->resolve<AssetStore>();
    CHECK_THROWS_AS(register_file_assets(*runtime, "/tmp"), Error);
}
