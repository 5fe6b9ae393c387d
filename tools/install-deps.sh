#!/usr/bin/env bash
# Installs everything servebench needs on Debian 12, from Debian's packages only.
# Idempotent: installs only what is missing, and does nothing when all is there.
set -euo pipefail

packages=(
  bazel-bootstrap        # Bazel 4.2.3, run offline (see WORKSPACE.bazel)
  bazel-rules-java       # the rules_java that Bazel 4.2.3 loads
  g++                    # GCC 12, C++20
  libgtest-dev libgmock-dev
  libcurl4-openssl-dev   # the HTTP client
  rapidjson-dev          # JSON
  libtomlplusplus-dev    # TOML suites and baselines
  libboost-dev libboost-system-dev  # Boost.Beast/Asio: the simulated server
  libcli11-dev           # command-line flags of the tools
  libpugixml-dev         # JUnit XML reading
  libsqlite3-dev         # the run history (bench/history, //tools:history)
  libre2-dev             # server-log patterns (linear time, no recursion)
  unzip                  # reading Bazel's outputs.zip
  clang-14 libclang-rt-14-dev lld-14  # libFuzzer: tools/test-all.sh fuzzes //fuzz
  llvm-14                # llvm-symbolizer: file:line in sanitizer stacks
)

missing=()
for p in "${packages[@]}"; do
  # dpkg-query prints "install ok installed" for a package that is fully installed.
  if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]]; then
    missing+=("$p")
  fi
done

if (( ${#missing[@]} == 0 )); then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=()
if (( EUID != 0 )); then
  if ! command -v sudo >/dev/null; then
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
