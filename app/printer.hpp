// One printer for every command: each result (results.hpp) is described
// once and printed as text or JSON by the printer chosen at the top from
// `--format`, as LLVM's ScopedPrinter and JSONScopedPrinter share one
// interface. Commands never ask which format is in use.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fairseq2/assets/listing.hpp"
#include "fairseq2/validation/validate.hpp"
#include "output.hpp"
#include "results.hpp"
#include "text.hpp"

namespace fairseq2ctl {

enum class Format { text, json };

class Printer {
public:
    virtual ~Printer() = default;

    virtual void asset_listing(const fairseq2::AssetListing& listing) = 0;
    // `assets show`: each card of the chain with its own fields.
    virtual void card_chain(const fairseq2::ResolvedCard& card) = 0;
    virtual void resolved_asset(const ResolvedAsset& asset) = 0;
    virtual void failed_asset(const FailedAsset& asset) = 0;

    // `assets resolve --all`: a stream of assets. The render functions are
    // safe to call from many threads (they only read) and append to `out`,
    // so that one buffer serves many assets; write_asset() writes what they
    // rendered, in order.
    virtual void begin_assets(const std::vector<std::string>& environments) = 0;
    virtual void render_asset(const ResolvedAsset& asset, std::string& out) const = 0;
    virtual void render_failed_asset(const fairseq2::Diagnostic& error, std::string& out) const = 0;
    virtual void write_asset(std::string_view name, std::string_view rendered) = 0;
    virtual void end_assets() = 0;

    virtual void environment_table(const EnvironmentTable& table) = 0;
    virtual void environment_diff(const EnvironmentDiff& diff) = 0;
    virtual void found_cards(const FoundCardsResult& result) = 0;
    virtual void new_card(const NewCard& card) = 0;

    virtual void family_list(const std::vector<FamilyEntry>& families) = 0;
    // `families show`: one family of each kind with the name.
    virtual void family_details(const std::vector<FamilyEntry>& families) = 0;
    virtual void extension_list(const ExtensionListing& listing) = 0;
    virtual void extension_check(const ExtensionCheck& check) = 0;
    virtual void runtime_info(const RuntimeInfo& info) = 0;
    virtual void validation(const fairseq2::ValidationReport& report) = 0;
    // `schema cards`: a JSON Schema is JSON in every format.
    void json_schema(const fairseq2::Value& schema);

protected:
    explicit Printer(Output& out) : out_(out) {}

    Output& out_;
};

std::unique_ptr<Printer> make_printer(Format format, Output& out, const Style& style);

} // namespace fairseq2ctl
