// The stable codes of every diagnostic the runtime emits, as named constants,
// with what each means and how to fix it: the table behind SARIF's rules,
// the man page's DIAGNOSTICS and the extension failures.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace fairseq2 {

enum class Severity : std::uint8_t { error, warning };

const char* to_string(Severity severity) noexcept;

// Compared by value everywhere; only to_string() spells one, in kebab case
// (`base-not-found`), and that spelling is stable for scripts and tests.
enum class DiagnosticCode : std::uint8_t {
    // Card files, their YAML and their cards (the man page's DIAGNOSTICS).
    yaml_syntax,
    duplicate_key,
    not_a_mapping,
    empty_document,
    missing_name,
    invalid_name,
    invalid_base,
    duplicate_name,
    base_not_found,
    base_cycle,
    base_chain_too_deep,
    unknown_family,
    unknown_arch,
    unknown_config_field,
    config_type_mismatch,
    missing_config_field,
    field_type,
    invalid_uri,
    tokenizer_ref_not_found,
    tokenizer_ref_cycle,
    file_unreadable,
    source_not_found,
    internal_error,
    orphan_overlay,
    shadowed_overlay,
    path_not_found,
    ignored_field,
    skipped_directory,
    empty_variable,
    no_card_files,
    unknown_environment,
    symlink_loop,
    unchecked_environments,
    invalid_checkpoint_dir,
    // A name asked for that nothing has.
    asset_not_found,
    family_not_found,
    invalid_argument,
    // The dependency container.
    registration_conflict,
    dependency_not_found,
    dependency_cycle,
    container_frozen,
    // Extensions (the man page's EXTENSIONS, Failures).
    manifest_invalid,
    insecure_permissions,
    library_not_found,
    library_load_failed,
    symbol_not_found,
    abi_mismatch,
    setup_failed,
    crashed,
    shadowed,
    // fairseq2's own family data, embedded in the library.
    family_data_invalid,
};

// Which part of the runtime emits a code, and so where it is documented.
enum class CodeArea : std::uint8_t { cards, request, container, extensions, builtin_data };

struct DiagnosticCodeInfo {
    DiagnosticCode code;
    std::string_view id;
    CodeArea area;
    Severity severity;
    // One line: what the problem is.
    std::string_view summary;
    // What to do about it.
    std::string_view help;
};

// Every code, in the enum's order.
std::span<const DiagnosticCodeInfo> diagnostic_codes() noexcept;

const DiagnosticCodeInfo& describe(DiagnosticCode code) noexcept;

// `base-not-found`.
std::string_view to_string(DiagnosticCode code) noexcept;

std::optional<DiagnosticCode> diagnostic_code_from_string(std::string_view id) noexcept;

} // namespace fairseq2
