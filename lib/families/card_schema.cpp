#include "fairseq2/families/card_schema.hpp"

#include <map>
#include <set>
#include <utility>

#include "fairseq2/assets/read_fields.hpp"

namespace fairseq2 {
namespace {

// What Python's int() and float() read from a string (utils/structured.py
// structures an int field with int(), a float field with float()).
constexpr const char* python_int_pattern = "^\\s*[+-]?[0-9](_?[0-9])*\\s*$";
constexpr const char* python_float_pattern =
    "^\\s*[+-]?(([0-9](_?[0-9])*)?\\.?[0-9](_?[0-9])*([eE][+-]?[0-9](_?[0-9])*)?|[0-9](_?[0-9])*\\."
    "([eE][+-]?[0-9](_?[0-9])*)?|[iI][nN][fF]([iI][nN][iI][tT][yY])?|[nN][aA][nN])\\s*$";
// canonicalize_asset_name and sanitize_base_asset_name (assets/metadata_provider.py).
constexpr const char* name_pattern = "^\\s*[^@\\s][^@]*(@[^@]*)?$";
constexpr const char* base_pattern = "^\\s*[^@\\s][^@]*$";

using Members = std::vector<std::pair<std::string, Value>>;

Value object(Members members) {
    Value::Map map;
    map.reserve(members.size());
    for (auto& [key, value] : members)
        map.push_back(Field{std::move(key), {}, std::move(value)});
    return Value{std::move(map)};
}

Value strings(const std::vector<std::string>& texts) {
    Value::List list;
    for (const std::string& text : texts)
        list.emplace_back(text);
    return Value{std::move(list)};
}

Value any_of(Value::List schemas) {
    return object({{"anyOf", Value{std::move(schemas)}}});
}

Value json_type(const char* type) {
    return object({{"type", Value{type}}});
}

Value ref(const std::string& config_type) {
    return object({{"$ref", Value{"#/$defs/" + config_type}}});
}

class SchemaBuilder {
public:
    // The values fairseq2's structuring turns into a value of `type`.
    Value value_schema(const FieldType& type) {
        using Kind = FieldType::Kind;
        switch (type.kind) {
        case Kind::integer:
            return any_of({object({{"type", strings({"integer", "number", "boolean"})}}),
                           object({{"type", Value{"string"}}, {"pattern", Value{python_int_pattern}}})});
        case Kind::floating:
            return any_of({object({{"type", strings({"integer", "number", "boolean"})}}),
                           object({{"type", Value{"string"}}, {"pattern", Value{python_float_pattern}}})});
        case Kind::boolean: return json_type("boolean");
        case Kind::string: return json_type("string");
        case Kind::any: return object({});
        case Kind::list:
        case Kind::set: // a sequence, or a string read as its characters
            return any_of({object({{"type", Value{"array"}}, {"items", value_schema(type.items[0])}}),
                           json_type("string")});
        case Kind::tuple: {
            if (type.variadic)
                return any_of({object({{"type", Value{"array"}}, {"items", value_schema(type.items[0])}}),
                               json_type("string")});
            Value::List items;
            for (const FieldType& item : type.items)
                items.push_back(value_schema(item));
            auto count = static_cast<std::int64_t>(type.items.size());
            return object({{"type", Value{"array"}},
                           {"prefixItems", Value{std::move(items)}},
                           {"minItems", Value{count}},
                           {"maxItems", Value{count}}});
        }
        case Kind::map:
            return object({{"type", Value{"object"}}, {"additionalProperties", value_schema(type.items[0])}});
        case Kind::optional: return any_of({value_schema(type.items[0]), json_type("null")});
        case Kind::config: return config_ref(*type.schema);
        case Kind::choice: return object({{"enum", strings(type.choices)}});
        }
        return object({});
    }

