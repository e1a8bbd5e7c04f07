#include "fairseq2/yaml/value.hpp"

#include <array>
#include <cmath>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

namespace fairseq2 {

namespace {

// Every key text and kind seen, each held once, never freed: a key outlives
// any one mapping (values are copied between stores, configs and caches).
// The table is split in shards, each with its lock, for the loader's
// threads; each thread first asks a small cache of its own, which the keys
// of card files (a few dozen field names) almost always hit.
class KeyTable {
public:
    const FieldKey::Interned* intern(std::string_view text, Value::Kind kind) {
        std::size_t hash = std::hash<std::string_view>{}(text) ^ static_cast<std::size_t>(kind);
        const FieldKey::Interned*& cached = recent[hash % recent.size()];
        if (cached && cached->kind == kind && cached->text == text)
            return cached;
        Shard& shard = shards_[(hash >> 8) % shards_.size()];
        std::lock_guard lock{shard.mutex};
        auto [first, last] = shard.keys.equal_range(hash);
        for (auto it = first; it != last; ++it)
            if (it->second->kind == kind && it->second->text == text)
                return cached = it->second.get();
        auto made = std::make_unique<const FieldKey::Interned>(FieldKey::Interned{std::string{text}, kind});
        return cached = shard.keys.emplace(hash, std::move(made))->second.get();
    }

private:
    struct Shard {
        std::mutex mutex;
        std::unordered_multimap<std::size_t, std::unique_ptr<const FieldKey::Interned>> keys;
    };
    std::array<Shard, 16> shards_;
    static thread_local std::array<const FieldKey::Interned*, 256> recent;
};

thread_local std::array<const FieldKey::Interned*, 256> KeyTable::recent{};

// Never destroyed: values in static storage may compare keys at exit.
KeyTable& key_table() {
    static KeyTable* table = new KeyTable;
    return *table;
}

const FieldKey::Interned empty_string_key{{}, Value::Kind::string};

} // namespace

FieldKey::FieldKey() noexcept : interned_(&empty_string_key) {}

FieldKey::FieldKey(std::string_view text, Value::Kind kind)
    : interned_(text.empty() && kind == Value::Kind::string ? &empty_string_key : key_table().intern(text, kind)) {}

std::string Bytes::base64() const {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        auto n = (std::uint32_t{static_cast<unsigned char>(data[i])} << 16) |
                 (std::uint32_t{static_cast<unsigned char>(data[i + 1])} << 8) |
                 static_cast<unsigned char>(data[i + 2]);
        for (int shift : {18, 12, 6, 0})
            out += alphabet[(n >> shift) & 63];
    }
    if (std::size_t rest = data.size() - i) {
        std::uint32_t n = std::uint32_t{static_cast<unsigned char>(data[i])} << 16;
        if (rest == 2)
            n |= std::uint32_t{static_cast<unsigned char>(data[i + 1])} << 8;
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += rest == 2 ? alphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

const Value* Value::find(std::string_view key) const {
    if (!is_map())
        return nullptr;
    for (const Field& field : as_map())
        if (field.key == key && field.has_string_key())
            return &field.value;
    return nullptr;
}

Value* Value::find(std::string_view key) {
    if (!is_map())
        return nullptr;
    for (Field& field : as_map())
        if (field.key == key && field.has_string_key())
            return &field.value;
    return nullptr;
}

void Value::set(FieldKey key, Value value, Mark key_mark) {
    if (Value* existing = find(key)) {
        *existing = std::move(value);
        return;
    }
    as_map().push_back(Field{key, key_mark, std::move(value)});
}

void Value::set(Field field) {
    for (Field& existing : as_map())
        if (existing.key == field.key) {
            existing.value = std::move(field.value);
            return;
        }
    as_map().push_back(std::move(field));
}

void Value::copy_contents(const Value& other) {
    visit(other.tag_, [&](auto member) { std::construct_at(&(contents_.*member), other.contents_.*member); });
    tag_ = other.tag_;
}

void Value::destroy_owned_contents() noexcept {
    visit(tag_, [&](auto member) { std::destroy_at(&(contents_.*member)); });
}

void Value::wrong_kind(Kind wanted) const {
    throw std::logic_error{fmt::format("a value of type {} was read as {}", type_name(), type_name(wanted))};
}

Value Value::without_marks() const {
    switch (kind()) {
    case Kind::list: {
        List items;
        for (const Value& item : as_list())
            items.push_back(item.without_marks());
        return Value{std::move(items)};
    }
    case Kind::map: {
        Map fields;
        for (const Field& field : as_map())
            fields.push_back(Field{field.key, {}, field.value.without_marks()});
        return Value{std::move(fields)};
    }
    default: {
        Value copy;
        copy.copy_contents(target());
        return copy;
    }
    }
}

Value Value::shared() && {
    if (tag_ == shared_tag)
        return std::move(*this);
    Value shared;
    shared.line_ = line_;
    shared.column_ = column_;
    std::construct_at(&shared.contents_.shared, std::make_shared<const Value>(std::move(*this)));
    shared.tag_ = shared_tag;
    return shared;
}

const char* Value::type_name() const noexcept {
    if (kind() == Kind::timestamp && !as_timestamp().date_only)
        return "datetime";
    return type_name(kind());
}

const char* Value::type_name(Kind kind) noexcept {
    switch (kind) {
    case Kind::null: return "NoneType";
    case Kind::boolean: return "bool";
    case Kind::integer: return "int";
    case Kind::floating: return "float";
    case Kind::string: return "str";
    case Kind::list: return "list";
    case Kind::map: return "dict";
    case Kind::big_integer: return "int";
    case Kind::bytes: return "bytes";
    case Kind::set: return "set";
    case Kind::timestamp: return "date";
    }
    return "object";
}

std::string Value::key_text() const {
    switch (kind()) {
    case Kind::null: return "null";
    case Kind::boolean: return as_bool() ? "true" : "false";
    case Kind::integer: return std::to_string(as_int());
    case Kind::floating: {
        double d = as_float();
        if (std::isnan(d))
            return "NaN";
        if (std::isinf(d))
            return d > 0 ? "Infinity" : "-Infinity";
        // Python's float repr: the shortest text that reads back, with `.0`.
        std::string text = fmt::format("{}", d);
        if (text.find_first_of(".en") == std::string::npos)
            text += ".0";
        return text;
    }
    case Kind::string: return as_string();
    case Kind::big_integer: return as_big_integer().digits;
    case Kind::bytes: return as_bytes().data;
    case Kind::timestamp: return as_timestamp().iso;
    case Kind::list: {
        std::string text = "(";
        for (const Value& item : as_list())
            text += (text.size() > 1 ? ", " : "") + item.key_text();
        return text + (as_list().size() == 1 ? ",)" : ")");
    }
    default: return "";
    }
}

bool operator==(const Value& a, const Value& b) {
    // Neither is shared: target() is the tree a shared value points at.
    const Value& x = a.target();
    const Value& y = b.target();
    return x.tag_ == y.tag_ &&
           Value::visit(x.tag_, [&](auto member) { return x.contents_.*member == y.contents_.*member; });
}

} // namespace fairseq2
