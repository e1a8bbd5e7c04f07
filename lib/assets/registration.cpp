#include "fairseq2/assets/registration.hpp"

#include "fairseq2/assets/source.hpp"
#include "fairseq2/runtime/dependency.hpp"

namespace fairseq2 {

void register_file_assets(DependencyContainer& container, std::filesystem::path path, AssetSourceRole role) {
    auto source = std::make_shared<AssetSource>();
    source->kind = AssetSource::Kind::path;
    source->role = role;
    path = path.lexically_normal();
    if (!path.has_filename() && path.has_parent_path())
        path = path.parent_path(); // `cards/` names the directory `cards`
    source->path = std::move(path);
    source->origin = container.origin();
    container.collection().register_instance<const AssetSource>(std::move(source));
}

void register_checkpoint_models(DependencyContainer& container, std::filesystem::path directory,
                                AssetSourceRole role) {
    auto source = std::make_shared<AssetSource>();
    source->kind = AssetSource::Kind::checkpoint;
    source->role = role;
    source->path = std::move(directory);
    source->origin = container.origin();
    container.collection().register_instance<const AssetSource>(std::move(source));
}

void register_in_memory_assets(DependencyContainer& container, std::string name,
                               std::vector<YAML::Node> entries) {
    auto source = std::make_shared<AssetSource>();
    source->kind = AssetSource::Kind::memory;
    source->memory_name = std::move(name);
    source->entries = std::move(entries);
    source->origin = container.origin();
    container.collection().register_instance<const AssetSource>(std::move(source));
}

void register_text_assets(DependencyContainer& container, std::string name, std::string text,
                          AssetSourceRole role, std::filesystem::path directory) {
    auto source = text_asset_source(std::move(name), std::move(text), role);
    source->text_directory = std::move(directory);
    source->origin = container.origin();
    container.collection().register_instance<const AssetSource>(std::move(source));
}

} // namespace fairseq2
