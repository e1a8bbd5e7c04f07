// libFuzzer target: any bytes through fairseq2::fuzz::read_yaml_text() (harnesses.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "harnesses.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fairseq2::fuzz::read_yaml_text(std::string_view{reinterpret_cast<const char*>(data), size});
    return 0;
}
