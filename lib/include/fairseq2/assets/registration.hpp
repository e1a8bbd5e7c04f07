// What setup functions call to add cards and environments to the runtime,
// after fairseq2's `register_file_assets` and friends.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <yaml-cpp/node/node.h>

#include "fairseq2/assets/environment.hpp"
#include "fairseq2/assets/source.hpp"

namespace fairseq2 {

class DependencyContainer;

// Cards from a YAML file, or a directory walked for `*.yaml` and `*.yml`.
// A relative path is taken from the current directory. A path that does not
// exist when the store is read is an error of that source. `role` says why it
// is read: setup code registers `extension` sources; the boot registers the
// command line's and the validated paths.
void register_file_assets(DependencyContainer& container, std::filesystem::path path,
                          AssetSourceRole role = AssetSourceRole::extension);

// The cards fairseq2's `register_checkpoint_models` builds from a training
// output directory: `checkpoint` from its model.yaml, `checkpoint_step_N`,
// `last_checkpoint`, `best_checkpoint` and `best_checkpoint_K` from its
// step_N directories and scores, from the source `checkpoint:DIR`.
void register_checkpoint_models(DependencyContainer& container, std::filesystem::path directory,
                                AssetSourceRole role = AssetSourceRole::extension);

// One card file given as text (`validate cards -` reads standard input),
// named `name` in diagnostics; its relative locations are taken from
// `directory`, or the current directory.
void register_text_assets(DependencyContainer& container, std::string name, std::string text,
                          AssetSourceRole role, std::filesystem::path directory = {});

// Cards given as mappings; `source` is their `__source__`.
void register_in_memory_assets(DependencyContainer& container, std::string source,
                               std::vector<YAML::Node> entries);

} // namespace fairseq2
