// A small, well-behaved extension that many copies of can load side by side
// (the benchmark loads 50): collection registrations only, so no clash.
#include <memory>

#include <fairseq2/assets/registration.hpp>
#include <fairseq2/extension.hpp>

namespace small {
struct Plugin {
    int version = 1;
};
} // namespace small

namespace {

void setup_small(fairseq2::DependencyContainer& container) {
    container.collection().register_instance(std::make_shared<small::Plugin>());
    fairseq2::register_asset_env_resolver(container, [](fairseq2::DependencyResolver&) {
        return std::optional<std::string>{};
    });
}

} // namespace

FAIRSEQ2_EXTENSION(setup_small)
