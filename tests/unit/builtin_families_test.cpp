// The built-in families against fairseq2's reference data (lib/families/data,
// a copy of shared/reference): names, config types, fields, archs, defaults.
#include <fstream>
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "fairseq2/yaml/reader.hpp"
#include "fairseq2/families/builtin_families.hpp"
#include "fairseq2/families/registry.hpp"

using namespace fairseq2;

namespace {

Value reference(const std::string& file) {
    std::ifstream stream{std::string{FAMILY_DATA_DIR} + "/" + file};
    std::stringstream text;
    text << stream.rdbuf();
    YamlFile yaml = read_yaml(text.str(), file);
    REQUIRE(yaml.documents.size() == 1);
    return yaml.documents[0].root;
}

// The built-in families, as a registry; the container stays alive beside it.
struct Builtins {
    DependencyContainer container;
    std::optional<FamilyRegistry> registry;

    Builtins() {
        register_builtin_families(container);
        registry.emplace(container);
    }
    const FamilyRegistry* operator->() const { return &*registry; }
};

std::set<std::string> names_of(const Value& list) {
    std::set<std::string> names;
    for (const Value& item : list.as_list())
        names.insert(item.as_string());
    return names;
}

} // namespace

// Start-up registers from the names file; the schemas come from the full
// file later. The two must agree entry for entry.
TEST_CASE("the family names file matches fairseq2-families.yaml") {
    Value names = reference("fairseq2-family-names.yaml");
    Value families = reference("fairseq2-families.yaml");
    // The same entries in the same order, each with the same config type,
    // and for a model family the same archs.
    for (const char* section : {"model_families", "tokenizer_configs"}) {
        CAPTURE(section);
        const Value& listed = *names.find(section);
        const Value& full = *families.find(section);
        REQUIRE(listed.as_map().size() == full.as_map().size());
        for (std::size_t i = 0; i < full.as_map().size(); ++i) {
            const Field& entry = full.as_map()[i];
            CAPTURE(entry.key.str());
            CHECK(listed.as_map()[i].key == entry.key);
            const Value& names_entry = listed.as_map()[i].value;
            CHECK(names_entry.find("config")->as_string() == entry.value.find("config")->as_string());
            if (const Value* archs = entry.value.find("archs"))
                CHECK(names_entry.find("archs")->without_marks() == archs->without_marks());
        }
    }
    for (const char* list : {"tokenizer_families", "dataset_families"}) {
        CAPTURE(list);
        CHECK(names.find(list)->without_marks() == families.find(list)->without_marks());
    }
}

TEST_CASE("every model family of the reference, with its config type and archs") {
    Builtins builtins;
    Value families = reference("fairseq2-families.yaml");
    std::size_t count = 0;
    for (const Field& entry : families.find("model_families")->as_map()) {
        CAPTURE(entry.key);
        auto family = builtins->find_family(FamilyKind::model, entry.key);
        REQUIRE(family);
        CHECK(family->origin == "fairseq2");
        CHECK(family->config->name == entry.value.find("config")->as_string());
        std::vector<std::string> archs;
        for (const auto& arch : builtins->archs_of(family->config->name))
            archs.push_back(arch->name);
        std::vector<std::string> expected;
        for (const Value& arch : entry.value.find("archs")->as_list())
            expected.push_back(arch.as_string());
        CHECK(archs == expected);
        ++count;
    }
    CHECK(builtins->families(FamilyKind::model).size() == count);
}

