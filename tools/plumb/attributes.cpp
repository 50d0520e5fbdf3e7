// `plumb attributes [--markdown]`: the attributes the language accepts, from the checker's own
// attribute table — one line each, or the reference table and notes committed in
// docs/language.md §7 between the "generated" markers (test/cli/attributes_doc.test fails
// when that section is out of date).
#include <iostream>

#include "compiler/check/attribute_table.hpp"
#include "tools/plumb/cli.hpp"

namespace plumb::cli {

namespace {

void write_markdown(std::ostream& out) {
  const auto& table = check::attribute_table();
  out << "| attribute | arguments | applies to |\n|---|---|---|\n";
  for (const check::AttributeDef& def : table) {
    out << "| `" << def.syntax << "` | " << def.arguments << " | " << check::applies_to_text(def)
        << " |\n";
  }
  for (const check::AttributeDef& def : table) {
    if (!def.details.empty()) out << '\n' << def.details << '\n';
  }
}

}  // namespace

void add_attributes(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("attributes", "list the attributes statements accept");
  auto markdown = std::make_shared<bool>(false);
  cmd->add_flag("--markdown", *markdown,
                "write the reference table of docs/language.md §7 (Attributes)");
  cmd->callback([&run, markdown] {
    run = [markdown] {
      if (*markdown) {
        write_markdown(std::cout);
        return kSuccess;
      }
      for (const check::AttributeDef& def : check::attribute_table()) {
        std::cout << def.syntax << "  applies to " << check::applies_to_text(def) << '\n';
      }
      return kSuccess;
    };
  });
}

}  // namespace plumb::cli
