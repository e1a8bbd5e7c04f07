// The printer of `--format json`.
#pragma once

#include <functional>

#include "printer.hpp"

namespace fairseq2ctl {

class JsonWriter;

class JsonPrinter final : public Printer {
public:
    explicit JsonPrinter(Output& out);

    void asset_listing(const fairseq2::AssetListing& listing) override;
    void card_chain(const fairseq2::ResolvedCard& card) override;
    void resolved_asset(const ResolvedAsset& asset) override;
    void failed_asset(const FailedAsset& asset) override;
    void begin_assets(const std::vector<std::string>& environments) override;
    void render_asset(const ResolvedAsset& asset, std::string& out) const override;
    void render_failed_asset(const fairseq2::Diagnostic& error, std::string& out) const override;
    void write_asset(std::string_view name, std::string_view rendered) override;
    void end_assets() override;
    void environment_table(const EnvironmentTable& table) override;
    void environment_diff(const EnvironmentDiff& diff) override;
    void found_cards(const FoundCardsResult& result) override;
    void new_card(const NewCard& card) override;
    void family_list(const std::vector<FamilyEntry>& families) override;
    void family_details(const std::vector<FamilyEntry>& families) override;
    void extension_list(const ExtensionListing& listing) override;
    void extension_check(const ExtensionCheck& check) override;
    void runtime_info(const RuntimeInfo& info) override;
    void validation(const fairseq2::ValidationReport& report) override;

private:
    // One indented document, `fill` writing it, then a line break.
    void document(const std::function<void(JsonWriter&)>& fill);

    // Assets written so far by write_asset(), and the text it writes before
    // one: kept, so that writing 100k assets allocates it once.
    std::size_t streamed_ = 0;
    std::string head_;
};

} // namespace fairseq2ctl
