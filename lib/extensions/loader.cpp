#include "fairseq2/extensions/loader.hpp"

#include <cstdlib>
#include <chrono>
#include <exception>
#include <optional>

#include <sys/stat.h>

#include <boost/core/demangle.hpp>
#include <boost/dll/library_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "fairseq2/extension.hpp"
#include "isolation.hpp"
#include "fairseq2/runtime/dependency.hpp"

namespace fairseq2 {
namespace {

constexpr std::string_view function_prefix = "fairseq2_extension_";
constexpr std::string_view abi_prefix = "fairseq2_abi_";

// The libraries of extensions, never unloaded: the container holds functions
// and objects whose code lives in them.
std::vector<boost::dll::shared_library>& open_libraries() {
    static auto* libraries = new std::vector<boost::dll::shared_library>();
    return *libraries;
}

// A failure of one extension, thrown inside load_extension and recorded.
struct Failure {
    DiagnosticCode code;
    std::string message;
};

[[noreturn]] void fail(DiagnosticCode code, std::string message) {
    throw Failure{code, std::move(message)};
}

std::string exception_type(const std::exception& error) {
    std::string name = boost::core::demangle(typeid(error).name());
    // std::throw_with_nested wraps the type it throws.
    constexpr std::string_view nested = "std::_Nested_exception<";
    if (name.rfind(nested, 0) == 0 && name.back() == '>')
        name = name.substr(nested.size(), name.size() - nested.size() - 1);
    return name;
}

// "type: message", then "caused by: ..." for each nested exception.
std::string describe_exception(const std::exception& error) {
    std::string text = fmt::format("{}: {}", exception_type(error), error.what());
    try {
        std::rethrow_if_nested(error);
    } catch (const std::exception& cause) {
        text += "\n  caused by " + describe_exception(cause);
    } catch (...) {
        text += "\n  caused by an exception that is not a std::exception";
    }
    return text;
}

void check_permissions(const ExtensionRecord& record, const std::filesystem::path& file,
                       const char* what) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0 || !(info.st_mode & (S_IWGRP | S_IWOTH)))
        return;
    fail(DiagnosticCode::insecure_permissions,
         fmt::format("The {} '{}' of the '{}' extension is writable by {} (mode {:04o}), so "
                     "others could make fairseq2 run their code. Run `chmod go-w {}`, or set "
                     "FAIRSEQ2_ALLOW_INSECURE_EXTENSIONS=1 to load it anyway.",
                     what, file.string(), record.name,
                     (info.st_mode & S_IWOTH) ? "others" : "its group", info.st_mode & 07777,
                     file.string()));
}

// The extension functions a library exports, by the names manifests use.
std::vector<std::string> exported_functions(const std::filesystem::path& library) {
    std::vector<std::string> functions;
    try {
        boost::dll::library_info info{boost::dll::fs::path{library.string()}};
        for (const std::string& symbol : info.symbols("boostdll"))
            if (symbol.rfind(function_prefix, 0) == 0)
                functions.push_back(symbol.substr(function_prefix.size()));
    } catch (const std::exception&) {
        // Not readable as an ELF file: then it has none to offer.
    }
    return functions;
}

std::string dynamic_loader_message(const std::exception& error) {
    // Boost.DLL wraps dlerror() as "... (dlerror system message: MESSAGE): ...".
    std::string text = error.what();
    constexpr std::string_view marker = "dlerror system message: ";
    auto start = text.find(marker);
    if (start == std::string::npos)
        return text;
    start += marker.size();
    auto end = text.rfind("):");
    return text.substr(start, end == std::string::npos || end < start ? std::string::npos : end - start);
}

std::string describe_abi(const ExtensionAbi& abi) {
    // `standard_library` is read only from a descriptor of this runtime ABI:
    // an older one ends before it.
    std::string library = abi.runtime_abi != runtime_abi_version ? "?"
                          : abi.standard_library == StandardLibrary::libcxx ? "libc++"
                                                                            : "libstdc++";
    return fmt::format("runtime ABI {}, {} with {} std::string, built against fairseq2 runtime {} with {} "
                       "(C++ ABI {})",
                       abi.runtime_abi, library, abi.cxx11_strings ? "C++11" : "pre-C++11",
                       abi.runtime_version ? abi.runtime_version : "?", abi.compiler ? abi.compiler : "?",
                       abi.compiler_abi);
}

