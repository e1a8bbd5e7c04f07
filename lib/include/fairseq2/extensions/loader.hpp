// Loading extensions: each library is opened with Boost.DLL, its ABI
// descriptor checked, its setup function run under its own origin. A failure
// is classified with a stable code and rolls back every registration the
// extension made. Libraries stay loaded for the life of the process.
#pragma once

#include <string>
#include <vector>

#include "fairseq2/support/diagnostic.hpp"
#include "fairseq2/extensions/discovery.hpp"
#include "fairseq2/extensions/record.hpp"

namespace fairseq2 {

class DependencyContainer;

struct ExtensionPolicy {
    // FAIRSEQ2_EXTENSION_TRACE: the first failure stops the boot with an
    // ExtensionError, and successes are logged.
    bool trace = false;
    // FAIRSEQ2_ALLOW_INSECURE_EXTENSIONS=1: load manifests and libraries that
    // group or others may write.
    bool allow_insecure = false;
    // Run each setup function in a child process first, so that one that
    // crashes, aborts or exits is reported `crashed` and not loaded.
    bool isolate = false;

    // The policy the environment variables ask for.
    static ExtensionPolicy from_environment();
};

// Thrown in trace mode for the first failure; its message holds the whole
// detail (loader message, nested exceptions, library path, symbol).
class ExtensionError : public Error {
public:
    using Error::Error;
};

// Loads one extension into the container; on failure, rolls back and
// records the error.
void load_extension(DependencyContainer& container, ExtensionRecord& record,
                    const ExtensionPolicy& policy);

// Loads every pending extension in order, with the error policy: a warning
// per failure, or an ExtensionError for the first one in trace mode.
void load_extensions(DependencyContainer& container, std::vector<ExtensionRecord>& records,
                     const ExtensionPolicy& policy);

// What the boot found: kept in the container for inspection commands.
struct ExtensionReport {
    std::vector<ExtensionDirectory> directories;
    std::vector<ExtensionRecord> extensions;
    // False with `--no-extensions`.
    bool enabled = true;
};

} // namespace fairseq2
