// Model, tokenizer and dataset families and their archs, after fairseq2's
// `register_model_family`, `register_tokenizer_family`,
// `register_dataset_family` and `ConfigRegistrar`. Families and archs are
// container registrations keyed by name, so a clash is a
// `registration-conflict` and an extension's families roll back with it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "fairseq2/families/config_reflection.hpp"
#include "fairseq2/runtime/dependency.hpp"

namespace fairseq2 {

enum class FamilyKind : std::uint8_t { model, tokenizer, dataset };

const char* to_string(FamilyKind kind) noexcept;
std::optional<FamilyKind> family_kind_from_string(std::string_view text) noexcept;

// A registered family, as inspection sees it.
struct Family {
    FamilyKind kind = FamilyKind::model;
    std::string name;
    // The class the family makes (C++ or, for fairseq2's own, Python).
    std::string class_name;
    // Its config type; empty for a family that takes no config.
    std::shared_ptr<const ConfigSchema> config;
    // The registration options that were given (`supports_meta`, ...), as text.
    std::map<std::string, std::string> options;
    std::string origin;
};

// A named arch: a config of one config type.
struct ArchConfig {
    std::string config_type;
    std::string name;
    std::function<Value()> make;
    std::string origin;
};

// The container key of a family: `model:llama`.
std::string family_key(FamilyKind kind, std::string_view name);
// The container key of an arch: `LLaMAConfig:llama3_8b`.
std::string arch_key(std::string_view config_type, std::string_view arch);

// Registers a family description (the typed functions below build one).
void register_family(DependencyContainer& container, Family family);
// Registers a family with no class or options whose config schema is made on
// its first resolve: fairseq2's own, whose schemas are costly to build.
void register_family(DependencyContainer& container, FamilyKind kind, std::string name,
                     std::function<std::shared_ptr<const ConfigSchema>()> config);
// Registers an arch of a config type by its value.
void register_arch(DependencyContainer& container, std::string config_type, std::string name,
                   std::function<Value()> make);

template <typename ModelT, typename ConfigT>
struct ModelFamilyOptions {
    // Makes the model from its config.
    std::function<std::shared_ptr<ModelT>(const ConfigT&)> factory;
    bool supports_meta = true;
    // Whether checkpoints load with restricted unpickling (fairseq2's `restrict`).
    bool restrict = true;
};

template <typename TokenizerT, typename ConfigT>
struct TokenizerFamilyOptions {
    // Loads the tokenizer from its path and config.
    std::function<std::shared_ptr<TokenizerT>(const std::string& path, const ConfigT&)> loader;
};

template <typename DatasetT, typename ConfigT>
struct DatasetFamilyOptions {
    // Opens the dataset from its config.
    std::function<std::shared_ptr<DatasetT>(const ConfigT&)> opener;
};

namespace detail {

// A family of ClassT made from ConfigT, before its options.
template <typename ClassT, typename ConfigT>
Family describe_family(FamilyKind kind, std::string name) {
    return Family{kind, std::move(name), type_name(typeid(ClassT)), reflect<ConfigT>().schema, {}, {}};
}

inline const char* flag(bool value) {
    return value ? "true" : "false";
}

} // namespace detail

template <typename ModelT, typename ConfigT>
void register_model_family(DependencyContainer& container, std::string name,
                           ModelFamilyOptions<ModelT, ConfigT> options = {}) {
    Family family = detail::describe_family<ModelT, ConfigT>(FamilyKind::model, std::move(name));
    family.options["factory"] = options.factory ? "set" : "none";
    family.options["supports_meta"] = detail::flag(options.supports_meta);
    family.options["restrict"] = detail::flag(options.restrict);
    register_family(container, std::move(family));
}

template <typename TokenizerT, typename ConfigT>
void register_tokenizer_family(DependencyContainer& container, std::string name,
                               TokenizerFamilyOptions<TokenizerT, ConfigT> options = {}) {
    Family family = detail::describe_family<TokenizerT, ConfigT>(FamilyKind::tokenizer, std::move(name));
    family.options["loader"] = options.loader ? "set" : "none";
    register_family(container, std::move(family));
}

template <typename DatasetT, typename ConfigT>
void register_dataset_family(DependencyContainer& container, std::string name,
                             DatasetFamilyOptions<DatasetT, ConfigT> options = {}) {
    Family family = detail::describe_family<DatasetT, ConfigT>(FamilyKind::dataset, std::move(name));
    family.options["opener"] = options.opener ? "set" : "none";
    register_family(container, std::move(family));
}

// fairseq2's ConfigRegistrar: `arch("name", [] { return ConfigT{...}; });`
template <typename ConfigT>
class ConfigRegistrar {
public:
    explicit ConfigRegistrar(DependencyContainer& container) : container_(container) {}

    void operator()(std::string name, std::function<ConfigT()> make) {
        register_arch(container_, std::string{ConfigTraits<ConfigT>::name}, std::move(name),
                      [make = std::move(make)] { return config_to_value(make()); });
    }

private:
    DependencyContainer& container_;
};

// The config of a named arch, converted to its C++ type.
template <typename ConfigT>
std::optional<ConfigT> get_arch_config(DependencyResolver& resolver, std::string_view arch) {
    auto found = resolver.maybe_resolve<const ArchConfig>(arch_key(ConfigTraits<ConfigT>::name, arch));
    if (!found)
        return std::nullopt;
    std::vector<ConfigProblem> problems;
    return config_from_value<ConfigT>(found->make(), problems);
}

} // namespace fairseq2
