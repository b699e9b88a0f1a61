#!/usr/bin/env bash
# Regenerates the trust calibration table (README "When to trust the numbers", docs/method.md §10):
# for each run, dit influence --validate (spot check of K samples per window, verdict) and the
# full leave-one-out truth on 64 samples, for Definitions L and G, then one table row per window.
# Usage: scripts/trust-calibration.sh [OUT_DIR]   (default: trust-calibration; runs in minutes)
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
DIT=${DIT:-$HERE/dit}
OUT=${1:-trust-calibration}
K=${K:-16}
LOO=${LOO:-64}
THREADS=${THREADS:-2}
mkdir -p "$OUT"
cd "$OUT"

# A CSV with features on very different scales (1 ... 1000), label from a logistic model.
python3 - <<'PY'
import random, math
random.seed(7)
scales = [1, 3, 10, 30, 100, 300, 1000, 1, 10, 100]
w = [1.0, -0.7, 0.5, -0.4, 0.8, -0.3, 0.6, 0.2, -0.5, 0.4]
with open("scaled.csv", "w") as f:
    f.write(",".join(f"x{i}" for i in range(len(scales))) + ",label\n")
    for _ in range(1200):
        z = [random.gauss(0, 1) for _ in scales]
        p = 1 / (1 + math.exp(-sum(a * b for a, b in zip(w, z))))
        y = 1 if random.random() < p else 0
        f.write(",".join(f"{s * v + 2 * s:.6g}" for s, v in zip(scales, z)) + f",{y}\n")
PY

FM="fashion-mnist:sneaker,sandal"
# name | data | model | n_train | epochs | batch | lr | lr-decay | standardize
RUNS=(
  "logreg-mini|fashion-mnist-mini|logreg|512|6|32|0.1|sqrt|none"
  "tanh-mini|fashion-mnist-mini|mlp:32:tanh|512|6|32|0.1|sqrt|none"
  "relu-mini|fashion-mnist-mini|mlp:32|512|6|32|0.1|sqrt|none"
  "tanh-shoes|$FM|mlp:32:tanh|512|6|32|0.1|constant|none"
  "relu-shoes|$FM|mlp:32|512|6|32|0.1|constant|none"
  "cnn-lr0.03|fashion-mnist|cnn:8,16|1000|6|64|0.03|constant|none"
  "cnn-lr0.1|fashion-mnist|cnn:8,16|1000|6|64|0.1|constant|none"
  "logreg-csv-z|csv:scaled.csv:label=label|logreg|512|6|32|0.05|constant|z"
  "logreg-csv-raw|csv:scaled.csv:label=label|logreg|512|6|32|0.0001|constant|none"
  "mlp-csv-raw|csv:scaled.csv:label=label|mlp:16:tanh|512|6|32|0.0001|constant|none"
)
for spec in "${RUNS[@]}"; do
  IFS='|' read -r name data model n epochs batch lr decay std <<<"$spec"
  if [ ! -f "$name/run.json" ]; then
    "$DIT" train -q --data "$data" --model "$model" --n-train "$n" --n-val 192 --n-test 192 --epochs "$epochs" \
      --batch "$batch" --lr "$lr" --lr-decay "$decay" --standardize "$std" --seed 1 --force --out "$name" || continue
  fi
  for def in local global; do
    "$DIT" influence -q --run "$name" --windows full,epochs --definition "$def" --validate "$K" --threads "$THREADS" \
      --out "$name/dit-$def.csv" --json "$name/trust-$def.json"
    if [ ! -f "$name/loo-$def.csv" ]; then
      "$DIT" loo -q --run "$name" --windows full,epochs --definition "$def" --samples "$LOO" --threads "$THREADS" \
        --out "$name/loo-$def.csv" || { echo "$name $def: leave-one-out failed" >&2; continue; }
    fi
    "$DIT" agree -q --estimate "$name/dit-$def.csv" --truth "$name/loo-$def.csv" --bootstrap 200 --json "$name/agree-$def.json" >/dev/null
  done
done

python3 "$HERE/scripts/trust-calibration-table.py" "${RUNS[@]}"
