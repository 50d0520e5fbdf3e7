// Structure-aware libFuzzer target for depth: the input is not source text but a recipe, read
// two bytes at a time (a construct, a repeat count), that nests constructs into a program:
// brackets, records, prefix operators, conditionals, sums, calls, field reads, interpolations,
// maps, indexes and type annotations around one expression; `if`, `for`, `while` blocks and
// `else if` arms around its statement; a chain of pipelines each calling the next; a chain
// of files each importing the next (held in memory). Counts reach well past the limits of
// docs/language.md §8. The program is then compiled all the way (parse, check, lower, the
// optimisation passes with the verifier) and printed every way the compiler can print it
// (AST, IR, DOT, Mermaid, JSON). The property under test: no crash or sanitizer report at any
// depth, only diagnostics. Values nested at run time are run by test/limits/, not here: this
// target does not run programs.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/ast/ast_printer.hpp"
#include "compiler/check/check.hpp"
#include "compiler/diag/diagnostics.hpp"
#include "compiler/ir/graph.hpp"
#include "compiler/ir/printer.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/passes/pipeline.hpp"
#include "stdlib/stdlib.hpp"

namespace {

constexpr const char* kFolder = "/nonexistent-plumb-fuzz/";
// Programs stop growing at about this size, so that one input compiles in well under a second.
constexpr std::size_t kMaxProgramBytes = 1u << 20;

// The constructs a recipe can nest; a recipe byte picks one modulo their number.
enum class Construct : std::uint8_t {
  List,
  Paren,
  Record,
  Negation,
  Not,
  Ternary,
  Sum,
  Call,
  Field,
  Interpolation,
  Map,
  Index,
  Type,
  If,
  For,
  While,
  ElseIf,
  Pipelines,
  Imports,
  Count
};

struct Program {
  // The expression is `1` wrapped in constructs: the openings of the wrappers in reverse
  // order (innermost last), then `1`, then their closings (innermost first). Kept apart so that
  // each wrapper costs its own length, not a copy of the whole expression.
  std::string expression_open_reversed;
  std::string expression_close;
  std::string statement_open, statement_close;  // blocks around the `return`
  std::size_t type_depth = 0;
  std::size_t else_ifs = 0;
  std::size_t pipelines = 0;
  std::size_t imports = 0;
  std::size_t names = 0;  // for unique loop and item names

  std::string fresh(const char* prefix) { return prefix + std::to_string(names++); }

  void wrap(const std::string& open, const std::string& close) {
    expression_open_reversed.append(open.rbegin(), open.rend());
    expression_close += close;
  }

  std::string expression() const {
    return std::string(expression_open_reversed.rbegin(), expression_open_reversed.rend()) + "1" +
           expression_close;
  }

  void nest(Construct c, std::size_t times) {
    for (std::size_t i = 0; i < times; ++i) {
      switch (c) {
        case Construct::List:
          wrap("[", "]");
          break;
        case Construct::Paren:
          wrap("(", ")");
          break;
        case Construct::Record:
          wrap("{a: ", "}");
          break;
        case Construct::Negation:
          wrap("-", "");
          break;
        case Construct::Not:
          wrap("not ", "");
          break;
        case Construct::Ternary:
          wrap("true ? ", " : 0");
          break;
        case Construct::Sum:
          wrap("", " + 1");
          break;
        case Construct::Call:
          wrap("abs(", ")");
          break;
        case Construct::Field:
          wrap("{a: ", "}.a");
          break;
        case Construct::Interpolation:
          wrap("\"${", "}\"");
          break;
        case Construct::Map:
          wrap("map " + fresh("x") + " in [1] { yield ", " }");
          break;
        case Construct::Index:
          wrap("[", "][0]");
          break;
        case Construct::Type:
          ++type_depth;
          break;
        case Construct::If:
          statement_open += "if true {\n";
          statement_close += "}\n";
          break;
        case Construct::For:
          statement_open += "for " + fresh("i") + " in [1] {\n";
          statement_close += "}\n";
          break;
        case Construct::While:
          statement_open += "while false {\n";
          statement_close += "}\n";
          break;
        case Construct::ElseIf:
          ++else_ifs;
          break;
        case Construct::Pipelines:
          ++pipelines;
          break;
        case Construct::Imports:
          ++imports;
          break;
        case Construct::Count:
          break;
      }
      if (size_estimate() > kMaxProgramBytes) return;
    }
  }

