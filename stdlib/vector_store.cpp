// Vector collections on disk: locked, crash-safe upserts with compaction, and cached loading.
#include "stdlib/vector_store.hpp"

#include "stdlib/arguments.hpp"
#include "stdlib/cancellation.hpp"
#include "stdlib/files.hpp"
#include "stdlib/vector_format.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <numeric>
#include <system_error>
#include <thread>

namespace plumb::stdlib::vectors {

namespace fs = std::filesystem;

namespace {

// More segments than this are compacted into one by the next upsert.
constexpr std::size_t kMaxSegments = 16;
// Loaded collections kept in memory at once.
constexpr std::size_t kMaxCached = 16;

std::string collection_label(const std::string& name) {
  return "collection " + quote(name);
}

// An exclusive flock() on the collection's LOCK file: one writer at a time, across threads
// (each lock opens its own file description) and processes. A lock held elsewhere is waited
// for in short naps, so the wait ends when the stage is cancelled (its node's @timeout).
class WriterLock {
 public:
  WriterLock(const StageContext& ctx, const fs::path& dir) {
    fs::path path = dir / kLockName;
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0666);
    if (fd_ < 0) fail(ctx, path, errno);
    auto nap = std::chrono::milliseconds(1);
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      int error = errno;
      if (error != EINTR && error != EWOULDBLOCK) {
        ::close(fd_);
        fail(ctx, path, error);
      }
      if (ctx.cancelled()) {
        ::close(fd_);
        ctx.throw_if_cancelled();
      }
      std::this_thread::sleep_for(nap);
      nap = std::min(nap * 2, std::chrono::milliseconds(50));
    }
  }
  ~WriterLock() { ::close(fd_); }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  [[noreturn]] static void fail(const StageContext& ctx, const fs::path& path, int error) {
    ctx.fail("cannot lock " + quote(path.string()) + ": " + describe_errno(error),
             transient_errno(error));
  }
  int fd_ = -1;
};

Manifest parse_manifest(const StageContext& ctx, const std::string& name, const std::string& text) {
  std::string problem;
  std::optional<Manifest> manifest = decode_manifest(text, problem);
  if (!manifest) ctx.fail(collection_label(name) + ": corrupt manifest: " + problem);
  return *manifest;
}

// Reads and merges every segment of the manifest; returns false when one has disappeared
// (a concurrent compaction removed it: re-read the manifest).
bool read_segments(const StageContext& ctx, const fs::path& dir, const std::string& name,
                   const Manifest& manifest, Records& all, Traffic& traffic) {
  // Rows to expect, from the file sizes: reserving them once avoids regrowing 100 MB buffers.
  std::size_t capacity = 0;
  for (const std::string& segment : manifest.segments) {
    std::error_code ec;
    std::uintmax_t size = fs::file_size(dir / segment, ec);
    if (ec) return false;
    capacity += static_cast<std::size_t>(size / (std::uintmax_t{4} * manifest.dim));
  }
  SegmentMerger merger(manifest.dim, capacity);
  std::string bytes;
  for (const std::string& segment : manifest.segments) {
    if (!read_file_if_exists(ctx, (dir / segment).string(), bytes)) return false;
    traffic.read += static_cast<std::int64_t>(bytes.size());
    std::string problem;
    if (!merger.add(bytes, problem)) {
      ctx.fail(collection_label(name) + ": corrupt segment " + quote(segment) + ": " + problem);
    }
  }
  all = merger.take();
  return true;
}

// Converts the vectors argument, checking every row against the collection's dimension
// (or the first row's, for a new collection).
FloatBuffer convert_rows(const StageContext& ctx, const std::string& name,
                         std::span<const Value> vectors, std::uint32_t& dim) {
  const bool from_collection = dim != 0;
  FloatBuffer values;
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    std::string where = "vectors[" + std::to_string(i) + "]";
    if (!vectors[i].is_list()) {
      ctx.fail("argument `vectors`: " + where + " must be a list of floats, not " +
               std::string(type_name(vectors[i])));
    }
    std::span<const Value> row = vectors[i].as_list();
    if (dim == 0) {
      if (row.empty() || row.size() > 65536) {
        ctx.fail("argument `vectors`: " + where + " has " + std::to_string(row.size()) +
                 " dimensions; a collection needs 1 to 65536");
      }
      dim = static_cast<std::uint32_t>(row.size());
    } else if (row.size() != dim) {
      std::string expected = from_collection ? collection_label(name) : "vectors[0]";
      ctx.fail("argument `vectors`: " + where + " has " + std::to_string(row.size()) +
               " dimensions, " + expected + " has " + std::to_string(dim));
    }
    for (std::size_t j = 0; j < row.size(); ++j) {
      double x = row[j].is_number() ? row[j].as_number() : NAN;
      if (!std::isfinite(x) || std::fabs(x) > 3.4e38) {
        ctx.fail("argument `vectors`: " + where + "[" + std::to_string(j) +
                 "] must be a finite float32 number, not " +
                 (row[j].is_number() ? std::to_string(x) : std::string(type_name(row[j]))));
      }
      values.push_back(static_cast<float>(x));
    }
  }
  return values;
}

