// fairseq2ctl: boots the fairseq2 runtime and inspects what it registered.
#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "fairseq2/version.hpp"

namespace fairseq2ctl {

CLI::Option* add_format_option(CLI::App& command, Format& format) {
    static const std::map<std::string, Format> formats{{"text", Format::text},
                                                       {"json", Format::json}};
    return command.add_option("--format", format, "Output format: text or json")
        ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case))
        ->default_str("text");
}

namespace {

void add_global_options(CLI::App& app, GlobalOptions& options) {
    app.add_option("--cards", options.cards,
                   "Also read asset cards from this file or directory (repeatable); read last")
        ->check(CLI::ExistingPath)
        ->type_name("PATH");
    app.add_flag("--no-default-cards", options.no_default_cards,
                 "Skip the built-in cards and the system and user card directories");
    app.add_option("--extension-dir", options.extension_dirs,
                   "Look for extension manifests in this directory first (repeatable)")
        ->type_name("DIR");
    app.add_flag("--no-extensions", options.no_extensions, "Load no extensions");
    app.add_option("--env", options.env,
                   "Use this asset environment instead of detecting one ('' for none)")
        ->type_name("NAME");
    app.add_flag("-v,--verbose", options.verbose, "Log more (repeat for debug output)");
    app.add_flag("-q,--quiet", options.quiet, "Log errors only");
    app.add_option("--color", options.color, "Colour output: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
}

int run(int argc, char** argv) {
    Context context;
    std::vector<Command> commands;

    CLI::App app{"Inspect and validate the fairseq2 runtime: asset cards, their environments "
                 "and base chains.",
                 "fairseq2ctl"};
    app.set_version_flag("--version",
                         fmt::format("fairseq2ctl {} (fairseq2 runtime {})", PROJECT_VERSION_STRING,
                                     fairseq2::runtime_version));
    app.require_subcommand(1);
    // Global options may also follow the subcommand: `fairseq2ctl assets list --cards x`.
    app.fallthrough();
    add_global_options(app, context.options);
    add_assets_commands(app, context, commands);
    add_families_commands(app, context, commands);
    add_extensions_commands(app, context, commands);
    add_validate_commands(app, context, commands);
    add_info_command(app, context, commands);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        // Help and version exit 0; every other parse error is a usage error.
        int code = app.exit(error);
        return code == 0 ? exit_ok : exit_usage;
    }

    if (context.options.env && context.options.env->find('@') != std::string::npos) {
        std::fprintf(stderr, "error: --env takes an environment name, but '%s' holds `@`. Write "
                             "--env ENV, or ask for NAME@ENV.\n",
                     context.options.env->c_str());
        return exit_usage;
    }
    context.configure();
    try {
        for (const Command& command : commands)
            if (command.app->parsed())
                command.run();
    } catch (const fairseq2::Error& error) {
        context.report(error.diagnostic());
        bool usage = error.code() == "asset-not-found" || error.code() == "invalid-name";
        context.fail(usage ? exit_usage : exit_problems);
    }
    std::fflush(stdout);
    return context.status();
}

} // namespace
} // namespace fairseq2ctl

int main(int argc, char** argv) {
    try {
        return fairseq2ctl::run(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "error: %s (this is a bug in fairseq2ctl; please report it)\n",
                     error.what());
        return fairseq2ctl::exit_problems;
    }
}
