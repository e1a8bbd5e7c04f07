// The command groups of fairseq2ctl. Each adds its subcommands to the root
// app; a subcommand's callback stores the work to run once all the options
// are parsed (so global options given after the subcommand count too).
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace fairseq2ctl {

using Action = std::function<void()>;

void add_assets_commands(CLI::App& root, Context& context, Action& action);
void add_info_command(CLI::App& root, Context& context, Action& action);

// `--format text|json`, shared by every listing command.
CLI::Option* add_format_option(CLI::App& command, Format& format);

} // namespace fairseq2ctl
