"""DIT influence recomputed in PyTorch from a `dit export` alone, and compared with dit's influence file.

    python3 torch_dit_sweep.py EXPORT_DIR INFLUENCE_CSV

An outsider's reimplementation of docs/method.md section 4 for the val-loss query: the model from
the manifest's layer fields (torch_model.py), theta_t from theta.npy, S_t from the batch files,
eta_t from learning_rates.npy, alpha = training.l2. Per window [t1, t2) of the CSV's header, with
the definition the header names:

    v <- grad F(theta_t2)              F = mean loss over the validation split (no regulariser)
    for t = t2-1 down to t1 (G: down to 0, and v <- v - grad F(theta_t1) when t == t1-1):
        score[j] += eta_t/|S_t| <v, grad l(z_j; theta_t)>   for j in S_t (per-sample gradients, one by one)
        v <- v - eta_t (H_t v + alpha v)                      (H_t: double backward of the batch mean loss)

Exits 1 unless every score is within 1e-9 of dit's, relative to the window's largest |score|.
"""
import json
import re
import sys

import numpy as np
import torch

from torch_model import build

d, csv = sys.argv[1], sys.argv[2]
torch.set_default_dtype(torch.float64)
m = json.load(open(f"{d}/manifest.json"))
theta = np.load(f"{d}/theta.npy")
idx, off = np.load(f"{d}/batch_indices.npy"), np.load(f"{d}/batch_offsets.npy")
lr = np.load(f"{d}/learning_rates.npy")
alpha = m["training"]["l2"]
X, y = torch.from_numpy(np.load(f"{d}/train_x.npy")), torch.from_numpy(np.load(f"{d}/train_y.npy"))
Xv, yv = torch.from_numpy(np.load(f"{d}/val_x.npy")), torch.from_numpy(np.load(f"{d}/val_y.npy"))
binary = m["model"]["numClasses"] == 2
net = build(m["model"]["layers"])
params = list(net.parameters())

header = [l for l in open(csv) if l.startswith("#")]
definition = next(l.split(":", 1)[1].strip() for l in header if l.startswith("# definition:"))
query = next(l.split(":", 1)[1].strip() for l in header if l.startswith("# query:"))
if m["training"]["optimizer"] != "sgd":
    sys.exit(f"FAIL this check knows plain SGD only, not {m['training']['optimizer']}")
if query != "val-loss":
    sys.exit(f"FAIL this check knows the val-loss query only, not {query}")
windows = [(name, int(a), int(b)) for name, a, b in
           re.findall(r"(\S+)\[(\d+),(\d+)\)", next(l for l in header if l.startswith("# windows:")))]
rows = [l.rstrip("\n").split(",") for l in open(csv) if not l.startswith("#")]
cols = rows[0]
dit = {name: np.array([float(r[cols.index(name)]) for r in rows[1:]]) for name, _, _ in windows}
samples = np.array([int(r[0]) for r in rows[1:]])


def at(t):
    torch.nn.utils.vector_to_parameters(torch.from_numpy(theta[t].copy()), params)


def losses(xb, yb):
    z = net(xb)
    if binary:
        return torch.nn.functional.binary_cross_entropy_with_logits(z[:, 0], yb.double(), reduction="none")
    return torch.nn.functional.cross_entropy(z, yb, reduction="none")


def flat_grad(scalar, create_graph=False, retain_graph=None):
    grads = torch.autograd.grad(scalar, params, create_graph=create_graph, retain_graph=retain_graph)
    return torch.cat([g.reshape(-1) for g in grads])


def query_gradient(t):
    at(t)
    return flat_grad(losses(Xv, yv).mean()).detach()


def step(t, v, score):
    """Adds step t's contributions along v to score and returns (I - eta_t (H_t + alpha I)) v."""
    at(t)
    S = torch.from_numpy(idx[off[t]:off[t + 1]])
    per = losses(X[S], y[S])
    for j, l in zip(S.tolist(), per):
        score[j] += lr[t] / len(S) * torch.dot(v, flat_grad(l, retain_graph=True)).item()
    g = flat_grad(per.mean(), create_graph=True)
    hv = flat_grad(torch.dot(g, v)).detach()
    return v - lr[t] * (hv + alpha * v)


n = len(X)
worst = 0.0
for name, t1, t2 in windows:
    score = np.zeros(n)
    v = query_gradient(t2)
    low = t1 if definition == "local" else 0
    for t in range(t2 - 1, low - 1, -1):
        if definition != "local" and t == t1 - 1:
            v = v - query_gradient(t1)
        v = step(t, v, score)
    ours, theirs = score[samples], dit[name]
    scale = max(np.abs(ours).max(), 1e-300)
    err = np.abs(ours - theirs).max() / scale
    worst = max(worst, err)
    print(f"{'ok' if err <= 1e-9 else 'FAIL'} window {name} [{t1},{t2}) {definition}: max |torch - dit| / max |score| = {err:.2e}")
print(f"worst {worst:.2e}")
sys.exit(0 if worst <= 1e-9 else 1)