// Removes files a crashed or superseded writer left behind: segments the manifest does not
// list and temp files. Only called while holding the writer lock.
void remove_unreferenced(const fs::path& dir, const Manifest& manifest) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string file = entry.path().filename().string();
    bool listed = std::find(manifest.segments.begin(), manifest.segments.end(), file) !=
                  manifest.segments.end();
    if ((is_segment_name(file) && !listed) || is_temp_name(file)) fs::remove(entry.path(), ec);
  }
}

struct Cache {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<const Loaded>> entries;
};

Cache& cache() {
  static Cache instance;
  return instance;
}

std::shared_ptr<const Loaded> prepare(std::string manifest_text, Records&& all) {
  auto loaded = std::make_shared<Loaded>();
  loaded->manifest_text = std::move(manifest_text);
  loaded->dim = all.dim;
  loaded->ids = std::move(all.ids);
  loaded->payloads = std::move(all.payloads);
  loaded->unit = std::move(all.values);
  const std::size_t dim = all.dim;
  for (std::size_t i = 0; i < loaded->ids.size(); ++i) {
    float* row = loaded->unit.data() + i * dim;
    double norm = 0;
    for (std::size_t j = 0; j < dim; ++j)
      norm += double{row[j]} * row[j];
    if (norm > 0) {
      float scale = static_cast<float>(1 / std::sqrt(norm));
      for (std::size_t j = 0; j < dim; ++j)
        row[j] *= scale;
    }
  }
  std::vector<std::uint32_t> order(loaded->ids.size());
  std::iota(order.begin(), order.end(), 0u);
  const std::vector<Value>& ids = loaded->ids;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const Value& x = ids[a];
    const Value& y = ids[b];
    if (x.is_int() != y.is_int()) return x.is_int();
    return x.is_int() ? x.as_int() < y.as_int() : x.as_str() < y.as_str();
  });
  loaded->rank.resize(order.size());
  for (std::uint32_t r = 0; r < order.size(); ++r)
    loaded->rank[order[r]] = r;
  return loaded;
}

}  // namespace

void advise_huge_pages(void* p, std::size_t bytes) noexcept {
#ifdef MADV_HUGEPAGE
  ::madvise(p, bytes, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

void upsert(const StageContext& ctx, const fs::path& root, const std::string& name,
            std::span<const Value> ids, std::span<const Value> vectors,
            std::span<const Value> payloads, Traffic& traffic) {
  const fs::path dir = root / name;
  make_directories(ctx, dir);
  WriterLock lock(ctx, dir);
  std::string text;
  Manifest manifest;
  if (read_file_if_exists(ctx, (dir / kManifestName).string(), text)) {
    traffic.read += static_cast<std::int64_t>(text.size());
    manifest = parse_manifest(ctx, name, text);
  }
  Records batch;
  batch.dim = manifest.dim;
  batch.values = convert_rows(ctx, name, vectors, batch.dim);
  batch.ids.assign(ids.begin(), ids.end());
  batch.payloads.resize(ids.size());
  for (std::size_t i = 0; i < payloads.size(); ++i)
    batch.payloads[i] = payloads[i];
  manifest.dim = batch.dim;

  std::string segment = segment_name(manifest.next_segment++);
  traffic.written +=
      write_file_atomic(ctx, dir / segment, encode_segment(batch, cancellable_json(ctx)));
  manifest.segments.push_back(segment);
  if (manifest.segments.size() > kMaxSegments) {
    Records all;
    if (!read_segments(ctx, dir, name, manifest, all, traffic)) {
      ctx.fail(collection_label(name) + ": a segment disappeared while the writer lock was held",
               true);
    }
    segment = segment_name(manifest.next_segment++);
    traffic.written +=
        write_file_atomic(ctx, dir / segment, encode_segment(all, cancellable_json(ctx)));
    manifest.segments = {segment};
  }
  traffic.written += write_file_atomic(ctx, dir / kManifestName, encode_manifest(manifest));
  remove_unreferenced(dir, manifest);
}

std::shared_ptr<const Loaded> load(const StageContext& ctx, const fs::path& root,
                                   const std::string& name, Traffic& traffic) {
  const fs::path dir = root / name;
  std::error_code ec;
  const std::string key = fs::absolute(dir, ec).lexically_normal().string();
  constexpr int kAttempts = 5;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    std::string text;
    if (!read_file_if_exists(ctx, (dir / kManifestName).string(), text)) {
      std::lock_guard guard(cache().mutex);
      cache().entries.erase(key);
      return nullptr;
    }
    {
      std::lock_guard guard(cache().mutex);
      auto it = cache().entries.find(key);
      if (it != cache().entries.end() && it->second->manifest_text == text) return it->second;
    }
    traffic.read += static_cast<std::int64_t>(text.size());
    Manifest manifest = parse_manifest(ctx, name, text);
    Records all;
    if (!read_segments(ctx, dir, name, manifest, all, traffic)) continue;
    std::shared_ptr<const Loaded> loaded = prepare(std::move(text), std::move(all));
    std::lock_guard guard(cache().mutex);
    auto& entries = cache().entries;
    if (entries.size() >= kMaxCached && entries.count(key) == 0) entries.erase(entries.begin());
    entries[key] = loaded;
    return loaded;
  }
  ctx.fail(collection_label(name) + " kept changing while it was being loaded", true);
}

}  // namespace plumb::stdlib::vectors
