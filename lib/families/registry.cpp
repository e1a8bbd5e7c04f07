#include "fairseq2/families/registry.hpp"

#include <fmt/format.h>

#include "fairseq2/support/diagnostic.hpp"
#include "fairseq2/support/did_you_mean.hpp"

namespace fairseq2 {

FamilyRegistry::FamilyRegistry(DependencyResolver& resolver) {
    for (const std::string& key : resolver.keys<const Family>()) {
        auto family = resolver.resolve<const Family>(key);
        families_.push_back(family);
        families_by_key_.emplace(key, std::move(family));
    }
    for (const std::string& key : resolver.keys<const ArchConfig>()) {
        auto arch = resolver.resolve<const ArchConfig>(key);
        arch_configs_.emplace(key, arch->make());
        archs_.push_back(std::move(arch));
    }
}

std::vector<std::shared_ptr<const Family>> FamilyRegistry::families(std::optional<FamilyKind> kind) const {
    std::vector<std::shared_ptr<const Family>> out;
    for (const auto& family : families_)
        if (!kind || family->kind == *kind)
            out.push_back(family);
    return out;
}

std::shared_ptr<const Family> FamilyRegistry::find_family(FamilyKind kind, std::string_view name) const {
    auto found = families_by_key_.find(family_key(kind, name));
    return found == families_by_key_.end() ? nullptr : found->second;
}

std::vector<std::shared_ptr<const Family>> FamilyRegistry::families_named(std::string_view name,
                                                                          std::optional<FamilyKind> kind) const {
    std::vector<std::shared_ptr<const Family>> named;
    std::vector<std::string_view> names;
    for (const auto& family : families_) {
        if (kind && family->kind != *kind)
            continue;
        names.push_back(family->name);
        if (family->name == name)
            named.push_back(family);
    }
    if (named.empty())
        throw Error{{.code = DiagnosticCode::family_not_found,
                     .message = fmt::format("No {}family named '{}' is registered.",
                                            kind ? fmt::format("{} ", to_string(*kind)) : "", name),
                     .hint = did_you_mean(closest_match(name, names))}};
    return named;
}

std::vector<std::shared_ptr<const ArchConfig>> FamilyRegistry::archs_of(std::string_view config_type) const {
    std::vector<std::shared_ptr<const ArchConfig>> out;
    for (const auto& arch : archs_)
        if (arch->config_type == config_type)
            out.push_back(arch);
    return out;
}

const Value* FamilyRegistry::find_arch(std::string_view config_type, std::string_view arch) const {
    auto found = arch_configs_.find(arch_key(config_type, arch));
    return found == arch_configs_.end() ? nullptr : &found->second;
}

} // namespace fairseq2
