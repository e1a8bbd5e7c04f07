#include <doctest/doctest.h>

#include "card_store.hpp"
#include "fairseq2/yaml/reader.hpp"
#include "fairseq2/families/effective_config.hpp"

using namespace fairseq2;
using namespace fairseq2::testing;

namespace {

struct NetConfig {
    int model_dim = 512;
    int num_layers = 6;
    std::optional<int> pad_idx;
    std::vector<int> dims{1, 2};
};

struct Net {};

} // namespace

template <>
struct fairseq2::ConfigTraits<NetConfig> {
    static constexpr std::string_view name = "NetConfig";
    static void describe(ConfigDescriber<NetConfig>& d) {
        d.field("model_dim", &NetConfig::model_dim)
            .field("num_layers", &NetConfig::num_layers)
            .field("pad_idx", &NetConfig::pad_idx)
            .field("dims", &NetConfig::dims);
    }
};

namespace {

// A container with the `net` family and its archs `small` and `big`.
std::unique_ptr<DependencyContainer> families() {
    auto container = std::make_unique<DependencyContainer>();
    register_model_family<Net, NetConfig>(*container, "net");
    ConfigRegistrar<NetConfig> arch{*container};
    arch("small", [] { return NetConfig{256, 2, std::nullopt, {4}}; });
    arch("big", [] { return NetConfig{2048, 48, 0, {8, 8}}; });
    return container;
}

struct Outcome {
    EffectiveConfig config;
    std::vector<std::string> codes;
};

Outcome config_of(const std::string& cards, const std::string& name) {
    TempTree tree{{{"cards.yaml", cards}}};
    auto store = make_store(tree.root());
    auto container = families();
    auto result = effective_config(FamilyRegistry{*container}, store.retrieve_card(name), FamilyKind::model);
    REQUIRE(result);
    Outcome outcome{std::move(*result), {}};
    for (const auto& problem : outcome.config.problems)
        outcome.codes.emplace_back(to_string(problem.code));
    return outcome;
}

std::int64_t int_field(const Outcome& outcome, std::string_view key) {
    return outcome.config.config.find(key)->as_int();
}

} // namespace

TEST_CASE("without an arch the config starts from the type's defaults") {
    auto outcome = config_of("name: a\nmodel_family: net\n", "a");
    CHECK(outcome.codes.empty());
    CHECK(int_field(outcome, "model_dim") == 512);
    CHECK(outcome.config.config.find("pad_idx")->is_null());
    CHECK_FALSE(outcome.config.arch);
}

TEST_CASE("with an arch the config starts from the arch's config") {
    auto outcome = config_of("name: a\nmodel_family: net\nmodel_arch: big\n", "a");
    CHECK(int_field(outcome, "model_dim") == 2048);
    CHECK(int_field(outcome, "pad_idx") == 0);
    CHECK(outcome.config.arch == "big");
}

TEST_CASE("overrides along the chain merge root first, leaf last") {
    auto outcome = config_of("name: root\nmodel_family: net\nmodel_arch: small\n"
                             "model_config_overrides: {model_dim: 1000, num_layers: 10}\n---\n"
                             "name: leaf\nbase: root\nmodel_config_overrides: {num_layers: 20}\n",
                             "leaf");
    CHECK(outcome.codes.empty());
    CHECK(int_field(outcome, "model_dim") == 1000);
    CHECK(int_field(outcome, "num_layers") == 20);
    CHECK(outcome.config.overrides_key == "model_config_overrides");
}

TEST_CASE("the first key with any override is used alone, in the order of the three keys") {
    auto overrides_first = config_of("name: a\nmodel_family: net\nmodel_config: {model_dim: 1}\n"
                                     "model_config_override: {model_dim: 2}\n", "a");
    CHECK(int_field(overrides_first, "model_dim") == 2);
    CHECK(overrides_first.config.overrides_key == "model_config_override");

    auto only_config = config_of("name: a\nmodel_family: net\nmodel_config: {model_dim: 3}\n", "a");
    CHECK(int_field(only_config, "model_dim") == 3);

    // A base's `model_config_overrides` wins over the leaf's `model_config`.
    auto chain = config_of("name: root\nmodel_family: net\nmodel_config_overrides: {model_dim: 4}\n---\n"
                           "name: leaf\nbase: root\nmodel_config: {model_dim: 5}\n", "leaf");
    CHECK(int_field(chain, "model_dim") == 4);
}

TEST_CASE("_del_ drops keys and _set_ replaces whole values") {
    auto outcome = config_of("name: a\nmodel_family: net\nmodel_arch: big\n"
                             "model_config_overrides:\n  _del_: [pad_idx]\n  _set_: {dims: [9]}\n",
                             "a");
    CHECK(outcome.codes.empty());
    // The dropped field is back at its default once the config is built.
    CHECK(outcome.config.config.find("pad_idx")->is_null());
    CHECK(outcome.config.config.find("dims")->as_list().size() == 1);
}

