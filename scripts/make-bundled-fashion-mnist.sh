#!/usr/bin/env bash
# Regenerates the bundled Fashion-MNIST subset (pullover vs coat) in
# dit-models/src/main/resources/dev/dit/models/data/ from the Debian package
# dataset-fashion-mnist. Deterministic: rerunning it yields identical files.
#   usage: scripts/make-bundled-fashion-mnist.sh [SRC_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="${1:-/usr/share/datasets/fashion-mnist}"
out="$here/../dit-models/src/main/resources/dev/dit/models/data"
if [ ! -d "$src" ]; then
  echo "no Fashion-MNIST at $src: apt-get install dataset-fashion-mnist, or pass the directory" >&2
  exit 1
fi
java "$here/MakeBundledFashionMnist.java" "$src" "$out"
ls -l "$out"/fashion-mnist-mini-*
