#include "fairseq2/runtime/dependency.hpp"

#include <algorithm>

#include <boost/core/demangle.hpp>
#include <fmt/format.h>

#include "fairseq2/support/diagnostic.hpp"

namespace fairseq2 {

struct DependencyContainer::Registration {
    std::type_index type;
    DependencyKey key;
    ErasedFactory factory;
    RegistrationKind kind;
    Lifetime lifetime;
    bool in_collection;
    std::string origin;
    std::shared_ptr<void> singleton;
};

namespace {

std::string describe(std::type_index type, const DependencyKey& key) {
    if (key)
        return fmt::format("{} (key '{}')", type_name(type), *key);
    return type_name(type);
}

} // namespace

const char* to_string(RegistrationKind kind) noexcept {
    switch (kind) {
    case RegistrationKind::instance: return "instance";
    case RegistrationKind::provider: return "provider";
    case RegistrationKind::type: return "type";
    }
    return "provider";
}

std::string type_name(std::type_index type) {
    return boost::core::demangle(type.name());
}

DependencyContainer::DependencyContainer() = default;
DependencyContainer::~DependencyContainer() = default;

void DependencyContainer::add(std::type_index type, const DependencyKey& key, ErasedFactory factory,
                              RegistrationKind kind, Lifetime lifetime, bool in_collection) {
    if (frozen_)
        throw Error{DiagnosticCode::container_frozen,
                    fmt::format("{} cannot be registered by '{}' because the dependency container is "
                                "frozen: it was already resolved from. Register everything in setup "
                                "functions, before the first resolve.",
                                describe(type, key), origin_)};

    Slot slot{type, key};
    if (!in_collection) {
        if (auto found = singles_.find(slot); found != singles_.end())
            throw Error{DiagnosticCode::registration_conflict,
                        fmt::format("{} is registered by both '{}' and '{}'. A (type, key) pair can "
                                    "have one registration only; use another key or the collection "
                                    "side of the container.",
                                    describe(type, key), found->second->origin, origin_)};
    }

    auto registration = std::make_unique<Registration>(Registration{
        type, key, std::move(factory), kind, lifetime, in_collection, origin_, nullptr});
    if (in_collection)
        collections_[slot].push_back(registration.get());
    else
        singles_.emplace(slot, registration.get());
    registrations_.push_back(std::move(registration));
}

std::vector<RegistrationInfo> DependencyContainer::registrations() const {
    std::vector<RegistrationInfo> infos;
    infos.reserve(registrations_.size());
    for (const auto& r : registrations_)
        infos.push_back({type_name(r->type), r->key, r->origin, r->kind, r->lifetime, r->in_collection});
    return infos;
}

void DependencyContainer::rollback(std::size_t checkpoint) {
    while (registrations_.size() > checkpoint) {
        const Registration* last = registrations_.back().get();
        Slot slot{last->type, last->key};
        if (last->in_collection) {
            auto& members = collections_[slot];
            members.erase(std::remove(members.begin(), members.end(), last), members.end());
            if (members.empty())
                collections_.erase(slot);
        } else {
            singles_.erase(slot);
        }
        registrations_.pop_back();
    }
}

std::shared_ptr<void> DependencyContainer::instantiate(Registration& registration) {
    if (registration.singleton)
        return registration.singleton;

    if (std::find(resolving_.begin(), resolving_.end(), &registration) != resolving_.end()) {
        std::string chain;
        auto start = std::find(resolving_.begin(), resolving_.end(), &registration);
        for (auto it = start; it != resolving_.end(); ++it)
            chain += describe((*it)->type, (*it)->key) + " -> ";
        chain += describe(registration.type, registration.key);
        throw Error{DiagnosticCode::dependency_cycle,
                    fmt::format("The providers of the dependency container form a cycle: {}. Break "
                                "it by resolving one of them lazily.",
                                chain)};
    }

    resolving_.push_back(&registration);
    struct PopOnExit {
        std::vector<const Registration*>& stack;
        ~PopOnExit() { stack.pop_back(); }
    } pop{resolving_};

    std::shared_ptr<void> object = registration.factory(*this);
    if (registration.lifetime == Lifetime::singleton)
        registration.singleton = object;
    return object;
}

std::shared_ptr<void> DependencyContainer::resolve_erased(std::type_index type,
                                                          const DependencyKey& key, bool required) {
    frozen_ = true;
    auto found = singles_.find(Slot{type, key});
    if (found == singles_.end()) {
        if (!required)
            return nullptr;
        throw Error{DiagnosticCode::dependency_not_found,
                    fmt::format("{} is not registered in the dependency container. Register it in a "
                                "setup function before resolving it.",
                                describe(type, key))};
    }
    return instantiate(*found->second);
}

std::vector<std::shared_ptr<void>> DependencyContainer::resolve_all_erased(std::type_index type,
                                                                           const DependencyKey& key) {
    frozen_ = true;
    std::vector<std::shared_ptr<void>> objects;
    auto found = collections_.find(Slot{type, key});
    if (found == collections_.end())
        return objects;
    // Copy: a provider may not register (the container is frozen), but keep
    // the iteration independent of the map all the same.
    std::vector<Registration*> members = found->second;
    for (Registration* member : members)
        objects.push_back(instantiate(*member));
    return objects;
}

std::vector<std::string> DependencyContainer::keys_erased(std::type_index type) const {
    std::vector<std::string> keys;
    for (const auto& r : registrations_)
        if (!r->in_collection && r->type == type && r->key)
            keys.push_back(*r->key);
    return keys;
}

} // namespace fairseq2