TEST_CASE("a list override replaces the list") {
    auto outcome = config_of("name: a\nmodel_family: net\nmodel_arch: big\n"
                             "model_config_overrides: {dims: [1, 2, 3]}\n", "a");
    CHECK(outcome.config.config.find("dims")->as_list().size() == 3);
}

TEST_CASE("an override of an unknown field is reported at its key, with a suggestion") {
    auto outcome = config_of("name: a\nmodel_family: net\nmodel_config_overrides:\n  model_dm: 3\n", "a");
    REQUIRE(outcome.codes == std::vector<std::string>{"unknown-config-field"});
    const Diagnostic& problem = outcome.config.problems[0];
    CHECK(problem.location.line == 4);
    CHECK(problem.location.column == 3);
    CHECK(problem.message.find("`model_dm` is not a field of") != std::string::npos);
    CHECK(problem.hint == "Did you mean 'model_dim'?");
    CHECK(problem.asset == "a");
}

TEST_CASE("an override of the wrong type is reported with its path") {
    auto outcome = config_of("name: a\nmodel_family: net\nmodel_config_overrides:\n  model_dim: big\n", "a");
    REQUIRE(outcome.codes == std::vector<std::string>{"config-type-mismatch"});
    CHECK(outcome.config.problems[0].location.line == 4);
    CHECK(outcome.config.problems[0].message.find("`model_dim`") != std::string::npos);
}

TEST_CASE("bad _del_ and _set_ are reported") {
    auto outcome = config_of("name: a\nmodel_family: net\nmodel_config_overrides:\n  _del_: pad_idx\n"
                             "  _set_: [1]\n", "a");
    CHECK(outcome.codes == std::vector<std::string>{"config-type-mismatch", "config-type-mismatch"});
}

TEST_CASE("an unknown family or arch is reported with a suggestion") {
    auto family = config_of("name: a\nmodel_family: nett\n", "a");
    CHECK(family.codes == std::vector<std::string>{"unknown-family"});
    CHECK(family.config.problems[0].hint == "Did you mean 'net'?");
    auto arch = config_of("name: a\nmodel_family: net\nmodel_arch: smal\n", "a");
    CHECK(arch.codes == std::vector<std::string>{"unknown-arch"});
    CHECK(arch.config.problems[0].hint == "Did you mean 'small'?");
    CHECK(arch.config.problems[0].location.line == 3);
}

TEST_CASE("a card without a family of that kind has no effective config") {
    TempTree tree{{{"cards.yaml", "name: a\nurl: x\n"}}};
    auto store = make_store(tree.root());
    auto container = families();
    CHECK_FALSE(effective_config(FamilyRegistry{*container}, store.retrieve_card("a"), FamilyKind::model));
}

TEST_CASE("families and archs are container registrations: a clash names both") {
    DependencyContainer container;
    container.set_origin("first");
    register_model_family<Net, NetConfig>(container, "net");
    container.set_origin("second");
    try {
        register_model_family<Net, NetConfig>(container, "net");
        FAIL("no clash");
    } catch (const Error& error) {
        CHECK(error.code() == DiagnosticCode::registration_conflict);
        CHECK(std::string{error.what()}.find("'first' and 'second'") != std::string::npos);
    }
    ConfigRegistrar<NetConfig> arch{container};
    arch("small", [] { return NetConfig{}; });
    CHECK_THROWS_AS(arch("small", [] { return NetConfig{}; }), Error);
    CHECK(get_arch_config<NetConfig>(container, "small")->model_dim == 512);
}

// ---- fairseq2 0.8.1's structuring (utils/structured.py) -------------------

TEST_CASE("an int field takes what Python's int() takes: \"8192\", 8192.7 (truncated) and true") {
    auto text = config_of("name: a\nmodel_family: net\nmodel_config: {model_dim: ' 8192 '}\n", "a");
    CHECK(text.codes.empty());
    CHECK(int_field(text, "model_dim") == 8192);
    auto fraction = config_of("name: a\nmodel_family: net\nmodel_config: {model_dim: 8192.7}\n", "a");
    CHECK(fraction.codes.empty());
    CHECK(int_field(fraction, "model_dim") == 8192);
    auto negative = config_of("name: a\nmodel_family: net\nmodel_config: {model_dim: -2.9}\n", "a");
    CHECK(int_field(negative, "model_dim") == -2);
    auto flag = config_of("name: a\nmodel_family: net\nmodel_config: {model_dim: true}\n", "a");
    CHECK(flag.codes.empty()); // a bool is an int to Python, and stays a bool
    CHECK(flag.config.config.find("model_dim")->as_bool());
    auto underscores = config_of("name: a\nmodel_family: net\nmodel_config: {model_dim: '8_192'}\n", "a");
    CHECK(int_field(underscores, "model_dim") == 8192);
}

