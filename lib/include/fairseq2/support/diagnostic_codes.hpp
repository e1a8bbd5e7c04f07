// The stable codes of the card diagnostics, with what each means and how to
// fix it: the table behind SARIF's rules and the man page's DIAGNOSTICS.
#pragma once

#include <span>
#include <string_view>

#include "fairseq2/support/diagnostic.hpp"

namespace fairseq2 {

struct DiagnosticCode {
    std::string_view id;
    Severity severity;
    // One line: what the problem is.
    std::string_view summary;
    // What to do about it.
    std::string_view help;
};

// Every code the loader, the resolver and validation emit.
std::span<const DiagnosticCode> diagnostic_codes() noexcept;

// The entry of a code, or null for one that is not in the table.
const DiagnosticCode* find_diagnostic_code(std::string_view id) noexcept;

} // namespace fairseq2
