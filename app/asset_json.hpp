// The JSON of one resolved asset (SPEC §4's `assets.<name>` object), written
// straight into a string with RapidJSON's streaming writer: `assets resolve
// --all` renders 100k of these, and building nlohmann trees for each would
// dominate its run time. The one-asset command parses and pretty-prints the
// same string, so both have one shape from one place.
#pragma once

#include <string>
#include <vector>

#include "fairseq2/assets/location.hpp"
#include "fairseq2/assets/store.hpp"
#include "fairseq2/support/diagnostic.hpp"

namespace fairseq2ctl {

// A key and value added to an asset's object (its effective configs).
struct NamedValue {
    std::string key;
    fairseq2::Value value;
};

// `{"fields": {...}, "provenance": {...}, "chain": [...], "overlay": ...,
// "locations": {...}}`, then each of `extra`.
std::string resolved_asset_json(const fairseq2::ResolvedCard& card,
                                const std::vector<fairseq2::CardLocation>& locations,
                                const std::vector<NamedValue>& extra = {});

// A value as JSON; inf and nan, which JSON lacks, as YAML spells them.
std::string value_json(const fairseq2::Value& value);

// `{"error": {"code", "message", ...}, "chain": [], "overlay": null}`
std::string failed_asset_json(const fairseq2::Diagnostic& error);

// The indented documents of one asset, `{"environments": [...], "assets":
// {NAME: ...}}`, written directly (integers of any size stay exact).
std::string resolved_document_json(const fairseq2::ResolvedCard& card,
                                   const std::vector<fairseq2::CardLocation>& locations,
                                   const std::vector<NamedValue>& extra = {});
std::string failed_document_json(const std::vector<std::string>& environments, std::string_view name,
                                 const fairseq2::Diagnostic& error);

// `assets show --format json`: `{"environments": [...], "chain": [{"name",
// "source", "file", "line", "column", "fields", "overlay": {...}|null}]}`.
std::string chain_document_json(const fairseq2::ResolvedCard& card);

} // namespace fairseq2ctl