TEST_CASE("an int field refuses what int() refuses: '8192.0', '1e3', NaN, infinity, null") {
    for (const char* value : {"'8192.0'", "'1e3'", ".nan", ".inf", "~", "[1]", "'0x10'", "'1__0'"}) {
        auto outcome = config_of(std::string{"name: a\nmodel_family: net\nmodel_config: {model_dim: "} + value + "}\n",
                                 "a");
        CHECK_MESSAGE(outcome.codes == std::vector<std::string>{"config-type-mismatch"}, value);
    }
}

TEST_CASE("a list field takes a string as its characters, as Python iterates a str") {
    auto outcome = config_of("name: a\nmodel_family: net\nmodel_config: {dims: '12'}\n", "a");
    CHECK(outcome.codes.empty());
    const auto& dims = outcome.config.config.find("dims")->as_list();
    REQUIRE(dims.size() == 2);
    CHECK(dims[0].as_int() == 1);
    CHECK(dims[1].as_int() == 2);
}

TEST_CASE("${env:VAR} and ${env:VAR:default} are expanded in config strings") {
    ::setenv("F2_DIM", "640", 1);
    ::setenv("F2_EMPTY", "", 1);
    ::unsetenv("F2_UNSET");
    CHECK(expand_env_directives("${env:F2_DIM}") == "640");
    CHECK(expand_env_directives("x${env:F2_UNSET:7}y") == "x7y");
    CHECK(expand_env_directives("${env:F2_UNSET}") == "");
    CHECK(expand_env_directives("${env:F2_EMPTY:9}") == ""); // set to "": no default
    CHECK(expand_env_directives("${env:1BAD} ${env:F2_DIM") == "${env:1BAD} ${env:F2_DIM");
    auto outcome = config_of("name: a\nmodel_family: net\nmodel_config: {model_dim: '${env:F2_DIM}', "
                             "num_layers: '${env:F2_UNSET:3}'}\n",
                             "a");
    CHECK(outcome.codes.empty());
    CHECK(int_field(outcome, "model_dim") == 640);
    CHECK(int_field(outcome, "num_layers") == 3);
}

TEST_CASE("a null override is no override: the next key is used") {
    auto outcome = config_of("name: a\nmodel_family: net\nmodel_config_overrides: ~\n"
                             "model_config: {model_dim: 3}\n", "a");
    CHECK(outcome.codes.empty());
    CHECK(int_field(outcome, "model_dim") == 3);
    CHECK(outcome.config.overrides_key == "model_config");
}

TEST_CASE("an overlay's override replaces its card's; a null one in the overlay hides the card's") {
    std::string cards = "name: root\nmodel_family: net\nmodel_config_overrides: {model_dim: 7}\n---\n"
                        "name: root@env\nmodel_config_overrides: {model_dim: 8}\n---\n"
                        "name: root@hide\nmodel_config_overrides: ~\nmodel_config: {model_dim: 9}\n---\n"
                        "name: leaf\nbase: root\n";
    CHECK(int_field(config_of(cards, "leaf@"), "model_dim") == 7);
    CHECK(int_field(config_of(cards, "leaf@env"), "model_dim") == 8);
    auto hidden = config_of(cards, "leaf@hide");
    CHECK(int_field(hidden, "model_dim") == 9);
    CHECK(hidden.config.overrides_key == "model_config");
}

TEST_CASE("_del_: ~ and _set_: ~ are ignored") {
    auto outcome = config_of("name: a\nmodel_family: net\nmodel_config:\n  _del_: ~\n  _set_: ~\n  model_dim: 4\n",
                             "a");
    CHECK(outcome.codes.empty());
    CHECK(int_field(outcome, "model_dim") == 4);
}

TEST_CASE("_set_ is applied after the sibling keys, and _del_ before them") {
    auto set_last = config_of("name: a\nmodel_family: net\nmodel_config:\n  _set_: {model_dim: 1}\n  model_dim: 2\n",
                              "a");
    CHECK(int_field(set_last, "model_dim") == 1);
    // `_del_` drops the arch's value back to the default; a sibling then sets it.
    auto deleted = config_of("name: a\nmodel_family: net\nmodel_arch: big\nmodel_config:\n  _del_: [model_dim, num_layers]\n"
                             "  num_layers: 5\n",
                             "a");
    CHECK(deleted.codes.empty());
    CHECK(int_field(deleted, "model_dim") == 512);
    CHECK(int_field(deleted, "num_layers") == 5);
}

