#include "fairseq2/assets/source.hpp"

namespace fairseq2 {

std::shared_ptr<AssetSource> text_asset_source(std::string name, std::string text, AssetSourceRole role) {
    auto source = std::make_shared<AssetSource>();
    source->kind = AssetSource::Kind::text;
    source->role = role;
    source->path = std::move(name);
    source->text = std::move(text);
    return source;
}

const char* to_string(AssetSourceRole role) noexcept {
    switch (role) {
    case AssetSourceRole::builtin: return "built-in";
    case AssetSourceRole::system: return "system";
    case AssetSourceRole::user: return "user";
    case AssetSourceRole::extension: return "extension";
    case AssetSourceRole::given: return "given";
    case AssetSourceRole::validated: return "validated";
    }
    return "extension";
}

} // namespace fairseq2
