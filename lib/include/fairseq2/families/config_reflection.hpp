// The reflection helper: a C++ config type describes its fields once,
//
//     struct MyConfig { int model_dim = 512; std::optional<int> pad_idx; };
//     template <> struct fairseq2::ConfigTraits<MyConfig> {
//         static constexpr std::string_view name = "MyConfig";
//         static void describe(fairseq2::ConfigDescriber<MyConfig>& d) {
//             d.field("model_dim", &MyConfig::model_dim);
//             d.field("pad_idx", &MyConfig::pad_idx);
//         }
//     };
//
// and that description gives its schema (field types and the defaults of a
// default-constructed instance), its YAML tree, and its conversion back with
// every unknown field and type mismatch reported by path. Field types:
// bool, integers, floating point, std::string (optionally one of a few
// choices: an enum as strings), std::optional, std::vector,
// std::map<std::string, ...>, and other described config types.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "fairseq2/families/config_schema.hpp"

namespace fairseq2 {

template <typename ConfigT>
struct ConfigTraits; // specialized by each config type

template <typename T, typename = void>
struct is_described_config : std::false_type {};
template <typename T>
struct is_described_config<T, std::void_t<decltype(ConfigTraits<T>::name)>> : std::true_type {};

template <typename ConfigT>
struct ConfigReflection {
    std::shared_ptr<const ConfigSchema> schema;
    std::function<Value(const ConfigT&)> to_value;
    // Assigns the fields of a conformed tree (see conform_config).
    std::function<void(const Value&, ConfigT&)> assign;
};

template <typename ConfigT>
const ConfigReflection<ConfigT>& reflect();

namespace detail {

template <typename F, typename = void>
struct FieldCodec;

template <>
struct FieldCodec<bool> {
    static FieldType type() { return {FieldType::Kind::boolean}; }
    static Value to_value(bool v) { return Value{v}; }
    static void assign(const Value& v, bool& out) {
        if (v.kind() == Value::Kind::boolean)
            out = v.as_bool();
    }
};

template <typename F>
struct FieldCodec<F, std::enable_if_t<std::is_integral_v<F> && !std::is_same_v<F, bool>>> {
    static FieldType type() { return {FieldType::Kind::integer}; }
    static Value to_value(F v) { return Value{static_cast<std::int64_t>(v)}; }
    static void assign(const Value& v, F& out) {
        if (v.kind() == Value::Kind::integer)
            out = static_cast<F>(v.as_int());
    }
};

template <typename F>
struct FieldCodec<F, std::enable_if_t<std::is_floating_point_v<F>>> {
    static FieldType type() { return {FieldType::Kind::floating}; }
    static Value to_value(F v) { return Value{static_cast<double>(v)}; }
    static void assign(const Value& v, F& out) {
        if (v.kind() == Value::Kind::floating)
            out = static_cast<F>(v.as_float());
    }
};

template <>
struct FieldCodec<std::string> {
    static FieldType type() { return {FieldType::Kind::string}; }
    static Value to_value(const std::string& v) { return Value{v}; }
    static void assign(const Value& v, std::string& out) {
        if (v.is_string())
            out = v.as_string();
    }
};

template <typename U>
struct FieldCodec<std::optional<U>> {
    static FieldType type() {
        FieldType t{FieldType::Kind::optional};
        t.items.push_back(FieldCodec<U>::type());
        return t;
    }
    static Value to_value(const std::optional<U>& v) {
        return v ? FieldCodec<U>::to_value(*v) : Value{nullptr};
    }
    static void assign(const Value& v, std::optional<U>& out) {
        if (v.is_null()) {
            out.reset();
            return;
        }
        U item{};
        FieldCodec<U>::assign(v, item);
        out = std::move(item);
    }
};

template <typename U>
struct FieldCodec<std::vector<U>> {
    static FieldType type() {
        FieldType t{FieldType::Kind::list};
        t.items.push_back(FieldCodec<U>::type());
        return t;
    }
    static Value to_value(const std::vector<U>& v) {
        Value::List list;
        for (const U& item : v)
            list.push_back(FieldCodec<U>::to_value(item));
        return Value{std::move(list)};
    }
    static void assign(const Value& v, std::vector<U>& out) {
        if (!v.is_list())
            return;
        out.clear();
        for (const Value& item : v.as_list()) {
            U element{};
            FieldCodec<U>::assign(item, element);
            out.push_back(std::move(element));
        }
    }
};

template <typename U>
struct FieldCodec<std::map<std::string, U>> {
    static FieldType type() {
        FieldType t{FieldType::Kind::map};
        t.items.push_back(FieldCodec<U>::type());
        return t;
    }
    static Value to_value(const std::map<std::string, U>& v) {
        Value map{Value::Map{}};
        for (const auto& [key, item] : v)
            map.as_map().push_back(Field{key, {}, FieldCodec<U>::to_value(item)});
        return map;
    }
    static void assign(const Value& v, std::map<std::string, U>& out) {
        if (!v.is_map())
            return;
        out.clear();
        for (const Field& field : v.as_map())
            FieldCodec<U>::assign(field.value, out[field.key]);
    }
};

template <typename C>
struct FieldCodec<C, std::enable_if_t<is_described_config<C>::value>> {
    static FieldType type() {
        FieldType t{FieldType::Kind::config};
        t.schema = reflect<C>().schema;
        return t;
    }
    static Value to_value(const C& v) { return reflect<C>().to_value(v); }
    static void assign(const Value& v, C& out) { reflect<C>().assign(v, out); }
};

} // namespace detail

template <typename ConfigT>
class ConfigDescriber {
public:
    template <typename F>
    ConfigDescriber& field(std::string name, F ConfigT::*member) {
        add(std::move(name), member, detail::FieldCodec<F>::type());
        return *this;
    }

