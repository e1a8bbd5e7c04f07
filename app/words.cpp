#include "words.hpp"

namespace fairseq2ctl {

std::string words_for(fairseq2::ExtensionDirectoryRole role) {
    if (role == fairseq2::ExtensionDirectoryRole::given)
        return "--extension-dir";
    return fairseq2::to_string(role);
}

std::string words_for(const fairseq2::AssetSource& source) {
    if (source.role != fairseq2::AssetSourceRole::given)
        return fairseq2::to_string(source.role);
    return source.kind == fairseq2::AssetSource::Kind::checkpoint ? "--checkpoint-dir" : "--cards";
}

std::string detected_by(const fairseq2::AssetEnvironment& environment) {
    return environment.overridden ? "--env" : environment.detected_by;
}

} // namespace fairseq2ctl
