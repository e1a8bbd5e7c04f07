#include "fairseq2/support/diagnostic_codes.hpp"

#include <algorithm>
#include <iterator>

namespace fairseq2 {
namespace {

constexpr DiagnosticCodeInfo codes[] = {
    {DiagnosticCode::yaml_syntax, "yaml-syntax", CodeArea::cards, Severity::error, "The file is not YAML that fairseq2's ruamel safe loader reads.",
     "Fix the syntax at the line and column given (invalid UTF-8, control characters, deep nesting, "
     "alias bombs, unknown tags and invalid dates are refused too)."},
    {DiagnosticCode::duplicate_key, "duplicate-key", CodeArea::cards, Severity::error, "A key appears twice in one mapping (1, 1.0 and true are one key).",
     "Remove one of them; fairseq2 refuses the file."},
    {DiagnosticCode::not_a_mapping, "not-a-mapping", CodeArea::cards, Severity::error, "A document is a list or a scalar, not a card.",
     "Make it a mapping with a `name`."},
    {DiagnosticCode::empty_document, "empty-document", CodeArea::cards, Severity::error, "A document is empty, usually after a trailing `---`.",
     "Remove the separator."},
    {DiagnosticCode::missing_name, "missing-name", CodeArea::cards, Severity::error, "A card has no `name`, or an empty one.", "Add `name: my_model`."},
    {DiagnosticCode::invalid_name, "invalid-name", CodeArea::cards, Severity::error, "A name is not a string, has two `@` or starts with `@`.",
     "Write NAME or NAME@ENV, quoted if it looks like a number."},
    {DiagnosticCode::invalid_base, "invalid-base", CodeArea::cards, Severity::error, "`base` is not a string, names an overlay, or is blank.",
     "Name the base card, without `@`."},
    {DiagnosticCode::duplicate_name, "duplicate-name", CodeArea::cards, Severity::error, "Two cards have one name, in one source or in two.",
     "Rename one, or change fields with an overlay (NAME@ENV)."},
    {DiagnosticCode::base_not_found, "base-not-found", CodeArea::cards, Severity::error, "A card's base does not exist, or is in a file that failed to load.",
     "Fix the name (a near one is suggested), or the file of the base."},
    {DiagnosticCode::base_cycle, "base-cycle", CodeArea::cards, Severity::error, "Cards are their own bases; fairseq2 recurses forever.",
     "Break the cycle at the `base` field named."},
    {DiagnosticCode::base_chain_too_deep, "base-chain-too-deep", CodeArea::cards, Severity::error,
     "A card's base chain is longer than 900 cards; fairseq2 fails at Python's recursion limit.",
     "Shorten the chain: let cards build on a common base instead of on each other."},
    {DiagnosticCode::unknown_family, "unknown-family", CodeArea::cards, Severity::error, "`<kind>_family` names no registered family.",
     "Use the name of a registered family, or load the extension that registers it."},
    {DiagnosticCode::unknown_arch, "unknown-arch", CodeArea::cards, Severity::error, "`model_arch` is not an arch of the model family.",
     "Use an arch that the model family registers."},
    {DiagnosticCode::unknown_config_field, "unknown-config-field", CodeArea::cards, Severity::error, "A config override sets a field the config type does not have.",
     "Fix the field name (a near one is suggested)."},
    {DiagnosticCode::config_type_mismatch, "config-type-mismatch", CodeArea::cards, Severity::error, "A config value does not convert to the field's declared type.",
     "Give a value of the type the config field declares."},
    {DiagnosticCode::missing_config_field, "missing-config-field", CodeArea::cards, Severity::error, "A config field without a default is not set.",
     "Set it in the card's `<kind>_config`."},
    {DiagnosticCode::field_type, "field-type", CodeArea::cards, Severity::error, "A card field fairseq2 reads has the wrong type.",
     "Give the field the type shown (a string for locations and names, a bool for `restrict`)."},
    {DiagnosticCode::invalid_uri, "invalid-uri", CodeArea::cards, Severity::error, "A location has a scheme fairseq2 does not open, or cannot be made a URI.",
     "Use file, s3, hg, http or https, or a path."},
    {DiagnosticCode::tokenizer_ref_not_found, "tokenizer-ref-not-found", CodeArea::cards, Severity::error, "`tokenizer_ref` names a card that does not exist.",
     "Fix the name (a near one is suggested)."},
    {DiagnosticCode::tokenizer_ref_cycle, "tokenizer-ref-cycle", CodeArea::cards, Severity::error, "`tokenizer_ref` fields lead back to a card already followed.",
     "Point one of them at the card that holds the tokenizer."},
    {DiagnosticCode::file_unreadable, "file-unreadable", CodeArea::cards, Severity::error, "A card file cannot be read.",
     "Fix its permissions, or remove the FIFO, device, link or oversized file."},
    {DiagnosticCode::source_not_found, "source-not-found", CodeArea::cards, Severity::warning, "A card path does not exist.",
     "Fix or unset the variable or option that names it."},
    {DiagnosticCode::internal_error, "internal-error", CodeArea::cards, Severity::error, "A card could not be checked.", "Report it as a bug of fairseq2ctl."},
    {DiagnosticCode::orphan_overlay, "orphan-overlay", CodeArea::cards, Severity::warning, "An overlay NAME@ENV has no card NAME, so fairseq2 never uses it.",
     "Add the card, or fix the overlay's name."},
    {DiagnosticCode::shadowed_overlay, "shadowed-overlay", CodeArea::cards, Severity::warning, "A NAME@user overlay hides this overlay under default resolution.",
     "Move the fields into the user overlay, or resolve NAME@ENV explicitly."},
    {DiagnosticCode::path_not_found, "path-not-found", CodeArea::cards, Severity::warning, "A relative location does not exist where fairseq2 opens it.",
     "Fix the path (it is taken from the directory of the card asked for), or make it absolute."},
    {DiagnosticCode::ignored_field, "ignored-field", CodeArea::cards, Severity::warning, "A field fairseq2 never uses (`tokenizer_arch`, `dataset_arch`).",
     "Remove it; put config values in `<kind>_config`."},
    {DiagnosticCode::skipped_directory, "skipped-directory", CodeArea::cards, Severity::warning, "A linked directory fairseq2 does not descend into.",
     "Register it as a card directory of its own, or copy its cards."},
    {DiagnosticCode::empty_variable, "empty-variable", CodeArea::cards, Severity::warning, "A directory variable is set to the empty string (the current directory).",
     "Unset it, or set it to a directory."},
    {DiagnosticCode::no_card_files, "no-card-files", CodeArea::cards, Severity::warning, "A validated directory holds no card file.",
     "Check the path; card files end in .yaml or .yml."},
    {DiagnosticCode::unknown_environment, "unknown-environment", CodeArea::cards, Severity::warning, "No card has an overlay for the environment asked for.",
     "Check the environment's name (a near one is suggested)."},
    {DiagnosticCode::symlink_loop, "symlink-loop", CodeArea::cards, Severity::warning, "A directory leads back up the tree; it is read once.",
     "Remove the mount or link."},
    {DiagnosticCode::unchecked_environments, "unchecked-environments", CodeArea::cards, Severity::warning,
     "Validation left card resolutions in environments unchecked: more chain links than it follows.",
     "Validate fewer environments at a time, or let cards build on a common base."},
    {DiagnosticCode::invalid_checkpoint_dir, "invalid-checkpoint-dir", CodeArea::cards, Severity::error,
     "A checkpoint directory has no model.yaml, no `checkpoint` card, or a score that is not a number.",
     "Name the directory a training run wrote, or fix its model.yaml or scores/step_N.txt."},
    {DiagnosticCode::asset_not_found, "asset-not-found", CodeArea::request, Severity::error,
     "No card has the name asked for (exit status 2, as fairseq2).",
     "Check the name (a near one is suggested) and the card sources in effect."},
    {DiagnosticCode::family_not_found, "family-not-found", CodeArea::request, Severity::error,
     "No family has the name asked for.", "Use the name of a registered family."},
    {DiagnosticCode::invalid_argument, "invalid-argument", CodeArea::request, Severity::error,
     "A command's argument is not of the form it takes (a query, a FIELD=VALUE).",
     "Write it as the command's help shows."},
    {DiagnosticCode::registration_conflict, "registration-conflict", CodeArea::container, Severity::error,
     "A type and key were registered twice; both registrants are named.",
     "Register under another key, or remove one of the registrations."},
    {DiagnosticCode::dependency_not_found, "dependency-not-found", CodeArea::container, Severity::error,
     "Nothing is registered for the type and key resolved.", "Register a provider before resolving it."},
    {DiagnosticCode::dependency_cycle, "dependency-cycle", CodeArea::container, Severity::error,
     "Providers depend on each other in a cycle; the chain is printed.", "Break the cycle."},
    {DiagnosticCode::container_frozen, "container-frozen", CodeArea::container, Severity::error,
     "A registration came after the first resolve.", "Register everything before resolving anything."},
    {DiagnosticCode::manifest_invalid, "manifest-invalid", CodeArea::extensions, Severity::error,
     "An extension manifest is not YAML, lacks `fairseq2.extension`, or an entry is not LIBRARY:FUNCTION.",
     "Fix the manifest."},
    {DiagnosticCode::insecure_permissions, "insecure-permissions", CodeArea::extensions, Severity::error,
     "An extension's manifest or library is writable by its group or others.",
     "Run `chmod go-w` on it, or set FAIRSEQ2_ALLOW_INSECURE_EXTENSIONS=1."},
    {DiagnosticCode::library_not_found, "library-not-found", CodeArea::extensions, Severity::error,
     "An extension's library does not exist.", "Build and install it, or fix the manifest's entry."},
    {DiagnosticCode::library_load_failed, "library-load-failed", CodeArea::extensions, Severity::error,
     "The dynamic loader refused an extension's library.", "Fix what the loader's message names."},
    {DiagnosticCode::symbol_not_found, "symbol-not-found", CodeArea::extensions, Severity::error,
     "An extension's library does not export the function its manifest names.",
     "Export it with FAIRSEQ2_EXTENSION, or name one the library exports."},
    {DiagnosticCode::abi_mismatch, "abi-mismatch", CodeArea::extensions, Severity::error,
     "An extension was built against another runtime or C++ ABI.",
     "Rebuild it against this runtime's headers."},
    {DiagnosticCode::setup_failed, "setup-failed", CodeArea::extensions, Severity::error,
     "An extension's setup function threw.", "Fix what the exception and its causes say."},
    {DiagnosticCode::crashed, "crashed", CodeArea::extensions, Severity::error,
     "An extension's setup function killed its isolated child process.",
     "Debug the setup function; run in an isolated child process, it cannot take the caller down."},
    {DiagnosticCode::shadowed, "shadowed", CodeArea::extensions, Severity::warning,
     "An extension entry has the name of an earlier one, and is not loaded.",
     "Rename one of the entries, or remove the older manifest."},
    {DiagnosticCode::family_data_invalid, "family-data-invalid", CodeArea::builtin_data, Severity::error,
     "The family data embedded in the library is broken.", "Report it as a bug of fairseq2ctl."},
};

static_assert(std::size(codes) == static_cast<std::size_t>(DiagnosticCode::family_data_invalid) + 1,
              "a code without an entry, or an entry out of the enum's order");

constexpr bool in_enum_order() {
    for (std::size_t i = 0; i < std::size(codes); ++i)
        if (static_cast<std::size_t>(codes[i].code) != i)
            return false;
    return true;
}
static_assert(in_enum_order(), "the table is indexed by the enum");

} // namespace

const char* to_string(Severity severity) noexcept {
    return severity == Severity::error ? "error" : "warning";
}

std::span<const DiagnosticCodeInfo> diagnostic_codes() noexcept {
    return codes;
}

const DiagnosticCodeInfo& describe(DiagnosticCode code) noexcept {
    return codes[static_cast<std::size_t>(code)];
}

std::string_view to_string(DiagnosticCode code) noexcept {
    return describe(code).id;
}

std::optional<DiagnosticCode> diagnostic_code_from_string(std::string_view id) noexcept {
    auto found = std::find_if(std::begin(codes), std::end(codes),
                              [&](const DiagnosticCodeInfo& info) { return info.id == id; });
    if (found == std::end(codes))
        return std::nullopt;
    return found->code;
}

} // namespace fairseq2
