/* The floor of the benchmark: what reading a card tree costs at all. It
 * walks DIR for *.yaml and *.yml files, as the loader does, reads each whole
 * and runs libyaml's event parser over it, one thread, keeping nothing.
 * bench/run.sh gives every fairseq2ctl figure as a ratio to this one.
 *
 *   yaml_floor DIR...
 */
#include <ftw.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include <yaml.h>

namespace {

unsigned long files;
unsigned long events;

bool is_card_file(const char* path) {
    std::size_t n = std::strlen(path);
    return (n > 5 && std::strcmp(path + n - 5, ".yaml") == 0) || (n > 4 && std::strcmp(path + n - 4, ".yml") == 0);
}

int parse_file(const char* path, const struct stat* info, int type, struct FTW*) {
    if (type != FTW_F || !is_card_file(path))
        return 0;
    std::FILE* file = std::fopen(path, "rb");
    if (!file)
        return 0;
    std::vector<unsigned char> text(static_cast<std::size_t>(info->st_size) + 1);
    std::size_t read = std::fread(text.data(), 1, text.size() - 1, file);
    std::fclose(file);

    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, text.data(), read);
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event))
            break;
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        ++events;
        if (done)
            break;
    }
    yaml_parser_delete(&parser);
    ++files;
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: yaml_floor DIR...\n");
        return 2;
    }
    for (int i = 1; i < argc; ++i)
        if (nftw(argv[i], parse_file, 64, FTW_PHYS) != 0) {
            std::perror(argv[i]);
            return 1;
        }
    std::printf("%lu files, %lu events\n", files, events);
    return 0;
}
