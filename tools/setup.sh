#!/usr/bin/env bash
# tools/setup.sh — the README's first command: installs the Debian 12 packages plumb needs
# (only the missing ones), configures and builds plumb in build/, and runs examples/hello.pipe.
# Idempotent: a second run installs nothing, and the build is incremental.
# Usage: ./tools/setup.sh            (as root, or as a user who may use sudo)
# Environment: BUILD_DIR (default build), JOBS (default 2), PLUMB_SKIP_APT=1 skips packages.
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-2}

# Every name here exists in Debian 12 (bookworm), checked with `apt-cache policy`.
PACKAGES=(
  build-essential cmake ninja-build python3 git
  tao-pegtl-dev llvm-16-dev llvm-16-tools libspdlog-dev nlohmann-json3-dev libcli11-dev
  libcurl4-openssl-dev libgtest-dev libgmock-dev libbenchmark-dev libtbb-dev libsqlite3-dev
  zlib1g-dev libzstd-dev libedit-dev libffi-dev libxml2-dev graphviz pkg-config libre2-dev
  libpq-dev libxxhash-dev postgresql sqlite3 libtomlplusplus-dev
  clang-14 libclang-rt-14-dev libcivetweb-dev
  prometheus prometheus-pushgateway victoria-metrics
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc
  python3-grpcio python3-protobuf
  python3-dev pybind11-dev python3-pytest
  nodejs
)

say() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }

install_packages() {
  if [[ "${PLUMB_SKIP_APT:-0}" == 1 ]]; then
    say "PLUMB_SKIP_APT=1: not checking packages"
    return
  fi
  if ! command -v dpkg-query > /dev/null; then
    say "dpkg-query not found: this script installs packages on Debian 12 only; install the"
    say "packages listed in tools/setup.sh yourself, then run it with PLUMB_SKIP_APT=1"
    exit 1
  fi
  local missing=()
  local pkg
  for pkg in "${PACKAGES[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null)" != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]} == 0)); then
    say "all ${#PACKAGES[@]} packages are installed"
    return
  fi
  say "installing ${#missing[@]} missing packages: ${missing[*]}"
  local sudo=()
  if ((EUID != 0)); then
    if ! command -v sudo > /dev/null; then
      say "not root and sudo is not installed: run this script as root"
      exit 1
    fi
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends \
    "${missing[@]}"
}

install_packages

say "configuring $BUILD_DIR"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
say "building with -j$JOBS"
cmake --build "$BUILD_DIR" -j"$JOBS"
say "running examples/hello.pipe"
"$BUILD_DIR"/tools/plumb/plumb run examples/hello.pipe
