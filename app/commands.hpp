// The command groups of fairseq2ctl. Each adds its subcommands to the root
// app and lists them with the work they run; main runs the one that was
// parsed, once all options are in (global options may follow a subcommand).
#pragma once

#include <functional>
#include <vector>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace fairseq2ctl {

struct Command {
    CLI::App* app;
    std::function<void()> run;
};

void add_assets_commands(CLI::App& root, Context& context, std::vector<Command>& commands);
void add_families_commands(CLI::App& root, Context& context, std::vector<Command>& commands);
void add_extensions_commands(CLI::App& root, Context& context, std::vector<Command>& commands);
void add_validate_commands(CLI::App& root, Context& context, std::vector<Command>& commands);
void add_info_command(CLI::App& root, Context& context, std::vector<Command>& commands);
void add_schema_commands(CLI::App& root, Context& context, std::vector<Command>& commands);

// `--format text|json`, shared by every command that prints a result.
CLI::Option* add_format_option(CLI::App& command, Context& context);

} // namespace fairseq2ctl
