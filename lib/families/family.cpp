#include "fairseq2/families/family.hpp"

#include <algorithm>

namespace fairseq2 {

const char* to_string(FamilyKind kind) noexcept {
    switch (kind) {
    case FamilyKind::model: return "model";
    case FamilyKind::tokenizer: return "tokenizer";
    case FamilyKind::dataset: return "dataset";
    }
    return "model";
}

std::optional<FamilyKind> family_kind_from_string(std::string_view text) noexcept {
    for (FamilyKind kind : {FamilyKind::model, FamilyKind::tokenizer, FamilyKind::dataset})
        if (text == to_string(kind))
            return kind;
    return std::nullopt;
}

std::string family_key(FamilyKind kind, std::string_view name) {
    return std::string{to_string(kind)} + ":" + std::string{name};
}

std::string arch_key(std::string_view config_type, std::string_view arch) {
    return std::string{config_type} + ":" + std::string{arch};
}

void register_family(DependencyContainer& container, Family family) {
    family.origin = container.origin();
    std::string key = family_key(family.kind, family.name);
    container.register_instance<const Family>(std::make_shared<const Family>(std::move(family)), key);
}

void register_family(DependencyContainer& container, FamilyKind kind, std::string name,
                     std::function<std::shared_ptr<const ConfigSchema>()> config) {
    std::string key = family_key(kind, name);
    container.register_provider<const Family>(
        [kind, name = std::move(name), config = std::move(config), origin = container.origin()](DependencyResolver&) {
            return std::make_shared<const Family>(Family{kind, name, {}, config(), {}, origin});
        },
        key);
}

void register_arch(DependencyContainer& container, std::string config_type, std::string name,
                   std::function<Value()> make) {
    std::string key = arch_key(config_type, name);
    container.register_instance<const ArchConfig>(
        std::make_shared<const ArchConfig>(
            ArchConfig{std::move(config_type), std::move(name), std::move(make), container.origin()}),
        key);
}

} // namespace fairseq2
