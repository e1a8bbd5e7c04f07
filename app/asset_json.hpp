// The JSON of one resolved asset (SPEC §4's `assets.<name>` object), written
// straight into a string with RapidJSON's streaming writer: `assets resolve
// --all` renders 100k of these, and building nlohmann trees for each would
// dominate its run time. The one-asset command parses and pretty-prints the
// same string, so both have one shape from one place.
#pragma once

#include <string>

#include "fairseq2/assets/store.hpp"
#include "fairseq2/diagnostic.hpp"

namespace fairseq2ctl {

// `{"fields": {...}, "provenance": {...}, "chain": [...], "overlay": ...}`
std::string resolved_asset_json(const fairseq2::ResolvedCard& card);

// `{"error": {"code", "message", ...}, "chain": [], "overlay": null}`
std::string failed_asset_json(const fairseq2::Diagnostic& error);

} // namespace fairseq2ctl
