#include "fairseq2/assets/directories.hpp"

#include <cstdlib>

namespace fairseq2 {
namespace {

std::optional<std::string> variable(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value)
        return std::nullopt;
    return std::string{value};
}

// A leading `~` means the home directory, as Python's Path.expanduser().
std::filesystem::path expand_user(const std::string& path) {
    if (path == "~" || path.rfind("~/", 0) == 0)
        if (auto home = variable("HOME"))
            return std::filesystem::path{*home} / path.substr(path.size() > 1 ? 2 : 1);
    return path;
}

} // namespace

AssetDirectory system_asset_directory() {
    if (auto dir = variable("FAIRSEQ2_ASSET_DIR"))
        return {expand_user(*dir), "FAIRSEQ2_ASSET_DIR"};
    return {"/etc/fairseq2/assets", {}};
}

std::optional<AssetDirectory> user_asset_directory() {
    if (auto dir = variable("FAIRSEQ2_USER_ASSET_DIR"))
        return AssetDirectory{expand_user(*dir), "FAIRSEQ2_USER_ASSET_DIR"};
    if (auto config = variable("XDG_CONFIG_HOME"))
        return AssetDirectory{expand_user(*config) / "fairseq2" / "assets", {}};
    if (auto home = variable("HOME"))
        return AssetDirectory{std::filesystem::path{*home} / ".config" / "fairseq2" / "assets", {}};
    return std::nullopt;
}

} // namespace fairseq2
