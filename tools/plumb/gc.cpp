// `plumb gc`: deletes old runs from the store — beyond the newest N (--keep), older than an
// age (--older-than), or the oldest until the store fits a size (--max-size) — with the
// programs no run uses any more, and gives the space back.
#include <cstdio>
#include <iostream>

#include "tools/plumb/cli.hpp"
#include "tools/plumb/store_cli.hpp"

namespace plumb::cli {

namespace {

struct GcFlags {
  std::string store;
  std::optional<std::size_t> keep;
  std::string older_than;
  std::string max_size;
  bool json = false;
};

int gc_command(const GcFlags& flags) {
  GcOptions options;
  options.keep = flags.keep;
  if (!flags.older_than.empty()) {
    options.older_than_ns = parse_age(flags.older_than);
    if (!options.older_than_ns) {
      std::cerr << "plumb: error: --older-than needs an age like 12h, 30d or 1w, not `"
                << flags.older_than << "`\n";
      return kUsageError;
    }
  }
  if (!flags.max_size.empty()) {
    options.max_bytes = parse_size(flags.max_size);
    if (!options.max_bytes) {
      std::cerr << "plumb: error: --max-size needs a size like 500MB or 1GiB, not `"
                << flags.max_size << "`\n";
      return kUsageError;
    }
  }
  if (!options.keep && !options.older_than_ns && !options.max_bytes) {
    std::cerr
        << "plumb: error: say what to delete: --keep N, --older-than AGE or --max-size SIZE\n";
    return kUsageError;
  }
  return with_store_errors([&] {
    std::shared_ptr<RunStore> store = open_store_for_reading(store_location(flags.store));
    const GcResult result = store->gc(options);
    if (flags.json) {
      print_json({{"deleted", result.deleted},
                  {"kept", result.kept},
                  {"bytes_before", result.bytes_before},
                  {"bytes_after", result.bytes_after}});
    } else {
      std::printf("deleted %zu run%s, kept %zu; %s -> %s\n", result.deleted,
                  result.deleted == 1 ? "" : "s", result.kept,
                  size_text(result.bytes_before).c_str(), size_text(result.bytes_after).c_str());
    }
    return kSuccess;
  });
}

}  // namespace

void add_gc(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("gc", "delete old runs from the run store");
  auto flags = std::make_shared<GcFlags>();
  add_store_option(cmd, flags->store);
  cmd->add_option("--keep", flags->keep, "keep the newest N runs");
  cmd->add_option("--older-than", flags->older_than, "delete runs older than this (12h, 30d, 1w)");
  cmd->add_option("--max-size", flags->max_size,
                  "delete the oldest runs until the store takes at most this (500MB, 1GiB)");
  cmd->add_flag("--json", flags->json, "print what was deleted as JSON");
  cmd->callback([&run, flags] { run = [flags] { return gc_command(*flags); }; });
}

}  // namespace plumb::cli
