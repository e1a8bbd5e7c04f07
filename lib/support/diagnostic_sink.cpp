#include "fairseq2/support/diagnostic_sink.hpp"

namespace fairseq2 {

DiagnosticSink::DiagnosticSink(DiagnosticPolicy policy, Consumer consumer)
    : policy_(policy), consumer_(std::move(consumer)) {}

void DiagnosticSink::report(Diagnostic diagnostic) {
    if (diagnostic.severity == Severity::warning && policy_.warnings_as_errors)
        diagnostic.severity = Severity::error;
    if (diagnostic.severity == Severity::warning && policy_.errors_only)
        return;
    ++(diagnostic.severity == Severity::error ? errors_ : warnings_);
    if (consumer_)
        consumer_(diagnostic);
    else
        kept_.push_back(std::move(diagnostic));
}

void DiagnosticSink::report(const Diagnostics& diagnostics) {
    for (const Diagnostic& diagnostic : diagnostics)
        report(diagnostic);
}

std::size_t DiagnosticSink::count(Severity severity) const noexcept {
    return severity == Severity::error ? errors_ : warnings_;
}

} // namespace fairseq2
