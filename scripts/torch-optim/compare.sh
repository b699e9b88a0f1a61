#!/usr/bin/env bash
# One-off check that dit's optimizers are torch.optim's: the same 20 steps on the quadratic
# loss ½θᵀAθ − cᵀθ (η = 0.05, L2 α = 0.02) with sgd, momentum, nesterov, adam and adamw, in
# float64, and the largest relative difference of θ_20 per optimizer. Needs PyTorch
# (Debian: apt-get install python3-torch) and the compiled dit-models classes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/scripts/torch-optim"
(cd "$root" && ./mvnw -q -B -o -pl dit-models -am compile)
java -cp "$root/dit-models/target/classes" "$here/CompareWithTorch.java" > /tmp/dit-optim.txt
/usr/bin/python3 "$here/torch_optim_compare.py" 2>/dev/null > /tmp/torch-optim.txt
/usr/bin/python3 - <<'PY'
t = {l.split()[0]: [float(x) for x in l.split()[1:]] for l in open('/tmp/torch-optim.txt')}
d = {l.split()[0]: [float(x) for x in l.split()[1:]] for l in open('/tmp/dit-optim.txt')}
import torch
print("torch", torch.__version__)
for k in d:
    err = max(abs(a - b) / max(1, abs(a)) for a, b in zip(t[k], d[k]))
    print(f"{k:28s} max relative difference of theta after 20 steps: {err:.2e}")
PY
