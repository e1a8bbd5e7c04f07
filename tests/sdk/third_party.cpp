// A third party's extension: one card, based on one of fairseq2's.
#include <yaml-cpp/yaml.h>

#include <fairseq2/assets/registration.hpp>
#include <fairseq2/extension.hpp>

namespace {

void setup_third_party(fairseq2::DependencyContainer& container) {
    fairseq2::register_in_memory_assets(
        container, "third_party",
        {YAML::Load("name: third_party_llama\nbase: llama3_8b\ncheckpoint: /models/tp.pt\n")});
}

} // namespace

FAIRSEQ2_EXTENSION(setup_third_party)
