#include "fairseq2/assets/directories.hpp"

#include <cstdlib>

#include <pwd.h>
#include <unistd.h>

#include <fmt/format.h>

namespace fairseq2 {
namespace {

// fairseq2's Environment.maybe_get: set, even to the empty string, is set.
std::optional<std::string> variable(const char* name) {
    const char* value = std::getenv(name);
    if (!value)
        return std::nullopt;
    return std::string{value};
}

std::string home_directory(const std::string& user) {
    if (user.empty())
        if (const char* home = std::getenv("HOME"))
            return home;
    const passwd* entry = user.empty() ? ::getpwuid(::getuid()) : ::getpwnam(user.c_str());
    return entry && entry->pw_dir ? entry->pw_dir : "";
}

// os.path.expanduser: `~` and `~user` at the start, when the home is known.
std::string expand_user(const std::string& path) {
    if (path.empty() || path[0] != '~')
        return path;
    auto slash = path.find('/');
    std::string home = home_directory(path.substr(1, slash == std::string::npos ? std::string::npos : slash - 1));
    if (home.empty())
        return path;
    return slash == std::string::npos ? home : home + path.substr(slash);
}

bool path_exists(const std::filesystem::path& path) {
    std::error_code error;
    return std::filesystem::exists(path, error);
}

// `_maybe_get_path_from_env`: the variable's path (with `sub` below it),
// resolved; a warning when the variable is set to the empty string, which
// pathlib reads as the current directory.
std::optional<std::filesystem::path> path_from_variable(const char* name, Diagnostics& warnings,
                                                        const char* sub = nullptr) {
    auto value = variable(name);
    if (!value)
        return std::nullopt;
    std::filesystem::path path = resolve_python_path(*value);
    if (sub)
        path = resolve_python_path((path / sub).string());
    if (value->empty())
        warnings.push_back(
            {.severity = Severity::warning,
             .code = DiagnosticCode::empty_variable,
             .message = fmt::format("The {} environment variable is set to the empty string, which fairseq2 "
                                    "reads as the current directory ({}). Unset it, or set it to a directory.",
                                    name, std::filesystem::path{resolve_python_path("")}.string()),
             .location = {path.string()}});
    return path;
}

// maybe_get_system_dir / maybe_get_user_dir: the variable's directory, or,
// when it does not exist, a warning and the default.
AssetDirectoryLookup lookup(const char* name, const std::string& quoted_name,
                            std::optional<std::filesystem::path> fallback_from_variable,
                            const std::string& fallback) {
    AssetDirectoryLookup result;
    if (auto path = path_from_variable(name, result.warnings)) {
        result.named = AssetDirectory{*path, name};
        if (path_exists(*path)) {
            result.directory = {*path, name};
            result.exists = true;
            return result;
        }
        result.warnings.push_back(
            {.severity = Severity::warning,
             .code = DiagnosticCode::source_not_found,
             .message = fmt::format("{} pointed to by the {} environment variable is not found. fairseq2 "
                                    "reads the default directory instead; fix or unset the variable.",
                                    path->string(), quoted_name),
             .location = {path->string()}});
    }
    result.directory.path = fallback_from_variable ? *fallback_from_variable : resolve_python_path(fallback);
    result.exists = path_exists(result.directory.path);
    return result;
}

} // namespace

std::filesystem::path resolve_python_path(const std::string& text) {
    std::filesystem::path path = expand_user(text);
    std::error_code error;
    if (path.empty())
        path = std::filesystem::current_path(error);
    path = std::filesystem::absolute(path, error);
    std::filesystem::path resolved = std::filesystem::weakly_canonical(path, error);
    if (error)
        resolved = path.lexically_normal();
    std::string s = resolved.string();
    while (s.size() > 1 && s.back() == '/')
        s.pop_back();
    return s;
}

AssetDirectoryLookup system_asset_directory() {
    // fairseq2 names this variable without backticks, the user one with.
    return lookup("FAIRSEQ2_ASSET_DIR", "FAIRSEQ2_ASSET_DIR", std::nullopt, "/etc/fairseq2/assets");
}

AssetDirectoryLookup user_asset_directory() {
    Diagnostics xdg_warnings;
    auto xdg = path_from_variable("XDG_CONFIG_HOME", xdg_warnings, "fairseq2/assets");
    AssetDirectoryLookup result =
        lookup("FAIRSEQ2_USER_ASSET_DIR", "`FAIRSEQ2_USER_ASSET_DIR`", xdg, "~/.config/fairseq2/assets");
    if (result.directory.variable.empty() && xdg)
        result.warnings.insert(result.warnings.end(), xdg_warnings.begin(), xdg_warnings.end());
    return result;
}

AssetDirectory asset_cache_directory() {
    Diagnostics ignored;
    if (auto path = path_from_variable("FAIRSEQ2_CACHE_DIR", ignored))
        return {*path, "FAIRSEQ2_CACHE_DIR"};
    if (auto path = path_from_variable("XDG_CACHE_HOME", ignored, "fairseq2/assets"))
        return {*path, "XDG_CACHE_HOME"};
    return {resolve_python_path("~/.cache/fairseq2/assets"), {}};
}

AssetDirectory huggingface_cache_directory() {
    // huggingface_hub's constants: HF_HUB_CACHE, else HF_HOME/hub, where
    // HF_HOME defaults to $XDG_CACHE_HOME/huggingface or ~/.cache/huggingface.
    if (auto value = variable("HF_HUB_CACHE"))
        return {expand_user(*value), "HF_HUB_CACHE"};
    if (auto value = variable("HF_HOME"))
        return {std::filesystem::path{expand_user(*value)} / "hub", "HF_HOME"};
    if (auto value = variable("XDG_CACHE_HOME"))
        return {std::filesystem::path{expand_user(*value)} / "huggingface" / "hub", "XDG_CACHE_HOME"};
    return {std::filesystem::path{expand_user("~/.cache/huggingface/hub")}, {}};
}

} // namespace fairseq2
