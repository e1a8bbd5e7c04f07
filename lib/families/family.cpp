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

void register_arch(DependencyContainer& container, std::string config_type, std::string name,
                   std::function<Value()> make) {
    std::string key = arch_key(config_type, name);
    container.register_instance<const ArchConfig>(
        std::make_shared<const ArchConfig>(
            ArchConfig{std::move(config_type), std::move(name), std::move(make), container.origin()}),
        key);
}

std::shared_ptr<const Family> find_family(DependencyResolver& resolver, FamilyKind kind,
                                          std::string_view name) {
    return resolver.maybe_resolve<const Family>(family_key(kind, name));
}

std::vector<std::shared_ptr<const Family>> all_families(DependencyResolver& resolver,
                                                        std::optional<FamilyKind> kind) {
    std::vector<std::shared_ptr<const Family>> families;
    for (const std::string& key : resolver.keys<const Family>()) {
        auto family = resolver.resolve<const Family>(key);
        if (!kind || family->kind == *kind)
            families.push_back(std::move(family));
    }
    return families;
}

std::vector<std::shared_ptr<const ArchConfig>> archs_of(DependencyResolver& resolver,
                                                        std::string_view config_type) {
    std::vector<std::shared_ptr<const ArchConfig>> archs;
    std::string prefix = std::string{config_type} + ":";
    for (const std::string& key : resolver.keys<const ArchConfig>())
        if (key.rfind(prefix, 0) == 0)
            archs.push_back(resolver.resolve<const ArchConfig>(key));
    return archs;
}

} // namespace fairseq2
