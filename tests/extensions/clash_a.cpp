// Registers clash::Service under the key "service", as clash_b does.
#include <memory>

#include <fairseq2/extension.hpp>

#include "clash.hpp"

namespace {

void setup_clash_a(fairseq2::DependencyContainer& container) {
    container.register_instance(std::make_shared<clash::Service>(clash::Service{"clash_a"}), "service");
}

} // namespace

FAIRSEQ2_EXTENSION(setup_clash_a)