TEST_CASE("a mapping merged over a null target still applies _set_ and _del_") {
    std::vector<ConfigProblem> problems;
    Value merged = merge_config_override(Value{}, read_yaml("{_set_: {a: 1}, _del_: [b], c: 2}", "t").documents[0].root,
                                         problems);
    CHECK(problems.empty());
    REQUIRE(merged.is_map());
    CHECK(merged.find("_set_") == nullptr);
    CHECK(merged.find("a")->as_int() == 1);
    CHECK(merged.find("c")->as_int() == 2);
}

TEST_CASE("a problem in a base card's override is reported in the base card's file") {
    TempTree tree{{{"root/r.yaml", "name: root\nmodel_family: net\nmodel_config:\n  num_layerz: 1\n"},
                   {"leaf/l.yaml", "name: leaf\nbase: root\nmodel_config: {model_dim: 9}\n"}}};
    auto store = make_store(tree.root());
    auto container = families();
    auto result = effective_config(FamilyRegistry{*container}, store.retrieve_card("leaf"), FamilyKind::model);
    REQUIRE(result);
    REQUIRE(result->problems.size() == 1);
    CHECK(result->problems[0].code == DiagnosticCode::unknown_config_field);
    CHECK(result->problems[0].location.file == (tree / "root/r.yaml").string());
    CHECK(result->problems[0].location.line == 4);
}

TEST_CASE("tokenizer and dataset archs are ignored by fairseq2: a warning, the defaults are used") {
    TempTree tree{{{"t.yaml", "name: t\ntokenizer_family: tok\ntokenizer_arch: big\n"}}};
    auto store = make_store(tree.root());
    DependencyContainer container;
    register_tokenizer_family<Net, NetConfig>(container, "tok");
    auto result = effective_config(FamilyRegistry{container}, store.retrieve_card("t"), FamilyKind::tokenizer);
    REQUIRE(result);
    REQUIRE(result->problems.size() == 1);
    CHECK(result->problems[0].code == DiagnosticCode::ignored_field);
    CHECK(result->problems[0].severity == Severity::warning);
    CHECK_FALSE(result->arch);
    CHECK(result->config.find("model_dim")->as_int() == 512);
}

TEST_CASE("a config key that is not a string is refused, as structuring keys as str fails") {
    auto outcome = config_of("name: a\nmodel_family: net\nmodel_config: {1: 5}\n", "a");
    REQUIRE(outcome.codes == std::vector<std::string>{"unknown-config-field"});
    CHECK(outcome.config.problems[0].message.find("of type `int`") != std::string::npos);
}

TEST_CASE("cards that build from the same fields share one config through the cache, with their own names") {
    TempTree tree{{{"cards.yaml", "name: root\nmodel_family: net\nmodel_arch: small\n"
                                  "model_config: {model_dim: 300, num_layers: wrong}\n"
                                  "---\nname: a\nbase: root\n---\nname: b\nbase: root\n"
                                  "---\nname: c\nbase: root\nmodel_config: {num_layers: 3}\n"}}};
    auto store = make_store(tree.root());
    auto container = families();
    FamilyRegistry registry{*container};
    EffectiveConfigCache cache;
    auto a = effective_config(registry, store.retrieve_card("a"), FamilyKind::model, &cache);
    auto b = effective_config(registry, store.retrieve_card("b"), FamilyKind::model, &cache);
    auto c = effective_config(registry, store.retrieve_card("c"), FamilyKind::model, &cache);
    auto c_alone = effective_config(registry, store.retrieve_card("c"), FamilyKind::model);
    REQUIRE((a && b && c && c_alone));
    CHECK(a->card == "a");
    CHECK(b->card == "b");
    CHECK(a->config == b->config);
    // The problem is root's, the same for both.
    REQUIRE(a->problems.size() == 1);
    REQUIRE(b->problems.size() == 1);
    CHECK(a->problems[0].message == b->problems[0].message);
    CHECK(a->problems[0].asset == "root");
    // c overrides: a config of its own, as built without the cache.
    CHECK(c->config == c_alone->config);
    CHECK(c->problems.size() == c_alone->problems.size());
    CHECK(c->config.find("num_layers")->as_int() == 3);

    EffectiveConfigCache problems_only{EffectiveConfigCache::Keeps::problems_only};
    auto kept = effective_config(registry, store.retrieve_card("a"), FamilyKind::model, &problems_only);
    REQUIRE(kept);
    CHECK(kept->config.is_null());
    CHECK(kept->problems.size() == 1);
}
