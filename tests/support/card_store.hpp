// Building sources and stores from test trees without booting the runtime.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fairseq2/assets/loader.hpp"
#include "fairseq2/assets/store.hpp"
#include "temp_tree.hpp"

namespace fairseq2::testing {

inline std::shared_ptr<const AssetSource> path_source(const std::filesystem::path& path,
                                                      AssetSourceRole role = AssetSourceRole::given) {
    auto source = std::make_shared<AssetSource>();
    source->kind = AssetSource::Kind::path;
    source->path = path;
    source->role = role;
    source->origin = "test";
    return source;
}

inline LoadedAssets load(std::vector<std::shared_ptr<const AssetSource>> sources) {
    return load_asset_sources(sources);
}

inline LoadedAssets load(const std::filesystem::path& path) {
    return load_asset_sources({path_source(path)});
}

inline AssetStore make_store(const std::filesystem::path& path,
                             std::optional<std::string> detected = std::nullopt) {
    AssetEnvironment environment;
    environment.name = std::move(detected);
    return AssetStore{load(path), environment};
}

// The codes of the diagnostics, in order.
inline std::vector<std::string> codes(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics)
        out.emplace_back(fairseq2::to_string(d.code));
    return out;
}

} // namespace fairseq2::testing
