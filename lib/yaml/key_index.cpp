#include "fairseq2/yaml/key_index.hpp"

namespace fairseq2 {

KeyIndex::KeyIndex(const Value& map) {
    if (!map.is_map())
        return;
    fields_ = &map.as_map();
    constexpr std::size_t scan_limit = 16;
    if (fields_->size() > scan_limit)
        for (const Field& field : *fields_)
            if (field.has_string_key())
                index_.try_emplace(field.key, &field); // the first, as a scan finds it
}

const Field* KeyIndex::find(std::string_view key) const {
    if (!fields_)
        return nullptr;
    if (index_.empty()) {
        for (const Field& field : *fields_)
            if (field.key == key && field.has_string_key())
                return &field;
        return nullptr;
    }
    auto found = index_.find(key);
    return found == index_.end() ? nullptr : found->second;
}

} // namespace fairseq2
