// `plumb fmt [--check] [--diff] FILES...`: lay .pipe files out in the canonical layout
// (docs/fmt.md). A folder stands for the .pipe files under it; `-` reads standard input and
// writes standard output. Files are rewritten in place through a temporary file renamed over
// them (same folder, same mode and owner, symbolic links followed); a file that does not
// parse is reported and left untouched.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <iterator>

#include "compiler/diag/read_source.hpp"
#include "compiler/format/format.hpp"
#include "tools/plumb/cli.hpp"
#include "tools/plumb/unified_diff.hpp"

namespace plumb::cli {

namespace {

struct FmtOptions {
  std::vector<std::string> paths;
  bool check = false;
  bool diff = false;
};

constexpr const char* kStdin = "-";

// The files named, with each folder replaced by the .pipe files under it in path order.
bool expand(const std::vector<std::string>& paths, std::vector<std::string>& files) {
  namespace fs = std::filesystem;
  bool ok = true;
  for (const std::string& path : paths) {
    std::error_code error;
    if (path == kStdin || !fs::is_directory(path, error)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(path, error), end; !error && it != end;
         it.increment(error)) {
      if (it->is_regular_file(error) && it->path().extension() == ".pipe") {
        found.push_back(it->path().string());
      }
    }
    if (error) {
      std::cerr << "plumb: error: cannot list " << path << ": " << error.message() << '\n';
      ok = false;
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return ok;
}

// Writes `text` over `path` atomically: a temporary file next to the file `path` leads to
// (through symbolic links, which stay), given the file's permission bits and owner, then
// renamed over it. On failure the file is as it was and `error` says which step failed.
bool replace_file(const std::string& path, const std::string& text, std::string& error) {
  std::error_code resolve_error;
  const std::string target = std::filesystem::canonical(path, resolve_error).string();
  struct stat info {};
  if (resolve_error || stat(target.c_str(), &info) != 0) {
    error = resolve_error ? resolve_error.message() : std::strerror(errno);
    return false;
  }
  std::string temporary = target + ".fmt-XXXXXX";
  int fd = mkstemp(temporary.data());
  if (fd < 0) {
    error = std::string("cannot create a temporary file next to it: ") + std::strerror(errno);
    return false;
  }
  auto fail = [&](const char* step) {
    error = std::string(step) + ": " + std::strerror(errno);
    if (fd >= 0) close(fd);
    unlink(temporary.c_str());
    return false;
  };
  if (fchmod(fd, info.st_mode & 07777) != 0) return fail("cannot set the permission bits");
  if ((info.st_uid != geteuid() || info.st_gid != getegid()) &&
      fchown(fd, info.st_uid, info.st_gid) != 0) {
    return fail("cannot give the new file the owner of the old one");
  }
  for (std::size_t done = 0; done < text.size();) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("cannot write the temporary file");
    done += static_cast<std::size_t>(n);
  }
  if (fsync(fd) != 0) return fail("cannot write the temporary file");
  const int closed = close(fd);
  fd = -1;
  if (closed != 0) return fail("cannot write the temporary file");
  if (rename(temporary.c_str(), target.c_str()) != 0) {
    return fail("cannot rename the temporary file over it");
  }
  return true;
}

// Formats one file; returns false when it could not be read, parsed or written.
bool format_one(const std::string& path, const FmtOptions& o, bool& changed) {
  std::string text, error;
  const bool from_stdin = path == kStdin;
  if (from_stdin) {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else if (!diag::read_source(path, text, error)) {
    std::cerr << "plumb: error: cannot read " << path << ": " << error << '\n';
    return false;
  }
  diag::SourceManager sources;
  const diag::SourceFile* file = sources.add(from_stdin ? "<stdin>" : path, std::move(text));
  diag::Diagnostics diags(sources);
  auto formatted = format::format_source(*file, diags);
  if (!formatted) {
    bool color = isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr;
    diags.render(std::cerr, color);
    return false;
  }
  const std::string_view original = file->text();
  changed = *formatted != original;
  const std::string shown = from_stdin ? "<stdin>" : path;
  if (o.diff && changed) std::cout << unified_diff(original, *formatted, shown, shown);
  if (o.check && changed) std::cout << shown << '\n';
  if (o.check || o.diff) return true;
  if (from_stdin) {
    std::cout << *formatted;
    return true;
  }
  if (changed && !replace_file(path, *formatted, error)) {
    std::cerr << "plumb: error: cannot write " << path << ": " << error << '\n';
    return false;
  }
  return true;
}

int run_fmt(const FmtOptions& o) {
  std::vector<std::string> files;
  bool ok = expand(o.paths, files);
  bool any_changed = false;
  for (const std::string& path : files) {
    bool changed = false;
    ok = format_one(path, o, changed) && ok;
    any_changed = any_changed || changed;
  }
  return ok && !(o.check && any_changed) ? kSuccess : kRunFailure;
}

}  // namespace

void add_fmt(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("fmt", "lay .pipe files out in the canonical layout");
  auto options = std::make_shared<FmtOptions>();
  cmd->add_option("FILES", options->paths, "files, folders (their .pipe files) or - for stdin")
      ->required();
  cmd->add_flag("--check", options->check,
                "write nothing; list the files that would change and exit 1 if any");
  cmd->add_flag("--diff", options->diff, "write nothing; print a unified diff of the changes");
  cmd->callback([&run, options] { run = [options] { return run_fmt(*options); }; });
}

}  // namespace plumb::cli
