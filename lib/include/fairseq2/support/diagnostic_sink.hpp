// Where diagnostics are collected, and the one place a reporting policy
// applies (as in mold's one sink): warnings made errors (`--werror`), or
// only errors kept (`--quiet`). No command rewrites diagnostics itself.
#pragma once

#include <cstddef>
#include <functional>

#include "fairseq2/support/diagnostic.hpp"

namespace fairseq2 {

struct DiagnosticPolicy {
    // Report every warning as an error.
    bool warnings_as_errors = false;
    // Drop warnings; errors only.
    bool errors_only = false;
};

class DiagnosticSink {
public:
    // Receives each diagnostic the policy lets through, as it is reported.
    using Consumer = std::function<void(const Diagnostic&)>;

    // Without a consumer, the sink keeps what it is given (diagnostics()).
    explicit DiagnosticSink(DiagnosticPolicy policy = {}, Consumer consumer = {});

    void report(Diagnostic diagnostic);
    void report(const Diagnostics& diagnostics);

    // What was kept, in reporting order (empty with a consumer).
    const Diagnostics& diagnostics() const noexcept { return kept_; }
    Diagnostics take() noexcept { return std::move(kept_); }

    // What the policy let through, kept or consumed.
    std::size_t count(Severity severity) const noexcept;

private:
    DiagnosticPolicy policy_;
    Consumer consumer_;
    Diagnostics kept_;
    std::size_t errors_ = 0;
    std::size_t warnings_ = 0;
};

} // namespace fairseq2
