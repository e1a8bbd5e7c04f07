// What every command shares: the global options, the booted runtime, the
// logger, stdout, and the exit statuses.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fairseq2/assets/store.hpp"
#include "fairseq2/init.hpp"
#include "fairseq2/support/diagnostic_sink.hpp"
#include "output.hpp"
#include "printer.hpp"
#include "text.hpp"

namespace fairseq2ctl {

// The exit statuses of SPEC §4.
enum ExitStatus : int {
    exit_ok = 0,
    // Problems found: an erroneous card, a failed extension, validation errors.
    exit_problems = 1,
    // A usage error, or an asset that is not found (as fairseq2).
    exit_usage = 2,
};

struct GlobalOptions {
    std::vector<std::string> cards;
    std::vector<std::string> checkpoint_dirs;
    bool no_default_cards = false;
    std::vector<std::string> extension_dirs;
    bool no_extensions = false;
    std::optional<std::string> env;
    int verbose = 0;
    bool quiet = false;
    std::string color = "auto";
    // `--format text|json`, an option of each command that prints.
    Format format = Format::text;
};

class Context {
public:
    GlobalOptions options;
    // Set by `extensions check --isolate` before the runtime boots.
    bool isolate_extensions = false;
    // Set by `validate cards` before the runtime boots: the paths (and the
    // standard input) it validates, read as sources of the `validated` role.
    std::vector<std::filesystem::path> validated_paths;
    std::vector<fairseq2::InitOptions::CardText> validated_texts;
    // Set by a command about one card before the store is read: the store
    // then reads the fields of only the cards that card is made of
    // (LoadOptions::defer_fields).
    bool one_card = false;

    // Sets up logging and styling from the options; called once they are parsed.
    void configure();

    // The runtime, booted on first use as `init_fairseq2` boots it.
    fairseq2::DependencyContainer& runtime();

    // The asset store. Unless `report_load_problems` is false (a command
    // that reports them itself), its load problems are printed to stderr the
    // first time, and an error among them makes the command exit 1.
    const fairseq2::AssetStore& store(bool report_load_problems = true);

    // Prints a diagnostic to stderr.
    void report(const fairseq2::Diagnostic& diagnostic);

    // Marks the command as having found problems (exit 1) unless it already
    // has a worse status.
    void fail(int status = exit_problems) {
        if (status > status_)
            status_ = status;
    }
    int status() const noexcept { return status_; }

    // The printer of `--format`, made on first use.
    Printer& printer();
    Output& out() noexcept { return out_; }

private:
    std::unique_ptr<fairseq2::DependencyContainer> runtime_;
    // Standard error: errors only with --quiet.
    fairseq2::DiagnosticSink diagnostics_;
    std::shared_ptr<const fairseq2::AssetStore> store_;
    Style style_;
    Style error_style_;
    Output out_;
    std::unique_ptr<Printer> printer_;
    int status_ = exit_ok;
};

} // namespace fairseq2ctl
