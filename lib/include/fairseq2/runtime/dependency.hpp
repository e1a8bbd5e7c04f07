// The dependency-injection container of the runtime, after fairseq2's
// `fairseq2.runtime.dependency`: typed registrations keyed by (type, optional
// string key), singletons, collections, a freeze on the first resolve, cycle
// detection, and the origin of every registration for inspection.
//
// The container is not thread-safe: it is set up and resolved on one thread,
// and the objects it hands out carry their own synchronisation if they need it.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <typeindex>
#include <utility>
#include <vector>

namespace fairseq2 {

class DependencyResolver;

using DependencyKey = std::optional<std::string>;

// Runs once per resolve (transient) or once in the container's life (singleton).
enum class Lifetime { singleton, transient };

// How a registration was made, for inspection commands.
enum class RegistrationKind { instance, provider, type };

const char* to_string(RegistrationKind kind) noexcept;

// The demangled C++ name of a type, as it appears in messages.
std::string type_name(std::type_index type);

// A read-only view of one registration.
struct RegistrationInfo {
    std::string type;
    DependencyKey key;
    std::string origin;
    RegistrationKind kind = RegistrationKind::provider;
    Lifetime lifetime = Lifetime::singleton;
    bool in_collection = false;
};

template <typename T>
using Provider = std::function<std::shared_ptr<T>(DependencyResolver&)>;

class DependencyResolver {
public:
    virtual ~DependencyResolver() = default;

    // The object registered for (T, key). Throws fairseq2::Error with code
    // `dependency-not-found` when there is none, `dependency-cycle` when its
    // providers depend on each other.
    template <typename T>
    std::shared_ptr<T> resolve(const DependencyKey& key = std::nullopt) {
        return std::static_pointer_cast<T>(resolve_erased(typeid(T), key, true));
    }

    // As resolve(), but an empty pointer when nothing is registered.
    template <typename T>
    std::shared_ptr<T> maybe_resolve(const DependencyKey& key = std::nullopt) {
        return std::static_pointer_cast<T>(resolve_erased(typeid(T), key, false));
    }

    // Every object of the (T, key) collection, in registration order.
    template <typename T>
    std::vector<std::shared_ptr<T>> resolve_all(const DependencyKey& key = std::nullopt) {
        std::vector<std::shared_ptr<T>> objects;
        for (auto& object : resolve_all_erased(typeid(T), key))
            objects.push_back(std::static_pointer_cast<T>(std::move(object)));
        return objects;
    }

    // The keys under which T has (non-collection) registrations, in
    // registration order.
    template <typename T>
    std::vector<std::string> keys() const {
        return keys_erased(typeid(T));
    }

protected:
    virtual std::shared_ptr<void> resolve_erased(std::type_index type, const DependencyKey& key,
                                                 bool required) = 0;
    virtual std::vector<std::shared_ptr<void>> resolve_all_erased(std::type_index type,
                                                                  const DependencyKey& key) = 0;
    virtual std::vector<std::string> keys_erased(std::type_index type) const = 0;
};

class DependencyContainer;

// The collection side of the container: many registrations under one
// (type, key), resolved together by resolve_all().
class CollectionRegistrar {
public:
    explicit CollectionRegistrar(DependencyContainer& container) noexcept : container_(container) {}

    template <typename T>
    void register_instance(std::shared_ptr<T> object, const DependencyKey& key = std::nullopt);

    template <typename T>
    void register_provider(Provider<T> provider, const DependencyKey& key = std::nullopt,
                           Lifetime lifetime = Lifetime::singleton);

    template <typename T, typename Impl = T>
    void register_type(const DependencyKey& key = std::nullopt,
                       Lifetime lifetime = Lifetime::singleton);

private:
    DependencyContainer& container_;
};

class DependencyContainer final : public DependencyResolver {
public:
    DependencyContainer();
    ~DependencyContainer() override;

    DependencyContainer(const DependencyContainer&) = delete;
    DependencyContainer& operator=(const DependencyContainer&) = delete;

    template <typename T>
    void register_instance(std::shared_ptr<T> object, const DependencyKey& key = std::nullopt) {
        add(typeid(T), key, instance_factory(std::move(object)), RegistrationKind::instance,
            Lifetime::singleton, false);
    }

    template <typename T>
    void register_provider(Provider<T> provider, const DependencyKey& key = std::nullopt,
                           Lifetime lifetime = Lifetime::singleton) {
        add(typeid(T), key, erase(std::move(provider)), RegistrationKind::provider, lifetime, false);
    }

    // Registers Impl as the implementation of T. Impl is constructed from the
    // resolver when it has such a constructor, else default-constructed.
    template <typename T, typename Impl = T>
    void register_type(const DependencyKey& key = std::nullopt,
                       Lifetime lifetime = Lifetime::singleton) {
        add(typeid(T), key, type_factory<T, Impl>(), RegistrationKind::type, lifetime, false);
    }

