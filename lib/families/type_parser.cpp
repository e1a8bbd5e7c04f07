#include "type_parser.hpp"

#include <cctype>

#include <fmt/format.h>

#include "fairseq2/support/text.hpp"
#include "fairseq2/yaml/scalar.hpp"
#include "fairseq2/support/diagnostic.hpp"

namespace fairseq2 {
namespace {

class TypeParser {
public:
    TypeParser(std::string_view text, const SchemaLookup& lookup) : text_(text), lookup_(lookup) {}

    FieldType parse() {
        FieldType type = parse_union();
        skip_space();
        if (pos_ != text_.size())
            fail("unexpected text");
        return type;
    }

private:
    [[noreturn]] void fail(std::string_view what) {
        throw Error{DiagnosticCode::family_data_invalid,
                    fmt::format("The declared type '{}' cannot be read: {} at offset {}.", text_, what, pos_)};
    }

    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])))
            ++pos_;
    }

    bool take(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }

    std::string_view name() {
        skip_space();
        std::size_t start = pos_;
        while (pos_ < text_.size() &&
               (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
            ++pos_;
        if (start == pos_)
            fail("a type name is expected");
        return text_.substr(start, pos_ - start);
    }

    FieldType parse_union() {
        FieldType type = parse_atom();
        while (take('|')) {
            std::string_view other = name();
            if (other != "None")
                fail("only `X | None` unions are supported");
            FieldType optional{FieldType::Kind::optional};
            optional.items.push_back(std::move(type));
            type = std::move(optional);
        }
        return type;
    }

    FieldType generic(FieldType::Kind kind, std::size_t arity) {
        FieldType type{kind};
        if (!take('['))
            fail("'[' is expected");
        for (std::size_t i = 0; i < arity; ++i) {
            if (i && !take(','))
                fail("',' is expected");
            type.items.push_back(parse_union());
        }
        if (!take(']'))
            fail("']' is expected");
        return type;
    }

    FieldType parse_atom() {
        std::string_view id = name();
        using Kind = FieldType::Kind;
        if (id == "int")
            return {Kind::integer};
        if (id == "float")
            return {Kind::floating};
        if (id == "bool")
            return {Kind::boolean};
        if (id == "str" || id == "DataType") // a torch dtype is written by name
            return {Kind::string};
        if (id == "Any")
            return {Kind::any};
        if (id == "list")
            return generic(Kind::list, 1);
        if (id == "set")
            return generic(Kind::set, 1);
        if (id == "dict") {
            FieldType type = generic(Kind::map, 2);
            type.items.erase(type.items.begin()); // keys are strings
            return type;
        }
        if (id == "tuple")
            return parse_tuple();
        if (id == "Literal")
            return parse_literal();
        if (id == "TransformerNormOrder") { // fairseq2's enum, by member name
            FieldType type{Kind::choice};
            type.choices = {"POST", "PRE"};
            return type;
        }
        auto schema = lookup_(id);
        if (!schema)
            fail(fmt::format("unknown type `{}`", id));
        FieldType type{Kind::config};
        type.schema = std::move(schema);
        return type;
    }

    FieldType parse_tuple() {
        FieldType type{FieldType::Kind::tuple};
        if (!take('['))
            fail("'[' is expected");
        do {
            skip_space();
            if (text_.substr(pos_, 3) == "...") {
                pos_ += 3;
                type.variadic = true;
            } else {
                type.items.push_back(parse_union());
            }
        } while (take(','));
        if (!take(']'))
            fail("']' is expected");
        return type;
    }

    FieldType parse_literal() {
        FieldType type{FieldType::Kind::choice};
        if (!take('['))
            fail("'[' is expected");
        do {
            skip_space();
            if (pos_ >= text_.size() || text_[pos_] != '\'')
                fail("a quoted literal is expected");
            auto end = text_.find('\'', pos_ + 1);
            if (end == std::string_view::npos)
                fail("an unterminated literal");
            type.choices.emplace_back(text_.substr(pos_ + 1, end - pos_ - 1));
            pos_ = end + 1;
        } while (take(','));
        if (!take(']'))
            fail("']' is expected");
        return type;
    }

    std::string_view text_;
    const SchemaLookup& lookup_;
    std::size_t pos_ = 0;
};

std::optional<double> number(const Value& v) {
    if (v.kind() == Value::Kind::integer)
        return static_cast<double>(v.as_int());
    if (v.kind() == Value::Kind::floating)
        return v.as_float();
    return std::nullopt;
}

} // namespace

FieldType parse_declared_type(std::string_view text, const SchemaLookup& lookup) {
    return TypeParser{text, lookup}.parse();
}

std::optional<Value> parse_python_literal(std::string_view text) {
    text = trim(text);
    if (text.empty())
        return std::nullopt;
    if (text == "None")
        return Value{nullptr};
    if (text == "True")
        return Value{true};
    if (text == "False")
        return Value{false};
    if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'')
        return Value{std::string{text.substr(1, text.size() - 2)}};
    if (text.front() == '(' || text.front() == '[') {
        char close = text.front() == '(' ? ')' : ']';
        if (text.back() != close)
            return std::nullopt;
        Value::List items;
        std::string_view inner = text.substr(1, text.size() - 2);
        int depth = 0;
        std::size_t start = 0;
        for (std::size_t i = 0; i <= inner.size(); ++i) {
            char c = i < inner.size() ? inner[i] : ',';
            if (c == '(' || c == '[')
                ++depth;
            else if (c == ')' || c == ']')
                --depth;
            else if (c == ',' && depth == 0) {
                std::string_view part = trim(inner.substr(start, i - start));
                start = i + 1;
                if (part.empty())
                    continue; // a trailing comma: (1,)
                auto item = parse_python_literal(part);
                if (!item)
                    return std::nullopt;
                items.push_back(std::move(*item));
            }
        }
        return Value{std::move(items)};
    }
    for (char op : {'*', '/'}) {
        auto at = text.find(op);
        if (at == std::string_view::npos)
            continue;
        auto left = parse_python_literal(text.substr(0, at));
        auto right = parse_python_literal(text.substr(at + 1));
        if (!left || !right || !number(*left) || !number(*right))
            return std::nullopt;
        if (op == '/')
            return Value{*number(*left) / *number(*right)};
        if (left->kind() == Value::Kind::integer && right->kind() == Value::Kind::integer)
            return Value{left->as_int() * right->as_int()};
        return Value{*number(*left) * *number(*right)};
    }
    try {
        Value v = type_plain_scalar(text);
        if (v.kind() == Value::Kind::integer || v.kind() == Value::Kind::floating)
            return v;
    } catch (const Error&) {
    }
    return std::nullopt;
}

} // namespace fairseq2
