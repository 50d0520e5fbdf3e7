// format_source: parse, find the comments, lay the file out.
#include "compiler/format/format.hpp"

#include "compiler/format/formatter_impl.hpp"
#include "compiler/parse/parser.hpp"

namespace plumb::format {

std::optional<std::string> format_source(const diag::SourceFile& file, diag::Diagnostics& diags) {
  const std::size_t errors_before = diags.error_count();
  auto ast = parse::parse_file(file, diags);
  if (!ast || diags.error_count() > errors_before) return std::nullopt;
  return Formatter(file, find_comments(file.text())).file(*ast);
}

}  // namespace plumb::format
