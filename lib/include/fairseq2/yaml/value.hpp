// The runtime's own compact value type for card metadata. Cards are converted
// from parser events straight into Values (no parser node trees are kept),
// and every value remembers the line and column it was read from.
#pragma once

#include <cstdint>
#include <string>
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace fairseq2 {

// A position in a card file, 1-based; {0, 0} when unknown.
struct Mark {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

class Value;
class FieldKey;

// One entry of a mapping. Mapping keys are strings: a card's keys are field
// names, and a non-string scalar key is kept as its text.
struct Field;

// The four rare alternatives of a Value, held behind a pointer so that they
// do not widen every Value: read-only once made, so copies share one.
template <typename T>
class Boxed {
public:
    Boxed(T value) : held_(std::make_shared<const T>(std::move(value))) {}
    const T& get() const noexcept { return *held_; }
    friend bool operator==(const Boxed& a, const Boxed& b) { return a.held_ == b.held_ || *a.held_ == *b.held_; }

private:
    std::shared_ptr<const T> held_;
};

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

    // Defined below, once Field is complete: the members that copy, move or
    // destroy a vector of Fields are instantiated only where Field is a
    // complete type (GCC is lenient about it; Clang with libstdc++ is not).
    // A moved-from value is null.
    Value() noexcept;
    Value(const Value& other);
    Value(Value&& other) noexcept;
    Value& operator=(const Value& other);
    Value& operator=(Value&& other) noexcept;
    ~Value();
    Value(std::nullptr_t, Mark mark = {}) noexcept;
    Value(bool v, Mark mark = {}) noexcept;
    Value(int v, Mark mark = {}) noexcept;
    Value(std::int64_t v, Mark mark = {}) noexcept;
    Value(double v, Mark mark = {}) noexcept;
    Value(std::string v, Mark mark = {}) noexcept;
    Value(const char* v, Mark mark = {});
    Value(List v, Mark mark = {}) noexcept;
    Value(Map v, Mark mark = {}) noexcept;
    Value(BigInteger v, Mark mark = {});
    Value(Bytes v, Mark mark = {});
    Value(Set v, Mark mark = {});
    Value(Timestamp v, Mark mark = {});

    Kind kind() const noexcept;
    Mark mark() const noexcept { return {line_, column_}; }

    bool is_null() const noexcept { return kind() == Kind::null; }
    bool is_string() const noexcept { return kind() == Kind::string; }
    bool is_map() const noexcept { return kind() == Kind::map; }
    bool is_list() const noexcept { return kind() == Kind::list; }

    bool as_bool() const;
    std::int64_t as_int() const;
    double as_float() const;
    const std::string& as_string() const;
    std::string& as_string();
    const List& as_list() const;
    List& as_list();
    const Map& as_map() const;
    Map& as_map();
    const BigInteger& as_big_integer() const;
    const Bytes& as_bytes() const;
    const Set& as_set() const;
    const Timestamp& as_timestamp() const;
    // An int to Python, of any size.
    bool is_int() const noexcept { return kind() == Kind::integer || kind() == Kind::big_integer; }

    // The entry of a mapping with that string key, or null when there is
    // none or this is not a mapping. A key of another type (`1:`, `true:`)
    // is never found by name, as in a Python dict.
    const Value* find(std::string_view key) const;
    Value* find(std::string_view key);

    // Sets a mapping entry with a string key in place when the key exists,
    // else appends it (the ordering of a Python dict assignment).
    void set(FieldKey key, Value value, Mark key_mark = {});
    // The same for an entry whose key may be of any type.
    void set(Field field);

    // This value made shareable, as a YAML alias shares its anchor's node:
    // copies of the result point at one tree instead of copying it. Reading
    // a shared value reads that tree; changing one (a non-const accessor,
    // set(), erase()) first gives it a copy of its own, one level deep.
    Value shared() &&;

    // A copy of this tree without positions (for values that come from data
    // whose lines mean nothing to the user, such as fairseq2's arch configs).
    Value without_marks() const;

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
    // The tree a shared value points at (never itself shared), or this one.
    const Value& target() const noexcept;
    // This value with contents of its own, for changing them.
    Value& owned();

    using Shared = std::shared_ptr<const Value>;
    static constexpr std::uint8_t tag_of(Kind kind) noexcept { return static_cast<std::uint8_t>(kind); }
    // The tag of a shared value, after the tags of Kind.
    static constexpr std::uint8_t shared_tag = static_cast<std::uint8_t>(Kind::timestamp) + 1;

    // The alternatives in Kind's order, then the pointer of a shared value:
    // a tagged union rather than a std::variant, so that the tag fits in one
    // word with the mark beside the 32 bytes of the largest alternative
    // (std::string). A Value is 40 bytes, not 48, and a Field 56, not 64: a
    // store of cards is mostly Fields.
    union Contents {
        Contents() noexcept : null(nullptr) {}
        ~Contents() {}
        std::nullptr_t null;
        bool boolean;
        std::int64_t integer;
        double floating;
        std::string string;
        List list;
        Map map;
        Boxed<BigInteger> big_integer;
        Boxed<Bytes> bytes;
        Boxed<Set> set;
        Boxed<Timestamp> timestamp;
        Shared shared;
    };

    // Calls `f` with the member of Contents that `tag` names: the one list
    // of the alternatives, which copying, moving, destroying and comparing
    // share. Always inlined: each caller's `f` is a line, and a call for
    // each value moved would cost more than the move (1.3 % more
    // instructions on `resolve --all` when GCC kept it out of line).
    template <typename F>
    [[gnu::always_inline]] static inline decltype(auto) visit(std::uint8_t tag, F&& f);
    // Makes these contents, which hold nothing live, `held`, the member of
    // that kind.
    template <typename T>
    void hold(Kind kind, T Contents::*member, T held, Mark mark) noexcept;
    // Sets the mark; a column past 2^24 - 1 (a line of 16 MB) is kept as that.
    void set_mark(Mark mark) noexcept;
    // Makes these contents, which hold nothing live, a copy of `other`'s, or
    // `other`'s own, leaving `other` null.
    void copy_contents(const Value& other);
    void move_contents(Value&& other) noexcept;
    // Ends the life of the contents, leaving nothing live.
    void destroy_contents() noexcept;
    void destroy_owned_contents() noexcept;
    // Whether the contents are a scalar that holds no memory.
    bool owns_nothing() const noexcept { return tag_ <= tag_of(Kind::floating); }
    // The contents as type T, or an exception that names the kind held.
    template <typename T>
    const T& get(Kind kind, T Contents::*member) const;
    [[noreturn]] void wrong_kind(Kind wanted) const;

    Contents contents_;
    std::uint32_t line_ = 0;
    std::uint32_t column_ : 24 = 0;
    std::uint32_t tag_ : 8 = 0;
};

// A mapping key: its text and the type YAML gave it (a card's keys are
// strings; `1:` is an int key, `true:` a bool). Keys are interned: a field
// name repeated by a hundred thousand cards is held once for the life of the
// process, and a key is one pointer, compared as one.
class FieldKey {
public:
    // The empty string key.
    FieldKey() noexcept;
    FieldKey(std::string_view text, Value::Kind kind = Value::Kind::string);
    FieldKey(const std::string& text) : FieldKey(std::string_view{text}) {}
    FieldKey(const char* text) : FieldKey(std::string_view{text}) {}

    // The text: the string itself, or for a key of another type its
    // key_text().
    const std::string& str() const noexcept { return interned_->text; }
    Value::Kind kind() const noexcept { return interned_->kind; }
    const char* c_str() const noexcept { return str().c_str(); }

    operator const std::string&() const noexcept { return str(); }
    operator std::string_view() const noexcept { return str(); }

    // One interned entry for each text and kind: equal keys are one pointer.
    friend bool operator==(FieldKey a, FieldKey b) noexcept { return a.interned_ == b.interned_; }
    friend bool operator==(FieldKey a, std::string_view b) noexcept { return a.str() == b; }
    friend bool operator==(FieldKey a, const char* b) noexcept { return a.str() == b; }
    friend bool operator==(FieldKey a, const std::string& b) noexcept { return a.str() == b; }
    // By text, as the strings were ordered.
    friend bool operator<(FieldKey a, FieldKey b) noexcept { return a.str() < b.str(); }

    struct Interned {
        std::string text;
        Value::Kind kind;
    };

private:
    const Interned* interned_;
};

struct Field {
    FieldKey key;
    Mark key_mark;
    Value value;

    // The type of the key; only string keys are card fields and config fields.
    Value::Kind key_kind() const noexcept { return key.kind(); }
    bool has_string_key() const noexcept { return key.kind() == Value::Kind::string; }

    friend bool operator==(const Field& a, const Field& b) { return a.key == b.key && a.value == b.value; }
};

inline void Value::set_mark(Mark mark) noexcept {
    constexpr std::uint32_t widest_column = (1U << 24) - 1;
    line_ = mark.line;
    column_ = mark.column < widest_column ? mark.column : widest_column;
}

inline Value::Value() noexcept {}
inline Value::Value(std::nullptr_t, Mark mark) noexcept {
    set_mark(mark);
}
inline Value::Value(bool v, Mark mark) noexcept {
    hold(Kind::boolean, &Contents::boolean, v, mark);
}
inline Value::Value(int v, Mark mark) noexcept : Value(std::int64_t{v}, mark) {}
inline Value::Value(std::int64_t v, Mark mark) noexcept {
    hold(Kind::integer, &Contents::integer, v, mark);
}
inline Value::Value(double v, Mark mark) noexcept {
    hold(Kind::floating, &Contents::floating, v, mark);
}
inline Value::Value(std::string v, Mark mark) noexcept {
    hold(Kind::string, &Contents::string, std::move(v), mark);
}
inline Value::Value(const char* v, Mark mark) : Value(std::string{v}, mark) {}
inline Value::Value(List v, Mark mark) noexcept {
    hold(Kind::list, &Contents::list, std::move(v), mark);
}
inline Value::Value(Map v, Mark mark) noexcept {
    hold(Kind::map, &Contents::map, std::move(v), mark);
}
inline Value::Value(BigInteger v, Mark mark) {
    hold(Kind::big_integer, &Contents::big_integer, Boxed<BigInteger>{std::move(v)}, mark);
}
inline Value::Value(Bytes v, Mark mark) {
    hold(Kind::bytes, &Contents::bytes, Boxed<Bytes>{std::move(v)}, mark);
}
inline Value::Value(Set v, Mark mark) {
    hold(Kind::set, &Contents::set, Boxed<Set>{std::move(v)}, mark);
}
inline Value::Value(Timestamp v, Mark mark) {
    hold(Kind::timestamp, &Contents::timestamp, Boxed<Timestamp>{std::move(v)}, mark);
}

template <typename F>
inline decltype(auto) Value::visit(std::uint8_t tag, F&& f) {
    switch (tag) {
    case tag_of(Kind::null): return f(&Contents::null);
    case tag_of(Kind::boolean): return f(&Contents::boolean);
    case tag_of(Kind::integer): return f(&Contents::integer);
    case tag_of(Kind::floating): return f(&Contents::floating);
    case tag_of(Kind::string): return f(&Contents::string);
    case tag_of(Kind::list): return f(&Contents::list);
    case tag_of(Kind::map): return f(&Contents::map);
    case tag_of(Kind::big_integer): return f(&Contents::big_integer);
    case tag_of(Kind::bytes): return f(&Contents::bytes);
    case tag_of(Kind::set): return f(&Contents::set);
    case tag_of(Kind::timestamp): return f(&Contents::timestamp);
    default: return f(&Contents::shared);
    }
}

template <typename T>
void Value::hold(Kind kind, T Contents::*member, T held, Mark mark) noexcept {
    std::construct_at(&(contents_.*member), std::move(held));
    tag_ = tag_of(kind);
    set_mark(mark);
}

inline Value::Value(const Value& other) : line_(other.line_), column_(other.column_) {
    copy_contents(other);
}
inline Value::Value(Value&& other) noexcept : line_(other.line_), column_(other.column_) {
    move_contents(std::move(other));
}
inline Value& Value::operator=(const Value& other) {
    if (this == &other)
        return *this;
    if (owns_nothing()) { // nothing to end, so no part of `other` to lose
        copy_contents(other);
        line_ = other.line_;
        column_ = other.column_;
        return *this;
    }
    // Through a temporary: `other` may be part of this value's own tree.
    return *this = Value{other};
}
inline Value& Value::operator=(Value&& other) noexcept {
    if (this == &other)
        return *this;
    if (owns_nothing()) { // nothing to end, so no part of `other` to lose
        line_ = other.line_;
        column_ = other.column_;
        move_contents(std::move(other));
        return *this;
    }
    // Through a temporary: `other` may be part of this value's own tree.
    Value taken{std::move(other)};
    destroy_contents();
    line_ = taken.line_;
    column_ = taken.column_;
    move_contents(std::move(taken));
    return *this;
}
inline Value::~Value() {
    destroy_contents();
}

// Ends the moved-from alternative at once (which frees nothing), so that
// `other` is left null and ends without a look at its kind.
inline void Value::move_contents(Value&& other) noexcept {
    visit(other.tag_, [&](auto member) {
        std::construct_at(&(contents_.*member), std::move(other.contents_.*member));
        std::destroy_at(&(other.contents_.*member));
    });
    tag_ = other.tag_;
    other.tag_ = tag_of(Kind::null);
}

inline void Value::destroy_contents() noexcept {
    if (!owns_nothing())
        destroy_owned_contents();
    tag_ = tag_of(Kind::null);
}

inline const Value& Value::target() const noexcept {
    return tag_ == shared_tag ? *contents_.shared : *this;
}

inline Value& Value::owned() {
    if (tag_ == shared_tag) {
        Shared tree = std::move(contents_.shared);
        destroy_contents();
        copy_contents(*tree);
    }
    return *this;
}

template <typename T>
const T& Value::get(Kind kind, T Contents::*member) const {
    const Value& held = target();
    if (held.tag_ != tag_of(kind))
        wrong_kind(kind);
    return held.contents_.*member;
}

inline Value::Kind Value::kind() const noexcept {
    return static_cast<Kind>(target().tag_);
}
inline bool Value::as_bool() const {
    return get(Kind::boolean, &Contents::boolean);
}
inline std::int64_t Value::as_int() const {
    return get(Kind::integer, &Contents::integer);
}
inline double Value::as_float() const {
    return get(Kind::floating, &Contents::floating);
}
inline const std::string& Value::as_string() const {
    return get(Kind::string, &Contents::string);
}
inline std::string& Value::as_string() {
    return const_cast<std::string&>(owned().get(Kind::string, &Contents::string));
}
inline const Value::List& Value::as_list() const {
    return get(Kind::list, &Contents::list);
}
inline Value::List& Value::as_list() {
    return const_cast<List&>(owned().get(Kind::list, &Contents::list));
}
inline const Value::Map& Value::as_map() const {
    return get(Kind::map, &Contents::map);
}
inline Value::Map& Value::as_map() {
    return const_cast<Map&>(owned().get(Kind::map, &Contents::map));
}
inline const BigInteger& Value::as_big_integer() const {
    return get(Kind::big_integer, &Contents::big_integer).get();
}
inline const Bytes& Value::as_bytes() const {
    return get(Kind::bytes, &Contents::bytes).get();
}
inline const Value::Set& Value::as_set() const {
    return get(Kind::set, &Contents::set).get();
}
inline const Timestamp& Value::as_timestamp() const {
    return get(Kind::timestamp, &Contents::timestamp).get();
}

} // namespace fairseq2
