// What the runtime knows of one discovered extension: where it was declared,
// and how loading it went.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "fairseq2/support/diagnostic.hpp"

namespace fairseq2 {

enum class ExtensionStatus : std::uint8_t {
    // Found, not run yet (or not run: `--no-extensions` lists nothing).
    pending,
    loaded,
    failed,
    // A later entry with the name of an earlier one; not loaded.
    shadowed,
    // Killed its isolated child process (`extensions check --isolate`).
    crashed,
};

const char* to_string(ExtensionStatus status) noexcept;

struct ExtensionRecord {
    // The entry-point name, as the manifest's key spells it.
    std::string name;
    // `LIBRARY:FUNCTION`, as the manifest's value spells it.
    std::string entry_point;
    std::filesystem::path manifest;
    std::uint32_t manifest_line = 0;
    // LIBRARY made absolute against the manifest's directory.
    std::filesystem::path library;
    std::string function;
    ExtensionStatus status = ExtensionStatus::pending;
    // The failure (code and message) of a failed or crashed extension, or
    // who shadows a shadowed one.
    std::optional<Diagnostic> error;
};

} // namespace fairseq2
