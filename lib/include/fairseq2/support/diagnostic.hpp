// One diagnostic type for the whole runtime: the card loader, the resolver,
// the container and (later) validation and the extension loader all report
// problems as a Diagnostic, and throw it wrapped in fairseq2::Error.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "fairseq2/support/diagnostic_codes.hpp"

namespace fairseq2 {

// Where a problem is. Line and column are 1-based; 0 means unknown (an
// in-memory card built in code, or a whole-file problem).
struct SourceLocation {
    std::string file;
    std::uint32_t line = 0;
    std::uint32_t column = 0;

    // "file:line:col", "file:line" or "file", whichever is known.
    std::string to_string() const;
};

struct Diagnostic {
    Severity severity = Severity::error;
    // Stable: scripts and tests rely on its spelling (`base-not-found`).
    DiagnosticCode code = DiagnosticCode::internal_error;
    std::string message;
    SourceLocation location;
    // The canonical name of the asset the problem belongs to, if any.
    std::string asset;
    // What to do about it, if there is something useful to say.
    std::string hint;
    // The asset environment the problem shows in (`rsc` for a card resolved
    // with its `@rsc` overlay); empty when it shows without one.
    std::string environment;
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics) noexcept;

// The exception type of the runtime. It carries the full diagnostic, so a
// caller can print the location and code, not only the message.
class Error : public std::runtime_error {
public:
    explicit Error(Diagnostic diagnostic);
    Error(DiagnosticCode code, std::string message);

    const Diagnostic& diagnostic() const noexcept { return diagnostic_; }
    DiagnosticCode code() const noexcept { return diagnostic_.code; }

private:
    Diagnostic diagnostic_;
};

} // namespace fairseq2
