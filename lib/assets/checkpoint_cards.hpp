// The cards fairseq2 builds from a training output directory
// (checkpoint/model_metadata.py, StandardModelMetadataLoader, in fairseq2
// 0.8.1): `checkpoint` and whatever else `model.yaml` holds, then
// `checkpoint_step_N` for each `step_N` directory, `last_checkpoint`, and
// from `scores/step_N.txt` `best_checkpoint` and `best_checkpoint_K`, each
// building on `checkpoint` with the step's `model` directory as its
// `checkpoint`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "fairseq2/assets/card.hpp"
#include "fairseq2/support/diagnostic.hpp"

namespace fairseq2 {

struct CheckpointCards {
    std::vector<AssetCard> cards;
    Diagnostics diagnostics;
    // `model.yaml`, when it was read.
    std::string model_file;
};

// `directory` as it was registered; `source_name` is `checkpoint:<it>`. On
// any error fairseq2 loads none of the directory's cards, and neither does
// this.
CheckpointCards read_checkpoint_cards(const std::filesystem::path& directory, const std::string& source_name);

} // namespace fairseq2