  std::size_t size_estimate() const {
    return expression_open_reversed.size() + expression_close.size() + statement_open.size() * 2 +
           type_depth * 6 + else_ifs * 32 + pipelines * 40 + imports * 60;
  }

  std::string main_file() const {
    std::string text;
    if (imports > 0) text += "import \"f0.pipe\"\n";
    std::string annotation;
    annotation.reserve(type_depth * 6 + 3);
    for (std::size_t i = 0; i < type_depth; ++i)
      annotation += "list[";
    annotation += "int";
    annotation.append(type_depth, ']');
    text += "pipeline main(t: " + annotation + "? = null) {\n";
    text += "  var r = 0\n" + statement_open + "r = len(str(" + expression() + "))\n";
    if (else_ifs > 0) {
      text += "if r == 0 { r = 1 }\n";
      for (std::size_t i = 0; i < else_ifs; ++i)
        text += "else if r == " + std::to_string(i + 1) + " { r = 2 }\n";
    }
    text += statement_close;
    std::string result = "r";
    if (pipelines > 0) result += " + p0(1)";
    if (imports > 0) result += " + q0(1)";
    text += "  return " + result + "\n}\n";
    for (std::size_t i = 0; i < pipelines; ++i) {
      std::string next = i + 1 < pipelines ? "p" + std::to_string(i + 1) + "(v)" : "v";
      text += "pipeline p" + std::to_string(i) + "(v: int) {\n  return " + next + "\n}\n";
    }
    return text;
  }

  // File `i` of the import chain: imports the next and calls its pipeline.
  std::string imported_file(std::size_t i) const {
    bool last = i + 1 == imports;
    std::string text = last ? "" : "import \"f" + std::to_string(i + 1) + ".pipe\"\n";
    text += "pipeline q" + std::to_string(i) + "(v: int) {\n  return " +
            (last ? std::string("v") : "q" + std::to_string(i + 1) + "(v)") + "\n}\n";
    return text;
  }
};

// A count byte: mostly small, sometimes far past the nesting limits.
std::size_t count(std::uint8_t byte) {
  if (byte < 192) return byte;
  return static_cast<std::size_t>(byte - 191) * 512;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Program program;
  for (std::size_t i = 0; i + 1 < size && i < 64; i += 2) {
    auto construct = static_cast<Construct>(data[i] % static_cast<std::uint8_t>(Construct::Count));
    program.nest(construct, count(data[i + 1]));
  }
  plumb::diag::SourceManager sources;
  plumb::diag::Diagnostics diags(sources);
  // Imported files are added up front under the paths the loader asks for, so it finds them
  // without reading the disk.
  for (std::size_t i = 0; i < program.imports; ++i) {
    sources.add(kFolder + std::string("f") + std::to_string(i) + ".pipe", program.imported_file(i));
  }
  const auto* entry = sources.add(kFolder + std::string("main.pipe"), program.main_file());
  auto checked = plumb::check::check(*entry, sources, diags, plumb::stdlib::standard_stages());
  std::ostringstream out;
  diags.render(out);
  if (!checked || diags.has_errors()) return 0;
  plumb::ast::print(out, checked->entry_file());
  auto module = plumb::lower::lower(*checked, sources);
  plumb::passes::RunOptions options;
  options.verify_each = true;
  auto problems = plumb::passes::run_passes(*module, plumb::passes::default_pipeline(), options);
  if (!problems.empty()) {
    for (const std::string& problem : problems)
      std::fprintf(stderr, "verifier: %s\n", problem.c_str());
    __builtin_trap();
  }
  plumb::ir::print(out, *module);
  for (auto format : {plumb::ir::GraphFormat::Dot, plumb::ir::GraphFormat::Mermaid,
                      plumb::ir::GraphFormat::Json}) {
    plumb::ir::write_graph(out, *module, format);
  }
  return 0;
}
