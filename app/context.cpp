#include "context.hpp"

#include "fairseq2/assets/name.hpp"
#include "fairseq2/support/text.hpp"

#include <cstdlib>

#include <unistd.h>

#include <spdlog/sinks/ansicolor_sink.h>
#include <spdlog/spdlog.h>

namespace fairseq2ctl {
namespace {

// `--color always` forces colour; `auto` gives it to a terminal unless
// NO_COLOR is set (https://no-color.org).
bool use_color(const std::string& mode, int fd) {
    if (mode == "always")
        return true;
    if (mode == "never")
        return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color)
        return false;
    return ::isatty(fd) == 1;
}

} // namespace

void Context::configure() {
    style_ = Style{use_color(options.color, STDOUT_FILENO)};
    bool stderr_color = use_color(options.color, STDERR_FILENO);
    error_style_ = Style{stderr_color};

    auto sink = std::make_shared<spdlog::sinks::ansicolor_stderr_sink_mt>(
        stderr_color ? spdlog::color_mode::always : spdlog::color_mode::never);
    auto logger = std::make_shared<spdlog::logger>("fairseq2ctl", sink);
    logger->set_pattern("%^%l%$: %v");
    if (options.quiet)
        logger->set_level(spdlog::level::err);
    else if (options.verbose >= 2)
        logger->set_level(spdlog::level::debug);
    else if (options.verbose == 1)
        logger->set_level(spdlog::level::info);
    else
        logger->set_level(spdlog::level::warn);
    spdlog::set_default_logger(std::move(logger));

    diagnostics_ = fairseq2::DiagnosticSink{{.errors_only = options.quiet}, [this](const fairseq2::Diagnostic& d) {
                                                std::fflush(stdout);
                                                std::fprintf(stderr, "%s\n",
                                                             format_diagnostic(d, error_style_).c_str());
                                            }};
}

fairseq2::DependencyContainer& Context::runtime() {
    if (!runtime_) {
        fairseq2::InitOptions init;
        init.default_cards = !options.no_default_cards;
        init.card_paths.assign(options.cards.begin(), options.cards.end());
        init.checkpoint_dirs.assign(options.checkpoint_dirs.begin(), options.checkpoint_dirs.end());
        init.validated_paths = validated_paths;
        init.validated_texts = validated_texts;
        init.environment = options.env;
        init.load_extensions = !options.no_extensions;
        init.extension_dirs.assign(options.extension_dirs.begin(), options.extension_dirs.end());
        init.isolate_extensions = isolate_extensions;
        init.card_loading.defer_fields = one_card;
        runtime_ = fairseq2::init_fairseq2(std::move(init));
    }
    return *runtime_;
}

const fairseq2::AssetStore& Context::store(bool report_load_problems) {
    if (!store_) {
        store_ = runtime().resolve<fairseq2::AssetStore>();
        spdlog::debug("read {} card sources", store_->sources().size());
        if (report_load_problems) {
            for (const auto& diagnostic : store_->diagnostics())
                report(diagnostic);
            if (fairseq2::has_errors(store_->diagnostics()))
                fail();
        }
        if (options.env)
            if (auto warning = store_->check_environment(fairseq2::trim(*options.env)))
                report(*warning);
    }
    return *store_;
}

Printer& Context::printer() {
    if (!printer_)
        printer_ = make_printer(options.format, out_, style_);
    return *printer_;
}

void Context::report(const fairseq2::Diagnostic& diagnostic) {
    diagnostics_.report(diagnostic);
}

} // namespace fairseq2ctl
