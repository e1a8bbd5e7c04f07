// Registers clash::Service under the key "service", as clash_a does.
#include <memory>

#include <fairseq2/extension.hpp>

#include "clash.hpp"

namespace {

void setup_clash_b(fairseq2::DependencyContainer& container) {
    container.register_instance(std::make_shared<clash::Service>(clash::Service{"clash_b"}), "service");
}

} // namespace

FAIRSEQ2_EXTENSION(setup_clash_b)
