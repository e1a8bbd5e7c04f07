// An immutable snapshot of the families and archs registered in a container.
// The container is not thread-safe; the snapshot is, so that validation and
// effective configs can run on many cards in parallel.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fairseq2/families/family.hpp"

namespace fairseq2 {

class FamilyRegistry {
public:
    // Reads every family and arch of the container (and makes each arch's config once).
    explicit FamilyRegistry(DependencyResolver& resolver);

    // Every family, of one kind or all, in registration order.
    std::vector<std::shared_ptr<const Family>> families(std::optional<FamilyKind> kind = std::nullopt) const;
    std::shared_ptr<const Family> find_family(FamilyKind kind, std::string_view name) const;
    // The families named `name` (one of each kind at most), of one kind or
    // all. Throws Error `family-not-found`, with the nearest registered
    // name as its hint, when there is none.
    std::vector<std::shared_ptr<const Family>> families_named(std::string_view name,
                                                              std::optional<FamilyKind> kind = std::nullopt) const;

    // The archs of a config type, in registration order.
    std::vector<std::shared_ptr<const ArchConfig>> archs_of(std::string_view config_type) const;
    // The config of an arch of a config type, if registered.
    const Value* find_arch(std::string_view config_type, std::string_view arch) const;

private:
    std::vector<std::shared_ptr<const Family>> families_;
    std::map<std::string, std::shared_ptr<const Family>, std::less<>> families_by_key_;
    std::vector<std::shared_ptr<const ArchConfig>> archs_;
    std::map<std::string, Value, std::less<>> arch_configs_;
};

} // namespace fairseq2
