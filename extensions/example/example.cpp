// The `example` extension: fairseq2's "complete example" of an extension
// (its runtime-extension docs), in C++: a custom object in the container,
// asset cards from a directory installed beside the library, and cards held
// in memory. (Families and archs join it once the runtime has them.)
#include <memory>
#include <string>

#include <yaml-cpp/yaml.h>

#include <fairseq2/assets/registration.hpp>
#include <fairseq2/extension.hpp>

namespace example {

// A custom object that other setup code or programs resolve from the container.
struct ExampleSettings {
    std::string default_model = "my_custom_model_base";
};

} // namespace example

namespace {

void setup_example(fairseq2::DependencyContainer& container) {
    // Register custom objects here...
    container.register_instance(std::make_shared<example::ExampleSettings>());

    // Register assets from a file path, where the asset YAML files are.
    fairseq2::register_file_assets(container,
                                   fairseq2::extension_directory(&setup_example) / "example-cards");

    // Or cards built in code.
    fairseq2::register_in_memory_assets(
        container, "example:in-memory",
        {YAML::Load("name: custom_dataset_small\n"
                    "dataset_family: custom_dataset\n"
                    "data: /data/custom/small\n")});
}

} // namespace

FAIRSEQ2_EXTENSION(setup_example)
