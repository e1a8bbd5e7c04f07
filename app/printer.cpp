#include "printer.hpp"

#include "json_printer.hpp"
#include "json_writer.hpp"
#include "text_printer.hpp"

namespace fairseq2ctl {

void Printer::json_schema(const fairseq2::Value& schema) {
    JsonWriter w;
    w.value(schema);
    out_.line(std::move(w).text());
}

std::unique_ptr<Printer> make_printer(Format format, Output& out, const Style& style) {
    if (format == Format::json)
        return std::make_unique<JsonPrinter>(out);
    return std::make_unique<TextPrinter>(out, style);
}

} // namespace fairseq2ctl
