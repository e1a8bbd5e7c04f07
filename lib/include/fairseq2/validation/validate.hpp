// `validate cards`: every problem fairseq2 would hit with the cards of some
// sources, found with the real loader, resolver and family registry, each
// with file, line, column, a stable code and, where a near name exists, a
// suggestion.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "fairseq2/assets/store.hpp"
#include "fairseq2/support/diagnostic.hpp"
#include "fairseq2/support/diagnostic_sink.hpp"

namespace fairseq2 {

class DependencyResolver;

// How many base-chain links the checks in environments follow in one
// validation: a card is checked in each environment that a validated overlay
// on its chain is for, which in a long chain with an overlay per card and
// environment grows with the square of the chain. Past the budget (this,
// and links_per_card more for each card), validation says what it left out
// (`unchecked-environments`) instead of running for minutes; a store of any
// size whose cards have a few environments and short chains stays below it.
inline constexpr std::size_t max_environment_links = 1'000'000;
inline constexpr std::size_t environment_links_per_card = 64;

struct ValidationReport {
    // The card files of the validated sources, in reading order.
    std::vector<std::string> files;
    std::size_t cards = 0;
    // Every problem in those files, sorted by file, line and column.
    Diagnostics diagnostics;

    std::size_t count(Severity severity) const;
};

// Validates the cards of the files the store's validated sources lead to
// (InitOptions::validated_paths and validated_texts), against everything else
// in effect: other sources (a clash with an installed card), the
// environments, the families and archs of the core and the extensions.
// The report's diagnostics pass through a sink with `policy`
// (`warnings_as_errors` for `--werror`).
ValidationReport validate_cards(DependencyResolver& resolver, const AssetStore& store,
                                DiagnosticPolicy policy = {});

} // namespace fairseq2