void run_setup(DependencyContainer& container, ExtensionRecord& record) {
    if (!std::filesystem::exists(record.library))
        fail(DiagnosticCode::library_not_found,
             fmt::format("The library '{}' of the '{}' extension does not exist (a relative "
                         "LIBRARY is taken from the manifest's directory). Build and install it, "
                         "or fix the entry point '{}' in {}.",
                         record.library.string(), record.name, record.entry_point,
                         record.manifest.string()));

    boost::dll::shared_library library;
    try {
        library.load(boost::dll::fs::path{record.library.string()},
                     boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& error) {
        fail(DiagnosticCode::library_load_failed,
             fmt::format("The library '{}' of the '{}' extension cannot be loaded: {}.",
                         record.library.string(), record.name, dynamic_loader_message(error)));
    }
    open_libraries().push_back(library);

    std::string function_symbol = std::string{function_prefix} + record.function;
    std::string abi_symbol = std::string{abi_prefix} + record.function;
    if (!library.has(function_symbol) || !library.has(abi_symbol)) {
        auto functions = exported_functions(record.library);
        std::string offered = functions.empty()
            ? "It exports no extension function; export one with FAIRSEQ2_EXTENSION(" +
                  record.function + ")."
            : fmt::format("It exports: {}.", fmt::join(functions, ", "));
        fail(DiagnosticCode::symbol_not_found,
             fmt::format("The library '{}' of the '{}' extension has no extension function '{}' "
                         "(symbol {}). {}",
                         record.library.string(), record.name, record.function, function_symbol,
                         offered));
    }

    const ExtensionAbi& built = library.get_alias<const ExtensionAbi>(abi_symbol);
    const ExtensionAbi here = FAIRSEQ2_EXTENSION_ABI_INIT;
    if (built.runtime_abi != here.runtime_abi || built.standard_library != here.standard_library ||
        built.cxx11_strings != here.cxx11_strings)
        fail(DiagnosticCode::abi_mismatch,
             fmt::format("The '{}' extension was built for another ABI, and is not run.\n"
                         "  extension: {}\n  runtime:   {}\nRebuild the extension against this "
                         "runtime's headers.",
                         record.name, describe_abi(built), describe_abi(here)));

    auto& setup = library.get_alias<ExtensionSetupFunction>(function_symbol);
    try {
        ScopedOrigin origin{container, record.name};
        setup(container);
    } catch (const Error& error) {
        if (error.code() == DiagnosticCode::registration_conflict)
            fail(DiagnosticCode::registration_conflict,
                 fmt::format("The '{}' extension clashed with an earlier registration: {}",
                             record.name, error.what()));
        fail(DiagnosticCode::setup_failed, fmt::format("The setup function '{}' of the '{}' extension threw {}",
                                         record.function, record.name, describe_exception(error)));
    } catch (const std::exception& error) {
        fail(DiagnosticCode::setup_failed, fmt::format("The setup function '{}' of the '{}' extension threw {}",
                                         record.function, record.name, describe_exception(error)));
    } catch (...) {
        fail(DiagnosticCode::setup_failed,
             fmt::format("The setup function '{}' of the '{}' extension threw an exception that "
                         "is not a std::exception.",
                         record.function, record.name));
    }
}

// Where an extension is declared: its line of the manifest.
SourceLocation manifest_entry(const ExtensionRecord& record) {
    return {record.manifest.string(), record.manifest_line, record.manifest_line ? 1U : 0U};
}

// The whole story of a failure, for FAIRSEQ2_EXTENSION_TRACE.
std::string failure_detail(const ExtensionRecord& record) {
    std::string text = fmt::format("The '{}' extension failed [{}].\n", record.name,
                                   record.error ? to_string(record.error->code) : "unknown");
    text += fmt::format("  entry point: {}\n", record.entry_point.empty() ? "(none)" : record.entry_point);
    text += fmt::format("  manifest:    {}:{}\n", record.manifest.string(), record.manifest_line);
    if (!record.library.empty()) {
        text += fmt::format("  library:     {}\n", record.library.string());
        text += fmt::format("  symbol:      {}{}\n", function_prefix, record.function);
    }
    if (record.error)
        text += record.error->message;
    return text;
}

// Runs the extension's setup in a child process with a scratch container
// first. Empty when setup returned or threw (the real load reports that);
// else how the child crashed.
std::optional<std::string> probe_in_child(const ExtensionRecord& record, const ExtensionPolicy& policy) {
    constexpr std::chrono::seconds timeout{60};
    ChildOutcome outcome = run_in_child_process(
        [&] {
            DependencyContainer scratch;
            ExtensionRecord copy = record;
            ExtensionPolicy child_policy = policy;
            child_policy.isolate = false;
            load_extension(scratch, copy, child_policy);
        },
        timeout);
    switch (outcome.kind) {
    case ChildOutcome::Kind::came_back: return std::nullopt;
    case ChildOutcome::Kind::signalled:
        return fmt::format("was killed by {} during setup", signal_name(outcome.signal));
    case ChildOutcome::Kind::exited:
        return fmt::format("exited with status {} during setup", outcome.exit_status);
    case ChildOutcome::Kind::timed_out:
        return fmt::format("did not return from setup within {} s and was killed", timeout.count());
    case ChildOutcome::Kind::not_started: return "could not be isolated: " + outcome.error;
    }
    return std::nullopt;
}

void report_outcome(const ExtensionRecord& record, const ExtensionPolicy& policy) {
    bool failed = record.status == ExtensionStatus::failed || record.status == ExtensionStatus::crashed;
    if (!failed) {
        if (record.status == ExtensionStatus::loaded && policy.trace)
            spdlog::info("{} extension registered successfully.", record.entry_point);
        return;
    }
    if (policy.trace) {
        Diagnostic d = *record.error;
        d.message = failure_detail(record);
        throw ExtensionError{std::move(d)};
    }
    // fairseq2 0.8.1's words (composition/extensions.py), backticks included.
    spdlog::warn("{} extension failed. Set `FAIRSEQ2_EXTENSION_TRACE` environment variable to "
                 "print the stack trace.",
                 record.entry_point.empty() ? record.name : record.entry_point);
}

} // namespace

