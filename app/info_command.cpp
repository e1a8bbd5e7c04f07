// `fairseq2ctl info`: what the runtime booted with.
#include <cstdlib>
#include <filesystem>

#include "commands.hpp"
#include "fairseq2/assets/directories.hpp"
#include "fairseq2/assets/environment.hpp"
#include "fairseq2/extensions/loader.hpp"

namespace fairseq2ctl {
namespace {

// The variables that change what fairseq2ctl reads.
constexpr const char* relevant_variables[] = {
    "FAIRSEQ2_ASSET_DIR",       "FAIRSEQ2_USER_ASSET_DIR",
    "XDG_CONFIG_HOME",          "FAIRSEQ2_CACHE_DIR",
    "XDG_CACHE_HOME",           "HF_HUB_CACHE",
    "HF_HOME",                  "FAIRSEQ2_EXTENSION_PATH",
    "XDG_DATA_HOME",            "HOME",
    "FAIRSEQ2_EXTENSION_TRACE", "FAIRSEQ2_ALLOW_INSECURE_EXTENSIONS",
    "NO_COLOR",
};

RuntimeInfo runtime_info(Context& context) {
    RuntimeInfo info;
    info.store = &context.store();
    info.environment = info.store->environment();
    for (const auto& resolver : context.runtime().resolve_all<fairseq2::AssetEnvironmentResolver>())
        info.resolver_origins.push_back(resolver->origin);
    auto extensions = context.runtime().resolve<const fairseq2::ExtensionReport>();
    info.extensions_enabled = extensions->enabled;
    for (const auto& directory : extensions->directories)
        info.extension_directories.push_back({directory, std::filesystem::is_directory(directory.path)});
    info.fairseq2_cache = fairseq2::asset_cache_directory();
    info.huggingface_cache = fairseq2::huggingface_cache_directory();
    for (const char* name : relevant_variables) {
        const char* value = std::getenv(name);
        info.variables.emplace_back(name, value ? std::optional<std::string>{value} : std::nullopt);
    }
    return info;
}

} // namespace

void add_info_command(CLI::App& root, Context& context, std::vector<Command>& commands) {
    CLI::App* info = root.add_subcommand(
        "info", "Show the version, card sources, environment and variables in effect");
    add_format_option(*info, context);
    commands.push_back({info, [&context] { context.printer().runtime_info(runtime_info(context)); }});
}

} // namespace fairseq2ctl
