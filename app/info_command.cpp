// `fairseq2ctl info`: what the runtime booted with.
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "commands.hpp"
#include "words.hpp"
#include "fairseq2/assets/directories.hpp"
#include "fairseq2/assets/environment.hpp"
#include "fairseq2/extensions/loader.hpp"
#include "fairseq2/version.hpp"

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

std::string counted(std::size_t count, std::string_view noun) {
    return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

void show_info(Context& context, Format format) {
    const fairseq2::AssetStore& store = context.store();
    auto resolvers = context.runtime().resolve_all<fairseq2::AssetEnvironmentResolver>();
    const fairseq2::AssetEnvironment& environment = store.environment();
    auto extensions = context.runtime().resolve<const fairseq2::ExtensionReport>();

    if (format == Format::json) {
        Json sources = Json::array();
        for (const auto& source : store.sources())
            sources.push_back({{"name", source.name},
                               {"role", words_for(source.source->role)},
                               {"path", source.location()},
                               {"origin", source.source->origin},
                               {"missing", source.missing},
                               {"files", source.file_count},
                               {"cards", source.cards.size()}});
        Json resolver_origins = Json::array();
        for (const auto& resolver : resolvers)
            resolver_origins.push_back(resolver->origin);
        Json variables = Json::object();
        for (const char* name : relevant_variables) {
            const char* value = std::getenv(name);
            variables[name] = value ? Json(value) : Json(nullptr);
        }
        fairseq2::AssetDirectory cache = fairseq2::asset_cache_directory();
        fairseq2::AssetDirectory hub = fairseq2::huggingface_cache_directory();
        Json caches = {{"fairseq2", {{"path", cache.path.string()},
                                     {"from", cache.variable.empty() ? Json(nullptr) : Json(cache.variable)}}},
                       {"huggingface", {{"path", hub.path.string()},
                                        {"from", hub.variable.empty() ? Json(nullptr) : Json(hub.variable)}}}};
        Json directories = Json::array();
        for (const auto& directory : extensions->directories)
            directories.push_back({{"path", directory.path.string()},
                                   {"from", words_for(directory.role)},
                                   {"exists", std::filesystem::is_directory(directory.path)}});
        context.out().json({{"version", PROJECT_VERSION_STRING},
                            {"runtime_version", fairseq2::runtime_version},
                            {"sources", std::move(sources)},
                            {"environment",
                             {{"name", environment.name ? Json(*environment.name) : Json(nullptr)},
                              {"detected_by", detected_by(environment).empty()
                                                  ? Json(nullptr)
                                                  : Json(detected_by(environment))},
                               {"lookup", environment.default_lookup()},
                               {"with_overlays", store.overlay_environments()}}},
                            {"environment_resolvers", std::move(resolver_origins)},
                            {"extensions_enabled", extensions->enabled},
                            {"extension_directories", std::move(directories)},
                            {"cache_directories", std::move(caches)},
                            {"variables", std::move(variables)}});
        return;
    }

    const Style& style = context.style();
    Output& out = context.out();
    out.line(fmt::format("{} {} (fairseq2 runtime {})", style.bold("fairseq2ctl"),
                         PROJECT_VERSION_STRING, fairseq2::runtime_version));
    out.line();

    out.line(style.bold("Card sources") + style.dim(" (read in this order; a name may appear in one only)"));
    Table sources;
    for (const auto& source : store.sources()) {
        std::string state = style.dim("missing");
        if (!source.missing)
            state = source.reads_files() ? fmt::format("{} in {}", counted(source.cards.size(), "card"),
                                                       counted(source.file_count, "file"))
                                         : counted(source.cards.size(), "card");
        sources.add({source.location(), style.cyan(words_for(source.source->role)),
                     style.dim(source.source->origin), state});
    }
    sources.print(out);
    out.line();

    out.line(style.bold("Extension directories") + style.dim(" (searched in this order)"));
    if (!extensions->enabled)
        out.line("  " + style.dim("none: --no-extensions"));
    Table directories;
    for (const auto& directory : extensions->directories)
        directories.add({directory.path.string(), style.cyan(words_for(directory.role)),
                         std::filesystem::is_directory(directory.path) ? "" : style.dim("missing")});
    directories.print(out);
    out.line();

    out.line(style.bold("Cache directories") + style.dim(" (where fairseq2 downloads assets)"));
    Table caches;
    for (const auto& [what, directory] :
         {std::pair{"fairseq2", fairseq2::asset_cache_directory()},
          std::pair{"huggingface", fairseq2::huggingface_cache_directory()}})
        caches.add({directory.path.string(), style.cyan(what),
                    style.dim(directory.variable.empty() ? "default" : directory.variable)});
    caches.print(out);
    out.line();

    out.line(style.bold("Environment"));
    Table env;
    env.add({"detected", environment.name ? style.green(*environment.name) : style.dim("none")});
    if (!detected_by(environment).empty())
        env.add({"detected by", detected_by(environment)});
    std::string lookup;
    for (const auto& name : environment.default_lookup())
        lookup += (lookup.empty() ? "" : ", ") + name;
    env.add({"overlays tried", lookup});
    std::string origins;
    for (const auto& resolver : resolvers)
        origins += (origins.empty() ? "" : ", ") + resolver->origin;
    env.add({"resolvers", origins.empty() ? style.dim("none registered") : origins});
    std::string overlays;
    for (const auto& [name, count] : store.overlay_environments())
        overlays += fmt::format("{}{} ({})", overlays.empty() ? "" : ", ", name, counted(count, "overlay"));
    env.add({"with overlays", overlays.empty() ? style.dim("none") : overlays});
    env.print(out);
    out.line();

    out.line(style.bold("Variables"));
    Table variables;
    for (const char* name : relevant_variables) {
        const char* value = std::getenv(name);
        variables.add({name, value ? std::string{value} : style.dim("(unset)")});
    }
    variables.print(out);
}

} // namespace

void add_info_command(CLI::App& root, Context& context, std::vector<Command>& commands) {
    CLI::App* info = root.add_subcommand(
        "info", "Show the version, card sources, environment and variables in effect");
    auto format = std::make_shared<Format>(Format::text);
    add_format_option(*info, *format);
    commands.push_back({info, [&context, format] { show_info(context, *format); }});
}

} // namespace fairseq2ctl
