// The library names roles; these are the command line's words for them: the
// flag a user typed where the role is the program's own choice.
#pragma once

#include <string>

#include "fairseq2/assets/environment.hpp"
#include "fairseq2/assets/source.hpp"
#include "fairseq2/extensions/discovery.hpp"

namespace fairseq2ctl {

// `--extension-dir`, `FAIRSEQ2_EXTENSION_PATH`, `user` or `system`.
std::string words_for(fairseq2::ExtensionDirectoryRole role);

// `built-in`, `system`, `user`, `extension`, `--cards`, `--checkpoint-dir` or
// `validated`.
std::string words_for(const fairseq2::AssetSource& source);

// Who named the environment: `--env`, a resolver's origin, or empty.
std::string detected_by(const fairseq2::AssetEnvironment& environment);

} // namespace fairseq2ctl
