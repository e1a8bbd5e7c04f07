// Config schemas: what a config type's fields are (name, type, default), the
// one description that prints a schema, checks a config tree and converts it.
// C++ config types get theirs from the reflection helper (config_reflection.hpp);
// fairseq2's built-in types get theirs from the reference data.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fairseq2/support/diagnostic_codes.hpp"
#include "fairseq2/yaml/value.hpp"

namespace fairseq2 {

class ConfigSchema;

struct FieldType {
    enum class Kind : std::uint8_t {
        integer,
        floating,
        boolean,
        string,
        any,
        list,     // items[0]
        set,      // items[0], written as a list
        tuple,    // items, or items[0] repeated when `variadic`
        map,      // string keys, values items[0]
        optional, // items[0] or null
        config,   // a nested config type
        choice,   // one of `choices` (a Literal or an enum by name)
    };

    FieldType() = default;
    FieldType(Kind k) : kind(k) {} // NOLINT: `{Kind::integer}` reads as the type

    Kind kind = Kind::any;
    std::vector<FieldType> items;
    bool variadic = false;
    std::vector<std::string> choices;
    std::shared_ptr<const ConfigSchema> schema;

    // As fairseq2 declares it: `int`, `list[int]`, `tuple[int, ...]`,
    // `LLaMARoPEScaleConfig | None`, `Literal['sp', 'hg']`.
    std::string to_string() const;
};

struct ConfigField {
    FieldKey name;
    FieldType type;
    // Empty for a required field (no default).
    std::optional<Value> default_value;
};

class ConfigSchema {
public:
    std::string name;
    std::vector<ConfigField> fields;

    const ConfigField* find(std::string_view field) const;

    // The config a default-constructed instance has; required fields are left
    // out.
    Value defaults() const;
};

// The dotted path of a field under `parent` (`encoder_config.model_dim`).
std::string config_path(const std::string& parent, std::string_view field);

// A problem of a config tree, with the dotted path of the field.
struct ConfigProblem {
    // unknown_config_field, config_type_mismatch or missing_config_field.
    DiagnosticCode code = DiagnosticCode::config_type_mismatch;
    std::string path;
    std::string message;
    Mark mark;
    // A near field name for an unknown one, if there is one.
    std::optional<std::string> suggestion;
};

// Checks `tree` against `schema` and returns the config it builds: every
// field in the schema's order, defaults for the ones the tree lacks, integers
// widened where floats are declared. Every problem is appended (with the
// dotted path of the field); unknown fields are left out.
Value conform_config(const ConfigSchema& schema, const Value& tree,
                     std::vector<ConfigProblem>& problems, const std::string& path = {});

} // namespace fairseq2
