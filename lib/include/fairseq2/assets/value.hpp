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

class Value {
public:
    enum class Kind : std::uint8_t { null, boolean, integer, floating, string, list, map };

    using List = std::vector<Value>;
    using Map = std::vector<Field>;

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
    const List& as_list() const { return std::get<List>(data_); }
    List& as_list() { return std::get<List>(data_); }
    const Map& as_map() const { return std::get<Map>(data_); }
    Map& as_map() { return std::get<Map>(data_); }

    // The entry of a mapping with that key, or null when there is none or
    // this is not a mapping.
    const Value* find(std::string_view key) const;
    Value* find(std::string_view key);

    // Sets a mapping entry in place when the key exists, else appends it (the
    // ordering of a Python dict assignment).
    void set(std::string key, Value value, Mark key_mark = {});

    // Removes a mapping entry; true when it was there.
    bool erase(std::string_view key);

    // A copy of this tree without positions (for values that come from data
    // whose lines mean nothing to the user, such as fairseq2's arch configs).
    Value without_marks() const;

    // The number of values in this tree, this one included.
    std::size_t node_count() const;

    // Python's name for the type of the value, as fairseq2 messages show it
    // (`str`, `int`, `float`, `bool`, `NoneType`, `list`, `dict`).
    const char* type_name() const noexcept;

    friend bool operator==(const Value& a, const Value& b);

private:
    std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, List, Map> data_ = nullptr;
    Mark mark_;
};

struct Field {
    std::string key;
    Mark key_mark;
    Value value;

    friend bool operator==(const Field& a, const Field& b) {
        return a.key == b.key && a.value == b.value;
    }
};

} // namespace fairseq2
