// fairseq2's own families, archs and config types, read from its reference
// data (data/, embedded): names from fairseq2-family-names.yaml, declared
// field types from fairseq2-families.yaml, evaluated defaults and arch configs
// from fairseq2-archs.yaml.
#include "fairseq2/families/builtin_families.hpp"

#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "fairseq2/yaml/reader.hpp"
#include "fairseq2/families/family.hpp"
#include "fairseq2/support/embedded_file.hpp"
#include "type_parser.hpp"

namespace fairseq2 {
namespace {

YamlFile read_data_file(std::string_view name) {
    for (const EmbeddedFile& file : builtin_family_data())
        if (file.path == name) {
            YamlFile yaml = read_yaml(file.text, std::string{file.path});
            if (!yaml.diagnostics.empty() || yaml.documents.size() != 1)
                throw Error{DiagnosticCode::family_data_invalid,
                            fmt::format("The embedded family data {} cannot be read.", name)};
            return yaml;
        }
    throw Error{DiagnosticCode::family_data_invalid, fmt::format("The embedded family data {} is missing.", name)};
}

const Value& member(const Value& map, std::string_view key) {
    static const Value empty{Value::Map{}};
    const Value* found = map.find(key);
    return found ? *found : empty;
}

// The declared type name of a field without `| None`.
std::string_view bare_type(std::string_view declared) {
    auto bar = declared.find(" |");
    return declared.substr(0, bar);
}

// Builds config schemas from declared fields, with evaluated defaults where
// the data has them.
class SchemaBuilder {
public:
    // `declared`: type name -> {field: {type, default}}.
    explicit SchemaBuilder(std::map<std::string, const Value*, std::less<>> declared)
        : declared_(std::move(declared)) {}

    // Records the evaluated default of a config type: a family's top-level
    // config first. (A field's default can be a factory that customizes its
    // type, so a type's own defaults are taken from its own default, and a
    // nested type's from the canonical default of the type that holds it.)
    void add_evaluated(const std::string& type, const Value& value) {
        if (value.is_map() && declared_.count(type))
            evaluated_.emplace(type, &value);
    }

    // Records the nested config types' defaults found in the recorded ones.
    void add_nested_evaluated() {
        std::vector<std::string> pending;
        for (const auto& [type, value] : evaluated_)
            pending.push_back(type);
        while (!pending.empty()) {
            std::string type = pending.back();
            pending.pop_back();
            const Value& value = *evaluated_.at(type);
            for (const Field& field : declared_.at(type)->as_map()) {
                const Value& declared_type = member(field.value, "type");
                std::string nested{bare_type(declared_type.is_string() ? declared_type.as_string() : "")};
                const Value* nested_value = value.find(field.key);
                if (nested_value && nested_value->is_map() && declared_.count(nested) &&
                    evaluated_.emplace(nested, nested_value).second)
                    pending.push_back(nested);
            }
        }
    }

    std::shared_ptr<const ConfigSchema> build(std::string_view type) {
        if (auto found = built_.find(std::string{type}); found != built_.end())
            return found->second;
        auto declared = declared_.find(type);
        if (declared == declared_.end())
            return nullptr;

        auto schema = std::make_shared<ConfigSchema>();
        schema->name = std::string{type};
        built_[schema->name] = schema;

        const Value& own = *declared->second;
        const Value* evaluated = evaluated_.count(schema->name) ? evaluated_[schema->name] : nullptr;
        std::vector<std::string> order;
        if (evaluated)
            for (const Field& field : evaluated->as_map())
                order.push_back(field.key);
        else
            for (const Field& field : own.as_map())
                order.push_back(field.key);

        SchemaLookup lookup = [this](std::string_view name) { return build(name); };
        for (const std::string& name : order) {
            const Value* declaration = own.find(name);
            if (!declaration && evaluated)
                declaration = inherited(schema->name, *evaluated, name);
            if (!declaration)
                throw Error{DiagnosticCode::family_data_invalid,
                            fmt::format("The field {}.{} has no declared type.", type, name)};
            ConfigField field;
            field.name = name;
            field.type = parse_declared_type(member(*declaration, "type").as_string(), lookup);
            if (const Value* text = declaration->find("default")) {
                const Value* value = evaluated ? evaluated->find(name) : nullptr;
                field.default_value = value ? normalize(field.type, *value) : literal_default(field.type, *text);
                if (field.default_value)
                    field.default_value = field.default_value->without_marks();
            }
            schema->fields.push_back(std::move(field));
        }
        return schema;
    }

