#include "fairseq2/assets/value.hpp"

#include <algorithm>
#include <utility>

namespace fairseq2 {

const Value* Value::find(std::string_view key) const {
    if (!is_map())
        return nullptr;
    for (const Field& field : as_map())
        if (field.key == key)
            return &field.value;
    return nullptr;
}

Value* Value::find(std::string_view key) {
    return const_cast<Value*>(std::as_const(*this).find(key));
}

void Value::set(std::string key, Value value, Mark key_mark) {
    if (Value* existing = find(key)) {
        *existing = std::move(value);
        return;
    }
    as_map().push_back(Field{std::move(key), key_mark, std::move(value)});
}

bool Value::erase(std::string_view key) {
    if (!is_map())
        return false;
    auto& map = as_map();
    auto it = std::find_if(map.begin(), map.end(), [&](const Field& f) { return f.key == key; });
    if (it == map.end())
        return false;
    map.erase(it);
    return true;
}

Value Value::without_marks() const {
    Value copy;
    switch (kind()) {
    case Kind::list: {
        List items;
        for (const Value& item : as_list())
            items.push_back(item.without_marks());
        copy.data_ = std::move(items);
        break;
    }
    case Kind::map: {
        Map fields;
        for (const Field& field : as_map())
            fields.push_back(Field{field.key, {}, field.value.without_marks()});
        copy.data_ = std::move(fields);
        break;
    }
    default: copy.data_ = data_;
    }
    return copy;
}

std::size_t Value::node_count() const {
    std::size_t count = 1;
    if (is_list())
        for (const Value& item : as_list())
            count += item.node_count();
    else if (is_map())
        for (const Field& field : as_map())
            count += field.value.node_count();
    return count;
}

const char* Value::type_name() const noexcept {
    switch (kind()) {
    case Kind::null: return "NoneType";
    case Kind::boolean: return "bool";
    case Kind::integer: return "int";
    case Kind::floating: return "float";
    case Kind::string: return "str";
    case Kind::list: return "list";
    case Kind::map: return "dict";
    }
    return "object";
}

bool operator==(const Value& a, const Value& b) {
    return a.data_ == b.data_;
}

} // namespace fairseq2