    // An override of a config type: any of its fields, each as its type
    // takes it, none other (fairseq2 fails on an unknown field), and
    // fairseq2's `_del_` and `_set_` directives. Defined once per type.
    Value config_ref(const ConfigSchema& schema) {
        if (defined_.insert(schema.name).second) {
            Members properties;
            for (const ConfigField& field : schema.fields)
                properties.emplace_back(field.name, value_schema(field.type));
            properties.emplace_back("_del_", object({{"type", Value{"array"}}, {"items", json_type("string")}}));
            properties.emplace_back("_set_", json_type("object"));
            definitions_.emplace(schema.name, object({{"type", Value{"object"}},
                                                       {"properties", object(std::move(properties))},
                                                       {"additionalProperties", Value{false}}}));
        }
        return ref(schema.name);
    }

    Value definitions() && {
        Members members;
        for (auto& [name, definition] : definitions_)
            members.emplace_back(name, std::move(definition));
        return object(std::move(members));
    }

private:
    std::set<std::string> defined_;
    std::map<std::string, Value> definitions_;
};

// `<kind>_config`, `<kind>_config_override`, `<kind>_config_overrides`: an
// override of the config type, or null (no override).
void add_config_keys(Members& properties, const std::string& kind, Value override_schema) {
    Value schema = any_of({std::move(override_schema), json_type("null")});
    for (const char* suffix : {"_config", "_config_override", "_config_overrides"})
        properties.emplace_back(kind + suffix, schema);
}

} // namespace

Value card_schema(const FamilyRegistry& families) {
    SchemaBuilder builder;
    Members properties;
    properties.emplace_back("name", object({{"type", Value{"string"}},
                                            {"pattern", Value{name_pattern}},
                                            {"description", Value{"NAME, or NAME@ENV for an overlay"}}}));
    properties.emplace_back("base", any_of({object({{"type", Value{"string"}}, {"pattern", Value{base_pattern}}}),
                                            json_type("null")}));

    Value::List conditions;
    for (FamilyKind kind : {FamilyKind::model, FamilyKind::tokenizer, FamilyKind::dataset}) {
        std::string prefix = to_string(kind);
        std::vector<std::string> names;
        for (const auto& family : families.families(kind)) {
            names.push_back(family->name);
            // What a card that names the family may set: its archs (models
            // only, as fairseq2 reads none for the others) and its config.
            Members then;
            if (kind == FamilyKind::model && family->config) {
                std::vector<std::string> archs;
                for (const auto& arch : families.archs_of(family->config->name))
                    archs.push_back(arch->name);
                if (!archs.empty())
                    then.emplace_back(prefix + "_arch", object({{"enum", strings(archs)}}));
            }
            if (family->config)
                add_config_keys(then, prefix, builder.config_ref(*family->config));
            if (then.empty())
                continue;
            conditions.push_back(object(
                {{"if", object({{"properties",
                                 object({{prefix + "_family", object({{"const", Value{family->name}}})}})},
                                {"required", strings({prefix + "_family"})}})},
                 {"then", object({{"properties", object(std::move(then))}})}}));
        }
        properties.emplace_back(prefix + "_family", object({{"enum", strings(names)}}));
        if (kind == FamilyKind::model)
            properties.emplace_back(prefix + "_arch", json_type("string"));
    }
    auto add_read_fields = [&](const auto& table) {
        for (const ReadField& field : table)
            properties.emplace_back(std::string{field.name},
                                    json_type(field.kind == Value::Kind::boolean ? "boolean" : "string"));
    };
    add_read_fields(model_read_fields);
    add_read_fields(tokenizer_read_fields);
    add_read_fields(location_read_fields);

    Members schema{{"$schema", Value{"https://json-schema.org/draft/2020-12/schema"}},
                   {"title", Value{"fairseq2 asset card"}},
                   {"description", Value{"A card of fairseq2's asset store, with the families, archs and config "
                                         "fields registered by the runtime that wrote this schema."}},
                   {"type", Value{"object"}},
                   {"required", strings({"name"})},
                   {"properties", object(std::move(properties))}};
    if (!conditions.empty()) // JSON Schema wants at least one
        schema.emplace_back("allOf", Value{std::move(conditions)});
    schema.emplace_back("$defs", std::move(builder).definitions());
    return object(std::move(schema));
}

} // namespace fairseq2
