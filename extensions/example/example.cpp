// The `example` extension: fairseq2's "complete example" of an extension
// (its runtime-extension docs), in C++: a custom object in the container,
// asset cards from a directory installed beside the library and from memory,
// a model family with two archs, a dataset family and a tokenizer family.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include <fairseq2/assets/registration.hpp>
#include <fairseq2/extension.hpp>
#include <fairseq2/families/family.hpp>

namespace example {

// A custom object that other setup code or programs resolve from the container.
struct ExampleSettings {
    std::string default_model = "my_custom_model_base";
};

struct MyCustomModelConfig {
    int model_dim = 512;
    int num_layers = 6;
    int num_attn_heads = 8;
    double dropout_p = 0.1;
    std::optional<int> pad_idx;
    std::string norm_order = "pre";
};

struct MyCustomModel {
    MyCustomModelConfig config;
};

std::shared_ptr<MyCustomModel> create_my_custom_model(const MyCustomModelConfig& config) {
    return std::make_shared<MyCustomModel>(MyCustomModel{config});
}

struct CustomDatasetConfig {
    std::string split = "train";
    int max_num_examples = 1000;
};

struct CustomDataset {
    CustomDatasetConfig config;
};

struct CustomTokenizerConfig {
    std::vector<std::string> special_tokens{"<s>", "</s>"};
    bool lowercase = false;
};

struct CustomTokenizer {
    std::string path;
    CustomTokenizerConfig config;
};

} // namespace example

template <>
struct fairseq2::ConfigTraits<example::MyCustomModelConfig> {
    static constexpr std::string_view name = "MyCustomModelConfig";
    static void describe(ConfigDescriber<example::MyCustomModelConfig>& d) {
        using C = example::MyCustomModelConfig;
        d.field("model_dim", &C::model_dim)
            .field("num_layers", &C::num_layers)
            .field("num_attn_heads", &C::num_attn_heads)
            .field("dropout_p", &C::dropout_p)
            .field("pad_idx", &C::pad_idx)
            .field("norm_order", &C::norm_order, {"pre", "post"});
    }
};

template <>
struct fairseq2::ConfigTraits<example::CustomDatasetConfig> {
    static constexpr std::string_view name = "CustomDatasetConfig";
    static void describe(ConfigDescriber<example::CustomDatasetConfig>& d) {
        d.field("split", &example::CustomDatasetConfig::split)
            .field("max_num_examples", &example::CustomDatasetConfig::max_num_examples);
    }
};

template <>
struct fairseq2::ConfigTraits<example::CustomTokenizerConfig> {
    static constexpr std::string_view name = "CustomTokenizerConfig";
    static void describe(ConfigDescriber<example::CustomTokenizerConfig>& d) {
        d.field("special_tokens", &example::CustomTokenizerConfig::special_tokens)
            .field("lowercase", &example::CustomTokenizerConfig::lowercase);
    }
};

namespace {

using namespace example;

void setup_example(fairseq2::DependencyContainer& container) {
    // Register custom objects here...
    container.register_instance(std::make_shared<ExampleSettings>());

    // Register assets from a file path, where the asset YAML files are.
    fairseq2::register_file_assets(container,
                                   fairseq2::extension_directory(&setup_example) / "example-cards");

    // Or cards built in code.
    fairseq2::register_in_memory_assets(
        container, "example:in-memory",
        {YAML::Load("name: custom_dataset_small\n"
                    "dataset_family: custom_dataset\n"
                    "dataset_config:\n"
                    "  max_num_examples: 100\n")});

    // Register model families.
    fairseq2::register_model_family<MyCustomModel, MyCustomModelConfig>(
        container, "my_custom_model", {create_my_custom_model, /*supports_meta=*/true, /*restrict=*/true});

    // Register dataset families.
    fairseq2::register_dataset_family<CustomDataset, CustomDatasetConfig>(
        container, "custom_dataset", {[](const CustomDatasetConfig& config) {
            return std::make_shared<CustomDataset>(CustomDataset{config});
        }});

    // Register tokenizer families.
    fairseq2::register_tokenizer_family<CustomTokenizer, CustomTokenizerConfig>(
        container, "custom_tokenizer", {[](const std::string& path, const CustomTokenizerConfig& config) {
            return std::make_shared<CustomTokenizer>(CustomTokenizer{path, config});
        }});

    // Register model architectures.
    fairseq2::ConfigRegistrar<MyCustomModelConfig> arch{container};
    arch("my_custom_arch_variant", [] {
        MyCustomModelConfig config;
        config.model_dim = 1024;
        config.num_layers = 12;
        return config;
    });
    arch("my_custom_arch_small", [] {
        MyCustomModelConfig config;
        config.model_dim = 256;
        config.num_attn_heads = 4;
        config.dropout_p = 0.0;
        return config;
    });
}

} // namespace

FAIRSEQ2_EXTENSION(setup_example)
