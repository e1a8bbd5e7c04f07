// fairseq2ctl: boots the fairseq2 runtime and inspects what it registered.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "fairseq2/support/did_you_mean.hpp"
#include "fairseq2/version.hpp"

namespace fairseq2ctl {

CLI::Option* add_format_option(CLI::App& command, Context& context) {
    return command
        .add_option_function<std::string>(
            "--format",
            [&context](const std::string& value) {
                context.options.format = value == "json" ? Format::json : Format::text;
            },
            "Output format (default: text)")
        ->check(CLI::IsMember({"text", "json"}))
        ->option_text("text|json");
}

namespace {

std::vector<std::string_view> names_of(const std::vector<std::string>& names) {
    return {names.begin(), names.end()};
}

// The command the words name (`assets resolve`), or null.
CLI::App* find_command(CLI::App& app, const std::vector<std::string>& words, std::string& unknown) {
    CLI::App* command = &app;
    for (const std::string& word : words) {
        CLI::App* next = nullptr;
        for (CLI::App* sub : command->get_subcommands({}))
            if (sub->get_name() == word)
                next = sub;
        if (!next) {
            unknown = word;
            return nullptr;
        }
        command = next;
    }
    return command;
}

// `fairseq2ctl assets resolve`: the command as typed.
std::string command_path(const CLI::App& command) {
    std::string path = command.get_name();
    for (const CLI::App* parent = command.get_parent(); parent; parent = parent->get_parent())
        path = parent->get_name() + " " + path;
    return path;
}

std::vector<std::string> subcommand_names(CLI::App& command) {
    std::vector<std::string> names;
    for (CLI::App* sub : command.get_subcommands({}))
        names.push_back(sub->get_name());
    return names;
}

std::vector<std::string> option_names(CLI::App& command) {
    std::vector<std::string> names;
    for (CLI::App* app = &command; app; app = app->get_parent())
        for (const CLI::Option* option : app->get_options())
            for (const std::string& name : option->get_lnames())
                names.push_back("--" + name);
    return names;
}

// A parse error named with what was not understood and, where one is near,
// the command or option that was probably meant.
std::string explain(CLI::App& app, int argc, char** argv, const CLI::ParseError& error) {
    // The deepest command the words name, and the first word after it that
    // is neither one of its subcommands nor an option.
    CLI::App* command = &app;
    for (int i = 1; i < argc; ++i) {
        std::string word = argv[i];
        if (word.rfind("--", 0) == 0) {
            std::string name = word.substr(0, word.find('='));
            auto options = option_names(*command);
            if (std::find(options.begin(), options.end(), name) == options.end()) {
                std::string hint = fairseq2::did_you_mean(fairseq2::closest_match(name, names_of(options)));
                return fmt::format("unknown option {} for `{}`.{}{}", name, command_path(*command),
                                   hint.empty() ? "" : " ", hint);
            }
            continue;
        }
        if (word.rfind("-", 0) == 0)
            continue;
        auto subcommands = subcommand_names(*command);
        if (std::find(subcommands.begin(), subcommands.end(), word) != subcommands.end()) {
            std::string unknown;
            command = find_command(*command, {word}, unknown);
            continue;
        }
        if (!subcommands.empty() && command->get_subcommands().empty()) {
            bool value_of_option = i > 1 && std::string_view{argv[i - 1]}.rfind("--", 0) == 0 &&
                                   std::string_view{argv[i - 1]}.find('=') == std::string_view::npos;
            if (!value_of_option) {
                std::string hint = fairseq2::did_you_mean(fairseq2::closest_match(word, names_of(subcommands)));
                return fmt::format("unknown command '{}' for `{}`.{}{} The commands are {}.", word,
                                   command_path(*command), hint.empty() ? "" : " ", hint,
                                   fmt::join(subcommands, ", "));
            }
        }
    }
    return error.what();
}

void add_global_options(CLI::App& app, GlobalOptions& options) {
    app.add_option("--cards", options.cards,
                   "Also read asset cards from this file or directory (repeatable); read last")
        ->check(CLI::ExistingPath)
        ->type_name("PATH");
    app.add_option("--checkpoint-dir", options.checkpoint_dirs,
                   "Also read the checkpoint cards of this training output directory (repeatable), as "
                   "fairseq2's register_checkpoint_models does")
        ->check(CLI::ExistingDirectory)
        ->type_name("DIR");
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
    add_schema_commands(app, context, commands);

    // `fairseq2ctl help [COMMAND...]`
    CLI::App* help = app.add_subcommand("help", "Show the help of a command");
    auto help_words = std::make_shared<std::vector<std::string>>();
    help->add_option("command", *help_words, "The command, as `assets resolve`");
    help->fallthrough(false);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& error) {
        return app.exit(error) == 0 ? exit_ok : exit_usage;
    } catch (const CLI::CallForAllHelp& error) {
        return app.exit(error) == 0 ? exit_ok : exit_usage;
    } catch (const CLI::CallForVersion& error) {
        return app.exit(error) == 0 ? exit_ok : exit_usage;
    } catch (const CLI::ParseError& error) {
        // Every other parse error is a usage error, said in our words.
        std::fprintf(stderr, "error: %s\nRun `fairseq2ctl help` for the commands and options.\n",
                     explain(app, argc, argv, error).c_str());
        return exit_usage;
    }
    if (help->parsed()) {
        std::string unknown;
        CLI::App* command = find_command(app, *help_words, unknown);
        if (!command) {
            std::fprintf(stderr, "error: there is no command '%s' to show help for\n", unknown.c_str());
            return exit_usage;
        }
        // The formatter directly: App::help() shows the parsed subcommand's.
        std::string text =
            command->get_formatter()->make_help(command, command_path(*command), CLI::AppFormatMode::Normal);
        std::fputs(text.c_str(), stdout);
        return exit_ok;
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
        // As fairseq2: a name that is not found is the caller's mistake.
        using fairseq2::DiagnosticCode;
        DiagnosticCode code = error.code();
        bool usage = code == DiagnosticCode::asset_not_found || code == DiagnosticCode::family_not_found ||
                     code == DiagnosticCode::invalid_name || code == DiagnosticCode::invalid_argument;
        context.fail(usage ? exit_usage : exit_problems);
    }
    std::fflush(stdout);
#ifndef FAIRSEQ2_SANITIZED
    // The store of a large tree is millions of allocations, and freeing them
    // one at a time costs a tenth of a run that nobody waits on: the output
    // is out, so the process ends without the destructors, as clang
    // (-disable-free) and mold end theirs. Sanitizer builds run them, so
    // that leaks and bad frees there are still found.
    std::fflush(stderr);
    std::_Exit(context.status());
#else
    return context.status();
#endif
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
