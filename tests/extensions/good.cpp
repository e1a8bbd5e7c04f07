// A well-behaved extension: a card source, an environment resolver and a
// keyed container registration.
#include <memory>

#include <yaml-cpp/yaml.h>

#include <fairseq2/assets/registration.hpp>
#include <fairseq2/extension.hpp>

namespace good {
struct Service {
    int answer = 42;
};
} // namespace good

namespace {

void setup_good(fairseq2::DependencyContainer& container) {
    container.register_instance(std::make_shared<good::Service>(), "good");
    fairseq2::register_in_memory_assets(container, "good:cards",
                                        {YAML::Load("name: good_card\nmodel_family: llama\n")});
    fairseq2::register_asset_env_resolver(container, [](fairseq2::DependencyResolver&) {
        return std::optional<std::string>{};
    });
}

} // namespace

FAIRSEQ2_EXTENSION(setup_good)
