#include <doctest/doctest.h>

#include "fairseq2/support/diagnostic.hpp"
#include "fairseq2/runtime/dependency.hpp"

using namespace fairseq2;

namespace {

struct Greeter {
    virtual ~Greeter() = default;
    virtual std::string greet() const { return "hello"; }
};

struct LoudGreeter : Greeter {
    std::string greet() const override { return "HELLO"; }
};

struct Counter {
    int value = 0;
};

struct NeedsCounter {
    explicit NeedsCounter(DependencyResolver& resolver) : counter(resolver.resolve<Counter>()) {}
    std::shared_ptr<Counter> counter;
};

struct Chicken {};
struct Egg {};

std::string error_code(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& error) {
        return std::string{to_string(error.code())};
    }
    return "no error";
}

std::string error_message(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& error) {
        return error.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("an instance resolves to the registered object") {
    DependencyContainer container;
    auto counter = std::make_shared<Counter>();
    container.register_instance(counter);
    CHECK(container.resolve<Counter>() == counter);
}

TEST_CASE("a singleton provider runs once") {
    DependencyContainer container;
    int calls = 0;
    container.register_provider<Counter>([&](DependencyResolver&) {
        ++calls;
        return std::make_shared<Counter>();
    });
    auto first = container.resolve<Counter>();
    auto second = container.resolve<Counter>();
    CHECK(first == second);
    CHECK(calls == 1);
}

TEST_CASE("a transient provider runs on every resolve") {
    DependencyContainer container;
    int calls = 0;
    container.register_provider<Counter>(
        [&](DependencyResolver&) {
            ++calls;
            return std::make_shared<Counter>();
        },
        std::nullopt, Lifetime::transient);
    CHECK(container.resolve<Counter>() != container.resolve<Counter>());
    CHECK(calls == 2);
}

TEST_CASE("a type registration constructs the implementation, from the resolver if it can") {
    DependencyContainer container;
    container.register_type<Greeter, LoudGreeter>();
    container.register_type<Counter>();
    container.register_type<NeedsCounter>();
    CHECK(container.resolve<Greeter>()->greet() == "HELLO");
    CHECK(container.resolve<NeedsCounter>()->counter == container.resolve<Counter>());
}

TEST_CASE("registrations are keyed by type and optional key") {
    DependencyContainer container;
    container.register_instance(std::make_shared<Counter>(Counter{1}), "one");
    container.register_instance(std::make_shared<Counter>(Counter{2}), "two");
    container.register_instance(std::make_shared<Counter>(Counter{0}));
    CHECK(container.resolve<Counter>("one")->value == 1);
    CHECK(container.resolve<Counter>("two")->value == 2);
    CHECK(container.resolve<Counter>()->value == 0);
    CHECK(container.keys<Counter>() == std::vector<std::string>{"one", "two"});
}

TEST_CASE("maybe_resolve gives nothing and resolve an error when nothing is registered") {
    DependencyContainer container;
    CHECK(container.maybe_resolve<Counter>() == nullptr);
    CHECK(error_code([&] { container.resolve<Counter>("x"); }) == "dependency-not-found");
    CHECK(error_message([&] { container.resolve<Counter>("x"); }).find("(key 'x')") !=
          std::string::npos);
}

TEST_CASE("a collection resolves every member in registration order") {
    DependencyContainer container;
    container.collection().register_instance(std::make_shared<Counter>(Counter{1}));
    container.collection().register_provider<Counter>(
        [](DependencyResolver&) { return std::make_shared<Counter>(Counter{2}); });
    container.collection().register_instance(std::make_shared<Counter>(Counter{3}));
    auto all = container.resolve_all<Counter>();
    REQUIRE(all.size() == 3);
    CHECK(all[0]->value == 1);
    CHECK(all[1]->value == 2);
    CHECK(all[2]->value == 3);
    CHECK(container.resolve_all<Greeter>().empty());
}

TEST_CASE("registering the same type and key twice names both registrants") {
    DependencyContainer container;
    container.set_origin("first_ext");
    container.register_instance(std::make_shared<Counter>());
    container.set_origin("second_ext");
    auto message = error_message([&] { container.register_instance(std::make_shared<Counter>()); });
    CHECK(message.find("'first_ext'") != std::string::npos);
    CHECK(message.find("'second_ext'") != std::string::npos);
    CHECK(error_code([&] { container.register_type<Counter>(); }) == "registration-conflict");
    // Another key, or the collection side, is no clash.
    container.register_instance(std::make_shared<Counter>(), "other");
    container.collection().register_instance(std::make_shared<Counter>());
}

TEST_CASE("the container freezes on the first resolve") {
    DependencyContainer container;
    container.register_type<Counter>();
    CHECK_FALSE(container.frozen());
    container.resolve<Counter>();
    CHECK(container.frozen());
    CHECK(error_code([&] { container.register_type<Greeter>(); }) == "container-frozen");
    CHECK(error_code([&] { container.collection().register_type<Greeter>(); }) ==
          "container-frozen");
}

TEST_CASE("a dependency cycle is an error that prints the chain with type names") {
    DependencyContainer container;
    container.register_provider<Chicken>([](DependencyResolver& r) {
        r.resolve<Egg>();
        return std::make_shared<Chicken>();
    });
    container.register_provider<Egg>([](DependencyResolver& r) {
        r.resolve<Chicken>();
        return std::make_shared<Egg>();
    });
    auto message = error_message([&] { container.resolve<Chicken>(); });
    CHECK(message.find("(anonymous namespace)::Chicken -> (anonymous namespace)::Egg -> "
                       "(anonymous namespace)::Chicken") != std::string::npos);
    CHECK(error_code([&] { container.resolve<Egg>(); }) == "dependency-cycle");
}

TEST_CASE("every registration records its origin") {
    DependencyContainer container;
    container.register_type<Counter>();
    {
        ScopedOrigin origin{container, "my_extension"};
        container.register_type<Greeter, LoudGreeter>("loud");
        container.collection().register_type<Greeter>();
    }
    container.register_type<Egg>();

    auto registrations = container.registrations();
    REQUIRE(registrations.size() == 4);
    CHECK(registrations[0].origin == "fairseq2");
    CHECK(registrations[1].origin == "my_extension");
    CHECK(registrations[1].type == "(anonymous namespace)::Greeter");
    CHECK(registrations[1].key == "loud");
    CHECK(registrations[1].kind == RegistrationKind::type);
    CHECK(registrations[2].in_collection);
    CHECK(registrations[3].origin == "fairseq2");
}

TEST_CASE("a rollback undoes every registration after the checkpoint") {
    DependencyContainer container;
    container.register_type<Counter>();
    auto checkpoint = container.checkpoint();
    container.register_type<Greeter>();
    container.collection().register_type<Counter>();
    container.register_type<Counter>("keyed");
    container.rollback(checkpoint);

    CHECK(container.registrations().size() == 1);
    CHECK(container.maybe_resolve<Greeter>() == nullptr);
    CHECK(container.resolve_all<Counter>().empty());
    CHECK(container.keys<Counter>().empty());
    CHECK(container.resolve<Counter>() != nullptr);
}

TEST_CASE("const types register and resolve") {
    DependencyContainer container;
    container.collection().register_instance<const Counter>(std::make_shared<const Counter>(Counter{7}));
    CHECK(container.resolve_all<const Counter>().at(0)->value == 7);
}