    // A string field that takes one of `choices`: an enum, by name.
    ConfigDescriber& field(std::string name, std::string ConfigT::*member,
                           std::vector<std::string> choices) {
        FieldType type{FieldType::Kind::choice};
        type.choices = std::move(choices);
        add(std::move(name), member, std::move(type));
        return *this;
    }

private:
    template <typename ConfigU>
    friend const ConfigReflection<ConfigU>& reflect();

    template <typename F>
    void add(std::string name, F ConfigT::*member, FieldType type) {
        const ConfigT defaults{};
        schema_->fields.push_back(
            ConfigField{name, std::move(type), detail::FieldCodec<F>::to_value(defaults.*member)});
        to_value_.push_back([name, member](const ConfigT& config, Value& out) {
            out.as_map().push_back(Field{name, {}, detail::FieldCodec<F>::to_value(config.*member)});
        });
        assign_.push_back([name, member](const Value& tree, ConfigT& config) {
            if (const Value* value = tree.find(name))
                detail::FieldCodec<F>::assign(*value, config.*member);
        });
    }

    std::shared_ptr<ConfigSchema> schema_ = std::make_shared<ConfigSchema>();
    std::vector<std::function<void(const ConfigT&, Value&)>> to_value_;
    std::vector<std::function<void(const Value&, ConfigT&)>> assign_;
};

template <typename ConfigT>
const ConfigReflection<ConfigT>& reflect() {
    static const ConfigReflection<ConfigT> reflection = [] {
        ConfigDescriber<ConfigT> describer;
        describer.schema_->name = std::string{ConfigTraits<ConfigT>::name};
        ConfigTraits<ConfigT>::describe(describer);
        ConfigReflection<ConfigT> r;
        r.schema = describer.schema_;
        r.to_value = [writers = describer.to_value_](const ConfigT& config) {
            Value out{Value::Map{}};
            for (const auto& write : writers)
                write(config, out);
            return out;
        };
        r.assign = [readers = describer.assign_](const Value& tree, ConfigT& config) {
            for (const auto& read : readers)
                read(tree, config);
        };
        return r;
    }();
    return reflection;
}

// A config as its YAML tree.
template <typename ConfigT>
Value config_to_value(const ConfigT& config) {
    return reflect<ConfigT>().to_value(config);
}

// A config from a YAML tree; fields the tree lacks keep their defaults, and
// every unknown field and type mismatch is appended to `problems`.
template <typename ConfigT>
ConfigT config_from_value(const Value& tree, std::vector<ConfigProblem>& problems) {
    const auto& reflection = reflect<ConfigT>();
    Value conformed = conform_config(*reflection.schema, tree, problems);
    ConfigT config{};
    reflection.assign(conformed, config);
    return config;
}

} // namespace fairseq2
