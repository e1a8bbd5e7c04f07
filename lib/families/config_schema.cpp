#include "fairseq2/families/config_schema.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "fairseq2/yaml/python_values.hpp"
#include "fairseq2/support/did_you_mean.hpp"

namespace fairseq2 {

std::string FieldType::to_string() const {
    auto item = [&](std::size_t i) { return items.at(i).to_string(); };
    switch (kind) {
    case Kind::integer: return "int";
    case Kind::floating: return "float";
    case Kind::boolean: return "bool";
    case Kind::string: return "str";
    case Kind::any: return "Any";
    case Kind::list: return "list[" + item(0) + "]";
    case Kind::set: return "set[" + item(0) + "]";
    case Kind::map: return "dict[str, " + item(0) + "]";
    case Kind::optional: return item(0) + " | None";
    case Kind::config: return schema ? schema->name : "config";
    case Kind::tuple: {
        if (variadic)
            return "tuple[" + item(0) + ", ...]";
        std::vector<std::string> names;
        for (const FieldType& t : items)
            names.push_back(t.to_string());
        return fmt::format("tuple[{}]", fmt::join(names, ", "));
    }
    case Kind::choice: {
        std::vector<std::string> quoted;
        for (const auto& c : choices)
            quoted.push_back("'" + c + "'");
        return fmt::format("Literal[{}]", fmt::join(quoted, ", "));
    }
    }
    return "Any";
}

std::string config_path(const std::string& parent, std::string_view field) {
    return parent.empty() ? std::string{field} : parent + "." + std::string{field};
}

const ConfigField* ConfigSchema::find(std::string_view field) const {
    for (const ConfigField& f : fields)
        if (f.name == field)
            return &f;
    return nullptr;
}

Value ConfigSchema::defaults() const {
    Value config{Value::Map{}};
    for (const ConfigField& field : fields)
        if (field.default_value)
            config.as_map().push_back(Field{field.name, {}, *field.default_value});
    return config;
}

namespace {

// Checks one value against one type, as conform_config() checks a field.
Value conform_value(const FieldType& type, const Value& value, std::vector<ConfigProblem>& problems,
                    const std::string& path);

void mismatch(std::vector<ConfigProblem>& problems, const FieldType& type, const Value& value,
              const std::string& path, std::string detail = {}) {
    problems.push_back({DiagnosticCode::config_type_mismatch, path,
                        fmt::format("The `{}` config field is expected to be of type `{}`, but is of "
                                    "type `{}` instead{}.",
                                    path, type.to_string(), value.type_name(), detail),
                        value.mark(), {}});
}

// A Python str is a Sequence: a list, set or tuple field given a string
// takes its characters, as fairseq2's structuring iterates it.
Value::List characters_of(const Value& text) {
    Value::List items;
    const std::string& s = text.as_string();
    for (std::size_t i = 0; i < s.size();) {
        std::size_t length = 1;
        auto byte = static_cast<unsigned char>(s[i]);
        if (byte >= 0xF0)
            length = 4;
        else if (byte >= 0xE0)
            length = 3;
        else if (byte >= 0xC0)
            length = 2;
        items.emplace_back(s.substr(i, length), text.mark());
        i += length;
    }
    return items;
}

Value conform_list(const FieldType& type, const Value& value, std::vector<ConfigProblem>& problems,
                   const std::string& path) {
    if (!value.is_list() && !value.is_string()) {
        mismatch(problems, type, value, path);
        return value;
    }
    Value::List characters;
    if (value.is_string())
        characters = characters_of(value);
    const auto& items = value.is_string() ? characters : value.as_list();
    if (type.kind == FieldType::Kind::tuple && !type.variadic && items.size() != type.items.size()) {
        mismatch(problems, type, value, path,
                 fmt::format(" (a list of {} items where {} are expected)", items.size(), type.items.size()));
        return value;
    }
    Value::List out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const FieldType& item_type =
            type.kind == FieldType::Kind::tuple && !type.variadic ? type.items[i] : type.items[0];
        out.push_back(conform_value(item_type, items[i], problems, fmt::format("{}[{}]", path, i)));
    }
    if (type.kind == FieldType::Kind::set) {
        // "All elements in the sequence must be unique to be treated as a set."
        for (std::size_t i = 0; i < out.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (python_equal(out[i], out[j])) {
                    mismatch(problems, type, value, path,
                             fmt::format(" (the items at {} and {} are equal, and a set holds each "
                                         "once)",
                                         j, i));
                    return value;
                }
    }
    return Value{std::move(out), value.mark()};
}

Value conform_value(const FieldType& type, const Value& value, std::vector<ConfigProblem>& problems,
                    const std::string& path) {
    using Kind = FieldType::Kind;
    switch (type.kind) {
    case Kind::any: return value;
    case Kind::integer:
    case Kind::floating: {
        // fairseq2's _structure_primitive: the value as it is when it is an
        // instance (a bool is an int), else `int(value)` / `float(value)`.
        std::optional<Value> converted = type.kind == Kind::integer ? python_int(value) : python_float(value);
        if (!converted) {
            mismatch(problems, type, value, path,
                     value.is_string() ? fmt::format(" ('{}' cannot be parsed as `{}`)", value.as_string(),
                                                     type.to_string())
                                       : std::string{});
            return value;
        }
        return *converted;
    }
    case Kind::boolean:
        if (value.kind() != Value::Kind::boolean)
            mismatch(problems, type, value, path);
        return value;
    case Kind::string:
        if (!value.is_string())
            mismatch(problems, type, value, path);
        return value;
    case Kind::choice:
        if (!value.is_string() ||
            std::find(type.choices.begin(), type.choices.end(), value.as_string()) == type.choices.end())
            problems.push_back({DiagnosticCode::config_type_mismatch, path,
                                fmt::format("The `{}` config field is expected to be one of {}, but is {} "
                                            "instead.",
                                            path, fmt::join(type.choices, ", "),
                                            value.is_string() ? "'" + value.as_string() + "'"
                                                              : std::string{"of type `"} + value.type_name() + "`"),
                                value.mark(), {}});
        return value;
    case Kind::optional:
        return value.is_null() ? value : conform_value(type.items[0], value, problems, path);
    case Kind::list:
    case Kind::set:
    case Kind::tuple: return conform_list(type, value, problems, path);
    case Kind::map: {
        if (!value.is_map()) {
            mismatch(problems, type, value, path);
            return value;
        }
        Value out{Value::Map{}, value.mark()};
        for (const Field& field : value.as_map()) {
            if (!field.has_string_key())
                problems.push_back({DiagnosticCode::config_type_mismatch, config_path(path, field.key),
                                    fmt::format("The key {} of `{}` is expected to be of type `str`.",
                                                field.key, path),
                                    field.key_mark, {}});
            out.as_map().push_back(Field{field.key, field.key_mark,
                                         conform_value(type.items[0], field.value, problems,
                                                       config_path(path, field.key))});
        }
        return out;
    }
    case Kind::config:
        if (!value.is_map()) {
            mismatch(problems, type, value, path);
            return value;
        }
        return conform_config(*type.schema, value, problems, path);
    }
    return value;
}

} // namespace

Value conform_config(const ConfigSchema& schema, const Value& tree, std::vector<ConfigProblem>& problems,
                     const std::string& path) {
    Value out{Value::Map{}, tree.mark()};
    if (!tree.is_map()) {
        problems.push_back({DiagnosticCode::config_type_mismatch, path,
                            fmt::format("The config{} is expected to be a mapping of `{}` fields, but "
                                        "is of type `{}` instead.",
                                        path.empty() ? "" : " `" + path + "`", schema.name,
                                        tree.type_name()),
                            tree.mark(), {}});
        return out;
    }
    std::vector<std::string_view> names;
    for (const ConfigField& field : schema.fields)
        names.push_back(field.name);
    for (const Field& entry : tree.as_map()) {
        if (entry.has_string_key() && schema.find(entry.key))
            continue;
        std::string field_path = config_path(path, entry.key);
        if (!entry.has_string_key()) {
            // structure(obj, dict[str, object]): the key is structured as str.
            problems.push_back({DiagnosticCode::unknown_config_field, field_path,
                                fmt::format("The key {} of the config is of type `{}`, not a field name "
                                            "of `{}`; quote it if it is meant to be a name.",
                                            entry.key, Value::type_name(entry.key_kind()), schema.name),
                                entry.key_mark, {}});
            continue;
        }
        auto near = closest_match(entry.key, names);
        problems.push_back({DiagnosticCode::unknown_config_field, field_path,
                            fmt::format("`{}` is not a field of `{}`.", field_path, schema.name),
                            entry.key_mark, near});
    }
    // In the schema's order, with the defaults of the fields the tree lacks,
    // as building the config type does.
    for (const ConfigField& field : schema.fields) {
        std::string field_path = config_path(path, field.name);
        auto given = std::find_if(tree.as_map().begin(), tree.as_map().end(), [&](const Field& entry) {
            return entry.has_string_key() && entry.key == field.name;
        });
        if (given != tree.as_map().end())
            out.as_map().push_back(Field{given->key, given->key_mark,
                                         conform_value(field.type, given->value, problems, field_path)});
        else if (field.default_value)
            out.as_map().push_back(Field{field.name, {}, *field.default_value});
        else
            problems.push_back({DiagnosticCode::missing_config_field, field_path,
                                fmt::format("The `{}` config field of `{}` is required, but is not set.",
                                            field_path, schema.name),
                                tree.mark(), {}});
    }
    return out;
}

} // namespace fairseq2
