#include "fairseq2/support/diagnostic_codes.hpp"

#include <algorithm>

namespace fairseq2 {
namespace {

constexpr DiagnosticCode codes[] = {
    {"yaml-syntax", Severity::error, "The file is not YAML that fairseq2's ruamel safe loader reads.",
     "Fix the syntax at the line and column given (invalid UTF-8, control characters, deep nesting, "
     "alias bombs, unknown tags and invalid dates are refused too)."},
    {"duplicate-key", Severity::error, "A key appears twice in one mapping (1, 1.0 and true are one key).",
     "Remove one of them; fairseq2 refuses the file."},
    {"not-a-mapping", Severity::error, "A document is a list or a scalar, not a card.",
     "Make it a mapping with a `name`."},
    {"empty-document", Severity::error, "A document is empty, usually after a trailing `---`.",
     "Remove the separator."},
    {"missing-name", Severity::error, "A card has no `name`, or an empty one.", "Add `name: my_model`."},
    {"invalid-name", Severity::error, "A name is not a string, has two `@` or starts with `@`.",
     "Write NAME or NAME@ENV, quoted if it looks like a number."},
    {"invalid-base", Severity::error, "`base` is not a string, names an overlay, or is blank.",
     "Name the base card, without `@`."},
    {"duplicate-name", Severity::error, "Two cards have one name, in one source or in two.",
     "Rename one, or change fields with an overlay (NAME@ENV)."},
    {"base-not-found", Severity::error, "A card's base does not exist, or is in a file that failed to load.",
     "Fix the name (a near one is suggested), or the file of the base."},
    {"base-cycle", Severity::error, "Cards are their own bases; fairseq2 recurses forever.",
     "Break the cycle at the `base` field named."},
    {"unknown-family", Severity::error, "`<kind>_family` names no registered family.",
     "Use a name from `fairseq2ctl families list`, or load the extension that registers it."},
    {"unknown-arch", Severity::error, "`model_arch` is not an arch of the model family.",
     "Use an arch from `fairseq2ctl families show FAMILY`."},
    {"unknown-config-field", Severity::error, "A config override sets a field the config type does not have.",
     "Fix the field name (a near one is suggested)."},
    {"config-type-mismatch", Severity::error, "A config value does not convert to the field's declared type.",
     "Give a value of the declared type (`fairseq2ctl families show FAMILY`)."},
    {"missing-config-field", Severity::error, "A config field without a default is not set.",
     "Set it in the card's `<kind>_config`."},
    {"field-type", Severity::error, "A card field fairseq2 reads has the wrong type.",
     "Give the field the type shown (a string for locations and names, a bool for `restrict`)."},
    {"invalid-uri", Severity::error, "A location has a scheme fairseq2 does not open, or cannot be made a URI.",
     "Use file, s3, hg, http or https, or a path."},
    {"tokenizer-ref-not-found", Severity::error, "`tokenizer_ref` names a card that does not exist.",
     "Fix the name (a near one is suggested)."},
    {"tokenizer-ref-cycle", Severity::error, "`tokenizer_ref` fields lead back to a card already followed.",
     "Point one of them at the card that holds the tokenizer."},
    {"file-unreadable", Severity::error, "A card file cannot be read.",
     "Fix its permissions, or remove the FIFO, device, link or oversized file."},
    {"source-not-found", Severity::warning, "A card path does not exist.",
     "Fix or unset the variable or option that names it."},
    {"internal-error", Severity::error, "A card could not be checked.", "Report it as a bug of fairseq2ctl."},
    {"orphan-overlay", Severity::warning, "An overlay NAME@ENV has no card NAME, so fairseq2 never uses it.",
     "Add the card, or fix the overlay's name."},
    {"shadowed-overlay", Severity::warning, "A NAME@user overlay hides this overlay under default resolution.",
     "Move the fields into the user overlay, or resolve NAME@ENV explicitly."},
    {"path-not-found", Severity::warning, "A relative location does not exist where fairseq2 opens it.",
     "Fix the path (it is taken from the directory of the card asked for), or make it absolute."},
    {"ignored-field", Severity::warning, "A field fairseq2 never uses (`tokenizer_arch`, `dataset_arch`).",
     "Remove it; put config values in `<kind>_config`."},
    {"skipped-directory", Severity::warning, "A linked directory fairseq2 does not descend into.",
     "Register it as a card directory of its own, or copy its cards."},
    {"empty-variable", Severity::warning, "A directory variable is set to the empty string (the current directory).",
     "Unset it, or set it to a directory."},
    {"no-card-files", Severity::warning, "A validated directory holds no card file.",
     "Check the path; card files end in .yaml or .yml."},
    {"unknown-environment", Severity::warning, "No card has an overlay for the environment asked for.",
     "Check the name in --env or NAME@ENV (a near one is suggested)."},
    {"symlink-loop", Severity::warning, "A directory leads back up the tree; it is read once.",
     "Remove the mount or link."},
};

} // namespace

std::span<const DiagnosticCode> diagnostic_codes() noexcept {
    return codes;
}

const DiagnosticCode* find_diagnostic_code(std::string_view id) noexcept {
    auto found = std::find_if(std::begin(codes), std::end(codes), [&](const DiagnosticCode& c) { return c.id == id; });
    return found == std::end(codes) ? nullptr : found;
}

} // namespace fairseq2