ExtensionPolicy ExtensionPolicy::from_environment() {
    ExtensionPolicy policy;
    const char* trace = std::getenv("FAIRSEQ2_EXTENSION_TRACE");
    // fairseq2 tests `"FAIRSEQ2_EXTENSION_TRACE" in os.environ`: set, even to
    // the empty string, is on.
    policy.trace = trace != nullptr;
    const char* insecure = std::getenv("FAIRSEQ2_ALLOW_INSECURE_EXTENSIONS");
    policy.allow_insecure = insecure && std::string_view{insecure} == "1";
    return policy;
}

void load_extension(DependencyContainer& container, ExtensionRecord& record,
                    const ExtensionPolicy& policy) {
    std::size_t checkpoint = container.checkpoint();
    try {
        if (!policy.allow_insecure) {
            check_permissions(record, record.manifest, "manifest");
            check_permissions(record, record.library, "library");
        }
        run_setup(container, record);
        record.status = ExtensionStatus::loaded;
    } catch (Failure& failure) {
        container.rollback(checkpoint);
        record.status = ExtensionStatus::failed;
        record.error = Diagnostic{.code = failure.code,
                                  .message = std::move(failure.message),
                                  .location = manifest_entry(record),
                                  .asset = record.name};
    }
}

void load_extensions(DependencyContainer& container, std::vector<ExtensionRecord>& records,
                     const ExtensionPolicy& policy) {
    for (ExtensionRecord& record : records) {
        if (record.status == ExtensionStatus::pending) {
            if (policy.isolate) {
                if (auto crash = probe_in_child(record, policy)) {
                    record.status = ExtensionStatus::crashed;
                    record.error = Diagnostic{
                        .code = DiagnosticCode::crashed,
                        .message = fmt::format("The '{}' extension {} (in an isolated child process); it "
                                               "is not loaded.",
                                               record.name, *crash),
                        .location = manifest_entry(record),
                        .asset = record.name};
                }
            }
            if (record.status == ExtensionStatus::pending)
                load_extension(container, record, policy);
        }
        report_outcome(record, policy);
    }
}

} // namespace fairseq2
