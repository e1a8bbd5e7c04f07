#include <doctest/doctest.h>

#include "fairseq2/families/config_reflection.hpp"

using namespace fairseq2;

namespace {

struct ScaleConfig {
    double factor = 8.0;
    std::vector<double> frequency_factors{1.0, 4.0};
};

struct ToyConfig {
    int model_dim = 512;
    double dropout_p = 0.1;
    bool tied = false;
    std::optional<int> pad_idx;
    std::string norm = "pre";
    std::vector<std::string> langs;
    std::map<std::string, int> sizes{{"small", 1}};
    ScaleConfig scale;
    std::optional<ScaleConfig> extra;
};

std::vector<std::string> codes(const std::vector<ConfigProblem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems)
        out.push_back(std::string{to_string(p.code)} + " " + p.path);
    return out;
}

} // namespace

template <>
struct fairseq2::ConfigTraits<ScaleConfig> {
    static constexpr std::string_view name = "ScaleConfig";
    static void describe(ConfigDescriber<ScaleConfig>& d) {
        d.field("factor", &ScaleConfig::factor).field("frequency_factors", &ScaleConfig::frequency_factors);
    }
};

template <>
struct fairseq2::ConfigTraits<ToyConfig> {
    static constexpr std::string_view name = "ToyConfig";
    static void describe(ConfigDescriber<ToyConfig>& d) {
        d.field("model_dim", &ToyConfig::model_dim)
            .field("dropout_p", &ToyConfig::dropout_p)
            .field("tied", &ToyConfig::tied)
            .field("pad_idx", &ToyConfig::pad_idx)
            .field("norm", &ToyConfig::norm, {"pre", "post"})
            .field("langs", &ToyConfig::langs)
            .field("sizes", &ToyConfig::sizes)
            .field("scale", &ToyConfig::scale)
            .field("extra", &ToyConfig::extra);
    }
};

TEST_CASE("a described config type gives its schema: names, types and defaults") {
    const ConfigSchema& schema = *reflect<ToyConfig>().schema;
    CHECK(schema.name == "ToyConfig");
    REQUIRE(schema.fields.size() == 9);
    std::vector<std::string> types;
    for (const auto& field : schema.fields)
        types.push_back(field.name.str() + ": " + field.type.to_string());
    CHECK(types == std::vector<std::string>{"model_dim: int", "dropout_p: float", "tied: bool",
                                            "pad_idx: int | None", "norm: Literal['pre', 'post']",
                                            "langs: list[str]", "sizes: dict[str, int]",
                                            "scale: ScaleConfig", "extra: ScaleConfig | None"});
    CHECK(*schema.find("model_dim")->default_value == Value{std::int64_t{512}});
    CHECK(schema.find("pad_idx")->default_value->is_null());
    CHECK(schema.find("scale")->default_value->find("factor")->as_float() == 8.0);
}

TEST_CASE("a config converts to a YAML tree and back unchanged") {
    ToyConfig config;
    config.model_dim = 1024;
    config.pad_idx = 3;
    config.langs = {"en", "fr"};
    config.scale.factor = 2.5;
    config.extra = ScaleConfig{};
    Value tree = config_to_value(config);
    CHECK(tree.find("langs")->as_list().size() == 2);

    std::vector<ConfigProblem> problems;
    ToyConfig back = config_from_value<ToyConfig>(tree, problems);
    CHECK(problems.empty());
    CHECK(back.model_dim == 1024);
    CHECK(back.pad_idx == 3);
    CHECK(back.langs == std::vector<std::string>{"en", "fr"});
    CHECK(back.scale.factor == 2.5);
    CHECK(back.extra.has_value());
    CHECK(config_to_value(back) == tree);
}

TEST_CASE("fields a tree lacks keep their defaults, and integers widen to floats") {
    std::vector<ConfigProblem> problems;
    Value tree{Value::Map{}};
    tree.set("dropout_p", Value{std::int64_t{0}});
    ToyConfig config = config_from_value<ToyConfig>(tree, problems);
    CHECK(problems.empty());
    CHECK(config.dropout_p == 0.0);
    CHECK(config.model_dim == 512);
}

TEST_CASE("unknown fields and type mismatches are reported with the path of the field") {
    Value scale{Value::Map{}};
    scale.set("factr", Value{1.0});
    scale.set("frequency_factors", Value{Value::List{Value{"a"}}});
    Value tree{Value::Map{}};
    tree.set("model_dim", Value{"large"});
    tree.set("norm", Value{"middle"});
    tree.set("scale", scale);
    tree.set("extra", Value{std::int64_t{1}});

    std::vector<ConfigProblem> problems;
    config_from_value<ToyConfig>(tree, problems);
    CHECK(codes(problems) == std::vector<std::string>{
                                 "config-type-mismatch model_dim", "config-type-mismatch norm",
                                 "unknown-config-field scale.factr",
                                 "config-type-mismatch scale.frequency_factors[0]",
                                 "config-type-mismatch extra"});
    CHECK(problems[0].message ==
          "The `model_dim` config field is expected to be of type `int`, but is of type `str` instead "
          "('large' cannot be parsed as `int`).");
    CHECK(problems[2].suggestion == "factor");
    CHECK(problems[1].message.find("one of pre, post") != std::string::npos);
}
