// The runtime's own compact value type for card metadata. Cards are converted
// from parser events straight into Values (no parser node trees are kept),
// and every value remembers the line and column it was read from.
#pragma once

#include <cstdint>
#include <string>
#include <cstddef>
#include <string_view>
#include <variant>
#include <vector>

namespace fairseq2 {

// A position in a card file, 1-based; {0, 0} when unknown.
struct Mark {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

class Value;

// One entry of a mapping. Mapping keys are strings: a card's keys are field
// names, and a non-string scalar key is kept as its text.
struct Field;

// An int beyond 64 bits, as Python holds it: its decimal digits, `-` first
// when negative.
struct BigInteger {
    std::string digits;
    friend bool operator==(const BigInteger&, const BigInteger&) = default;
};

// `!!binary`: Python bytes.
struct Bytes {
    std::string data;

    // The data in base64, as `!!binary` writes it.
    std::string base64() const;

    friend bool operator==(const Bytes&, const Bytes&) = default;
};

// A YAML timestamp, as ruamel makes it a Python `date` (`2024-05-01`) or a
// naive UTC `datetime`; `iso` is Python's isoformat() of it.
struct Timestamp {
    std::string iso;
    bool date_only = true;
    friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

class Value {
public:
    // The first seven are what cards hold; the others are Python types that
    // ruamel's safe loader makes from YAML that cards rarely use (a 20-digit
    // integer, `!!binary`, `!!set`, a date).
    enum class Kind : std::uint8_t {
        null, boolean, integer, floating, string, list, map, big_integer, bytes, set, timestamp
    };

    using List = std::vector<Value>;
    using Map = std::vector<Field>;
    // `!!set`: the members, in the order written.
    struct Set {
        List items;
        friend bool operator==(const Set&, const Set&) = default;
    };

    Value() = default;
    Value(std::nullptr_t, Mark mark = {}) : mark_(mark) {}
    Value(bool v, Mark mark = {}) : data_(v), mark_(mark) {}
    Value(int v, Mark mark = {}) : data_(std::int64_t{v}), mark_(mark) {}
    Value(std::int64_t v, Mark mark = {}) : data_(v), mark_(mark) {}
    Value(double v, Mark mark = {}) : data_(v), mark_(mark) {}
    Value(std::string v, Mark mark = {}) : data_(std::move(v)), mark_(mark) {}
    Value(const char* v, Mark mark = {}) : data_(std::string{v}), mark_(mark) {}
    Value(List v, Mark mark = {}) : data_(std::move(v)), mark_(mark) {}
    Value(Map v, Mark mark = {}) : data_(std::move(v)), mark_(mark) {}
    Value(BigInteger v, Mark mark = {}) : data_(std::move(v)), mark_(mark) {}
    Value(Bytes v, Mark mark = {}) : data_(std::move(v)), mark_(mark) {}
    Value(Set v, Mark mark = {}) : data_(std::move(v)), mark_(mark) {}
    Value(Timestamp v, Mark mark = {}) : data_(std::move(v)), mark_(mark) {}

    Kind kind() const noexcept { return static_cast<Kind>(data_.index()); }
    Mark mark() const noexcept { return mark_; }

    bool is_null() const noexcept { return kind() == Kind::null; }
    bool is_string() const noexcept { return kind() == Kind::string; }
    bool is_map() const noexcept { return kind() == Kind::map; }
    bool is_list() const noexcept { return kind() == Kind::list; }

    bool as_bool() const { return std::get<bool>(data_); }
    std::int64_t as_int() const { return std::get<std::int64_t>(data_); }
    double as_float() const { return std::get<double>(data_); }
    const std::string& as_string() const { return std::get<std::string>(data_); }
    std::string& as_string() { return std::get<std::string>(data_); }
    const List& as_list() const { return std::get<List>(data_); }
    List& as_list() { return std::get<List>(data_); }
    const Map& as_map() const { return std::get<Map>(data_); }
    Map& as_map() { return std::get<Map>(data_); }
    const BigInteger& as_big_integer() const { return std::get<BigInteger>(data_); }
    const Bytes& as_bytes() const { return std::get<Bytes>(data_); }
    const Set& as_set() const { return std::get<Set>(data_); }
    const Timestamp& as_timestamp() const { return std::get<Timestamp>(data_); }
    // An int to Python, of any size.
    bool is_int() const noexcept { return kind() == Kind::integer || kind() == Kind::big_integer; }

    // The entry of a mapping with that string key, or null when there is
    // none or this is not a mapping. A key of another type (`1:`, `true:`)
    // is never found by name, as in a Python dict.
    const Value* find(std::string_view key) const;
    Value* find(std::string_view key);

    // Sets a mapping entry with a string key in place when the key exists,
    // else appends it (the ordering of a Python dict assignment).
    void set(std::string key, Value value, Mark key_mark = {});
    // The same for an entry whose key may be of any type.
    void set(Field field);

    // Removes a mapping entry; true when it was there.
    bool erase(std::string_view key);

    // A copy of this tree without positions (for values that come from data
    // whose lines mean nothing to the user, such as fairseq2's arch configs).
    Value without_marks() const;

    // The number of values in this tree, this one included.
    std::size_t node_count() const;

    // Python's name for the type of the value, as fairseq2 messages show it
    // (`str`, `int`, `float`, `bool`, `NoneType`, `list`, `dict`, `bytes`,
    // `set`, `date`, `datetime`).
    const char* type_name() const noexcept;
    // The same for a kind (a timestamp is a `date`).
    static const char* type_name(Kind kind) noexcept;

    // The text of a scalar as JSON writes it as an object key (what Python's
    // json.dumps makes of a non-string dict key): `1`, `true`, `null`, `1.5`.
    std::string key_text() const;

    friend bool operator==(const Value& a, const Value& b);

private:
    std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, List, Map, BigInteger, Bytes, Set,
                 Timestamp>
        data_ = nullptr;
    Mark mark_;
};

struct Field {
    // The key's text: the string itself, or for a key of another type (YAML
    // keeps `1:` an int and `true:` a bool) its key_text().
    std::string key;
    Mark key_mark;
    Value value;
    // The type of the key; only string keys are card fields and config fields.
    Value::Kind key_kind = Value::Kind::string;

    bool has_string_key() const noexcept { return key_kind == Value::Kind::string; }

    friend bool operator==(const Field& a, const Field& b) {
        return a.key == b.key && a.key_kind == b.key_kind && a.value == b.value;
    }
};

} // namespace fairseq2
