#include "fairseq2/support/diagnostic.hpp"

#include <algorithm>

namespace fairseq2 {

std::string SourceLocation::to_string() const {
    if (line == 0)
        return file;
    std::string text = file + ":" + std::to_string(line);
    if (column != 0)
        text += ":" + std::to_string(column);
    return text;
}

bool has_errors(const Diagnostics& diagnostics) noexcept {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
}

Error::Error(Diagnostic diagnostic)
    : std::runtime_error(diagnostic.message), diagnostic_(std::move(diagnostic)) {}

Error::Error(DiagnosticCode code, std::string message)
    : Error(Diagnostic{.code = code, .message = std::move(message)}) {}

} // namespace fairseq2