TEST_CASE("every declared config field is in its schema, with its declared type") {
    Builtins builtins;
    Value families = reference("fairseq2-families.yaml");
    for (const Field& entry : families.find("model_families")->as_map()) {
        auto family = builtins->find_family(FamilyKind::model, entry.key);
        // Every config type the family declares, found through its schema.
        std::map<std::string, const ConfigSchema*> schemas;
        std::vector<const ConfigSchema*> pending{family->config.get()};
        while (!pending.empty()) {
            const ConfigSchema* schema = pending.back();
            pending.pop_back();
            if (!schemas.emplace(schema->name, schema).second)
                continue;
            for (const auto& field : schema->fields) {
                const FieldType* type = &field.type;
                if (type->kind == FieldType::Kind::optional)
                    type = &type->items[0];
                if (type->kind == FieldType::Kind::config)
                    pending.push_back(type->schema.get());
            }
        }
        for (const Field& config : entry.value.find("configs")->as_map()) {
            CAPTURE(config.key);
            if (!schemas.count(config.key))
                continue; // declared for a sibling family (jepa's encoder for jepa_classifier)
            for (const Field& field : config.value.as_map()) {
                CAPTURE(field.key);
                const ConfigField* found = schemas[config.key]->find(field.key);
                REQUIRE(found);
                std::string declared = field.value.find("type")->as_string();
                if (declared != "TransformerNormOrder" && declared.find("DataType") == std::string::npos)
                    CHECK(found->type.to_string() == declared);
                CHECK(found->default_value.has_value() == (field.value.find("default") != nullptr));
            }
        }
    }
}

TEST_CASE("every arch of the reference conforms to its config type, and defaults match") {
    Builtins builtins;
    Value archs = reference("fairseq2-archs.yaml");
    for (const Field& entry : archs.find("model_families")->as_map()) {
        CAPTURE(entry.key);
        auto family = builtins->find_family(FamilyKind::model, entry.key);
        const ConfigSchema& schema = *family->config;
        for (const Field& arch : entry.value.find("archs")->as_map()) {
            CAPTURE(arch.key);
            const Value* registered = builtins->find_arch(schema.name, arch.key);
            REQUIRE(registered);
            std::vector<ConfigProblem> problems;
            Value config = conform_config(schema, *registered, problems);
            CHECK(problems.empty());
            CHECK(config.as_map().size() == arch.value.as_map().size());
        }
        std::vector<ConfigProblem> problems;
        Value defaults = conform_config(schema, schema.defaults(), problems);
        // hf_name of the hg family is required: the one default missing.
        std::size_t required = entry.key == "hg" ? 1 : 0;
        CHECK(problems.size() == required);
        CHECK(defaults.as_map().size() + required == entry.value.find("default")->as_map().size());
    }
}

TEST_CASE("archs keep fairseq2's values, enums by member name") {
    Builtins builtins;
    Value llama = *builtins->find_arch("LLaMAConfig", "llama3_8b");
    CHECK(llama.find("vocab_size")->as_int() == 128256);
    CHECK(llama.find("num_key_value_heads")->as_int() == 8);
    CHECK(llama.find("ffn_inner_dim_scale")->as_float() == doctest::Approx(2.0 / 3.0));
    Value wav2vec2 = *builtins->find_arch("Wav2Vec2Config", "base");
    CHECK(wav2vec2.find("encoder_config")->find("norm_order")->as_string() == "POST");
}

TEST_CASE("every tokenizer and dataset family of the reference, with its config") {
    Builtins builtins;
    Value families = reference("fairseq2-families.yaml");
    std::set<std::string> tokenizers;
    for (const auto& family : builtins->families(FamilyKind::tokenizer))
        tokenizers.insert(family->name);
    CHECK(tokenizers == names_of(*families.find("tokenizer_families")));
    std::set<std::string> datasets;
    for (const auto& family : builtins->families(FamilyKind::dataset))
        datasets.insert(family->name);
    CHECK(datasets == names_of(*families.find("dataset_families")));

    for (const Field& entry : families.find("tokenizer_configs")->as_map()) {
        CAPTURE(entry.key);
        auto family = builtins->find_family(FamilyKind::tokenizer, entry.key);
        REQUIRE(family->config);
        CHECK(family->config->name == entry.value.find("config")->as_string());
        CHECK(family->config->fields.size() == entry.value.find("fields")->as_map().size());
    }
    auto llama = builtins->find_family(FamilyKind::tokenizer, "llama");
    CHECK(llama->config->find("impl")->default_value->as_string() == "sp");
    auto nllb = builtins->find_family(FamilyKind::tokenizer, "nllb");
    CHECK(nllb->config->find("langs")->default_value->as_list().empty());
    CHECK_FALSE(builtins->find_family(FamilyKind::tokenizer, "mistral")->config);
}