    // Enums are data as their values (TransformerNormOrder POST = 0); configs
    // hold them by member name, as fairseq2 unstructures them.
    static Value normalize(const FieldType& type, const Value& value) {
        using Kind = FieldType::Kind;
        switch (type.kind) {
        case Kind::choice:
            if (value.kind() == Value::Kind::integer && value.as_int() >= 0 &&
                static_cast<std::size_t>(value.as_int()) < type.choices.size())
                return Value{type.choices[static_cast<std::size_t>(value.as_int())], value.mark()};
            return value;
        case Kind::optional: return value.is_null() ? value : normalize(type.items[0], value);
        case Kind::config: {
            if (!value.is_map())
                return value;
            Value out{Value::Map{}, value.mark()};
            for (const Field& field : value.as_map()) {
                const ConfigField* declared = type.schema->find(field.key);
                out.as_map().push_back(
                    Field{field.key, field.key_mark, declared ? normalize(declared->type, field.value) : field.value});
            }
            return out;
        }
        case Kind::list:
        case Kind::set:
        case Kind::tuple: {
            if (!value.is_list())
                return value;
            Value::List out;
            for (std::size_t i = 0; i < value.as_list().size(); ++i) {
                const FieldType& item = type.kind == Kind::tuple && !type.variadic && i < type.items.size()
                    ? type.items[i]
                    : type.items[0];
                out.push_back(normalize(item, value.as_list()[i]));
            }
            return Value{std::move(out), value.mark()};
        }
        default: return value;
        }
    }

private:
    // The declaration of a field a config type inherits: from a declared type
    // whose fields all appear in this type's evaluated default (its base).
    const Value* inherited(const std::string& type, const Value& evaluated, const std::string& name) {
        for (const auto& [other, fields] : declared_) {
            if (other == type || !fields->find(name))
                continue;
            bool is_base = true;
            for (const Field& field : fields->as_map())
                is_base = is_base && evaluated.find(field.key);
            if (is_base)
                return fields->find(name);
        }
        return nullptr;
    }

    std::optional<Value> literal_default(const FieldType& type, const Value& text) {
        if (!text.is_string())
            return normalize(type, text);
        if (auto literal = parse_python_literal(text.as_string()))
            return normalize(type, *literal);
        // `lambda()`: a default factory, so the type's empty value.
        const FieldType& inner = type.kind == FieldType::Kind::optional ? type.items[0] : type;
        switch (inner.kind) {
        case FieldType::Kind::config: return inner.schema->defaults();
        case FieldType::Kind::map: return Value{Value::Map{}};
        default: return Value{Value::List{}};
        }
    }

    std::map<std::string, const Value*, std::less<>> declared_;
    std::map<std::string, const Value*> evaluated_;
    std::map<std::string, std::shared_ptr<const ConfigSchema>> built_;
};

// The arch names fairseq2-families.yaml lists for a family, in registration
// order.
std::vector<std::string> listed_archs(const Field& family) {
    std::vector<std::string> names;
    for (const Value& name : member(family.value, "archs").as_list()) {
        if (!name.is_string())
            throw Error{DiagnosticCode::family_data_invalid,
                        fmt::format("An arch name of the family {} is not a string.", family.key.str())};
        names.push_back(name.as_string());
    }
    return names;
}

std::vector<std::string> keys_of(const Value& map) {
    std::vector<std::string> keys;
    for (const Field& field : map.as_map())
        keys.push_back(field.key);
    return keys;
}

// The config schemas and arch configs, built from fairseq2-families.yaml and
// fairseq2-archs.yaml (80 KB, which take libyaml milliseconds) on first use,
// so that a command that never looks at a config does not pay for them.
// Registration needs only the names, which fairseq2-family-names.yaml holds.
class BuiltinConfigs {
public:
    std::shared_ptr<const ConfigSchema> schema(const std::string& config_type) {
        std::call_once(built_, [this] { build(); });
        auto found = schemas_.find(config_type);
        if (found == schemas_.end())
            throw Error{DiagnosticCode::family_data_invalid,
                        fmt::format("The config type {} of fairseq2-family-names.yaml is not declared in "
                                    "fairseq2-families.yaml.",
                                    config_type)};
        return found->second;
    }

