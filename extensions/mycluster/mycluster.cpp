// The `mycluster` extension: tells fairseq2 when it runs on the cluster
// "mycluster", and adds that cluster's cards: `@mycluster` overlays that
// point fairseq2's models at the cluster's shared checkpoints, and cards of
// the cluster's own fine-tuned models.
//
// Detection: SLURM sets SLURM_CLUSTER_NAME in every job; a job on this
// cluster has SLURM_CLUSTER_NAME=mycluster.
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <fairseq2/assets/registration.hpp>
#include <fairseq2/extension.hpp>

namespace {

constexpr std::string_view cluster_name = "mycluster";

std::optional<std::string> detect_mycluster(fairseq2::DependencyResolver&) {
    const char* cluster = std::getenv("SLURM_CLUSTER_NAME");
    if (cluster && cluster_name == cluster)
        return std::string{cluster_name};
    return std::nullopt;
}

void setup_mycluster(fairseq2::DependencyContainer& container) {
    fairseq2::register_asset_env_resolver(container, detect_mycluster);
    fairseq2::register_file_assets(
        container, fairseq2::extension_directory(&setup_mycluster) / "mycluster-cards");
}

} // namespace

FAIRSEQ2_EXTENSION(setup_mycluster)
