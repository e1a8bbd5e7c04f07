// Registers a little of everything, then fails: nothing of it may remain.
#include <memory>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include <fairseq2/assets/registration.hpp>
#include <fairseq2/extension.hpp>

namespace throws {
struct Leftover {};
} // namespace throws

namespace {

void connect() {
    throw std::invalid_argument("port 99999 is out of range");
}

void setup_throws(fairseq2::DependencyContainer& container) {
    container.register_instance(std::make_shared<throws::Leftover>());
    fairseq2::register_in_memory_assets(container, "throws:cards",
                                        {YAML::Load("name: leftover_card\n")});
    fairseq2::register_asset_env_resolver(container, [](fairseq2::DependencyResolver&) {
        return std::optional<std::string>{"leftover_env"};
    });
    try {
        connect();
    } catch (...) {
        std::throw_with_nested(std::runtime_error("cannot reach the model registry"));
    }
}

} // namespace

FAIRSEQ2_EXTENSION(setup_throws)
