// Finding the string keys of one mapping many times: a small mapping is
// scanned, a large one is indexed once, so that looking up every key of a
// large mapping (an overlay over its card, a wide config override) costs
// linear time, not quadratic.
#pragma once

#include <string_view>
#include <unordered_map>

#include "fairseq2/yaml/value.hpp"

namespace fairseq2 {

class KeyIndex {
public:
    // `map` must outlive the index; a value that is not a mapping has no keys.
    explicit KeyIndex(const Value& map);

    // The entry with that string key, as Value::find() finds it.
    const Field* find(std::string_view key) const;

private:
    const Value::Map* fields_ = nullptr;
    std::unordered_map<std::string_view, const Field*> index_;
};

} // namespace fairseq2