    Value arch(const std::string& key) {
        std::call_once(built_, [this] { build(); });
        auto found = archs_.find(key);
        if (found == archs_.end())
            throw Error{DiagnosticCode::family_data_invalid,
                        fmt::format("The arch {} of fairseq2-family-names.yaml is not in fairseq2-archs.yaml.", key)};
        return found->second;
    }

private:
    void build() {
        YamlFile families_file = read_data_file("fairseq2-families.yaml");
        YamlFile archs_file = read_data_file("fairseq2-archs.yaml");
        const Value& families = families_file.documents[0].root;
        const Value& arch_families = member(archs_file.documents[0].root, "model_families");

        std::map<std::string, const Value*, std::less<>> declared;
        for (const Field& family : member(families, "model_families").as_map())
            for (const Field& type : member(family.value, "configs").as_map())
                declared.emplace(type.key, &type.value);
        for (const Field& family : member(families, "tokenizer_configs").as_map())
            declared.emplace(member(family.value, "config").as_string(), &member(family.value, "fields"));

        SchemaBuilder builder{std::move(declared)};
        for (const Field& family : arch_families.as_map())
            builder.add_evaluated(member(family.value, "config").as_string(), member(family.value, "default"));
        builder.add_nested_evaluated();

        for (const Field& entry : member(families, "model_families").as_map()) {
            std::string config_type = member(entry.value, "config").as_string();
            auto schema = builder.build(config_type);
            schemas_.emplace(config_type, schema);

            FieldType config{FieldType::Kind::config};
            config.schema = schema;
            const Value& archs = member(member(arch_families, entry.key), "archs");
            if (listed_archs(entry) != keys_of(archs))
                throw Error{DiagnosticCode::family_data_invalid,
                            fmt::format("The archs of the family {} differ between fairseq2-families.yaml and "
                                        "fairseq2-archs.yaml.",
                                        entry.key.str())};
            for (const Field& arch : archs.as_map())
                archs_.emplace(arch_key(config_type, arch.key),
                               SchemaBuilder::normalize(config, arch.value).without_marks());
        }
        for (const Field& entry : member(families, "tokenizer_configs").as_map()) {
            std::string config_type = member(entry.value, "config").as_string();
            schemas_.emplace(config_type, builder.build(config_type));
        }
    }

    std::once_flag built_;
    std::map<std::string, std::shared_ptr<const ConfigSchema>, std::less<>> schemas_;
    std::map<std::string, Value, std::less<>> archs_;
};

} // namespace

void register_builtin_families(DependencyContainer& container) {
    YamlFile names = read_data_file("fairseq2-family-names.yaml");
    const Value& families = names.documents[0].root;
    auto configs = std::make_shared<BuiltinConfigs>();

    for (const Field& entry : member(families, "model_families").as_map()) {
        std::string config_type = member(entry.value, "config").as_string();
        register_family(container, FamilyKind::model, entry.key,
                        [configs, config_type] { return configs->schema(config_type); });
        for (std::string& arch : listed_archs(entry)) {
            std::string key = arch_key(config_type, arch);
            register_arch(container, config_type, std::move(arch), [configs, key] { return configs->arch(key); });
        }
    }

    const Value& tokenizer_configs = member(families, "tokenizer_configs");
    for (const Value& name : member(families, "tokenizer_families").as_list()) {
        const Value* config = tokenizer_configs.find(name.as_string());
        if (!config) {
            register_family(container, Family{FamilyKind::tokenizer, name.as_string(), {}, nullptr, {}, {}});
            continue;
        }
        register_family(container, FamilyKind::tokenizer, name.as_string(),
                        [configs, config_type = member(*config, "config").as_string()] {
                            return configs->schema(config_type);
                        });
    }
    for (const Value& name : member(families, "dataset_families").as_list())
        register_family(container, Family{FamilyKind::dataset, name.as_string(), {}, nullptr, {}, {}});
}

} // namespace fairseq2