    CollectionRegistrar collection() noexcept { return CollectionRegistrar{*this}; }

    // Who the following registrations belong to (`fairseq2` for the core, an
    // extension's name for an extension). See ScopedOrigin.
    const std::string& origin() const noexcept { return origin_; }
    void set_origin(std::string origin) { origin_ = std::move(origin); }

    // True once anything has been resolved; registering then is an error.
    bool frozen() const noexcept { return frozen_; }

    // Every registration, in registration order.
    std::vector<RegistrationInfo> registrations() const;

    // A mark of the registrations so far, and the undoing of everything
    // registered after it: how a failed extension leaves nothing behind.
    std::size_t checkpoint() const noexcept { return registrations_.size(); }
    void rollback(std::size_t checkpoint);

private:
    friend class CollectionRegistrar;

    using ErasedFactory = std::function<std::shared_ptr<void>(DependencyResolver&)>;

    struct Registration;

    // Registrations may be of const types; storage is untyped and the const
    // comes back with the static cast in resolve<T>().
    template <typename T>
    static std::shared_ptr<void> to_void(std::shared_ptr<T> object) {
        return std::const_pointer_cast<std::remove_const_t<T>>(std::move(object));
    }

    template <typename T>
    static ErasedFactory instance_factory(std::shared_ptr<T> object) {
        std::shared_ptr<void> erased = to_void(std::move(object));
        return [erased](DependencyResolver&) { return erased; };
    }

    template <typename T>
    static ErasedFactory erase(Provider<T> provider) {
        return [provider = std::move(provider)](DependencyResolver& resolver) {
            return to_void(provider(resolver));
        };
    }

    template <typename T, typename Impl>
    static ErasedFactory type_factory() {
        static_assert(std::is_base_of_v<T, Impl> || std::is_same_v<T, Impl>,
                      "Impl must be T or derive from it");
        return [](DependencyResolver& resolver) -> std::shared_ptr<void> {
            if constexpr (std::is_constructible_v<Impl, DependencyResolver&>)
                return to_void(std::static_pointer_cast<T>(std::make_shared<Impl>(resolver)));
            else
                return to_void(std::static_pointer_cast<T>(std::make_shared<Impl>()));
        };
    }

    void add(std::type_index type, const DependencyKey& key, ErasedFactory factory,
             RegistrationKind kind, Lifetime lifetime, bool in_collection);

    std::shared_ptr<void> resolve_erased(std::type_index type, const DependencyKey& key,
                                         bool required) override;
    std::vector<std::shared_ptr<void>> resolve_all_erased(std::type_index type,
                                                          const DependencyKey& key) override;
    std::vector<std::string> keys_erased(std::type_index type) const override;

    std::shared_ptr<void> instantiate(Registration& registration);

    using Slot = std::pair<std::type_index, DependencyKey>;

    std::vector<std::unique_ptr<Registration>> registrations_;
    std::map<Slot, Registration*> singles_;
    std::map<Slot, std::vector<Registration*>> collections_;
    std::vector<const Registration*> resolving_;
    std::string origin_ = "fairseq2";
    bool frozen_ = false;
};

// Sets the origin of registrations for a scope and restores the previous one.
class ScopedOrigin {
public:
    ScopedOrigin(DependencyContainer& container, std::string origin)
        : container_(container), previous_(container.origin()) {
        container_.set_origin(std::move(origin));
    }
    ~ScopedOrigin() { container_.set_origin(std::move(previous_)); }

    ScopedOrigin(const ScopedOrigin&) = delete;
    ScopedOrigin& operator=(const ScopedOrigin&) = delete;

private:
    DependencyContainer& container_;
    std::string previous_;
};

template <typename T>
void CollectionRegistrar::register_instance(std::shared_ptr<T> object, const DependencyKey& key) {
    container_.add(typeid(T), key, DependencyContainer::instance_factory(std::move(object)),
                   RegistrationKind::instance, Lifetime::singleton, true);
}

template <typename T>
void CollectionRegistrar::register_provider(Provider<T> provider, const DependencyKey& key,
                                            Lifetime lifetime) {
    container_.add(typeid(T), key, DependencyContainer::erase(std::move(provider)),
                   RegistrationKind::provider, lifetime, true);
}

template <typename T, typename Impl>
void CollectionRegistrar::register_type(const DependencyKey& key, Lifetime lifetime) {
    container_.add(typeid(T), key, DependencyContainer::type_factory<T, Impl>(),
                   RegistrationKind::type, lifetime, true);
}

} // namespace fairseq2
